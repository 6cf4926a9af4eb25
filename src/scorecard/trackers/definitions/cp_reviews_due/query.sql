-- Child protection plans open at the day. The first review is due 3 months after the
-- plan started, each later one 6 months after the last review held on or before the day,
-- as cpp_reviews_timely judges them: calendar months, counted down in calendar days. The
-- team and worker are the plan's, or else those of the child's allocation.
WITH reviewed AS (
    SELECT o.period_id, o.la_code, o.cp_plan_id, max(r.review_date) AS last_review_date
    FROM plans_open_at_end AS o
    JOIN cp_review AS r ON r.la_code = o.la_code AND r.cp_plan_id = o.cp_plan_id AND r.review_date <= o.period_end
    GROUP BY o.period_id, o.la_code, o.cp_plan_id
),
due AS (
    SELECT
        o.period_id, o.period_end, o.la_code, o.child_id, o.cp_plan_id, o.start_date, o.team, o.worker_id,
        r.last_review_date,
        CASE WHEN r.last_review_date IS NULL THEN CAST(o.start_date + INTERVAL '3' MONTH AS DATE)
             ELSE CAST(r.last_review_date + INTERVAL '6' MONTH AS DATE)
        END AS due_date
    FROM plans_open_at_end AS o
    LEFT JOIN reviewed AS r ON r.period_id = o.period_id AND r.la_code = o.la_code AND r.cp_plan_id = o.cp_plan_id
)
SELECT
    d.la_code, d.child_id, coalesce(d.team, a.team) AS team, coalesce(d.worker_id, a.worker_id) AS worker_id,
    d.cp_plan_id, d.start_date AS plan_start_date, d.last_review_date, d.due_date,
    d.due_date - d.period_end AS days_left
FROM due AS d
LEFT JOIN allocated_at_end AS a ON a.period_id = d.period_id AND a.la_code = d.la_code AND a.child_id = d.child_id
