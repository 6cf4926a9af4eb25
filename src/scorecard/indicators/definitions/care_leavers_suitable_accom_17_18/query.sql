-- Care leavers in the OC3 cohort of the cohort year aged 17 to 18 on their birthday
-- in it (see relations/care_leaver_cohort.sql): in the numerator when in suitable accommodation (accommodation code ending in 1).
SELECT
    c.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN c.accommodation LIKE '_1' THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    c.age, c.in_touch, c.activity, c.accommodation
FROM care_leaver_cohort AS c
WHERE c.age BETWEEN 17 AND 18 AND (c.accommodation IS NULL OR substr(c.accommodation, 1, 1) NOT IN ('G', 'H', 'R'))
