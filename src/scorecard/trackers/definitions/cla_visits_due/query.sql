-- Children looked after at the day (short breaks aside). The next visit is due $days
-- calendar days after the last visit on or before the day, as cla_visits_timely counts,
-- or after the start of the period of care when there has been no visit since. The team
-- and worker are those of the child's social worker allocation at the day.
WITH visited AS (
    SELECT l.period_id, l.la_code, l.child_id, max(v.visit_date) AS last_visit_date
    FROM looked_after_at_end AS l
    JOIN cla_visit AS v ON v.la_code = l.la_code AND v.child_id = l.child_id AND v.visit_date <= l.period_end
    GROUP BY l.period_id, l.la_code, l.child_id
),
due AS (
    SELECT
        l.period_id, l.period_end, l.la_code, l.child_id, l.care_start, v.last_visit_date,
        greatest(v.last_visit_date, l.care_start) + $days AS due_date
    FROM looked_after_at_end AS l
    LEFT JOIN visited AS v ON v.period_id = l.period_id AND v.la_code = l.la_code AND v.child_id = l.child_id
)
SELECT
    d.la_code, d.child_id, a.team, a.worker_id, d.care_start AS care_start_date, d.last_visit_date, d.due_date,
    d.due_date - d.period_end AS days_left
FROM due AS d
LEFT JOIN allocated_at_end AS a ON a.period_id = d.period_id AND a.la_code = d.la_code AND a.child_id = d.child_id
