-- Plans starting in the period, each under its initial category of abuse.
SELECT
    p.period_id, c.la_code, c.child_id AS subject_id,
    coalesce(c.initial_category, 'not recorded') AS breakdown,
    1 AS numerator, 1 AS denominator,
    c.cp_plan_id, c.start_date, c.initial_category
FROM period AS p
JOIN cp_plan AS c ON c.start_date BETWEEN p.period_start AND p.period_end
