-- Employed social workers who started or left in the period, each once whichever census
-- or extract records them, under the month and the movement ("2024-03 starters"). A
-- start counts at the FTE the first census recording it gives: in post then, their FTE;
-- gone by then (started and left between two censuses), their FTE before leaving. A
-- leaving counts at the FTE before leaving, from the first census recording it. Every
-- month of the period has both rows, at zero when nobody moved, so the chart has no gaps.
WITH record AS (
    SELECT
        la_code, worker_id, census_date, role_start_date, role_end_date,
        coalesce(fte_30sept, fte, 0) AS fte_before_leaving,
        CASE WHEN role_end_date IS NULL OR role_end_date > census_date THEN fte ELSE coalesce(fte_30sept, fte, 0) END
            AS fte_then
    FROM workforce_worker
    WHERE NOT agency
),
started AS (
    SELECT la_code, worker_id, role_start_date, fte_then AS fte,
        row_number() OVER (PARTITION BY la_code, worker_id, role_start_date ORDER BY census_date) AS nth
    FROM record
    WHERE role_start_date IS NOT NULL
),
ended AS (
    SELECT la_code, worker_id, role_end_date, fte_before_leaving AS fte,
        row_number() OVER (PARTITION BY la_code, worker_id, role_end_date ORDER BY census_date) AS nth
    FROM record
    WHERE role_end_date IS NOT NULL
)
SELECT
    p.period_id, w.la_code, w.worker_id AS subject_id, m.month || ' starters' AS breakdown,
    w.fte AS numerator, 1 AS denominator,
    w.role_start_date AS moved
FROM period AS p
JOIN started AS w ON w.nth = 1 AND w.role_start_date BETWEEN p.period_start AND p.period_end
JOIN calendar AS m ON m.date = w.role_start_date
UNION ALL
SELECT
    p.period_id, w.la_code, w.worker_id AS subject_id, m.month || ' leavers' AS breakdown,
    w.fte AS numerator, 1 AS denominator,
    w.role_end_date AS moved
FROM period AS p
JOIN ended AS w ON w.nth = 1 AND w.role_end_date BETWEEN p.period_start AND p.period_end
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
