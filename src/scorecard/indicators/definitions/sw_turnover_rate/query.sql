-- At the census for the period: employed leavers in the 12 months to the census (their
-- FTE before leaving) in the numerator; employed social workers in post in the denominator.
SELECT
    c.period_id, w.la_code, w.worker_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    coalesce(w.fte_30sept, w.fte) AS numerator, 0 AS denominator,
    c.census_date, w.role_end_date
FROM workforce_census AS c
JOIN workforce_worker AS w ON w.la_code = c.la_code AND w.census_date = c.census_date
WHERE NOT w.agency AND w.role_end_date <= c.census_date
    AND w.role_end_date > CAST(c.census_date - INTERVAL '12' MONTH AS DATE)
UNION ALL
SELECT
    c.period_id, w.la_code, w.worker_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    0 AS numerator, w.fte AS denominator,
    c.census_date, w.role_end_date
FROM workforce_census AS c
JOIN workforce_worker AS w ON w.la_code = c.la_code AND w.census_date = c.census_date
WHERE NOT w.agency AND w.fte > 0 AND (w.role_end_date IS NULL OR w.role_end_date > c.census_date)
