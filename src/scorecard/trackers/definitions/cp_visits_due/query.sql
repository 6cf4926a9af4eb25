-- Children on a child protection plan at the day, each once, and when their next
-- statutory visit is due, by the rule cpp_visits_timely judges (next_cp_visit). The
-- team and worker are the plan's, or else those of the child's allocation.
SELECT
    n.la_code, n.child_id, coalesce(n.team, a.team) AS team, coalesce(n.worker_id, a.worker_id) AS worker_id,
    n.cp_plan_id, n.plan_start_date, n.last_visit_date, n.due_date, n.working_days_left
FROM next_cp_visit AS n
LEFT JOIN allocated_at_end AS a ON a.period_id = n.period_id AND a.la_code = n.la_code AND a.child_id = n.child_id
