-- Children looked after at the period end, judged by the rule in next_cla_review (the
-- rule the cla_reviews_due tracker follows): up to date when no review of their current
-- period of care held in the 12 months to the period end was late and the next is not
-- overdue.
SELECT
    period_id, la_code, child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN late_reviews = 0 AND NOT overdue THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    care_start, reviews, last_review_date, late_reviews, due_date
FROM next_cla_review
