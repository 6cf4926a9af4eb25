-- Section 47 enquiries started (strategy discussion) in the period.
SELECT
    p.period_id, s.la_code, s.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    1 AS numerator, 1 AS denominator,
    s.s47_id, s.start_date
FROM period AS p
JOIN s47 AS s ON s.start_date BETWEEN p.period_start AND p.period_end
