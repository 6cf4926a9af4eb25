-- Plans starting in the period: in the numerator when the child had a plan before,
-- as the return records it (NumberOfPreviousCPP above 0) or as the data shows.
SELECT
    p.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN coalesce(c.previous_plans, 0) > 0 OR earlier.plans > 0 THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    c.cp_plan_id, c.start_date, c.previous_plans, coalesce(earlier.plans, 0) AS earlier_plans_in_data
FROM period AS p
JOIN cp_plan AS c ON c.start_date BETWEEN p.period_start AND p.period_end
LEFT JOIN (
    SELECT later.la_code, later.cp_plan_id, count(*) AS plans
    FROM cp_plan AS later
    JOIN cp_plan AS before ON before.la_code = later.la_code AND before.child_id = later.child_id
        AND before.start_date < later.start_date
    GROUP BY later.la_code, later.cp_plan_id
) AS earlier ON earlier.la_code = c.la_code AND earlier.cp_plan_id = c.cp_plan_id
