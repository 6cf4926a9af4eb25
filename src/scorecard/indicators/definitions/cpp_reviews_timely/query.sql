-- Child protection plans open at the period end, judged by the rule in next_cp_review
-- (the rule the cp_reviews_due tracker follows). A plan whose first review was not yet
-- due by the period end (open less than 3 months) is not judged: it is returned as
-- excluded, counting in neither the numerator nor the denominator. The others are on
-- time when no review so far was late and the next is not overdue.
SELECT
    period_id, la_code, child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN excluded IS NULL AND late_reviews = 0 AND NOT overdue THEN 1 ELSE 0 END AS numerator,
    CASE WHEN excluded IS NULL THEN 1 ELSE 0 END AS denominator,
    cp_plan_id, plan_start_date, reviews, last_review_date, late_reviews, due_date, excluded
FROM (
    SELECT
        *,
        CASE WHEN first_due_date > period_end THEN 'plan open less than 3 months' END AS excluded
    FROM next_cp_review
) AS judged
