-- 需求调研: needs surveys built by the center (or a school's coordinator, for their school),
-- targeted at a population, answered by teachers, and read as results the center acts on.

CREATE TABLE surveys (
    id                 BIGSERIAL PRIMARY KEY,
    title              TEXT NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 100),
    intro              TEXT NOT NULL DEFAULT '' CHECK (length(intro) <= 2000),
    -- An anonymous survey keeps no link from an answer to its teacher; results show groups of 5+.
    anonymous          BOOLEAN NOT NULL DEFAULT false,
    -- NULL: the center's survey; else a coordinator's survey of that school (targets stay in it).
    school_id          INT REFERENCES schools(id),
    opens_on           DATE,
    closes_on          DATE,
    -- NULL while it is a draft (questions may change); set once, when it is targeted and opened.
    published_at       TIMESTAMPTZ,
    -- Empty array: no condition on that dimension.
    target_cohorts     INT[]  NOT NULL DEFAULT '{}',
    target_schools     INT[]  NOT NULL DEFAULT '{}',
    target_subjects    TEXT[] NOT NULL DEFAULT '{}',
    target_stages      TEXT[] NOT NULL DEFAULT '{}',
    target_tiers       INT[]  NOT NULL DEFAULT '{}',
    target_programmes  INT[]  NOT NULL DEFAULT '{}',
    created_by         BIGINT NOT NULL REFERENCES users(id),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (closes_on >= opens_on),
    CHECK (published_at IS NULL OR (opens_on IS NOT NULL AND closes_on IS NOT NULL))
);
CREATE INDEX surveys_open_idx ON surveys (closes_on) WHERE published_at IS NOT NULL;

CREATE TABLE survey_questions (
    id                BIGSERIAL PRIMARY KEY,
    survey_id         BIGINT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    position          INT NOT NULL CHECK (position BETWEEN 1 AND 100),
    section           TEXT NOT NULL DEFAULT '' CHECK (length(section) <= 60),
    kind              TEXT NOT NULL CHECK (kind IN ('single','multi','scale','rank','text')),
    prompt            TEXT NOT NULL CHECK (length(btrim(prompt)) BETWEEN 1 AND 300),
    options           TEXT[] NOT NULL DEFAULT '{}' CHECK (cardinality(options) <= 12),
    max_choices       INT CHECK (max_choices BETWEEN 1 AND 12),
    required          BOOLEAN NOT NULL DEFAULT true,
    -- Shown only when an earlier question's answer holds this value (option index, or scale value).
    show_if_question  BIGINT REFERENCES survey_questions(id) ON DELETE CASCADE,
    show_if_value     INT,
    CHECK ((show_if_question IS NULL) = (show_if_value IS NULL)),
    UNIQUE (survey_id, position)
);

-- What a teacher saved and has not submitted yet (deleted when they submit).
CREATE TABLE survey_drafts (
    survey_id   BIGINT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    teacher_id  BIGINT NOT NULL REFERENCES teachers(id),
    answers     JSONB NOT NULL,
    saved_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (survey_id, teacher_id)
);

-- Who has answered (answer once; response rates). For an anonymous survey this is the only
-- trace of the teacher, and nothing joins it to the answers.
CREATE TABLE survey_submissions (
    survey_id     BIGINT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    teacher_id    BIGINT NOT NULL REFERENCES teachers(id),
    school_id     INT NOT NULL REFERENCES schools(id),
    submitted_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (survey_id, teacher_id)
);

-- The answers, with the groups the results break them down by, as they were when submitted.
-- A random id and a day (no time): an anonymous response cannot be matched to its submission.
CREATE TABLE survey_responses (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    survey_id     BIGINT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    teacher_id    BIGINT REFERENCES teachers(id),
    submitted_on  DATE NOT NULL,
    school_id     INT NOT NULL REFERENCES schools(id),
    cohort_year   INT,
    years_band    TEXT NOT NULL CHECK (years_band IN ('0-3','4-10','11+')),
    stage         TEXT NOT NULL,
    subject       TEXT NOT NULL,
    answers       JSONB NOT NULL,
    UNIQUE (survey_id, teacher_id)
);
CREATE INDEX survey_responses_survey_idx ON survey_responses (survey_id);

-- A training event planned from a survey's result: the need (a question's option) it answers.
ALTER TABLE training_events
    ADD COLUMN need_question_id BIGINT REFERENCES survey_questions(id) ON DELETE SET NULL,
    ADD COLUMN need_value       INT,
    ADD CONSTRAINT training_events_need CHECK ((need_question_id IS NULL) = (need_value IS NULL));
CREATE INDEX training_events_need_idx ON training_events (need_question_id) WHERE need_question_id IS NOT NULL;
