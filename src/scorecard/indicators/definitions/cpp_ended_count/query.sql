-- Child protection plans ending in the period.
SELECT
    p.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    1 AS numerator, 1 AS denominator,
    c.cp_plan_id, c.start_date, c.end_date
FROM period AS p
JOIN cp_plan AS c ON c.end_date BETWEEN p.period_start AND p.period_end
