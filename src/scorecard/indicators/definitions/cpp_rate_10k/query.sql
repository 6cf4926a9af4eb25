-- Children with a child protection plan open at the period end (relations/on_plan_at_end.sql).
SELECT * FROM on_plan_at_end
