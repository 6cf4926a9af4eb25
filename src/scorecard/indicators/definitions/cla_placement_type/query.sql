-- Children looked after at the period end, each under the group of their placement on
-- that day. Fostering is split by carer: relatives and friends (U1-U3), the LA's own
-- carers (U4-U6 provided by the LA, PR1) and agency carers (U4-U6 otherwise).
SELECT
    l.period_id, l.la_code, l.child_id AS subject_id,
    CASE
        WHEN e.placement_type IN ('U1', 'U2', 'U3') THEN 'Kinship foster care'
        WHEN e.placement_type IN ('U4', 'U5', 'U6') AND e.placement_provider = 'PR1' THEN 'In-house foster care'
        WHEN e.placement_type IN ('U4', 'U5', 'U6') THEN 'Agency foster care'
        WHEN e.placement_type IN ('K1', 'K2', 'R1', 'R2', 'S1') THEN 'Residential'
        WHEN e.placement_type = 'P1' THEN 'Placed with parents'
        WHEN e.placement_type IN ('P2', 'H5', 'K3') THEN 'Independent or semi-independent living'
        WHEN e.placement_type IN ('A3', 'A4', 'A5', 'A6') THEN 'Placed for adoption'
        ELSE 'Other'
    END AS breakdown,
    1 AS numerator, 1 AS denominator,
    e.episode_id, e.placement_type, e.placement_provider
FROM looked_after_at_end AS l
JOIN cla_episode AS e ON e.la_code = l.la_code AND e.episode_id = l.episode_id
