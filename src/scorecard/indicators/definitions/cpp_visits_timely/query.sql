-- Children on a child protection plan at the period end: in the numerator when their
-- statutory visits are up to date, their next visit not yet overdue by the rule in
-- next_cp_visit (the rule the cp_visits_due tracker follows).
SELECT
    period_id, la_code, child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN overdue THEN 0 ELSE 1 END AS numerator,
    1 AS denominator,
    cp_plan_id, plan_start_date, last_visit_date, due_date
FROM next_cp_visit
