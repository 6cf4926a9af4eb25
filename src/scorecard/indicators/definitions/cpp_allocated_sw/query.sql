-- Children on a plan at the period end: in the numerator when a social worker was
-- allocated to them on that day (allocated on or before it, not ended by it).
SELECT
    o.period_id, o.la_code, o.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN count(a.allocation_id) > 0 THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    min(a.worker_id) AS worker_id
FROM (
    SELECT DISTINCT p.period_id, p.period_end, c.la_code, c.child_id
    FROM period AS p
    JOIN cp_plan AS c ON c.start_date <= p.period_end AND (c.end_date IS NULL OR c.end_date > p.period_end)
) AS o
LEFT JOIN sw_allocation AS a
    ON a.la_code = o.la_code AND a.child_id = o.child_id
    AND a.start_date <= o.period_end AND (a.end_date IS NULL OR a.end_date > o.period_end)
GROUP BY o.period_id, o.la_code, o.child_id
