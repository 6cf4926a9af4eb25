-- Assessments authorised in the period: in the numerator when authorised within $days
-- days of the start, counted in $calendar days (days after the start up to and
-- including the authorisation).
SELECT
    period_id, la_code, subject_id, breakdown,
    CASE WHEN duration_days <= $days THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    assessment_id, start_date, authorisation_date, duration_days
FROM (
    SELECT
        p.period_id, a.la_code, a.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
        a.assessment_id, a.start_date, a.authorisation_date,
        CASE WHEN $calendar = 'calendar' THEN done.date - began.date
             ELSE done.working_day_number - began.working_day_number END AS duration_days
    FROM period AS p
    JOIN assessment AS a ON a.authorisation_date BETWEEN p.period_start AND p.period_end
    JOIN calendar AS began ON began.date = a.start_date
    JOIN calendar AS done ON done.date = a.authorisation_date
) AS assessed
