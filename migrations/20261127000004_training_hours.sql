-- Training hours (研训学时): rule versions, claim details and evidence, event award previews,
-- and corrections, the only way a credited record changes.

-- Rules are versioned: a change closes the version in force and starts a new one, so hours
-- already judged under the old numbers keep their meaning.
ALTER TABLE requirement_rules DROP CONSTRAINT requirement_rules_code_key;
ALTER TABLE requirement_rules
    ADD COLUMN valid_from  DATE NOT NULL DEFAULT DATE '2021-01-01',
    ADD COLUMN valid_to    DATE,
    -- hours one converted activity counts (a public lesson 6, a prize 18); caps only
    ADD COLUMN unit_hours  NUMERIC(5,1) CHECK (unit_hours > 0),
    ADD COLUMN created_by  BIGINT REFERENCES users(id),
    ADD COLUMN created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD CONSTRAINT requirement_rules_valid_order CHECK (valid_to IS NULL OR valid_to >= valid_from),
    ADD CONSTRAINT requirement_rules_cap_shape CHECK (scope <> 'cap' OR (max_hours IS NOT NULL AND category IS NOT NULL)),
    ADD CONSTRAINT requirement_rules_min_shape CHECK (scope = 'cap' OR min_hours IS NOT NULL);
CREATE UNIQUE INDEX requirement_rules_version_idx ON requirement_rules (code, valid_from);
CREATE UNIQUE INDEX requirement_rules_current_idx ON requirement_rules (code) WHERE valid_to IS NULL;
UPDATE requirement_rules SET unit_hours = 6 WHERE code = 'lesson_cap';
UPDATE requirement_rules SET unit_hours = 18 WHERE code = 'competition_cap';

-- At most 24 hours for each day an event runs (new rows; older demo rows predate the rule).
ALTER TABLE training_events
    ADD CONSTRAINT training_events_hours_per_day CHECK (hours <= 24 * (ends_on - starts_on + 1)) NOT VALID;

-- Claims: organiser and first day; earned_on is the last day. The evidence text becomes an
-- optional note: evidence is now files.
ALTER TABLE hour_claims
    ALTER COLUMN evidence DROP NOT NULL,
    ADD COLUMN organizer     TEXT CHECK (length(btrim(organizer)) BETWEEN 1 AND 100),
    ADD COLUMN starts_on     DATE,
    ADD COLUMN withdrawn_at  TIMESTAMPTZ,
    ADD CONSTRAINT hour_claims_date_order CHECK (starts_on IS NULL OR starts_on <= earned_on),
    ADD CONSTRAINT hour_claims_withdrawn CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL));
CREATE INDEX hour_claims_queue_idx ON hour_claims (status, created_at);

CREATE TABLE claim_evidence (
    id            BIGSERIAL PRIMARY KEY,
    claim_id      BIGINT NOT NULL REFERENCES hour_claims(id) ON DELETE CASCADE,
    file_name     TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    -- decided from the file's first bytes, not from its name or the browser's word
    content_type  TEXT NOT NULL CHECK (content_type IN ('application/pdf','image/jpeg','image/png')),
    size_bytes    INT NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
    sha256        TEXT NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data          BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (octet_length(data) = size_bytes)
);
CREATE INDEX claim_evidence_claim_idx ON claim_evidence (claim_id);

-- A checked list of attendees (pasted or from a sign-in sheet), awarded only on confirm.
CREATE TABLE event_awards (
    id          BIGSERIAL PRIMARY KEY,
    event_id    BIGINT NOT NULL REFERENCES training_events(id) ON DELETE CASCADE,
    created_by  BIGINT NOT NULL REFERENCES users(id),
    source      TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    rows        JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_at  TIMESTAMPTZ
);
CREATE INDEX hour_records_event_idx ON hour_records (event_id) WHERE event_id IS NOT NULL;

-- A credited record changes only through a correction, which keeps the old values and the reason.
CREATE TABLE hour_corrections (
    id             BIGSERIAL PRIMARY KEY,
    record_id      BIGINT NOT NULL REFERENCES hour_records(id),
    old_hours      NUMERIC(5,1) NOT NULL,
    new_hours      NUMERIC(5,1) NOT NULL,
    old_level      TEXT NOT NULL,
    new_level      TEXT NOT NULL,
    old_category   TEXT NOT NULL,
    new_category   TEXT NOT NULL,
    reason         TEXT NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
    corrected_by   BIGINT NOT NULL REFERENCES users(id),
    corrected_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX hour_corrections_record_idx ON hour_corrections (record_id);

-- The database refuses any other change: the correction code sets tg.correction for its transaction.
CREATE FUNCTION hour_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('tg.correction', true), '') <> 'on' THEN
        RAISE EXCEPTION 'hour_records change only through a recorded correction'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN COALESCE(NEW, OLD);
END $$;
CREATE TRIGGER hour_records_immutable BEFORE UPDATE OR DELETE ON hour_records
    FOR EACH ROW EXECUTE FUNCTION hour_records_guard();
