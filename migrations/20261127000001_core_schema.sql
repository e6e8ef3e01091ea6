-- Core schema of the teacher-development platform: one model every feature builds on.
-- Enumerations are TEXT with CHECK constraints (not PG enums) so that adding a value later is a
-- plain constraint swap and sqlx maps them as strings. Codes are stable English identifiers;
-- the UI translates them.

CREATE TABLE schools (
    id          SERIAL PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9-]{2,20}$'),
    name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 2 AND 100),
    -- the stages a school teaches: kindergarten, primary, junior, senior, vocational
    stage       TEXT NOT NULL CHECK (stage IN ('kindergarten','primary','junior','senior','vocational','nine_year','twelve_year')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A year's intake of new teachers, followed across years and schools.
CREATE TABLE entry_cohorts (
    year        INT PRIMARY KEY CHECK (year BETWEEN 1990 AND 2100),
    name        TEXT NOT NULL UNIQUE,
    starts_on   DATE NOT NULL
);

CREATE TABLE teachers (
    id               BIGSERIAL PRIMARY KEY,
    staff_no         TEXT NOT NULL UNIQUE CHECK (staff_no ~ '^[A-Za-z0-9-]{3,20}$'),
    name             TEXT NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 50),
    gender           TEXT CHECK (gender IN ('f','m')),
    school_id        INT NOT NULL REFERENCES schools(id),
    subject          TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 30),
    stage            TEXT NOT NULL CHECK (stage IN ('kindergarten','primary','junior','senior','vocational')),
    hire_date        DATE NOT NULL,
    cohort_year      INT REFERENCES entry_cohorts(year),
    title            TEXT NOT NULL DEFAULT 'none' CHECK (title IN ('none','level3','level2','level1','senior','professor')),
    party_stage      TEXT NOT NULL DEFAULT 'none' CHECK (party_stage IN ('none','applicant','activist','candidate','probationary','member')),
    education        TEXT CHECK (education IN ('college','bachelor','master','doctor')),
    mentor_capacity  SMALLINT NOT NULL DEFAULT 3 CHECK (mentor_capacity BETWEEN 0 AND 20),
    active           BOOLEAN NOT NULL DEFAULT true,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (cohort_year IS NULL OR cohort_year BETWEEN EXTRACT(YEAR FROM hire_date)::int - 1 AND EXTRACT(YEAR FROM hire_date)::int + 1)
);
CREATE INDEX teachers_school_idx ON teachers (school_id);
CREATE INDEX teachers_cohort_idx ON teachers (cohort_year);
CREATE INDEX teachers_subject_stage_idx ON teachers (subject, stage);

-- Where a teacher taught when: transfers keep the cohort followable across schools.
CREATE TABLE teacher_school_history (
    id          BIGSERIAL PRIMARY KEY,
    teacher_id  BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
    school_id   INT NOT NULL REFERENCES schools(id),
    from_date   DATE NOT NULL,
    to_date     DATE,
    CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX teacher_school_history_teacher_idx ON teacher_school_history (teacher_id, from_date);

CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9._-]{3,40}$'),
    password_hash  TEXT NOT NULL,
    display_name   TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
    teacher_id     BIGINT UNIQUE REFERENCES teachers(id),
    disabled       BOOLEAN NOT NULL DEFAULT false,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_login_at  TIMESTAMPTZ
);

-- A person can hold several roles; a school coordinator is scoped to one school.
CREATE TABLE user_roles (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('teacher','mentor','school_coordinator','center_staff')),
    school_id  INT REFERENCES schools(id),
    CHECK ((role = 'school_coordinator') = (school_id IS NOT NULL))
);
CREATE UNIQUE INDEX user_roles_unique_idx ON user_roles (user_id, role, COALESCE(school_id, 0));
CREATE INDEX user_roles_school_idx ON user_roles (school_id) WHERE school_id IS NOT NULL;

-- The tier ladder (青年教师梯队) is data the center edits, ordered by rank.
CREATE TABLE tier_levels (
    id           SERIAL PRIMARY KEY,
    rank         INT NOT NULL UNIQUE CHECK (rank BETWEEN 1 AND 50),
    name         TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 40),
    name_en      TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 60),
    -- eligibility criteria, e.g. {"min_years":6,"public_lessons":4,...}; interpreted by domain rules
    criteria     JSONB NOT NULL DEFAULT '{}'::jsonb,
    active       BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE tier_promotions (
    id           BIGSERIAL PRIMARY KEY,
    teacher_id   BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
    level_id     INT NOT NULL REFERENCES tier_levels(id),
    promoted_on  DATE NOT NULL,
    approved_by  BIGINT REFERENCES users(id),
    note         TEXT CHECK (length(note) <= 500),
    UNIQUE (teacher_id, level_id)
);
CREATE INDEX tier_promotions_teacher_idx ON tier_promotions (teacher_id, promoted_on DESC);

