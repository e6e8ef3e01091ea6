//! Starts the real application on a free port against a fresh database with a small demo district,
//! and gives tests an HTTP client that keeps cookies like a browser.
use server::{config::Config, demo, startup};
use sqlx::{Connection, PgConnection};
use std::sync::atomic::{AtomicU32, Ordering};

pub use reqwest::StatusCode;

/// The server that `DATABASE_URL` points at (its database name is replaced per test).
pub fn base_database_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn with_database(url: &str, name: &str) -> String {
    let (server, _) = url
        .rsplit_once('/')
        .expect("DATABASE_URL has a database name");
    format!("{server}/{name}")
}

/// A new, empty database; the name is unique per process and call.
pub async fn fresh_database() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let pid = std::process::id();
    let name = format!("tg_test_{pid}_{n}");
    let admin = base_database_url();
    let mut conn = PgConnection::connect(&admin)
        .await
        .expect("connect to Postgres");
    if n == 0 {
        drop_stale_databases(&mut conn, pid).await;
    }
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut conn)
        .await
        .expect("drop database");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create database");
    with_database(&admin, &name)
}

/// Databases left by test processes that have ended are no longer in use; those of a test
/// process still running (another `cargo test` alongside) are left alone.
async fn drop_stale_databases(conn: &mut PgConnection, pid: u32) {
    let names: Vec<String> = sqlx::query_scalar(
        r"SELECT datname FROM pg_database WHERE (datname LIKE 'tg\_test\_%' AND datname NOT LIKE $1) OR datname LIKE 'tg\_e2e\_%'",
    )
    .bind(format!(r"tg\_test\_{pid}\_%"))
    .fetch_all(&mut *conn)
    .await
    .expect("list databases");
    let stale = names.into_iter().filter(|name| {
        if name.starts_with("tg_e2e_") {
            return true;
        }
        let owner = name.trim_start_matches("tg_test_").split('_').next();
        !owner.is_some_and(|p| std::path::Path::new(&format!("/proc/{p}")).exists())
    });
    for name in stale {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut *conn)
            .await;
    }
}

pub struct TestApp {
    pub address: String,
    pub database_url: String,
    /// Stops the server when the test ends: every test shares one process, and a server left
    /// running would keep its pool's connections until Postgres runs out of them.
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Teachers in the test district: enough for every role, small enough to load in a second.
pub const TEST_TEACHERS: u32 = 200;

/// Asks `check` up to `tries` times, `pause` apart, until it says yes: for what the app does
/// a moment after the call that caused it (a notification, a background job). Whether it did.
pub async fn eventually<F: std::future::Future<Output = bool>>(
    tries: u32,
    pause: std::time::Duration,
    mut check: impl FnMut() -> F,
) -> bool {
    for _ in 0..tries {
        if check().await {
            return true;
        }
        tokio::time::sleep(pause).await;
    }
    false
}

impl TestApp {
    /// Waits for a change made straight in the database (not through the app) to reach the
    /// server's kept sessions: it arrives as a notification (`db::session_cache`), a moment
    /// after the commit.
    pub async fn sessions_notified(&self) {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    /// Migrates a fresh database, loads the demo district, and serves the app on port 0 in a
    /// thread of its own (with the server's large worker stacks).
    pub async fn spawn() -> TestApp {
        Self::spawn_configured(|_| {}).await
    }

    /// As `spawn`, with the server's configuration changed by `configure` (which is given the
    /// test database's URL in `database_url`).
    pub async fn spawn_configured(configure: impl FnOnce(&mut Config)) -> TestApp {
        let database_url = fresh_database().await;
        let mut config = Config {
            database_url: database_url.clone(),
            addr: "127.0.0.1:0".parse().expect("address"),
            site_root: "target/site".into(),
            secure_cookies: false,
            trust_forwarded: false,
            read_database_url: None,
            read_max_lag_secs: 30,
            drain_secs: 0,
            smtp: None,
            run_jobs: true,
        };
        configure(&mut config);
        let (tx, rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            // The runtime ends with this thread, and with it every connection the server held.
            startup::runtime().block_on(async move {
                let pool = startup::connect(&config.database_url)
                    .await
                    .expect("connect");
                startup::migrate(&pool).await.expect("migrate");
                demo::load(&pool, TEST_TEACHERS, demo::DEFAULT_YEARS, false)
                    .await
                    .expect("demo district");
                let app = startup::Application::build_with_pool(&config, pool)
                    .await
                    .expect("build app");
                tx.send(app.port()).expect("send port");
                tokio::select! {
                    served = app.run_until_stopped() => served.expect("server"),
                    _ = stopped => {}
                }
            })
        });
        let port = tokio::task::spawn_blocking(move || rx.recv().expect("server start"))
            .await
            .expect("join");
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            database_url,
            stop: Some(stop),
        }
    }

    /// A client with its own cookie jar, like a separate browser.
    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                // A request that hangs fails its test within 30 s instead of stalling the run.
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("client"),
            address: self.address.clone(),
        }
    }

    pub async fn db(&self) -> PgConnection {
        PgConnection::connect(&self.database_url)
            .await
            .expect("connect")
    }

    /// A client logged in as a demo user.
    pub async fn logged_in(&self, username: &str) -> Client {
        let client = self.client();
        let res = client.login(username, DEMO_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "{username} logs in");
        client
    }

    /// One number from the test database.
    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&mut self.db().await)
            .await
            .expect("scalar query")
    }

    /// The teacher id behind a demo login.
    pub async fn teacher_id_of(&self, username: &str) -> i64 {
        sqlx::query_scalar("SELECT teacher_id FROM users WHERE username = $1")
            .bind(username)
            .fetch_one(&mut self.db().await)
            .await
            .expect("user has a teacher")
    }
}

pub struct Client {
    pub http: reqwest::Client,
    pub address: String,
}

impl Client {
    /// Calls a server function as the browser's code does: a urlencoded POST to /api/<name>.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{}/api/{endpoint}", self.address))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    pub async fn login(&self, username: &str, password: &str) -> reqwest::Response {
        self.call("login", &[("username", username), ("password", password)])
            .await
    }

    /// Posts a multipart form (an upload) to `path`, as a form without JavaScript does.
    pub async fn post_multipart(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.address))
            .multipart(form)
            .send()
            .await
            .expect("request")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }
}

pub const DEMO_PASSWORD: &str = demo::DEMO_PASSWORD;

/// A test server whose scheduled jobs do not run: for tests that run the jobs' steps
/// themselves (reminders, deliveries) and must not race them.
pub async fn without_jobs() -> TestApp {
    TestApp::spawn_configured(|c| c.run_jobs = false).await
}

/// The smallest file the evidence checks accept as a PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// A response's body as JSON (panics with the status and body when it is not JSON).
pub async fn json(res: reqwest::Response) -> serde_json::Value {
    let status = res.status();
    let body = res.text().await.unwrap();
    serde_json::from_str(&body).unwrap_or_else(|_| panic!("{status} not JSON: {body}"))
}

/// [`json`] of a response that must be 200.
pub async fn ok_json(res: reqwest::Response) -> serde_json::Value {
    let status = res.status();
    let body = json(res).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// SplitMix64, seeded: a property test replays the same operations each run, and a failure
/// names its seed.
pub struct Rng(pub u64);
impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }

    pub fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len() as u64) as usize]
    }
}
