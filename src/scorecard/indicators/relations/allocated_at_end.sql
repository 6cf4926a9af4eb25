-- Each child's social worker allocation open at the period end (started on or before it,
-- not ended by it); where records overlap, the latest started, so each child once.
SELECT period_id, la_code, child_id, worker_id, team, start_date
FROM (
    SELECT
        p.period_id, a.la_code, a.child_id, a.worker_id, a.team, a.start_date,
        row_number() OVER (
            PARTITION BY p.period_id, a.la_code, a.child_id ORDER BY a.start_date DESC, a.allocation_id DESC
        ) AS latest
    FROM period AS p
    JOIN sw_allocation AS a ON a.start_date <= p.period_end AND (a.end_date IS NULL OR a.end_date > p.period_end)
) AS open_allocation
WHERE latest = 1
