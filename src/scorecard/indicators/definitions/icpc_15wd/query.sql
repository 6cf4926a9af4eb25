-- Conferences held in the period that follow a section 47 enquiry: in the numerator
-- when held within $days working days of the enquiry's start. Left out: enquiries
-- marked "conference not required", conferences dated before their enquiry started
-- (a data error), conferences with no enquiry (as on a transfer in), and transfers in.
SELECT
    p.period_id, i.la_code, i.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
    CASE WHEN held.working_day_number - began.working_day_number <= $days THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    i.icpc_id, s.start_date AS s47_start_date, i.icpc_date,
    held.working_day_number - began.working_day_number AS working_days
FROM period AS p
JOIN icpc AS i ON i.icpc_date BETWEEN p.period_start AND p.period_end
JOIN s47 AS s ON s.la_code = i.la_code AND s.s47_id = i.s47_id
JOIN calendar AS began ON began.date = s.start_date
JOIN calendar AS held ON held.date = i.icpc_date
WHERE NOT coalesce(s.icpc_not_required, FALSE)
    AND NOT coalesce(i.transfer_in, FALSE)
    AND i.icpc_date >= s.start_date
