-- Care leavers in the OC3 cohort of the cohort year aged 19 to 21 on their birthday
-- in it (see relations/care_leaver_cohort.sql): in the numerator when in suitable
-- accommodation (accommodation code ending in 1). Those gone abroad, deported or whose
-- residence is not known (G, H, R), and those who died, are listed as left out.
SELECT
    c.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN c.excluded_from_accommodation IS NULL AND c.accommodation LIKE '_1' THEN 1 ELSE 0 END AS numerator,
    CASE WHEN c.excluded_from_accommodation IS NULL THEN 1 ELSE 0 END AS denominator,
    c.age, c.in_touch, c.activity, c.accommodation, c.excluded_from_accommodation AS excluded
FROM care_leaver_cohort AS c
WHERE c.age BETWEEN 19 AND 21
