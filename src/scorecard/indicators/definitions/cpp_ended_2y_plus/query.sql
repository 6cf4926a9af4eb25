-- Plans ending in the period: in the numerator when they lasted 730 days or more,
-- counting both the start and the end day (end - start + 1).
SELECT
    p.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN c.end_date - c.start_date + 1 >= 730 THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    c.cp_plan_id, c.start_date, c.end_date, c.end_date - c.start_date + 1 AS days
FROM period AS p
JOIN cp_plan AS c ON c.end_date BETWEEN p.period_start AND p.period_end
