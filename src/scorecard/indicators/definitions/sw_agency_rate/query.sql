-- Social workers in post at the census for the period: agency ones in the numerator;
-- all, agency and employed, in the denominator (FTE).
SELECT
    c.period_id, w.la_code, w.worker_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN w.agency THEN w.fte ELSE 0 END AS numerator, w.fte AS denominator,
    c.census_date, w.agency
FROM workforce_census AS c
JOIN workforce_worker AS w ON w.la_code = c.la_code AND w.census_date = c.census_date
WHERE w.fte > 0 AND (w.role_end_date IS NULL OR w.role_end_date > c.census_date)
