-- Assessments authorised in the period that record whether the child was seen (the
-- others are listed as left out).
SELECT
    p.period_id, a.la_code, a.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN a.child_seen THEN 1 ELSE 0 END AS numerator,
    CASE WHEN a.child_seen IS NULL THEN 0 ELSE 1 END AS denominator,
    a.assessment_id, a.start_date, a.authorisation_date, a.child_seen,
    CASE WHEN a.child_seen IS NULL THEN 'whether the child was seen is not recorded' END AS excluded
FROM period AS p
JOIN assessment AS a ON a.authorisation_date BETWEEN p.period_start AND p.period_end
