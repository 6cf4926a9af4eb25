-- Children with an episode ending their period of care in the period: an end reason
-- other than X1 (episode ceases and a new one begins the same day), not a short break
-- (V3, V4). Each child once.
SELECT
    p.period_id, e.la_code, e.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    1 AS numerator, 1 AS denominator,
    max(e.end_date) AS ceased
FROM period AS p
JOIN cla_episode AS e ON e.end_date BETWEEN p.period_start AND p.period_end
WHERE e.end_reason IS NOT NULL AND e.end_reason <> 'X1' AND e.legal_status NOT IN ('V3', 'V4')
GROUP BY p.period_id, e.la_code, e.child_id
