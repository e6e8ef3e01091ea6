-- Login attempts counted in Postgres, so that every server process shares one count and an
-- attempt is counted (atomically, by an upsert) before its password is checked.
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY CHECK (length(key) <= 100),
    window_start TIMESTAMPTZ NOT NULL,
    attempts     INTEGER NOT NULL CHECK (attempts >= 0)
);

-- Browsers that have logged in to an account before: such a browser is not held back when its
-- address (a school's NAT, shared by hundreds) is locked by someone else's guessing.
CREATE TABLE login_devices (
    token_sha256 BYTEA PRIMARY KEY CHECK (length(token_sha256) = 32),
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_devices_user ON login_devices (user_id);
