-- Statistics count mentoring sessions by month across the district: a range over held_on.
CREATE INDEX mentor_sessions_held_on_idx ON mentor_sessions (held_on);
