-- Children looked after at the day (short breaks aside) and when their next review is
-- due, by the rule cla_reviews_timely judges (next_cla_review): the first 20 working
-- days after care began, the second 3 months after the first, each later one 6 months
-- after the one before, counted down in calendar days. The team and worker are those of
-- the child's social worker allocation at the day.
SELECT
    n.la_code, n.child_id, a.team, a.worker_id, n.care_start AS care_start_date, n.reviews, n.last_review_date,
    n.due_date, n.days_left
FROM next_cla_review AS n
LEFT JOIN allocated_at_end AS a ON a.period_id = n.period_id AND a.la_code = n.la_code AND a.child_id = n.child_id
