-- Children looked after at the period end, under 16 on that day, whose period of care
-- began at least 30 calendar months before it. A new carer starts with an episode whose
-- reason is S, P or B; L, T and U keep the same carer. In the numerator when the current
-- carer has had the child for 24 months or more by the period end; or, for a child placed
-- for adoption (A3-A6) with a new carer, when the placement before the adoptive one began
-- 24 months or more before it. Short breaks (V3, V4) are left out; the other children
-- looked after at the end are listed with why they are left out. The child's earliest
-- episode in the returns loaded also starts a carer: a child looked after since before
-- the first return loaded has been with that carer at least since then, whatever the
-- reason of that episode (its S, P or B may be in a return not loaded).
WITH first_loaded AS (
    SELECT la_code, child_id, min(start_date) AS start_date
    FROM cla_episode
    WHERE legal_status NOT IN ('V3', 'V4')
    GROUP BY la_code, child_id
),
carer_change AS (
    SELECT
        l.period_id, l.la_code, l.child_id, e.start_date, e.placement_type,
        row_number() OVER (PARTITION BY l.period_id, l.la_code, l.child_id ORDER BY e.start_date DESC) AS recency
    FROM looked_after_at_end AS l
    JOIN cla_episode AS e
        ON e.la_code = l.la_code AND e.child_id = l.child_id
        AND e.start_date <= l.period_end AND e.legal_status NOT IN ('V3', 'V4')
    JOIN first_loaded AS f ON f.la_code = e.la_code AND f.child_id = e.child_id
    WHERE e.start_reason IN ('S', 'P', 'B') OR e.start_date = f.start_date
),
carer AS (
    SELECT
        period_id, la_code, child_id,
        max(CASE WHEN recency = 1 THEN start_date END) AS carer_start,
        max(CASE WHEN recency = 1 THEN placement_type END) AS carer_placement,
        max(CASE WHEN recency = 2 THEN start_date END) AS carer_before_start
    FROM carer_change
    GROUP BY period_id, la_code, child_id
),
judged AS (
    SELECT
        l.period_id, l.la_code, l.child_id, l.period_end, l.care_start, k.birth_date,
        c.carer_start, c.carer_placement, c.carer_before_start,
        CASE
            WHEN k.birth_date IS NULL THEN 'no date of birth recorded'
            WHEN CAST(k.birth_date + INTERVAL '16' YEAR AS DATE) <= l.period_end THEN 'aged 16 or over'
            WHEN l.care_start > CAST(l.period_end - INTERVAL '30' MONTH AS DATE)
                THEN 'looked after for less than 2.5 years'
        END AS excluded
    FROM looked_after_at_end AS l
    LEFT JOIN child AS k ON k.la_code = l.la_code AND k.child_id = l.child_id
    LEFT JOIN carer AS c ON c.period_id = l.period_id AND c.la_code = l.la_code AND c.child_id = l.child_id
)
SELECT
    j.period_id, j.la_code, j.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE
        WHEN j.excluded IS NOT NULL THEN 0
        WHEN j.carer_placement IN ('A3', 'A4', 'A5', 'A6')
            THEN CASE WHEN j.carer_before_start <= CAST(j.period_end - INTERVAL '24' MONTH AS DATE) THEN 1 ELSE 0 END
        WHEN j.carer_start <= CAST(j.period_end - INTERVAL '24' MONTH AS DATE) THEN 1
        ELSE 0
    END AS numerator,
    CASE WHEN j.excluded IS NULL THEN 1 ELSE 0 END AS denominator,
    j.care_start, j.carer_start, j.carer_placement, j.carer_before_start, j.birth_date, j.excluded
FROM judged AS j
