-- Section 47 enquiries started by the day whose conference is still to be held: not
-- marked "conference not required", in an episode still open, with no conference in the
-- episode since the enquiry started (the CIN census often records it on the episode, not
-- on the enquiry) and no child protection plan started since (a plan starts at a
-- conference). Due $days working days after the enquiry started, as icpc_15wd counts.
-- The team and worker are the enquiry's, or else those of the child's allocation.
SELECT
    s.la_code, s.child_id, coalesce(s.team, a.team) AS team, coalesce(s.worker_id, a.worker_id) AS worker_id,
    s.s47_id, s.start_date AS s47_start_date, due.date AS due_date,
    due.working_day_number - today.working_day_number AS working_days_left
FROM period AS p
JOIN s47 AS s ON s.start_date <= p.period_end
JOIN calendar AS today ON today.date = p.period_end
JOIN calendar AS began ON began.date = s.start_date
JOIN calendar AS due ON due.working_day_number = began.working_day_number + $days AND due.is_working_day
LEFT JOIN cin_episode AS e ON e.la_code = s.la_code AND e.referral_id = s.referral_id
LEFT JOIN allocated_at_end AS a ON a.period_id = p.period_id AND a.la_code = s.la_code AND a.child_id = s.child_id
WHERE NOT coalesce(s.icpc_not_required, FALSE)
    AND (e.closure_date IS NULL OR e.closure_date > p.period_end)
    AND NOT EXISTS (
        SELECT 1 FROM icpc AS i
        WHERE i.la_code = s.la_code AND i.icpc_date <= p.period_end
            AND (i.s47_id = s.s47_id OR (i.referral_id = s.referral_id AND i.icpc_date >= s.start_date))
    )
    AND NOT EXISTS (
        SELECT 1 FROM cp_plan AS c
        WHERE c.la_code = s.la_code AND c.referral_id = s.referral_id
            AND c.start_date >= s.start_date AND c.start_date <= p.period_end
    )
