-- Reminders outside the app, when the center configures them: a school's 企业微信 (WeCom) or
-- 钉钉 (DingTalk) group-robot webhook gets a digest for its coordinator's group; a person with
-- an e-mail address gets a personal daily digest (SMTP, from the server's configuration).
CREATE TABLE school_channels (
    school_id   INT PRIMARY KEY REFERENCES schools(id),
    kind        TEXT NOT NULL CHECK (kind IN ('wecom','dingtalk')),
    url         TEXT NOT NULL CHECK (url ~ '^https?://\S+$' AND length(url) <= 500),
    updated_by  BIGINT NOT NULL REFERENCES users(id),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One digest per channel, target and day; retried with backoff, never blocking the app.
CREATE TABLE channel_deliveries (
    id          BIGSERIAL PRIMARY KEY,
    channel     TEXT NOT NULL CHECK (channel IN ('wecom','dingtalk','email')),
    -- The webhook's URL or the e-mail address.
    target      TEXT NOT NULL,
    school_id   INT REFERENCES schools(id),
    user_id     BIGINT REFERENCES users(id) ON DELETE CASCADE,
    day         DATE NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
    attempts    INT NOT NULL DEFAULT 0,
    next_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error  TEXT CHECK (length(last_error) <= 500),
    sent_at     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (channel, target, day)
);
CREATE INDEX channel_deliveries_due_idx ON channel_deliveries (next_at) WHERE status = 'pending';
