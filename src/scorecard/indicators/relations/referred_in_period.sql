-- Referrals (CIN episodes) received in the period, in the shape of a definition's rows:
-- the referral count and rate both read it.
SELECT
    p.period_id, e.la_code, e.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    1 AS numerator, 1 AS denominator,
    e.referral_id, e.referral_date, e.referral_source
FROM period AS p
JOIN cin_episode AS e ON e.referral_date BETWEEN p.period_start AND p.period_end
