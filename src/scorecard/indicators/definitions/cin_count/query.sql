-- Children with a CIN episode open at the period end (relations/in_need_at_end.sql).
SELECT * FROM in_need_at_end
