-- Contacts received in the period.
SELECT
    p.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    1 AS numerator, 1 AS denominator,
    c.contact_id, c.contact_date, c.contact_source
FROM period AS p
JOIN contact AS c ON c.contact_date BETWEEN p.period_start AND p.period_end
