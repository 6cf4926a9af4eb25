-- Children on a child protection plan at the day, each once, with their latest plan
-- where records overlap. The next statutory visit is due $days working days after the
-- last visit on or before the day, as cpp_visits_timely counts, or after the plan
-- started when there has been no visit since. The team and worker are the plan's, or
-- else those of the child's allocation.
WITH visited AS (
    SELECT o.period_id, o.la_code, o.child_id, max(v.visit_date) AS last_visit_date
    FROM plans_open_at_end AS o
    JOIN cp_visit AS v ON v.la_code = o.la_code AND v.child_id = o.child_id AND v.visit_date <= o.period_end
    WHERE o.latest_first = 1
    GROUP BY o.period_id, o.la_code, o.child_id
)
SELECT
    o.la_code, o.child_id, coalesce(o.team, a.team) AS team, coalesce(o.worker_id, a.worker_id) AS worker_id,
    o.cp_plan_id, o.start_date AS plan_start_date, v.last_visit_date, due.date AS due_date,
    due.working_day_number - today.working_day_number AS working_days_left
FROM plans_open_at_end AS o
LEFT JOIN visited AS v ON v.period_id = o.period_id AND v.la_code = o.la_code AND v.child_id = o.child_id
JOIN calendar AS today ON today.date = o.period_end
JOIN calendar AS since ON since.date = greatest(v.last_visit_date, o.start_date)
JOIN calendar AS due ON due.working_day_number = since.working_day_number + $days AND due.is_working_day
LEFT JOIN allocated_at_end AS a ON a.period_id = o.period_id AND a.la_code = o.la_code AND a.child_id = o.child_id
WHERE o.latest_first = 1
