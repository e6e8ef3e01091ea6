-- Sessions move to the app's own table, as JSON (they were MessagePack in tower_sessions'
-- table), so the statement that loads a session joins its account and role grants: a
-- signed-in request costs one round trip before its own work (`db::session_store`).
-- Sessions from before are not carried over: everyone signs in once more.
DROP SCHEMA IF EXISTS tower_sessions CASCADE;
CREATE TABLE user_sessions (
    id text PRIMARY KEY,
    data jsonb NOT NULL,
    expiry_date timestamptz NOT NULL
);
CREATE INDEX user_sessions_expiry_idx ON user_sessions (expiry_date);
