-- Young people open to the leaving-care service at the period end: in the numerator when
-- their pathway plan was last reviewed on or before it and on or after the same date
-- $months months earlier.
SELECT
    p.period_id, s.la_code, s.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN s.pathway_plan_review_date <= p.period_end
          AND s.pathway_plan_review_date >= CAST(p.period_end - INTERVAL '$months' MONTH AS DATE)
         THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    s.pathway_plan_review_date
FROM period AS p
JOIN care_leaver_service AS s
    ON (s.service_start_date IS NULL OR s.service_start_date <= p.period_end)
    AND (s.service_end_date IS NULL OR s.service_end_date > p.period_end)
