-- 问题清单、任务清单、责任清单: the center's own commitments, run through the loop
-- 谋划 → 部署 → 推进 → 跟踪 → 反馈 → 达效, each owned by a school or a person.

CREATE TABLE loop_items (
    id                BIGSERIAL PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('problem','task','responsibility')),
    title             TEXT NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 100),
    description       TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    owner_school_id   INT REFERENCES schools(id),
    owner_user_id     BIGINT REFERENCES users(id),
    due_on            DATE NOT NULL,
    stage             TEXT NOT NULL DEFAULT 'plan'
                      CHECK (stage IN ('plan','deploy','advance','track','feedback','effect')),
    -- The school year (its first calendar year) the item belongs to; a year is copied on.
    year              INT NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    copied_from       BIGINT UNIQUE REFERENCES loop_items(id) ON DELETE SET NULL,
    created_by        BIGINT NOT NULL REFERENCES users(id),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((owner_school_id IS NULL) <> (owner_user_id IS NULL))
);
CREATE INDEX loop_items_year_idx ON loop_items (year, stage);
CREATE INDEX loop_items_school_idx ON loop_items (owner_school_id) WHERE owner_school_id IS NOT NULL;
CREATE INDEX loop_items_user_idx ON loop_items (owner_user_id) WHERE owner_user_id IS NOT NULL;

-- Progress notes: what was done, the stage it moved the item to, and evidence files.
CREATE TABLE loop_notes (
    id          BIGSERIAL PRIMARY KEY,
    item_id     BIGINT NOT NULL REFERENCES loop_items(id) ON DELETE CASCADE,
    author_id   BIGINT NOT NULL REFERENCES users(id),
    body        TEXT NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 2000),
    stage_from  TEXT NOT NULL,
    stage_to    TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX loop_notes_item_idx ON loop_notes (item_id, created_at);

CREATE TABLE loop_note_evidence (
    id            BIGSERIAL PRIMARY KEY,
    note_id       BIGINT NOT NULL REFERENCES loop_notes(id) ON DELETE CASCADE,
    file_name     TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    content_type  TEXT NOT NULL CHECK (content_type IN ('application/pdf','image/jpeg','image/png')),
    size_bytes    INT NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
    sha256        TEXT NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data          BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (octet_length(data) = size_bytes)
);
CREATE INDEX loop_note_evidence_note_idx ON loop_note_evidence (note_id);

-- Links: a problem to the tasks that address it, a task to the responsibilities behind it, any
-- item to surveys, training events or pairings.
CREATE TABLE loop_links (
    item_id    BIGINT NOT NULL REFERENCES loop_items(id) ON DELETE CASCADE,
    target     TEXT NOT NULL CHECK (target IN ('item','survey','event','pairing')),
    target_id  BIGINT NOT NULL,
    PRIMARY KEY (item_id, target, target_id)
);
