-- Referrals received in the period (relations/referred_in_period.sql).
SELECT * FROM referred_in_period
