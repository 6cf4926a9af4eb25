-- Children looked after at the period end whose home and placement postcodes can both be
-- found: in the numerator when the straight line between them, in miles to 1 decimal
-- place, is more than $miles and the placement is outside the LA's districts.
SELECT
    period_id, la_code, subject_id, breakdown,
    CASE WHEN miles > $miles AND NOT inside_la THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    home_postcode, placement_postcode, placement_district, miles
FROM (
    SELECT
        l.period_id, l.la_code, l.child_id AS subject_id, CAST(NULL AS VARCHAR) AS breakdown,
        e.home_postcode, e.placement_postcode, placed.district AS placement_district,
        round(CAST(sqrt(power(home.easting - placed.easting, 2) + power(home.northing - placed.northing, 2)) / 1609.344
            AS DECIMAL(12, 6)), 1)
            AS miles,
        EXISTS (SELECT 1 FROM la_district AS d WHERE d.la_code = l.la_code AND d.district = placed.district) AS inside_la
    FROM looked_after_at_end AS l
    JOIN cla_episode AS e ON e.la_code = l.la_code AND e.episode_id = l.episode_id
    JOIN postcode_grid AS home ON home.postcode = upper(replace(e.home_postcode, ' ', ''))
    JOIN postcode_grid AS placed ON placed.postcode = upper(replace(e.placement_postcode, ' ', ''))
) AS placed_children
