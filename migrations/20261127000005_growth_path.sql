-- Growth path (成长路径): verified achievements with evidence, Party-stage history, growth-plan
-- follow-up, structured tier criteria, and the dual-cultivation targets.

-- Achievements are verified by the school or the center; a refusal carries its reason.
ALTER TABLE achievements
    ADD COLUMN status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','verified','rejected')),
    ADD COLUMN verified_by  BIGINT REFERENCES users(id),
    ADD COLUMN verified_at  TIMESTAMPTZ,
    ADD COLUMN reject_reason TEXT CHECK (length(reject_reason) <= 500),
    ADD CONSTRAINT achievements_reject_reason CHECK (status <> 'rejected' OR reject_reason IS NOT NULL);
UPDATE achievements SET status = 'verified' WHERE verified;
ALTER TABLE achievements DROP COLUMN verified;

CREATE TABLE achievement_evidence (
    id              BIGSERIAL PRIMARY KEY,
    achievement_id  BIGINT NOT NULL REFERENCES achievements(id) ON DELETE CASCADE,
    file_name       TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    content_type    TEXT NOT NULL CHECK (content_type IN ('application/pdf','image/jpeg','image/png')),
    size_bytes      INT NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
    sha256          TEXT NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data            BYTEA NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (octet_length(data) = size_bytes)
);
CREATE INDEX achievement_evidence_idx ON achievement_evidence (achievement_id);

-- A verified achievement changes only through a correction that keeps what it was.
CREATE TABLE achievement_corrections (
    id              BIGSERIAL PRIMARY KEY,
    achievement_id  BIGINT NOT NULL REFERENCES achievements(id) ON DELETE CASCADE,
    old_values      JSONB NOT NULL,
    reason          TEXT NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
    corrected_by    BIGINT NOT NULL REFERENCES users(id),
    corrected_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Party stages over time (入党申请人 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员).
CREATE TABLE party_stage_changes (
    id           BIGSERIAL PRIMARY KEY,
    teacher_id   BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
    stage        TEXT NOT NULL CHECK (stage IN ('none','applicant','activist','candidate','probationary','member')),
    changed_on   DATE NOT NULL,
    recorded_by  BIGINT REFERENCES users(id),
    UNIQUE (teacher_id, stage)
);
CREATE INDEX party_stage_changes_on_idx ON party_stage_changes (stage, changed_on);

-- Growth plans: measures on each goal, and the follow-up loop (progress by the teacher, comments
-- by the mentor, the term-end review by the coordinator).
ALTER TABLE growth_goals
    ADD COLUMN measures    TEXT CHECK (length(measures) <= 2000),
    ADD COLUMN updated_at  TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE TABLE goal_notes (
    id          BIGSERIAL PRIMARY KEY,
    goal_id     BIGINT NOT NULL REFERENCES growth_goals(id) ON DELETE CASCADE,
    author_id   BIGINT NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL CHECK (kind IN ('progress','comment','review')),
    body        TEXT NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 2000),
    progress    SMALLINT CHECK (progress BETWEEN 0 AND 100),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX goal_notes_goal_idx ON goal_notes (goal_id, created_at);

-- Tier criteria as structured data the eligibility engine reads:
--   min_years, degree, cycle_hours, mentees, and counts [{kind, min_level, max_rank, count, within_years}].
UPDATE tier_levels SET criteria = '{"min_years": 2, "cycle_hours": 72, "counts": [{"kind": "public_lesson", "count": 1, "within_years": 3}]}' WHERE rank = 1;
UPDATE tier_levels SET criteria = '{"min_years": 4, "cycle_hours": 144, "counts": [{"kind": "public_lesson", "count": 2, "within_years": 5}, {"kind": "public_lesson", "min_level": "district", "count": 1, "within_years": 5}]}' WHERE rank = 2;
UPDATE tier_levels SET criteria = '{"min_years": 6, "degree": "bachelor", "cycle_hours": 216, "mentees": 1, "counts": [{"kind": "public_lesson", "count": 4, "within_years": 5}, {"kind": "public_lesson", "min_level": "district", "count": 2, "within_years": 5}, {"kind": "prize", "min_level": "district", "max_rank": 2, "count": 1, "within_years": 5}, {"kind": "paper", "count": 1, "within_years": 5}]}' WHERE rank = 3;
UPDATE tier_levels SET criteria = '{"min_years": 10, "degree": "bachelor", "cycle_hours": 288, "mentees": 2, "counts": [{"kind": "public_lesson", "min_level": "city", "count": 2, "within_years": 5}, {"kind": "prize", "min_level": "city", "max_rank": 2, "count": 1, "within_years": 5}, {"kind": "paper", "min_level": "city", "count": 2, "within_years": 5}, {"kind": "project", "min_level": "district", "count": 1, "within_years": 5}]}' WHERE rank = 4;
UPDATE tier_levels SET criteria = '{"min_years": 15, "degree": "bachelor", "cycle_hours": 360, "mentees": 3, "counts": [{"kind": "public_lesson", "min_level": "provincial", "count": 1, "within_years": 5}, {"kind": "prize", "min_level": "provincial", "max_rank": 1, "count": 1, "within_years": 5}, {"kind": "paper", "min_level": "provincial", "count": 2, "within_years": 5}, {"kind": "project", "min_level": "city", "count": 1, "within_years": 5}]}' WHERE rank = 5;

-- 双培养 targets (percent) and what counts as 名师/骨干 (the lowest ladder rank) and the window.
INSERT INTO app_settings (key, value) VALUES
    ('dual_members_from_backbone', 50),
    ('dual_backbone_are_members', 60),
    ('dual_backbone_min_rank', 2),
    ('dual_window_years', 3);

-- A previewed promotion or enrolment file: nothing is written until the user confirms it.
CREATE TABLE growth_imports (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('promotions','enrolments')),
    created_by  BIGINT NOT NULL REFERENCES users(id),
    file_name   TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    rows        JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_at  TIMESTAMPTZ
);
