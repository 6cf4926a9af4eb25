-- Children with an episode starting a period of care (RNE S) in the period, other
-- than short breaks (V3, V4). Each child once.
SELECT
    p.period_id, e.la_code, e.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    1 AS numerator, 1 AS denominator,
    min(e.start_date) AS started
FROM period AS p
JOIN cla_episode AS e ON e.start_date BETWEEN p.period_start AND p.period_end
WHERE e.start_reason = 'S' AND e.legal_status NOT IN ('V3', 'V4')
GROUP BY p.period_id, e.la_code, e.child_id
