-- Each child looked after at the period end (a tracker's day; short breaks aside), the
-- reviews of their current period of care held by then, and when their next review is
-- due: the first within 20 working days of the start of care, the second within 3
-- calendar months of the first, each later one within 6 months of the one before. The
-- reviews held and the one to come are taken in date order, so that one rule gives every
-- review its deadline. A review held after its deadline is late (the first by working
-- days: more than 20 after care began, so a Saturday review after a Friday deadline is
-- not); late_reviews counts those held in the 12 months to the day. A child is overdue
-- when the next review's due date is before the day (days_left below 0), or, for the
-- first, once more than 20 working days have passed. Where the first review fell due
-- before the first return of reviews loaded, the reviews before it are not known: the
-- last of them was held before that return began, so the first review loaded (or, with
-- none loaded, the next review) is due within 6 months of the return's start, and each
-- later one within 6 months of the one before.
WITH known AS (
    SELECT la_code, CAST(substr(min(collection_year), 1, 4) || '-04-01' AS DATE) AS known_from
    FROM cla_review
    GROUP BY la_code
),
review AS (
    SELECT l.period_id, l.la_code, l.child_id, r.review_date
    FROM looked_after_at_end AS l
    JOIN cla_review AS r
        ON r.la_code = l.la_code AND r.child_id = l.child_id
        AND r.review_date >= l.care_start AND r.review_date <= l.period_end
    UNION ALL
    SELECT period_id, la_code, child_id, CAST(NULL AS DATE) AS review_date
    FROM looked_after_at_end
),
numbered AS (
    SELECT
        r.period_id, r.la_code, r.child_id, r.review_date, l.care_start, k.known_from,
        lag(r.review_date) OVER w AS previous_review,
        row_number() OVER w AS number
    FROM review AS r
    JOIN looked_after_at_end AS l ON l.period_id = r.period_id AND l.la_code = r.la_code AND l.child_id = r.child_id
    LEFT JOIN known AS k ON k.la_code = r.la_code
    WINDOW w AS (PARTITION BY r.period_id, r.la_code, r.child_id ORDER BY r.review_date NULLS LAST)
),
deadline AS (
    SELECT
        n.period_id, n.la_code, n.child_id, n.number, n.review_date, p.window_start,
        CASE WHEN first_due.date < n.known_from
                THEN CAST(coalesce(n.previous_review, n.known_from) + INTERVAL '6' MONTH AS DATE)
             WHEN n.number = 1 THEN first_due.date
             WHEN n.number = 2 THEN CAST(n.previous_review + INTERVAL '3' MONTH AS DATE)
             ELSE CAST(n.previous_review + INTERVAL '6' MONTH AS DATE)
        END AS due_date,
        n.number = 1 AND NOT coalesce(first_due.date < n.known_from, FALSE) AS first,
        held.working_day_number AS held_day, first_due.working_day_number AS first_due_day
    FROM numbered AS n
    JOIN period AS p ON p.period_id = n.period_id
    JOIN calendar AS began ON began.date = n.care_start
    JOIN calendar AS first_due
        ON first_due.working_day_number = began.working_day_number + 20 AND first_due.is_working_day
    LEFT JOIN calendar AS held ON held.date = n.review_date
),
reviews AS (
    SELECT
        period_id, la_code, child_id, count(review_date) AS reviews, max(review_date) AS last_review_date,
        sum(CASE
            WHEN review_date < window_start THEN 0
            WHEN first AND held_day > first_due_day THEN 1
            WHEN NOT first AND review_date > due_date THEN 1
            ELSE 0
        END) AS late_reviews,
        max(CASE WHEN review_date IS NULL THEN due_date END) AS due_date,
        max(CASE WHEN review_date IS NULL AND first THEN 1 ELSE 0 END) = 1 AS first_pending,
        max(first_due_day) AS first_due_day
    FROM deadline
    GROUP BY period_id, la_code, child_id
)
SELECT
    l.period_id, l.period_end, l.la_code, l.child_id, l.care_start, r.reviews, r.last_review_date, r.late_reviews,
    r.due_date, r.due_date - l.period_end AS days_left,
    CASE WHEN r.first_pending THEN today.working_day_number > r.first_due_day
         ELSE coalesce(r.due_date < l.period_end, FALSE)
    END AS overdue
FROM looked_after_at_end AS l
JOIN reviews AS r ON r.period_id = l.period_id AND r.la_code = l.la_code AND r.child_id = l.child_id
JOIN calendar AS today ON today.date = l.period_end
