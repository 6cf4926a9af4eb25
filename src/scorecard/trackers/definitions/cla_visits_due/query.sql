-- Children looked after at the day (short breaks aside) and when their next visit is
-- due, by the rule cla_visits_timely judges (next_cla_visit). The team and worker are
-- those of the child's social worker allocation at the day.
SELECT
    n.la_code, n.child_id, a.team, a.worker_id, n.care_start AS care_start_date, n.last_visit_date, n.due_date,
    n.days_left
FROM next_cla_visit AS n
LEFT JOIN allocated_at_end AS a ON a.period_id = n.period_id AND a.la_code = n.la_code AND a.child_id = n.child_id
