-- Children looked after at the day (short breaks aside) and the reviews of their current
-- period of care held by then, with the timescales cla_reviews_timely judges: the first
-- review is due 20 working days after care began, the second 3 months after the first,
-- each later one 6 months after the one before. Months are calendar months, so the
-- countdown is in calendar days. The team and worker are those of the child's social
-- worker allocation at the day.
WITH reviewed AS (
    SELECT l.period_id, l.la_code, l.child_id, count(*) AS reviews, max(r.review_date) AS last_review_date
    FROM looked_after_at_end AS l
    JOIN cla_review AS r
        ON r.la_code = l.la_code AND r.child_id = l.child_id
        AND r.review_date >= l.care_start AND r.review_date <= l.period_end
    GROUP BY l.period_id, l.la_code, l.child_id
),
due AS (
    SELECT
        l.period_id, l.period_end, l.la_code, l.child_id, l.care_start, coalesce(r.reviews, 0) AS reviews,
        r.last_review_date,
        CASE WHEN r.reviews IS NULL THEN first_due.date
             WHEN r.reviews = 1 THEN CAST(r.last_review_date + INTERVAL '3' MONTH AS DATE)
             ELSE CAST(r.last_review_date + INTERVAL '6' MONTH AS DATE)
        END AS due_date
    FROM looked_after_at_end AS l
    LEFT JOIN reviewed AS r ON r.period_id = l.period_id AND r.la_code = l.la_code AND r.child_id = l.child_id
    JOIN calendar AS began ON began.date = l.care_start
    JOIN calendar AS first_due ON first_due.working_day_number = began.working_day_number + 20 AND first_due.is_working_day
)
SELECT
    d.la_code, d.child_id, a.team, a.worker_id, d.care_start AS care_start_date, d.reviews, d.last_review_date,
    d.due_date, d.due_date - d.period_end AS days_left
FROM due AS d
LEFT JOIN allocated_at_end AS a ON a.period_id = d.period_id AND a.la_code = d.la_code AND a.child_id = d.child_id
