-- Children looked after at the period end: an episode open on that day (started on or
-- before it, not ended by it) whose legal status is not a short break (V3, V4). One
-- row per child, with that episode and the start of the period of care it belongs to:
-- the latest start to be looked after (RNE S) on or before the period end, or, when the
-- returns loaded begin after it, the child's earliest episode in them.
SELECT
    open_episode.period_id, open_episode.period_end, open_episode.la_code, open_episode.child_id,
    open_episode.episode_id, open_episode.start_date AS episode_start,
    (
        SELECT coalesce(max(CASE WHEN s.start_reason = 'S' THEN s.start_date END), min(s.start_date))
        FROM cla_episode AS s
        WHERE s.la_code = open_episode.la_code AND s.child_id = open_episode.child_id
            AND s.start_date <= open_episode.period_end AND s.legal_status NOT IN ('V3', 'V4')
    ) AS care_start
FROM (
    SELECT
        p.period_id, p.period_end, e.la_code, e.child_id, e.episode_id, e.start_date,
        row_number() OVER (PARTITION BY p.period_id, e.la_code, e.child_id ORDER BY e.start_date DESC) AS latest
    FROM period AS p
    JOIN cla_episode AS e
        ON e.start_date <= p.period_end
        AND (e.end_date IS NULL OR e.end_date > p.period_end)
    WHERE e.legal_status NOT IN ('V3', 'V4')
) AS open_episode
WHERE open_episode.latest = 1
