-- Children looked after at the period end, and the reviews of their current period of
-- care up to that day. Up to date when every review in the 12 months to the period end
-- was on time (the first within 20 working days of the start of care, the second within
-- 3 months of the first, each later one within 6 months of the one before) and the next
-- is not yet overdue at the period end.
WITH cohort AS (
    SELECT l.period_id, l.period_end, p.window_start, l.la_code, l.child_id, l.care_start,
           began.working_day_number AS start_day, ended.working_day_number AS end_day
    FROM looked_after_at_end AS l
    JOIN period AS p ON p.period_id = l.period_id
    JOIN calendar AS began ON began.date = l.care_start
    JOIN calendar AS ended ON ended.date = l.period_end
),
review AS (
    SELECT
        c.period_id, c.la_code, c.child_id, c.window_start, r.review_date,
        held.working_day_number - c.start_day AS working_days,
        lag(r.review_date) OVER w AS previous,
        row_number() OVER w AS number
    FROM cohort AS c
    JOIN cla_review AS r
        ON r.la_code = c.la_code AND r.child_id = c.child_id
        AND r.review_date >= c.care_start AND r.review_date <= c.period_end
    JOIN calendar AS held ON held.date = r.review_date
    WINDOW w AS (PARTITION BY c.period_id, c.la_code, c.child_id ORDER BY r.review_date)
),
reviews AS (
    SELECT
        period_id, la_code, child_id, count(*) AS reviews, max(review_date) AS last_review,
        sum(CASE
            WHEN review_date < window_start THEN 0
            WHEN number = 1 AND working_days > 20 THEN 1
            WHEN number = 2 AND review_date > CAST(previous + INTERVAL '3' MONTH AS DATE) THEN 1
            WHEN number > 2 AND review_date > CAST(previous + INTERVAL '6' MONTH AS DATE) THEN 1
            ELSE 0
        END) AS late
    FROM review
    GROUP BY period_id, la_code, child_id
)
SELECT
    c.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE
        WHEN r.reviews IS NULL THEN CASE WHEN c.end_day - c.start_day <= 20 THEN 1 ELSE 0 END
        WHEN r.late > 0 THEN 0
        WHEN r.reviews = 1 THEN CASE WHEN CAST(r.last_review + INTERVAL '3' MONTH AS DATE) >= c.period_end THEN 1 ELSE 0 END
        ELSE CASE WHEN CAST(r.last_review + INTERVAL '6' MONTH AS DATE) >= c.period_end THEN 1 ELSE 0 END
    END AS numerator,
    1 AS denominator,
    c.care_start, coalesce(r.reviews, 0) AS reviews, r.last_review
FROM cohort AS c
LEFT JOIN reviews AS r ON r.period_id = c.period_id AND r.la_code = c.la_code AND r.child_id = c.child_id
