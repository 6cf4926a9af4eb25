-- Referrals in the period: in the numerator when the same child had an earlier
-- referral (any, with no further action or not, before the period or in it) on or
-- after the same date one year before (29 February looks back to 28 February).
SELECT
    p.period_id, e.la_code, e.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN max(earlier.referral_date) IS NULL THEN 0 ELSE 1 END AS numerator,
    1 AS denominator,
    e.referral_id, e.referral_date, max(earlier.referral_date) AS previous_referral_date
FROM period AS p
JOIN cin_episode AS e ON e.referral_date BETWEEN p.period_start AND p.period_end
LEFT JOIN cin_episode AS earlier
    ON earlier.la_code = e.la_code
    AND earlier.child_id = e.child_id
    AND earlier.referral_date < e.referral_date
    AND earlier.referral_date >= CAST(e.referral_date - INTERVAL '1' YEAR AS DATE)
GROUP BY p.period_id, e.la_code, e.child_id, e.referral_id, e.referral_date
