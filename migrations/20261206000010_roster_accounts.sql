-- The front door for a real district: schools and teachers kept by the center, accounts handed
-- out as one-time passwords, and the yearly intake brought in from a spreadsheet.

ALTER TABLE schools
    ADD COLUMN area   TEXT CHECK (length(area) <= 40),
    -- A school that closed or merged keeps its history; it only stops being offered.
    ADD COLUMN active BOOLEAN NOT NULL DEFAULT true;

ALTER TABLE teachers
    ADD COLUMN birth_date DATE,
    -- 见习期: the new teacher's probation year starts on or after the hire date.
    ADD COLUMN probation_start DATE,
    ADD COLUMN phone      TEXT CHECK (phone ~ '^\+?[0-9][0-9 -]{4,19}$'),
    ADD COLUMN email      TEXT CHECK (length(email) <= 100 AND email ~ '^[^@\s]+@[^@\s]+$'),
    ADD CONSTRAINT teachers_probation_after_hire CHECK (probation_start >= hire_date),
    -- A departure (调出区外 / 离职 / 退休) keeps every record; retention counts these dates.
    ADD COLUMN left_on      DATE,
    ADD COLUMN leave_reason TEXT CHECK (leave_reason IN ('moved_out','resigned','retired')),
    ADD CONSTRAINT teachers_left_when_inactive CHECK ((left_on IS NULL) OR NOT active);

-- An account made by an import has no password until its one-time password is handed out
-- (pending: it cannot log in). A one-time password must be changed at the first login.
-- Sessions that began before sessions_valid_from are over (a reset, a password change).
ALTER TABLE users
    ADD COLUMN password_pending     BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN sessions_valid_from  TIMESTAMPTZ;
CREATE INDEX users_pending_idx ON users (teacher_id) WHERE password_pending;

-- A previewed intake file: nothing is written until the user confirms it.
CREATE TABLE intake_imports (
    id           BIGSERIAL PRIMARY KEY,
    created_by   BIGINT NOT NULL REFERENCES users(id),
    file_name    TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    cohort_year  INT NOT NULL REFERENCES entry_cohorts(year),
    rows         JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_at   TIMESTAMPTZ
);

-- A teacher's history: the audit entries about them, newest first.
CREATE INDEX audit_log_teacher_idx ON audit_log (entity_id, at DESC) WHERE entity = 'teacher';

-- Who may act for whom: the last active center account is kept (see backend::roles).
CREATE INDEX user_roles_role_idx ON user_roles (role);

-- School years (学年, 1 August – 31 July) as data: opened from the previous one's pattern,
-- closed with a snapshot of the year's figures that later corrections do not rewrite.
CREATE TABLE school_years (
    year        INT PRIMARY KEY CHECK (year BETWEEN 1990 AND 2100),
    starts_on   DATE NOT NULL,
    ends_on     DATE NOT NULL,
    closed_at   TIMESTAMPTZ,
    closed_by   BIGINT REFERENCES users(id),
    -- {"figures": {...}, "tables": {"zh-CN": [...], "en": [...]}} as the statistics showed them.
    snapshot    JSONB,
    CHECK (ends_on > starts_on),
    CHECK ((closed_at IS NULL) = (snapshot IS NULL))
);

-- A previewed school list: nothing is written until the user confirms it.
CREATE TABLE school_imports (
    id          BIGSERIAL PRIMARY KEY,
    created_by  BIGINT NOT NULL REFERENCES users(id),
    file_name   TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    rows        JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_at  TIMESTAMPTZ
);
