-- Social workers in post at the census for the period holding one or more cases (employed
-- and agency): their cases over their FTE.
SELECT
    c.period_id, w.la_code, w.worker_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    w.cases_30sept AS numerator, w.fte AS denominator,
    c.census_date, w.agency
FROM workforce_census AS c
JOIN workforce_worker AS w ON w.la_code = c.la_code AND w.census_date = c.census_date
WHERE w.cases_30sept > 0 AND w.fte > 0 AND (w.role_end_date IS NULL OR w.role_end_date > c.census_date)
