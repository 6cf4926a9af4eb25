-- Employed social workers who started or left in the period, each once whichever census
-- or extract records them, under the month and the movement ("2024-03 starters"). Every
-- month of the period has both rows, at zero when nobody moved, so the chart has no gaps.
WITH person AS (
    SELECT la_code, worker_id, role_start_date, role_end_date, max(fte) AS fte, max(fte_30sept) AS fte_before_leaving
    FROM workforce_worker
    WHERE NOT agency
    GROUP BY la_code, worker_id, role_start_date, role_end_date
)
SELECT
    p.period_id, w.la_code, w.worker_id AS subject_id, m.month || ' starters' AS breakdown,
    w.fte AS numerator, 1 AS denominator,
    w.role_start_date AS moved
FROM period AS p
JOIN person AS w ON w.role_start_date BETWEEN p.period_start AND p.period_end
JOIN calendar AS m ON m.date = w.role_start_date
UNION ALL
SELECT
    p.period_id, w.la_code, w.worker_id AS subject_id, m.month || ' leavers' AS breakdown,
    coalesce(w.fte_before_leaving, w.fte) AS numerator, 1 AS denominator,
    w.role_end_date AS moved
FROM period AS p
JOIN person AS w ON w.role_end_date BETWEEN p.period_start AND p.period_end
JOIN calendar AS m ON m.date = w.role_end_date
UNION ALL
SELECT DISTINCT
    p.period_id, w.la_code, CAST(NULL AS VARCHAR) AS subject_id, m.month || movement.name AS breakdown,
    0 AS numerator, 0 AS denominator,
    CAST(NULL AS DATE) AS moved
FROM period AS p
JOIN calendar AS m ON m.date BETWEEN p.period_start AND p.period_end
CROSS JOIN (SELECT DISTINCT la_code FROM workforce_worker) AS w
CROSS JOIN (VALUES (' starters'), (' leavers')) AS movement (name)
