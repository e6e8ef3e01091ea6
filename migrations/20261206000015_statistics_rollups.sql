-- Statistics at province scale: group rollups keyed by the filter dimensions.
--
-- Each teacher's contribution to the statistics is a set of facts (measure, k, n) computed
-- from the base tables (`backend::stat_facts`); `stat_cells` holds their sums per group at
-- three levels, so a view reads a few hundred pre-added rows whatever the teachers' number:
--   level 0: school × cohort × subject × stage × programme  (a school's figures, any filter)
--   level 1: area × cohort × subject × stage × programme    (across schools)
--   level 2: school × programme                              (per-school tables, no other filter)
--   level 3: cohort × subject × stage × programme           (the whole province or district)
--   level 4: area × programme                                (per-area tables, no other filter)
-- programme '' is every teacher; a teacher's open enrolments add their programme codes; area
-- is the school's 片区 ('' when not set).
-- Cells are maintained by deltas: a teacher's new facts minus the facts last applied.

CREATE TABLE teacher_facts (
    teacher_id  BIGINT NOT NULL,
    measure     SMALLINT NOT NULL,
    k           INT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (teacher_id, measure, k)
);

-- The dimensions each teacher's facts were added under (a transfer moves them).
CREATE TABLE teacher_fact_keys (
    teacher_id  BIGINT PRIMARY KEY,
    school_id   INT NOT NULL,
    area        TEXT NOT NULL,
    cohort      INT NOT NULL,
    subject     TEXT NOT NULL,
    stage       TEXT NOT NULL,
    programmes  TEXT[] NOT NULL,
    as_of       DATE NOT NULL
);

CREATE TABLE stat_cells (
    level       SMALLINT NOT NULL,
    school_id   INT NOT NULL,
    area        TEXT NOT NULL,
    cohort      INT NOT NULL,
    subject     TEXT NOT NULL,
    stage       TEXT NOT NULL,
    programme   TEXT NOT NULL,
    measure     SMALLINT NOT NULL,
    k           INT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (level, programme, measure, school_id, area, cohort, subject, stage, k)
);
-- Reads filter by cohort or by area within one measure.
CREATE INDEX stat_cells_cohort_idx ON stat_cells (level, programme, measure, cohort);
CREATE INDEX stat_cells_area_idx ON stat_cells (level, programme, measure, area);

-- Teachers whose facts are out of date. Every write to a table the statistics read marks its
-- teachers here (triggers, so writes made outside the app count too); the next statistics read
-- and the scheduled job bring them up to date. Each mark has a number: a catch-up removes only
-- the marks it read, so a write never waits for a catch-up and is never lost by one.
CREATE SEQUENCE stat_mark_seq;
CREATE TABLE stat_dirty (teacher_id BIGINT PRIMARY KEY, mark BIGINT NOT NULL DEFAULT nextval('stat_mark_seq'));
INSERT INTO stat_dirty (teacher_id) SELECT id FROM teachers;
-- Teachers whose hour records changed since their hours rollup (`teacher_standing`) was
-- computed; the app's own writes recompute it at once, writes from outside wait for the next
-- statistics read or job. A changed standing marks the teacher in `stat_dirty`.
CREATE TABLE standing_dirty (teacher_id BIGINT PRIMARY KEY);

CREATE FUNCTION stat_mark() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- A teacher marked again gets a new number (stat_dirty; standing_dirty has none).
    remark TEXT := CASE WHEN COALESCE(TG_ARGV[1], 'stat_dirty') = 'stat_dirty'
                        THEN 'ON CONFLICT (teacher_id) DO UPDATE SET mark = EXCLUDED.mark' ELSE 'ON CONFLICT DO NOTHING' END;
BEGIN
    -- TG_ARGV[0]: the transition table's teacher column (mentor_sessions name the pairing);
    -- TG_ARGV[1]: the table to mark, stat_dirty unless given.
    IF TG_TABLE_NAME = 'mentor_sessions' THEN
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO stat_dirty (teacher_id) SELECT DISTINCT p.mentee_id FROM changed_new c JOIN mentor_pairings p ON p.id = c.pairing_id
                ON CONFLICT (teacher_id) DO UPDATE SET mark = EXCLUDED.mark;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            INSERT INTO stat_dirty (teacher_id) SELECT DISTINCT p.mentee_id FROM changed_old c JOIN mentor_pairings p ON p.id = c.pairing_id
                ON CONFLICT (teacher_id) DO UPDATE SET mark = EXCLUDED.mark;
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE format('INSERT INTO %I (teacher_id) SELECT DISTINCT %I FROM changed_new %s',
                       COALESCE(TG_ARGV[1], 'stat_dirty'), TG_ARGV[0], remark);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        EXECUTE format('INSERT INTO %I (teacher_id) SELECT DISTINCT %I FROM changed_old %s',
                       COALESCE(TG_ARGV[1], 'stat_dirty'), TG_ARGV[0], remark);
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t RECORD;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('teachers', 'id', 'stat_dirty'), ('teacher_school_history', 'teacher_id', 'stat_dirty'),
                                   ('tier_promotions', 'teacher_id', 'stat_dirty'), ('party_stage_changes', 'teacher_id', 'stat_dirty'),
                                   ('programme_enrolments', 'teacher_id', 'stat_dirty'), ('mentor_pairings', 'mentee_id', 'stat_dirty'),
                                   ('mentor_sessions', 'pairing_id', 'stat_dirty'),
                                   ('hour_records', 'teacher_id', 'standing_dirty')) AS v(tab, col, target)
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_new
                        FOR EACH STATEMENT EXECUTE FUNCTION stat_mark(%L, %L)', t.tab || '_stat_ins', t.tab, t.col, t.target);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old
                        FOR EACH STATEMENT EXECUTE FUNCTION stat_mark(%L, %L)', t.tab || '_stat_upd', t.tab, t.col, t.target);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_old
                        FOR EACH STATEMENT EXECUTE FUNCTION stat_mark(%L, %L)', t.tab || '_stat_del', t.tab, t.col, t.target);
    END LOOP;
