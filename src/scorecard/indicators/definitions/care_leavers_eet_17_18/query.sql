-- Care leavers in the OC3 cohort of the cohort year aged 17 to 18 on their birthday
-- in it (see relations/care_leaver_cohort.sql; those who died are listed as left out): in the numerator when in education, employment or training (activity F or P).
SELECT
    c.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN c.excluded IS NULL AND (c.activity LIKE 'F%' OR c.activity LIKE 'P%') THEN 1 ELSE 0 END AS numerator,
    CASE WHEN c.excluded IS NULL THEN 1 ELSE 0 END AS denominator,
    c.age, c.in_touch, c.activity, c.accommodation, c.excluded
FROM care_leaver_cohort AS c
WHERE c.age BETWEEN 17 AND 18
