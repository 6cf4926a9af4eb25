-- Children looked after at the period end: in the numerator when their social work
-- visits are up to date, their next visit not yet overdue by the rule in next_cla_visit
-- (the rule the cla_visits_due tracker follows).
SELECT
    period_id, la_code, child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN overdue THEN 0 ELSE 1 END AS numerator,
    1 AS denominator,
    care_start, last_visit_date, due_date
FROM next_cla_visit
