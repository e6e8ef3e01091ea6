-- Each teacher's standing against the hour rules, kept for statistics: written for the teachers
-- an hours write touches as it commits, and for everyone by a refresh every 10 minutes (and
-- lazily for a new day), so a number on the statistics pages is at most 10 minutes old.
CREATE TABLE teacher_standing (
    teacher_id       BIGINT PRIMARY KEY REFERENCES teachers(id) ON DELETE CASCADE,
    cycle_tenths     BIGINT NOT NULL,
    district_tenths  BIGINT NOT NULL,
    on_track         BOOLEAN NOT NULL,
    as_of            DATE NOT NULL,
    computed_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX teacher_standing_on_track_idx ON teacher_standing (on_track, teacher_id);
