-- Children looked after at the period end, and their placements in the 12 months to it:
-- the placement open at the start of the 12 months (whatever it is: the child was in a
-- placement, be it the return from a temporary one), plus each episode starting after
-- that and by the period end with a new placement (RNE P, T, B or U, or S for a new
-- period of care). A temporary placement (T0-T4) starting in the 12 months is not
-- counted, nor is going back to the same placement after it. Short breaks (V3, V4) are
-- left out.
WITH episode AS (
    SELECT
        e.la_code, e.child_id, e.episode_id, e.start_date, e.end_date, e.start_reason, e.placement_type,
        lag(e.placement_type) OVER w AS previous_type,
        lag(e.placement_type, 2) OVER w AS type_before_previous,
        lag(coalesce(e.placement_urn, '') || '|' || coalesce(e.placement_postcode, ''), 2) OVER w AS place_before_previous,
        coalesce(e.placement_urn, '') || '|' || coalesce(e.placement_postcode, '') AS place
    FROM cla_episode AS e
    WHERE e.legal_status NOT IN ('V3', 'V4')
    WINDOW w AS (PARTITION BY e.la_code, e.child_id ORDER BY e.start_date)
),
placement AS (
    SELECT *,
        CASE
            WHEN placement_type IN ('T0', 'T1', 'T2', 'T3', 'T4') THEN 0
            WHEN previous_type IN ('T0', 'T1', 'T2', 'T3', 'T4')
                AND placement_type = type_before_previous AND place = place_before_previous THEN 0
            ELSE 1
        END AS counts
    FROM episode
)
SELECT
    l.period_id, l.la_code, l.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN count(DISTINCT e.episode_id) >= 3 THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    count(DISTINCT e.episode_id) AS placements
FROM looked_after_at_end AS l
JOIN period AS p ON p.period_id = l.period_id
LEFT JOIN placement AS e
    ON e.la_code = l.la_code AND e.child_id = l.child_id
    AND e.start_date <= l.period_end
    AND (
        (e.start_date <= p.window_start AND (e.end_date IS NULL OR e.end_date > p.window_start))
        OR (e.start_date > p.window_start AND e.start_reason IN ('S', 'P', 'T', 'B', 'U') AND e.counts = 1)
    )
GROUP BY l.period_id, l.la_code, l.child_id
