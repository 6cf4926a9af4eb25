-- Each child on a child protection plan at the period end (a tracker's day), once, and
-- when their next statutory visit is due: $cpp_visits_timely.days working days after the
-- later of their last visit on or before the day and the start of their current plan
-- (the latest started, where records overlap). A visit before this plan began does not
-- count, and a plan that started on the day is not yet overdue. As the catalogue counts
-- working days (those after the last visit up to and including the day), a child is
-- overdue once more than $cpp_visits_timely.days working days have passed: a visit due
-- on a Friday is still within time on the Saturday and Sunday after, and overdue on the
-- Monday. working_days_left counts the working days from the day to the due date, so it
-- is below 0 exactly when the child is overdue.
WITH visited AS (
    SELECT o.period_id, o.la_code, o.child_id, max(v.visit_date) AS last_visit_date
    FROM plans_open_at_end AS o
    JOIN cp_visit AS v ON v.la_code = o.la_code AND v.child_id = o.child_id AND v.visit_date <= o.period_end
    WHERE o.latest_first = 1
    GROUP BY o.period_id, o.la_code, o.child_id
)
SELECT
    o.period_id, o.period_end, o.la_code, o.child_id, o.cp_plan_id, o.start_date AS plan_start_date, o.team,
    o.worker_id, v.last_visit_date, due.date AS due_date,
    due.working_day_number - today.working_day_number AS working_days_left,
    due.working_day_number < today.working_day_number AS overdue
FROM plans_open_at_end AS o
LEFT JOIN visited AS v ON v.period_id = o.period_id AND v.la_code = o.la_code AND v.child_id = o.child_id
JOIN calendar AS today ON today.date = o.period_end
JOIN calendar AS since ON since.date = greatest(v.last_visit_date, o.start_date)
JOIN calendar AS due
    ON due.working_day_number = since.working_day_number + $cpp_visits_timely.days AND due.is_working_day
WHERE o.latest_first = 1
