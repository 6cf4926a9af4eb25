-- The workforce census (or HR extract) each period is judged by: the latest taken on or
-- before the period end and within the 12 months before it.
SELECT p.period_id, census.la_code, max(census.census_date) AS census_date
FROM period AS p
JOIN (
    SELECT la_code, census_date FROM workforce_worker
    UNION SELECT la_code, census_date FROM workforce_la
) AS census ON census.census_date <= p.period_end AND census.census_date > p.twelve_months_before
GROUP BY p.period_id, census.la_code
