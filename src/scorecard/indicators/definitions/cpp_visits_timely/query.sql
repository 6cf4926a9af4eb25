-- Children on a plan at the period end: in the numerator when their last statutory
-- visit, on or before the period end, was no more than $days working days before it.
WITH on_plan AS (
    SELECT DISTINCT p.period_id, p.period_end, c.la_code, c.child_id
    FROM period AS p
    JOIN cp_plan AS c ON c.start_date <= p.period_end AND (c.end_date IS NULL OR c.end_date > p.period_end)
),
last_visit AS (
    SELECT o.period_id, o.la_code, o.child_id, max(v.visit_date) AS visit_date
    FROM on_plan AS o
    JOIN cp_visit AS v ON v.la_code = o.la_code AND v.child_id = o.child_id AND v.visit_date <= o.period_end
    GROUP BY o.period_id, o.la_code, o.child_id
)
SELECT
    o.period_id, o.la_code, o.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN ended.working_day_number - visited.working_day_number <= $days THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    l.visit_date AS last_visit_date, ended.working_day_number - visited.working_day_number AS working_days_since
FROM on_plan AS o
JOIN calendar AS ended ON ended.date = o.period_end
LEFT JOIN last_visit AS l ON l.period_id = o.period_id AND l.la_code = o.la_code AND l.child_id = o.child_id
LEFT JOIN calendar AS visited ON visited.date = l.visit_date
