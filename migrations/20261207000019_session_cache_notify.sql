-- App servers keep loaded sessions in memory (`db::session_cache`); every change to what a
-- loaded session holds is announced on `session_cache`, so each server drops what changed:
-- `s<id>` a session row saved or deleted, `u<id>` an account (or its role grants), `*` all.
CREATE FUNCTION notify_session_cache() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'user_sessions' THEN
        PERFORM pg_notify('session_cache', 's' || OLD.id);
    ELSIF TG_TABLE_NAME = 'users' THEN
        PERFORM pg_notify('session_cache', 'u' || OLD.id);
    ELSIF TG_TABLE_NAME = 'user_roles' THEN
        IF TG_OP <> 'INSERT' THEN
            PERFORM pg_notify('session_cache', 'u' || OLD.user_id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            PERFORM pg_notify('session_cache', 'u' || NEW.user_id);
        END IF;
    ELSE
        PERFORM pg_notify('session_cache', '*');
    END IF;
    RETURN NULL;
END $$;

-- An expired session is never handed out from memory: deleting it needs no notice.
CREATE TRIGGER user_sessions_notify_cache AFTER UPDATE OR DELETE ON user_sessions
    FOR EACH ROW WHEN (OLD.expiry_date > now()) EXECUTE FUNCTION notify_session_cache();
-- The columns a session's user is loaded with, or that decide whether it may use a session.
CREATE TRIGGER users_notify_cache
    AFTER UPDATE OF username, display_name, teacher_id, must_change_password, disabled,
                    sessions_valid_from OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION notify_session_cache();
CREATE TRIGGER user_roles_notify_cache AFTER INSERT OR UPDATE OR DELETE ON user_roles
    FOR EACH ROW EXECUTE FUNCTION notify_session_cache();
-- A coordinator's role shows its school's name; renames are rare: everything goes.
CREATE TRIGGER schools_notify_cache AFTER UPDATE OF name ON schools
    FOR EACH STATEMENT EXECUTE FUNCTION notify_session_cache();
