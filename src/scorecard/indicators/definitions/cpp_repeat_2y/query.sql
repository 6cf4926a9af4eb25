-- Plans starting in the period: in the numerator when an earlier plan of the child
-- ended on or after the same date $years years before this start, and by this start.
SELECT
    p.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN max(before.end_date) IS NULL THEN 0 ELSE 1 END AS numerator,
    1 AS denominator,
    c.cp_plan_id, c.start_date, max(before.end_date) AS previous_plan_end_date
FROM period AS p
JOIN cp_plan AS c ON c.start_date BETWEEN p.period_start AND p.period_end
LEFT JOIN cp_plan AS before
    ON before.la_code = c.la_code
    AND before.child_id = c.child_id
    AND before.start_date < c.start_date
    AND before.end_date <= c.start_date
    AND before.end_date >= CAST(c.start_date - INTERVAL '$years' YEAR AS DATE)
GROUP BY p.period_id, c.la_code, c.child_id, c.cp_plan_id, c.start_date
