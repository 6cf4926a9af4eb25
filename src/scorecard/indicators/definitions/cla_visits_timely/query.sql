-- Children looked after at the period end: in the numerator when their last visit on or
-- before that day was no more than $days calendar days before it.
SELECT
    l.period_id, l.la_code, l.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN l.period_end - max(v.visit_date) <= $days THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    max(v.visit_date) AS last_visit_date, l.period_end - max(v.visit_date) AS days_since
FROM looked_after_at_end AS l
LEFT JOIN cla_visit AS v ON v.la_code = l.la_code AND v.child_id = l.child_id AND v.visit_date <= l.period_end
GROUP BY l.period_id, l.la_code, l.child_id, l.period_end
