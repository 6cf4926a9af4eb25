-- Children looked after in the period (not only on short breaks): in the numerator when
-- a missing episode (M, not "away" A) started in the period, or began before it and was
-- still open at its start (not ended by its first day).
SELECT
    l.period_id, l.la_code, l.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN count(m.missing_id) > 0 THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    count(m.missing_id) AS missing_episodes
FROM looked_after_in_period AS l
LEFT JOIN missing_episode AS m
    ON m.la_code = l.la_code AND m.child_id = l.child_id AND m.missing_type = 'M'
    AND m.start_date <= l.period_end
    AND (m.start_date >= l.period_start OR m.end_date IS NULL OR m.end_date > l.period_start)
GROUP BY l.period_id, l.la_code, l.child_id
