-- Conferences held in the period that follow a section 47 enquiry: in the numerator
-- when held within $days working days of the enquiry's start. The others held in the
-- period are listed with why they are left out: a transfer in, no enquiry linked to the
-- conference (as on a transfer in), an enquiry marked "conference not required", or a
-- conference dated before its enquiry started (a data error).
WITH held AS (
    SELECT
        p.period_id, i.la_code, i.child_id, i.icpc_id, i.icpc_date, s.start_date AS s47_start_date,
        CASE
            WHEN coalesce(i.transfer_in, FALSE) THEN 'transfer in'
            WHEN i.s47_id IS NULL THEN 'no section 47 enquiry linked to the conference'
            WHEN s.s47_id IS NULL THEN 'its section 47 enquiry is in no return loaded'
            WHEN coalesce(s.icpc_not_required, FALSE) THEN 'the enquiry is recorded as needing no conference'
            WHEN i.icpc_date < s.start_date THEN 'held before its enquiry started (a data error)'
        END AS excluded
    FROM period AS p
    JOIN icpc AS i ON i.icpc_date BETWEEN p.period_start AND p.period_end
    LEFT JOIN s47 AS s ON s.la_code = i.la_code AND s.s47_id = i.s47_id
)
SELECT
    h.period_id, h.la_code, h.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN h.excluded IS NULL AND held.working_day_number - began.working_day_number <= $days THEN 1 ELSE 0 END
        AS numerator,
    CASE WHEN h.excluded IS NULL THEN 1 ELSE 0 END AS denominator,
    h.icpc_id, h.s47_start_date, h.icpc_date,
    CASE WHEN h.excluded IS NULL THEN held.working_day_number - began.working_day_number END AS working_days,
    h.excluded
FROM held AS h
JOIN calendar AS held ON held.date = h.icpc_date
LEFT JOIN calendar AS began ON began.date = h.s47_start_date
