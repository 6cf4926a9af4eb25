-- Care leavers aged 17 to 21 in the OC3 cohort of the cohort year, each under their
-- in-touch answer: YES in touch, NO not in touch, REFU refuses contact, NREQ no longer
-- requires services, RHOM returned home.
SELECT
    c.period_id, c.la_code, c.child_id AS subject_id, coalesce(c.in_touch, 'not recorded') AS breakdown,
    1 AS numerator, 1 AS denominator,
    c.age, c.in_touch
FROM care_leaver_cohort AS c
WHERE c.age BETWEEN 17 AND 21
