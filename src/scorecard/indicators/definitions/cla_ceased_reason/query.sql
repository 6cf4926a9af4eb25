-- Children ceasing to be looked after in the period, each under the reason of their
-- last cessation in the period.
SELECT period_id, la_code, subject_id, breakdown, 1 AS numerator, 1 AS denominator, ceased
FROM (
    SELECT
        p.period_id, e.la_code, e.child_id AS subject_id, e.end_reason AS breakdown, e.end_date AS ceased,
        row_number() OVER (PARTITION BY p.period_id, e.la_code, e.child_id ORDER BY e.end_date DESC) AS latest
    FROM period AS p
    JOIN cla_episode AS e ON e.end_date BETWEEN p.period_start AND p.period_end
    WHERE e.end_reason IS NOT NULL AND e.end_reason <> 'X1' AND e.legal_status NOT IN ('V3', 'V4')
) AS ceased
WHERE latest = 1
