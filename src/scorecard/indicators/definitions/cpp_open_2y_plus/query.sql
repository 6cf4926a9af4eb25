-- Plans open at the period end: in the numerator when they had lasted 730 days or more
-- by then, counting the start day and the period end (end - start + 1).
SELECT
    p.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN p.period_end - c.start_date + 1 >= 730 THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    c.cp_plan_id, c.start_date, p.period_end - c.start_date + 1 AS days
FROM period AS p
JOIN cp_plan AS c
    ON c.start_date <= p.period_end
    AND (c.end_date IS NULL OR c.end_date > p.period_end)
