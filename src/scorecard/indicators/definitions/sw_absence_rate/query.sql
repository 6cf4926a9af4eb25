-- Employed social workers in post at the census for the period: days lost to sickness in
-- the 12 months to the census, out of FTE times the working days in those 12 months.
SELECT
    c.period_id, w.la_code, w.worker_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    coalesce(w.working_days_lost, 0) AS numerator,
    w.fte * (census_day.working_day_number - year_before.working_day_number) AS denominator,
    c.census_date, w.fte, w.working_days_lost
FROM workforce_census AS c
JOIN workforce_worker AS w ON w.la_code = c.la_code AND w.census_date = c.census_date
JOIN calendar AS census_day ON census_day.date = c.census_date
JOIN calendar AS year_before ON year_before.date = CAST(c.census_date - INTERVAL '12' MONTH AS DATE)
WHERE NOT w.agency AND w.fte > 0 AND (w.role_end_date IS NULL OR w.role_end_date > c.census_date)
