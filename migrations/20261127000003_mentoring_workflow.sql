-- Mentoring workflow: mentees confirm or dispute sessions, mentors edit within a window,
-- settings the center changes, and staged bulk imports of pairings.

-- Sessions run 1-600 minutes (a whole day of 跟岗 shadowing fits).
ALTER TABLE mentor_sessions DROP CONSTRAINT mentor_sessions_minutes_check;
ALTER TABLE mentor_sessions ADD CONSTRAINT mentor_sessions_minutes_check CHECK (minutes BETWEEN 1 AND 600);

-- A mentee either confirms a session or disputes it with a reason, not both.
ALTER TABLE mentor_sessions
    ADD COLUMN disputed_at     TIMESTAMPTZ,
    ADD COLUMN dispute_reason  TEXT CHECK (length(dispute_reason) BETWEEN 1 AND 500),
    ADD COLUMN updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD CONSTRAINT mentor_sessions_one_verdict CHECK (confirmed_at IS NULL OR disputed_at IS NULL),
    ADD CONSTRAINT mentor_sessions_dispute_reason CHECK ((disputed_at IS NULL) = (dispute_reason IS NULL));
CREATE INDEX mentor_sessions_disputed_idx ON mentor_sessions (pairing_id) WHERE disputed_at IS NOT NULL;

-- A mentee has at most one active mentor per programme.
CREATE UNIQUE INDEX mentor_pairings_active_mentee_idx
    ON mentor_pairings (mentee_id, COALESCE(programme_id, 0)) WHERE ended_on IS NULL;

-- Center-wide settings, edited by center staff.
CREATE TABLE app_settings (
    key         TEXT PRIMARY KEY CHECK (key ~ '^[a-z_]{2,40}$'),
    value       INT NOT NULL,
    updated_by  BIGINT REFERENCES users(id),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO app_settings (key, value) VALUES ('session_edit_days', 7);

-- A previewed pairing import: nothing is written until the user confirms it.
CREATE TABLE pairing_imports (
    id          BIGSERIAL PRIMARY KEY,
    created_by  BIGINT NOT NULL REFERENCES users(id),
    file_name   TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    rows        JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_at  TIMESTAMPTZ
);
