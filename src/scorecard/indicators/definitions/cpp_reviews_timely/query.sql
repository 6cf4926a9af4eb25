-- Plans open at the period end that started at least 3 months before it. Their reviews
-- up to the period end are on time when the first came within 3 months of the start,
-- each later one within 6 months of the one before, and none is overdue at the end
-- (the last review was within 6 months of it).
WITH open_plan AS (
    SELECT p.period_id, p.period_end, c.la_code, c.child_id, c.cp_plan_id, c.start_date
    FROM period AS p
    JOIN cp_plan AS c
        ON c.start_date <= CAST(p.period_end - INTERVAL '3' MONTH AS DATE)
        AND (c.end_date IS NULL OR c.end_date > p.period_end)
),
review AS (
    SELECT
        o.period_id, o.la_code, o.cp_plan_id, r.review_date,
        lag(r.review_date) OVER (PARTITION BY o.period_id, o.la_code, o.cp_plan_id ORDER BY r.review_date) AS previous
    FROM open_plan AS o
    JOIN cp_review AS r ON r.la_code = o.la_code AND r.cp_plan_id = o.cp_plan_id AND r.review_date <= o.period_end
),
reviews AS (
    SELECT
        period_id, la_code, cp_plan_id, count(*) AS reviews,
        min(review_date) AS first_review, max(review_date) AS last_review,
        sum(CASE WHEN review_date > CAST(previous + INTERVAL '6' MONTH AS DATE) THEN 1 ELSE 0 END) AS late_reviews
    FROM review
    GROUP BY period_id, la_code, cp_plan_id
)
SELECT
    o.period_id, o.la_code, o.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN r.first_review <= CAST(o.start_date + INTERVAL '3' MONTH AS DATE)
          AND r.late_reviews = 0
          AND CAST(r.last_review + INTERVAL '6' MONTH AS DATE) >= o.period_end
         THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    o.cp_plan_id, o.start_date, r.first_review, r.last_review, coalesce(r.reviews, 0) AS reviews
FROM open_plan AS o
LEFT JOIN reviews AS r ON r.period_id = o.period_id AND r.la_code = o.la_code AND r.cp_plan_id = o.cp_plan_id
