-- Child protection plans open at the day and when their next review conference is due,
-- by the rule cpp_reviews_timely judges (next_cp_review): calendar months, counted down
-- in calendar days. The team and worker are the plan's, or else those of the child's
-- allocation.
SELECT
    n.la_code, n.child_id, coalesce(n.team, a.team) AS team, coalesce(n.worker_id, a.worker_id) AS worker_id,
    n.cp_plan_id, n.plan_start_date, n.last_review_date, n.due_date, n.days_left
FROM next_cp_review AS n
LEFT JOIN allocated_at_end AS a ON a.period_id = n.period_id AND a.la_code = n.la_code AND a.child_id = n.child_id
