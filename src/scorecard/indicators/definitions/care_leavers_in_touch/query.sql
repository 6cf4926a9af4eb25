-- Care leavers aged 17 to 21 in the OC3 cohort of the cohort year, each under their
-- in-touch answer: YES in touch, NO not in touch, REFU refuses contact, NREQ no longer
-- requires services, RHOM returned home. Those who died are listed as left out.
SELECT
    c.period_id, c.la_code, c.child_id AS subject_id,
    CASE WHEN c.excluded IS NULL THEN coalesce(c.in_touch, 'not recorded') END AS breakdown,
    CASE WHEN c.excluded IS NULL THEN 1 ELSE 0 END AS numerator,
    CASE WHEN c.excluded IS NULL THEN 1 ELSE 0 END AS denominator,
    c.age, c.in_touch, c.excluded
FROM care_leaver_cohort AS c
WHERE c.age BETWEEN 17 AND 21
