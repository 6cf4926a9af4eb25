-- Children looked after at any time in the period: an episode that is not a short break
-- (V3, V4) and runs into the period (starts on or before its end, and had not ended
-- before its start). One row per child.
SELECT DISTINCT p.period_id, p.period_start, p.period_end, e.la_code, e.child_id
FROM period AS p
JOIN cla_episode AS e
    ON e.start_date <= p.period_end
    AND (e.end_date IS NULL OR e.end_date >= p.period_start)
WHERE e.legal_status NOT IN ('V3', 'V4')
