-- Children with a CIN episode open at the period end: referred on or before it and not
-- closed by it (an episode closing on the last day is not open at it). Each child once,
-- in the shape of a definition's rows: the CIN count and rate both read it.
SELECT
    p.period_id, e.la_code, e.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    1 AS numerator, 1 AS denominator,
    min(e.referral_date) AS referral_date
FROM period AS p
JOIN cin_episode AS e
    ON e.referral_date <= p.period_end
    AND (e.closure_date IS NULL OR e.closure_date > p.period_end)
GROUP BY p.period_id, e.la_code, e.child_id
