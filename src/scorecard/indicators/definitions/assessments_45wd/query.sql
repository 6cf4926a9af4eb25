-- Assessments authorised in the period: in the numerator when authorised within 45
-- working days of the start (working days after the start, up to and including the
-- authorisation).
SELECT
    p.period_id, a.la_code, a.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN done.working_day_number - began.working_day_number <= 45 THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    a.assessment_id, a.start_date, a.authorisation_date,
    done.working_day_number - began.working_day_number AS working_days
FROM period AS p
JOIN assessment AS a ON a.authorisation_date BETWEEN p.period_start AND p.period_end
JOIN calendar AS began ON began.date = a.start_date
JOIN calendar AS done ON done.date = a.authorisation_date