END $$;

-- The hours rollup marks a teacher only when their hours bin or pace may have changed (the
-- scheduled refresh rewrites every row).
CREATE FUNCTION stat_mark_standing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO stat_dirty (teacher_id) SELECT teacher_id FROM changed_new
            ON CONFLICT (teacher_id) DO UPDATE SET mark = EXCLUDED.mark;
    ELSE
        INSERT INTO stat_dirty (teacher_id) SELECT n.teacher_id FROM changed_new n JOIN changed_old o USING (teacher_id)
            WHERE (n.cycle_tenths, n.on_track) IS DISTINCT FROM (o.cycle_tenths, o.on_track)
            ON CONFLICT (teacher_id) DO UPDATE SET mark = EXCLUDED.mark;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER teacher_standing_stat_ins AFTER INSERT ON teacher_standing REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION stat_mark_standing();
CREATE TRIGGER teacher_standing_stat_upd AFTER UPDATE ON teacher_standing REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION stat_mark_standing();

-- Changes that move many teachers' figures at once: a school's area (its teachers), the ladder,
-- the terms and quotas (every mentee with an open pairing), the 双培养 settings (everyone).
CREATE FUNCTION stat_mark_many() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'schools' THEN
        INSERT INTO stat_dirty (teacher_id) SELECT t.id FROM teachers t JOIN changed_new s ON s.id = t.school_id
            ON CONFLICT (teacher_id) DO UPDATE SET mark = EXCLUDED.mark;
    ELSIF TG_TABLE_NAME IN ('terms', 'term_quotas') THEN
        INSERT INTO stat_dirty (teacher_id) SELECT DISTINCT mentee_id FROM mentor_pairings WHERE ended_on IS NULL
            ON CONFLICT (teacher_id) DO UPDATE SET mark = EXCLUDED.mark;
    ELSE
        INSERT INTO stat_dirty (teacher_id) SELECT id FROM teachers ON CONFLICT (teacher_id) DO UPDATE SET mark = EXCLUDED.mark;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER schools_stat_upd AFTER UPDATE ON schools REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION stat_mark_many();
CREATE TRIGGER tier_levels_stat AFTER INSERT OR UPDATE OR DELETE ON tier_levels
    FOR EACH STATEMENT EXECUTE FUNCTION stat_mark_many();
CREATE TRIGGER terms_stat AFTER INSERT OR UPDATE OR DELETE ON terms
    FOR EACH STATEMENT EXECUTE FUNCTION stat_mark_many();
CREATE TRIGGER term_quotas_stat AFTER INSERT OR UPDATE OR DELETE ON term_quotas
    FOR EACH STATEMENT EXECUTE FUNCTION stat_mark_many();
CREATE TRIGGER app_settings_stat AFTER INSERT OR UPDATE ON app_settings
    FOR EACH ROW WHEN (NEW.key LIKE 'dual%') EXECUTE FUNCTION stat_mark_many();

-- The attention list: mentees by how far their pairing is behind (measure 17), and active
-- teachers by staff number within a school.
CREATE INDEX teacher_facts_shortfall_idx ON teacher_facts (n DESC, teacher_id) WHERE measure = 17;
CREATE INDEX teachers_school_staff_idx ON teachers (school_id, staff_no) WHERE active;
-- The attention list walks the teachers behind on hours, most behind first.
CREATE INDEX teacher_standing_behind_idx ON teacher_standing (cycle_tenths, teacher_id) WHERE NOT on_track;
