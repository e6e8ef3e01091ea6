//! The session store against Postgres: a session loads with its user in one statement, the
//! user only while the account may use the session, and the user is never saved with it.
use app::backend::db::session_store::{Store, LOGIN_AT, USER, USER_ID};
use app::views::auth::UserView;
use sqlx::PgPool;
use std::collections::HashMap;
use tests::{eventually, TestApp};
use time::{Duration, OffsetDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, SessionStore};

fn record(uid: i64, login_at: i64, expiry_date: OffsetDateTime) -> Record {
    Record {
        id: Id::default(),
        data: HashMap::from([
            (USER_ID.to_string(), uid.into()),
            (LOGIN_AT.to_string(), login_at.into()),
        ]),
        expiry_date,
    }
}

async fn user_of(store: &Store, id: &Id) -> Option<UserView> {
    let record = store
        .load(id)
        .await
        .unwrap()
        .expect("the session is stored");
    record
        .data
        .get(USER)
        .map(|v| serde_json::from_value(v.clone()).unwrap())
}

/// A new app's store, and a current session of its coordinator (the pool, the store, the
/// coordinator's account id, the session).
async fn coordinator_session() -> (PgPool, Store, i64, Record) {
    let app = TestApp::spawn().await;
    let pool = PgPool::connect(&app.database_url).await.unwrap();
    let store = Store::new(pool.clone());
    let uid: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'coordinator'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let now = OffsetDateTime::now_utc();
    let mut session = record(uid, now.unix_timestamp(), now + Duration::hours(1));
    store.create(&mut session).await.unwrap();
    (pool, store, uid, session)
}

#[tokio::test]
async fn a_session_loads_with_its_user_only_while_the_account_may_use_it() {
    let (pool, store, uid, session) = coordinator_session().await;

    let user = user_of(&store, &session.id)
        .await
        .expect("the user came with it");
    assert_eq!((user.id, user.username.as_str()), (uid, "coordinator"));
    assert!(
        user.roles.iter().any(|g| g.school_name.is_some()),
        "the role grants and their schools come with the user: {user:?}"
    );

    // Saving the loaded record (as a request that touched the session does) keeps the user out.
    let loaded = store.load(&session.id).await.unwrap().unwrap();
    store.save(&loaded).await.unwrap();
    let saved_user: bool =
        sqlx::query_scalar("SELECT data ? 'user' FROM user_sessions WHERE id = $1")
            .bind(session.id.to_string())
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(!saved_user);

    // Sessions ended after this login (a password reset or change), then a disabled account.
    for change in [
        "UPDATE users SET sessions_valid_from = now() + interval '1 minute' WHERE id = $1",
        "UPDATE users SET sessions_valid_from = NULL, disabled = true WHERE id = $1",
    ] {
        sqlx::query(change).bind(uid).execute(&pool).await.unwrap();
        assert_eq!(
            user_of(&store, &session.id).await,
            None,
            "no user after {change}"
        );
    }
}

#[tokio::test]
async fn an_expired_session_does_not_load_and_is_deleted() {
    let app = TestApp::spawn().await;
    let pool = PgPool::connect(&app.database_url).await.unwrap();
    let store = Store::new(pool.clone());
    let now = OffsetDateTime::now_utc();
    let mut expired = record(1, now.unix_timestamp(), now - Duration::minutes(1));
    let mut current = record(1, now.unix_timestamp(), now + Duration::minutes(1));
    store.create(&mut expired).await.unwrap();
    store.create(&mut current).await.unwrap();
    assert!(store.load(&expired.id).await.unwrap().is_none());
    store.delete_expired().await.unwrap();
    let left: Vec<String> = sqlx::query_scalar("SELECT id FROM user_sessions")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(left, vec![current.id.to_string()]);
}

/// Loads the session until `done` says what it holds is current, for at most two seconds
/// (a change made outside this store reaches it as a notification, a moment later).
async fn until_loaded(store: &Store, id: &Id, done: impl Fn(Option<&Record>) -> bool) -> bool {
    eventually(200, TICK, || async {
        done(store.load(id).await.unwrap().as_ref())
    })
    .await
}

const TICK: std::time::Duration = std::time::Duration::from_millis(10);

fn grants(r: Option<&Record>) -> Option<usize> {
    let user: UserView = serde_json::from_value(r?.data.get(USER)?.clone()).unwrap();
    Some(user.roles.len())
}

#[tokio::test]
async fn a_kept_session_is_dropped_when_its_row_account_or_roles_change_anywhere() {
    let (pool, store, uid, session) = coordinator_session().await;
    tokio::spawn(store.cache().listen(pool.clone()));
    eventually(200, TICK, || async { store.cache().listening() }).await;
    let id = session.id;
    let run = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query(sql)
                .bind(uid)
                .bind(id.to_string())
                .execute(&pool)
                .await
                .unwrap();
        }
    };
    let marked = |r: Option<&Record>| r.is_some_and(|r| r.data.contains_key("marker"));

    // Kept in memory once the listener listens: a change nobody announces is not seen.
    let alter = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::raw_sql(sql).execute(&pool).await.unwrap() }
    };
    alter("ALTER TABLE user_sessions DISABLE TRIGGER user_sessions_notify_cache").await;
    assert!(until_loaded(&store, &id, |r| r.is_some()).await);
    run("UPDATE user_sessions SET data = data || jsonb_build_object('marker', $1::int8) WHERE id = $2").await;
    assert!(!marked(store.load(&id).await.unwrap().as_ref()), "not kept");
    // Announced, it is: the session row changed elsewhere (another app server saved it).
    alter("ALTER TABLE user_sessions ENABLE TRIGGER user_sessions_notify_cache").await;
    run("UPDATE user_sessions SET data = data WHERE id = $2 AND $1 > 0").await;
    assert!(until_loaded(&store, &id, marked).await);

    // Each change to what the session shows, made straight in the database: a role granted,
    // the sessions ended, the account disabled, the session deleted (a sign-out elsewhere).
    let before = grants(store.load(&id).await.unwrap().as_ref()).unwrap();
    run("INSERT INTO user_roles (user_id, role) SELECT $1, 'center_staff' WHERE $2 <> ''").await;
    assert!(until_loaded(&store, &id, |r| grants(r) == Some(before + 1)).await);
    run("UPDATE users SET sessions_valid_from = now() + interval '1 minute' WHERE id = $1 AND $2 <> ''").await;
    assert!(until_loaded(&store, &id, |r| r.is_some() && grants(r).is_none()).await);
    run("UPDATE users SET sessions_valid_from = NULL WHERE id = $1 AND $2 <> ''").await;
    assert!(until_loaded(&store, &id, |r| grants(r).is_some()).await);
    run("UPDATE users SET disabled = true WHERE id = $1 AND $2 <> ''").await;
    assert!(until_loaded(&store, &id, |r| r.is_some() && grants(r).is_none()).await);
    run("DELETE FROM user_sessions WHERE id = $2 AND $1 > 0").await;
    assert!(until_loaded(&store, &id, |r| r.is_none()).await);
}
