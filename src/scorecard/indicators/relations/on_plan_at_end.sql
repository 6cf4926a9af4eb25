-- Children with a child protection plan open at the period end: started on or before it
-- and not ended by it (a plan ending on the last day is not open at it). Each child once,
-- in the shape of a definition's rows: the CP plan count and rate both read it.
SELECT
    p.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    1 AS numerator, 1 AS denominator,
    min(c.start_date) AS plan_start_date
FROM period AS p
JOIN cp_plan AS c
    ON c.start_date <= p.period_end
    AND (c.end_date IS NULL OR c.end_date > p.period_end)
GROUP BY p.period_id, c.la_code, c.child_id
