-- Reminders: what a person should act on, computed once a day and on the writes that cause it,
-- each fact told once; read or unread; each kind can be turned off per person.
CREATE TABLE notifications (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('session_to_confirm','claims_to_review','achievements_to_verify',
                    'hours_behind','pair_behind','survey_open','survey_closing','item_due','item_overdue',
                    'probation_ending')),
    -- The fact it tells (a session, a survey, a week, a day …): the same fact is never told twice.
    fact        TEXT NOT NULL CHECK (length(fact) BETWEEN 1 AND 100),
    -- The figures and names its message shows.
    params      JSONB NOT NULL DEFAULT '{}'::jsonb,
    -- Where the person acts on it (a path of this app).
    link        TEXT NOT NULL CHECK (link ~ '^/[A-Za-z0-9/?=&_%-]*$'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at     TIMESTAMPTZ,
    UNIQUE (user_id, kind, fact)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- A row turns a kind off for a person.
CREATE TABLE notification_muted (
    user_id  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