-- Cultivation programmes: 名特优, 党员骨干双培养, new-teacher training and mentoring tracks.
CREATE TABLE programmes (
    id           SERIAL PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_]{2,40}$'),
    kind         TEXT NOT NULL CHECK (kind IN ('famous','dual','new_teacher','mentoring')),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    name_en      TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 120),
    description  TEXT,
    active       BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE programme_enrolments (
    id            BIGSERIAL PRIMARY KEY,
    programme_id  INT NOT NULL REFERENCES programmes(id),
    teacher_id    BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
    stage         TEXT NOT NULL DEFAULT 'enrolled' CHECK (length(stage) BETWEEN 1 AND 40),
    started_on    DATE NOT NULL,
    ended_on      DATE,
    outcome       TEXT NOT NULL DEFAULT 'in_progress' CHECK (outcome IN ('in_progress','completed','withdrawn','not_passed')),
    CHECK (ended_on IS NULL OR ended_on >= started_on),
    CHECK ((outcome = 'in_progress') = (ended_on IS NULL)),
    UNIQUE (programme_id, teacher_id, started_on)
);
CREATE INDEX programme_enrolments_teacher_idx ON programme_enrolments (teacher_id);
CREATE UNIQUE INDEX programme_enrolments_one_open_idx ON programme_enrolments (programme_id, teacher_id) WHERE ended_on IS NULL;

-- 师徒结对. History is kept: ending a pairing sets ended_on, never deletes.
CREATE TABLE mentor_pairings (
    id            BIGSERIAL PRIMARY KEY,
    mentor_id     BIGINT NOT NULL REFERENCES teachers(id),
    mentee_id     BIGINT NOT NULL REFERENCES teachers(id),
    programme_id  INT REFERENCES programmes(id),
    started_on    DATE NOT NULL,
    ended_on      DATE,
    end_reason    TEXT CHECK (length(end_reason) <= 200),
    over_capacity BOOLEAN NOT NULL DEFAULT false,
    created_by    BIGINT REFERENCES users(id),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (mentor_id <> mentee_id),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE UNIQUE INDEX mentor_pairings_active_pair_idx ON mentor_pairings (mentor_id, mentee_id) WHERE ended_on IS NULL;
CREATE INDEX mentor_pairings_mentor_idx ON mentor_pairings (mentor_id) WHERE ended_on IS NULL;
CREATE INDEX mentor_pairings_mentee_idx ON mentor_pairings (mentee_id);

CREATE TABLE terms (
    id         SERIAL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 40),
    starts_on  DATE NOT NULL,
    ends_on    DATE NOT NULL,
    CHECK (ends_on > starts_on)
);

-- Minimum sessions of each kind per term and programme (configurable per programme).
CREATE TABLE term_quotas (
    id            SERIAL PRIMARY KEY,
    programme_id  INT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('observe_mentee','demo_lesson','debrief','lesson_plan','talk','summary','other')),
    min_count     INT NOT NULL CHECK (min_count BETWEEN 0 AND 100),
    UNIQUE (programme_id, kind)
);

