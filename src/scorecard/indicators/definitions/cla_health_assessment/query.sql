-- From the return: children in the OC2 cohort (looked after continuously for 12 months at
-- 31 March) of the cohort year, in the numerator when the health assessment was up to date.
SELECT
    p.period_id, o.la_code, o.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN o.health_assessment THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    'SSDA903 OC2 ' || o.cohort_year AS basis, CAST(NULL AS DATE) AS last_assessment
FROM period AS p
JOIN cla_outcome AS o ON o.cohort_year = p.cohort_year
WHERE o.health_assessment IS NOT NULL
UNION ALL
-- In year, where no OC2 is loaded for the cohort year: children looked after at the period
-- end for 12 months or more, in the numerator when their last health assessment was within
-- 12 months of it (6 months for a child under 5).
SELECT
    l.period_id, l.la_code, l.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN max(h.check_date) >= CASE
            WHEN CAST(k.birth_date + INTERVAL '5' YEAR AS DATE) > l.period_end THEN CAST(l.period_end - INTERVAL '6' MONTH AS DATE)
            ELSE CAST(l.period_end - INTERVAL '12' MONTH AS DATE)
        END THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    'date of the last health assessment' AS basis, max(h.check_date) AS last_assessment
FROM looked_after_at_end AS l
JOIN period AS p ON p.period_id = l.period_id
JOIN child AS k ON k.la_code = l.la_code AND k.child_id = l.child_id
LEFT JOIN cla_health_check AS h
    ON h.la_code = l.la_code AND h.child_id = l.child_id
    AND h.check_type = 'health_assessment' AND h.check_date <= l.period_end
WHERE l.care_start <= CAST(l.period_end - INTERVAL '12' MONTH AS DATE)
    AND NOT EXISTS (SELECT 1 FROM cla_outcome AS o WHERE o.la_code = l.la_code AND o.cohort_year = p.cohort_year)
    AND EXISTS (SELECT 1 FROM cla_health_check AS c WHERE c.la_code = l.la_code AND c.check_type = 'health_assessment')
GROUP BY l.period_id, l.la_code, l.child_id, l.period_end, k.birth_date
