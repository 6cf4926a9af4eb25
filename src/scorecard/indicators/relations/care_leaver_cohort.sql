-- Young people in the care leavers' return (SSDA903 OC3) for the cohort year, with the age
-- they reached on their birthday in that year. Those who have died are left out of every
-- care leaver figure: `excluded` says so, for the figures to list them as left out. The
-- accommodation figures also leave out those gone abroad, deported or whose residence is
-- not known (codes G, H, R): `excluded_from_accommodation` says why either way.
SELECT
    p.period_id, c.la_code, c.child_id, c.in_touch, c.activity, c.accommodation, k.birth_date,
    CASE WHEN c.in_touch = 'DIED' THEN 'died' END AS excluded,
    CASE WHEN c.in_touch = 'DIED' THEN 'died'
         WHEN substr(c.accommodation, 1, 1) IN ('G', 'H', 'R') THEN 'gone abroad, deported or residence not known'
    END AS excluded_from_accommodation,
    CASE WHEN extract(month FROM k.birth_date) < 4
         THEN extract(year FROM p.cohort_end) ELSE extract(year FROM p.cohort_start)
    END - extract(year FROM k.birth_date) AS age
FROM period AS p
JOIN care_leaver AS c ON c.cohort_year = p.cohort_year
JOIN child AS k ON k.la_code = c.la_code AND k.child_id = c.child_id
