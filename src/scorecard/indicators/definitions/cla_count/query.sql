-- Children looked after at the period end (see relations/looked_after_at_end.sql); children
-- whose only episode open at the end is a short break (V3, V4) are listed as left out.
SELECT
    l.period_id, l.la_code, l.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    1 AS numerator, 1 AS denominator,
    l.episode_id, l.episode_start, l.care_start, CAST(NULL AS VARCHAR) AS excluded
FROM looked_after_at_end AS l
UNION ALL
SELECT
    p.period_id, e.la_code, e.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    0 AS numerator, 0 AS denominator,
    max(e.episode_id), max(e.start_date), CAST(NULL AS DATE), 'only on short breaks (V3, V4)' AS excluded
FROM period AS p
JOIN cla_episode AS e ON e.start_date <= p.period_end AND (e.end_date IS NULL OR e.end_date > p.period_end)
WHERE e.legal_status IN ('V3', 'V4')
    AND NOT EXISTS (
        SELECT 1 FROM looked_after_at_end AS l
        WHERE l.period_id = p.period_id AND l.la_code = e.la_code AND l.child_id = e.child_id
    )
GROUP BY p.period_id, e.la_code, e.child_id
