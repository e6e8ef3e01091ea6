-- The attention list's teachers behind on hours, most behind first, for any filter; and the
-- catch-up queues kept small.
--
-- The list walked the hours rollup's index of teachers behind (teacher_standing, by counted
-- hours) until 500 matched the filters. For a large subject at province scale (数学) that read
-- thousands of teachers' rows to find 500: p95 52.6 ms. The statistics keys (the dimensions each
-- teacher's facts count under, kept current by every catch-up) now carry the counted hours of an
-- active teacher behind on hours, indexed under each selective filter, so a filtered list reads
-- its 500 rows in order.
ALTER TABLE teacher_fact_keys ADD COLUMN behind_tenths BIGINT;

UPDATE teacher_fact_keys k SET behind_tenths = s.cycle_tenths
FROM teacher_standing s JOIN teachers t ON t.id = s.teacher_id
WHERE s.teacher_id = k.teacher_id AND NOT s.on_track AND t.active;

CREATE INDEX teacher_fact_keys_behind_idx ON teacher_fact_keys (behind_tenths, teacher_id)
    WHERE behind_tenths IS NOT NULL;
CREATE INDEX teacher_fact_keys_behind_school_idx ON teacher_fact_keys (school_id, behind_tenths, teacher_id)
    WHERE behind_tenths IS NOT NULL;
CREATE INDEX teacher_fact_keys_behind_area_idx ON teacher_fact_keys (area, behind_tenths, teacher_id)
    WHERE behind_tenths IS NOT NULL;
CREATE INDEX teacher_fact_keys_behind_cohort_idx ON teacher_fact_keys (cohort, behind_tenths, teacher_id)
    WHERE behind_tenths IS NOT NULL;
CREATE INDEX teacher_fact_keys_behind_subject_idx ON teacher_fact_keys (subject, behind_tenths, teacher_id)
    WHERE behind_tenths IS NOT NULL;

-- The catch-up queues empty as fast as they fill, and every statistics read asks whether they
-- are empty: vacuumed after a thousand dead rows rather than a fifth of the table, so the
-- question reads an empty table, not pages of dead rows (a large catch-up also vacuums them).
ALTER TABLE stat_dirty SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
ALTER TABLE standing_dirty SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
