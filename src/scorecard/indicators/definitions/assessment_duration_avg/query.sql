-- Assessments authorised in the period, each with its length in working days (after
-- the start, up to and including the authorisation); the figure is their mean.
SELECT
    p.period_id, a.la_code, a.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    done.working_day_number - began.working_day_number AS numerator,
    1 AS denominator,
    a.assessment_id, a.start_date, a.authorisation_date
FROM period AS p
JOIN assessment AS a ON a.authorisation_date BETWEEN p.period_start AND p.period_end
JOIN calendar AS began ON began.date = a.start_date
JOIN calendar AS done ON done.date = a.authorisation_date
