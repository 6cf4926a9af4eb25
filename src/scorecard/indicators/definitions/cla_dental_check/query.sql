-- From the return: children in the OC2 cohort of the cohort year, in the numerator when
-- their teeth were checked by a dentist during the year.
SELECT
    p.period_id, o.la_code, o.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN o.teeth_check THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    'SSDA903 OC2 ' || o.cohort_year AS basis, CAST(NULL AS DATE) AS last_check
FROM period AS p
JOIN cla_outcome AS o ON o.cohort_year = p.cohort_year
WHERE o.teeth_check IS NOT NULL
UNION ALL
-- In year, where no OC2 is loaded for the cohort year: children looked after at the period
-- end for 12 months or more, in the numerator when their last dental check was within 12
-- months of it.
SELECT
    l.period_id, l.la_code, l.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN max(h.check_date) >= CAST(l.period_end - INTERVAL '12' MONTH AS DATE) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    'date of the last dental check' AS basis, max(h.check_date) AS last_check
FROM looked_after_at_end AS l
JOIN period AS p ON p.period_id = l.period_id
LEFT JOIN cla_health_check AS h
    ON h.la_code = l.la_code AND h.child_id = l.child_id
    AND h.check_type = 'dental_check' AND h.check_date <= l.period_end
WHERE l.care_start <= CAST(l.period_end - INTERVAL '12' MONTH AS DATE)
    AND NOT EXISTS (SELECT 1 FROM cla_outcome AS o WHERE o.la_code = l.la_code AND o.cohort_year = p.cohort_year)
    AND EXISTS (SELECT 1 FROM cla_health_check AS c WHERE c.la_code = l.la_code AND c.check_type = 'dental_check')
GROUP BY l.period_id, l.la_code, l.child_id, l.period_end
