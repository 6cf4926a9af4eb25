-- Child protection plans open at the period end (started on or before it, not ended by
-- it), one row per plan, with its team and worker; latest_first numbers each child's
-- plans from the latest started (1), for the rare child with more than one.
SELECT
    p.period_id, p.period_end, c.la_code, c.child_id, c.cp_plan_id, c.start_date, c.team, c.worker_id,
    row_number() OVER (
        PARTITION BY p.period_id, c.la_code, c.child_id ORDER BY c.start_date DESC, c.cp_plan_id DESC
    ) AS latest_first
FROM period AS p
JOIN cp_plan AS c ON c.start_date <= p.period_end AND (c.end_date IS NULL OR c.end_date > p.period_end)
