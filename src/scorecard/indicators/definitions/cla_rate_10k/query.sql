-- Children looked after at the period end (see relations/looked_after_at_end.sql).
SELECT
    l.period_id, l.la_code, l.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    1 AS numerator, 1 AS denominator,
    l.episode_id, l.episode_start, l.care_start
FROM looked_after_at_end AS l
