-- Assessments authorised in the period that record whether the child was seen.
SELECT
    p.period_id, a.la_code, a.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN a.child_seen THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    a.assessment_id, a.start_date, a.authorisation_date, a.child_seen
FROM period AS p
JOIN assessment AS a ON a.authorisation_date BETWEEN p.period_start AND p.period_end
WHERE a.child_seen IS NOT NULL
