-- Referrals in the period that say whether they led to no further action (the others
-- are listed as left out).
SELECT
    p.period_id, e.la_code, e.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN e.referral_nfa THEN 1 ELSE 0 END AS numerator,
    CASE WHEN e.referral_nfa IS NULL THEN 0 ELSE 1 END AS denominator,
    e.referral_id, e.referral_date, e.referral_nfa,
    CASE WHEN e.referral_nfa IS NULL THEN 'whether it led to no further action is not recorded' END AS excluded
FROM period AS p
JOIN cin_episode AS e ON e.referral_date BETWEEN p.period_start AND p.period_end
