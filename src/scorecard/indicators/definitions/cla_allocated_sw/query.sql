-- Children looked after at the period end: in the numerator when a social worker was
-- allocated to them on that day.
SELECT
    l.period_id, l.la_code, l.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN count(a.allocation_id) > 0 THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    min(a.worker_id) AS worker_id
FROM looked_after_at_end AS l
LEFT JOIN sw_allocation AS a
    ON a.la_code = l.la_code AND a.child_id = l.child_id
    AND a.start_date <= l.period_end AND (a.end_date IS NULL OR a.end_date > l.period_end)
GROUP BY l.period_id, l.la_code, l.child_id
