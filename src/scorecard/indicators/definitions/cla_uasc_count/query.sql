-- Children looked after at the period end who were unaccompanied asylum-seeking children
-- on that day (their UASC status had not ended by it).
SELECT
    l.period_id, l.la_code, l.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    1 AS numerator, 1 AS denominator,
    u.uasc_end_date
FROM looked_after_at_end AS l
JOIN uasc AS u ON u.la_code = l.la_code AND u.child_id = l.child_id
WHERE u.uasc_end_date IS NULL OR u.uasc_end_date > l.period_end