-- 带教记录: logged by the mentor, confirmed by the mentee.
CREATE TABLE mentor_sessions (
    id                 BIGSERIAL PRIMARY KEY,
    pairing_id         BIGINT NOT NULL REFERENCES mentor_pairings(id),
    held_on            DATE NOT NULL,
    minutes            INT NOT NULL CHECK (minutes BETWEEN 5 AND 480),
    kind               TEXT NOT NULL CHECK (kind IN ('observe_mentee','demo_lesson','debrief','lesson_plan','talk','summary','other')),
    topic              TEXT NOT NULL CHECK (length(btrim(topic)) BETWEEN 1 AND 200),
    notes              TEXT CHECK (length(notes) <= 5000),
    mentee_reflection  TEXT CHECK (length(mentee_reflection) <= 5000),
    confirmed_at       TIMESTAMPTZ,
    created_by         BIGINT REFERENCES users(id),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX mentor_sessions_pairing_idx ON mentor_sessions (pairing_id, held_on);

CREATE TABLE training_events (
    id          BIGSERIAL PRIMARY KEY,
    title       TEXT NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    organizer   TEXT NOT NULL CHECK (length(organizer) BETWEEN 1 AND 100),
    level       TEXT NOT NULL CHECK (level IN ('national','provincial','city','district','school')),
    category    TEXT NOT NULL CHECK (category IN ('general','subject','moral','it','research','lesson','competition','other')),
    starts_on   DATE NOT NULL,
    ends_on     DATE NOT NULL,
    hours       NUMERIC(5,1) NOT NULL CHECK (hours > 0 AND hours <= 200),
    created_by  BIGINT REFERENCES users(id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on)
);
CREATE INDEX training_events_starts_idx ON training_events (starts_on);

CREATE TABLE event_attendance (
    event_id    BIGINT NOT NULL REFERENCES training_events(id) ON DELETE CASCADE,
    teacher_id  BIGINT NOT NULL REFERENCES teachers(id),
    PRIMARY KEY (event_id, teacher_id)
);

-- Claims a teacher files with evidence: submitted -> school_approved -> approved (or rejected).
CREATE TABLE hour_claims (
    id                  BIGSERIAL PRIMARY KEY,
    teacher_id          BIGINT NOT NULL REFERENCES teachers(id),
    title               TEXT NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    hours               NUMERIC(5,1) NOT NULL CHECK (hours > 0 AND hours <= 200),
    category            TEXT NOT NULL CHECK (category IN ('general','subject','moral','it','research','lesson','competition','other')),
    level               TEXT NOT NULL CHECK (level IN ('national','provincial','city','district','school')),
    earned_on           DATE NOT NULL,
    evidence            TEXT NOT NULL CHECK (length(evidence) BETWEEN 1 AND 2000),
    status              TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','school_approved','approved','rejected','withdrawn')),
    school_reviewed_by  BIGINT REFERENCES users(id),
    school_reviewed_at  TIMESTAMPTZ,
    center_reviewed_by  BIGINT REFERENCES users(id),
    center_reviewed_at  TIMESTAMPTZ,
    reject_reason       TEXT CHECK (length(reject_reason) <= 500),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (status <> 'rejected' OR reject_reason IS NOT NULL)
);
CREATE INDEX hour_claims_status_idx ON hour_claims (status, teacher_id);
CREATE INDEX hour_claims_teacher_idx ON hour_claims (teacher_id);

-- Credited hours: from an event, an approved claim, or an activity conversion.
CREATE TABLE hour_records (
    id          BIGSERIAL PRIMARY KEY,
    teacher_id  BIGINT NOT NULL REFERENCES teachers(id),
    hours       NUMERIC(5,1) NOT NULL CHECK (hours > 0 AND hours <= 200),
    category    TEXT NOT NULL CHECK (category IN ('general','subject','moral','it','research','lesson','competition','other')),
    level       TEXT NOT NULL CHECK (level IN ('national','provincial','city','district','school')),
    earned_on   DATE NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('event','claim','conversion','import')),
    event_id    BIGINT REFERENCES training_events(id),
    claim_id    BIGINT UNIQUE REFERENCES hour_claims(id),
    note        TEXT CHECK (length(note) <= 200),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((source = 'event') = (event_id IS NOT NULL)),
    CHECK ((source = 'claim') = (claim_id IS NOT NULL)),
    UNIQUE (event_id, teacher_id)
);
CREATE INDEX hour_records_teacher_idx ON hour_records (teacher_id, earned_on);

-- Requirement rules the center configures; defaults follow the Jiangsu rule (art. 7).
CREATE TABLE requirement_rules (
    id             SERIAL PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_]{2,40}$'),
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    name_en        TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 120),
    -- cycle: over period_years; probation: the first year after hire; yearly: each calendar year;
    -- cap: at most max_hours of the given category count
    scope          TEXT NOT NULL CHECK (scope IN ('cycle','probation','yearly','cap')),
    period_years   INT NOT NULL DEFAULT 1 CHECK (period_years BETWEEN 1 AND 10),
    min_hours      NUMERIC(6,1) CHECK (min_hours > 0),
    max_hours      NUMERIC(6,1) CHECK (max_hours > 0),
    min_level      TEXT CHECK (min_level IN ('national','provincial','city','district','school')),
    category       TEXT CHECK (category IN ('general','subject','moral','it','research','lesson','competition','other')),
    active         BOOLEAN NOT NULL DEFAULT true,
    CHECK (min_hours IS NOT NULL OR max_hours IS NOT NULL)
);

CREATE TABLE achievements (
    id           BIGSERIAL PRIMARY KEY,
    teacher_id   BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('public_lesson','prize','paper','project')),
    title        TEXT NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    level        TEXT NOT NULL CHECK (level IN ('national','provincial','city','district','school')),
    -- prizes: 1 = first prize ...; NULL for other kinds
    award_rank   SMALLINT CHECK (award_rank BETWEEN 1 AND 5),
    achieved_on  DATE NOT NULL,
    detail       TEXT CHECK (length(detail) <= 2000),
    verified     BOOLEAN NOT NULL DEFAULT false,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX achievements_teacher_idx ON achievements (teacher_id, achieved_on DESC);

-- 个人发展规划: plan -> track -> feedback -> result.
CREATE TABLE growth_goals (
    id          BIGSERIAL PRIMARY KEY,
    teacher_id  BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
    title       TEXT NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    target_on   DATE NOT NULL,
    progress    SMALLINT NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    status      TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','in_progress','achieved','dropped')),
    review      TEXT CHECK (length(review) <= 2000),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX growth_goals_teacher_idx ON growth_goals (teacher_id, target_on);

CREATE TABLE audit_log (
    id             BIGSERIAL PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_user_id  BIGINT REFERENCES users(id),
    action         TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 60),
    entity         TEXT NOT NULL CHECK (length(entity) BETWEEN 1 AND 60),
    entity_id      TEXT,
    detail         JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
