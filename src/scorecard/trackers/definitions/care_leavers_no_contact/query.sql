-- Young people open to the leaving-care service at the day (started on or before it, or
-- with no start recorded, and not ended by it), except those recorded as having died.
-- Contact is due $weeks weeks after the latest contact recorded, or after they became open
-- to the service when none is; with neither date there is nothing to count from, and the
-- young person is listed as overdue. The team is the service's record of it.
SELECT
    s.la_code, s.child_id, s.team, s.personal_advisor, s.service_start_date,
    s.latest_contact_date AS last_contact_date, due.due_date, due.due_date - p.period_end AS days_left
FROM period AS p
JOIN care_leaver_service AS s
    ON (s.service_start_date IS NULL OR s.service_start_date <= p.period_end)
    AND (s.service_end_date IS NULL OR s.service_end_date > p.period_end)
CROSS JOIN LATERAL (
    SELECT coalesce(s.latest_contact_date, s.service_start_date) + 7 * $weeks AS due_date
) AS due
WHERE s.in_touch IS NULL OR s.in_touch <> 'DIED'
