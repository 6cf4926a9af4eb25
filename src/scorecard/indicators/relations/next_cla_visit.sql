-- Each child looked after at the period end (a tracker's day; short breaks aside) and
-- when their next social work visit is due: $cla_visits_timely.days calendar days after
-- the later of their last visit on or before the day and the start of their current
-- period of care (looked_after_at_end's care_start). A visit before this period of care
-- does not count, and a child who came into care on the day is not yet overdue. A child
-- is overdue when the due date is before the day (days_left below 0).
WITH visited AS (
    SELECT l.period_id, l.la_code, l.child_id, max(v.visit_date) AS last_visit_date
    FROM looked_after_at_end AS l
    JOIN cla_visit AS v ON v.la_code = l.la_code AND v.child_id = l.child_id AND v.visit_date <= l.period_end
    GROUP BY l.period_id, l.la_code, l.child_id
),
due AS (
    SELECT
        l.period_id, l.period_end, l.la_code, l.child_id, l.care_start, v.last_visit_date,
        CAST(greatest(v.last_visit_date, l.care_start) + $cla_visits_timely.days AS DATE) AS due_date
    FROM looked_after_at_end AS l
    LEFT JOIN visited AS v ON v.period_id = l.period_id AND v.la_code = l.la_code AND v.child_id = l.child_id
)
SELECT
    period_id, period_end, la_code, child_id, care_start, last_visit_date, due_date,
    due_date - period_end AS days_left, due_date < period_end AS overdue
FROM due
