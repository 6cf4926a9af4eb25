-- Each child protection plan open at the period end (a tracker's day), its reviews
-- held by then, and when its next review conference is due. Each review is due within
-- 3 calendar months of the plan starting (the first) or within 6 months of the review
-- before it (30 November plus 3 months is 29 February in a leap year). The reviews held
-- and the one to come are taken in date order, so that one rule gives every review its
-- deadline: a review held after it is late (late_reviews counts them), and the plan is
-- overdue when the next review's due date is before the day (days_left below 0).
WITH review AS (
    SELECT o.period_id, o.la_code, o.cp_plan_id, r.review_date
    FROM plans_open_at_end AS o
    JOIN cp_review AS r
        ON r.la_code = o.la_code AND r.cp_plan_id = o.cp_plan_id
        AND r.review_date >= o.start_date AND r.review_date <= o.period_end
    UNION ALL
    SELECT period_id, la_code, cp_plan_id, CAST(NULL AS DATE) AS review_date
    FROM plans_open_at_end
),
previous AS (
    SELECT
        r.period_id, r.la_code, r.cp_plan_id, r.review_date,
        CAST(o.start_date + INTERVAL '3' MONTH AS DATE) AS first_due_date,
        lag(r.review_date) OVER (
            PARTITION BY r.period_id, r.la_code, r.cp_plan_id ORDER BY r.review_date NULLS LAST
        ) AS previous_review
    FROM review AS r
    JOIN plans_open_at_end AS o ON o.period_id = r.period_id AND o.la_code = r.la_code AND o.cp_plan_id = r.cp_plan_id
),
deadline AS (
    SELECT
        period_id, la_code, cp_plan_id, review_date, first_due_date,
        coalesce(CAST(previous_review + INTERVAL '6' MONTH AS DATE), first_due_date) AS due_date
    FROM previous
),
reviews AS (
    SELECT
        period_id, la_code, cp_plan_id, max(first_due_date) AS first_due_date, count(review_date) AS reviews,
        max(review_date) AS last_review_date,
        sum(CASE WHEN review_date > due_date THEN 1 ELSE 0 END) AS late_reviews,
        max(CASE WHEN review_date IS NULL THEN due_date END) AS due_date
    FROM deadline
    GROUP BY period_id, la_code, cp_plan_id
)
SELECT
    o.period_id, o.period_end, o.la_code, o.child_id, o.cp_plan_id, o.start_date AS plan_start_date, o.team,
    o.worker_id, r.first_due_date, r.reviews, r.last_review_date, r.late_reviews, r.due_date,
    r.due_date - o.period_end AS days_left, r.due_date < o.period_end AS overdue
FROM plans_open_at_end AS o
JOIN reviews AS r ON r.period_id = o.period_id AND r.la_code = o.la_code AND r.cp_plan_id = o.cp_plan_id
