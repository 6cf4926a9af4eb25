-- Assessments started by the day and not authorised by it, in an episode still open:
-- due 45 working days after the start, the timescale assessments_45wd judges. The team
-- and worker are the assessment's, or else those of the child's allocation.
SELECT
    x.la_code, x.child_id, coalesce(x.team, a.team) AS team, coalesce(x.worker_id, a.worker_id) AS worker_id,
    x.assessment_id, x.start_date, due.date AS due_date,
    due.working_day_number - today.working_day_number AS working_days_left
FROM period AS p
JOIN assessment AS x
    ON x.start_date <= p.period_end AND (x.authorisation_date IS NULL OR x.authorisation_date > p.period_end)
JOIN calendar AS today ON today.date = p.period_end
JOIN calendar AS began ON began.date = x.start_date
JOIN calendar AS due ON due.working_day_number = began.working_day_number + 45 AND due.is_working_day
LEFT JOIN cin_episode AS e ON e.la_code = x.la_code AND e.referral_id = x.referral_id
LEFT JOIN allocated_at_end AS a ON a.period_id = p.period_id AND a.la_code = x.la_code AND a.child_id = x.child_id
WHERE e.closure_date IS NULL OR e.closure_date > p.period_end
