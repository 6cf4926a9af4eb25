-- At the census for the period (relations/workforce_census.sql): the vacancies (FTE), and
-- each employed social worker in post (FTE). Figure: vacancies / (vacancies + employed).
SELECT
    c.period_id, v.la_code, 'vacancies' AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    v.vacancies_fte AS numerator, v.vacancies_fte AS denominator,
    c.census_date, FALSE AS agency
FROM workforce_census AS c
JOIN workforce_la AS v ON v.la_code = c.la_code AND v.census_date = c.census_date
UNION ALL
SELECT
    c.period_id, w.la_code, w.worker_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    0 AS numerator, w.fte AS denominator,
    c.census_date, w.agency
FROM workforce_census AS c
JOIN workforce_worker AS w ON w.la_code = c.la_code AND w.census_date = c.census_date
WHERE NOT w.agency AND w.fte > 0 AND (w.role_end_date IS NULL OR w.role_end_date > c.census_date)
