-- Contacts received in the period that have a decision date (the others are listed as
-- left out): in the numerator when
-- the decision took more than $days working days.
SELECT
    p.period_id, c.la_code, c.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN decided.working_day_number - received.working_day_number > $days THEN 1 ELSE 0 END AS numerator,
    CASE WHEN c.outcome_date IS NULL THEN 0 ELSE 1 END AS denominator,
    c.contact_id, c.contact_date, c.outcome_date,
    decided.working_day_number - received.working_day_number AS working_days,
    CASE WHEN c.outcome_date IS NULL THEN 'no decision date recorded' END AS excluded
FROM period AS p
JOIN contact AS c ON c.contact_date BETWEEN p.period_start AND p.period_end
JOIN calendar AS received ON received.date = c.contact_date
LEFT JOIN calendar AS decided ON decided.date = c.outcome_date
