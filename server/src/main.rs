#![recursion_limit = "256"]
use app::backend::{db, password};
use app::domain::{credentials::new_password, teacher::person_name};
use clap::{Parser, Subcommand};
use server::{config::Config, demo, startup, telemetry};

#[derive(Parser)]
#[command(name = "server", about = "SIP teacher-growth platform")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate and serve the app (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Create a center-staff account. The password is read from ADMIN_PASSWORD.
    CreateAdmin {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
    },
    /// Fill an empty database with a realistic, deterministic demo district.
    Demo {
        /// Number of teachers (the default district has about 3,000).
        #[arg(long, default_value_t = 3000)]
        teachers: u32,
        /// Years of history, ending this year (6 to 35): the six entry cohorts, and before
        /// them earlier events, school-based training and mentoring. 20,000 teachers with 25
        /// years hold about 2 million hour records and 500,000 mentoring sessions.
        #[arg(long, default_value_t = demo::DEFAULT_YEARS)]
        years: u32,
        /// Do nothing (and succeed) when the database already holds teachers.
        #[arg(long)]
        if_empty: bool,
    },
    /// Run the hour rules for every active teacher and print how long it took (benchmark).
    Standing,
    /// Recompute every active teacher's hours rollup, then every teacher's statistics facts
    /// and the group rollup, now, and print how long each took.
    RefreshStanding,
    /// Print the SQL a statistics view runs for center staff, as a pgbench script (benchmark).
    StatsSql {
        /// headcount, hours, mentoring, tiers, attention or dual.
        view: String,
        /// Print the script's pgbench `-D` variable definitions instead.
        #[arg(long)]
        defines: bool,
        /// The same sums aggregated from the base tables (the raw baseline).
        #[arg(long)]
        raw: bool,
        /// Print the query plans of the view's lists and of the drill-down list, filtered to
        /// this school, instead.
        #[arg(long)]
        explain_school: Option<i32>,
    },
    /// Serve bare handlers for /stats and /teachers/{id}/growth (benchmark baseline).
    BenchBare {
        /// The user whose view the handlers load.
        #[arg(long, default_value = "center")]
        username: String,
        /// Bytes the /stats answer carries (the rendered page's size).
        #[arg(long)]
        stats_bytes: usize,
        /// Bytes the growth answer carries.
        #[arg(long)]
        growth_bytes: usize,
    },
}

fn main() {
    telemetry::init();
    let cli = Cli::parse();
    if let Err(err) = startup::runtime().block_on(run(cli)) {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<(), startup::BoxError> {
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = startup::Application::build(&config).await?;
            tracing::info!("listening on http://{}:{}", config.addr.ip(), app.port());
            app.run_until_stopped().await
        }
        Command::Standing => {
            let pool = startup::connect(&config.database_url).await?;
            let started = std::time::Instant::now();
            let s = app::backend::hours::district_standing(&pool, app::backend::ctx::today())
                .await
                .map_err(|e| format!("{e:?}"))?;
            println!(
                "teachers {} records {} on_track {} seconds {:.3}",
                s.teachers,
                s.records,
                s.on_track,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::RefreshStanding => {
            let pool = startup::connect(&config.database_url).await?;
            let started = std::time::Instant::now();
            let n = app::backend::standing::refresh(&pool, None, app::backend::ctx::today())
                .await
                .map_err(|e| format!("{e:?}"))?;
            println!(
                "hours rollup: {n} teachers in {:.3} s",
                started.elapsed().as_secs_f64()
            );
            let started = std::time::Instant::now();
            let n = app::backend::stat_facts::rebuild(&pool, app::backend::ctx::today())
                .await
                .map_err(|e| format!("{e:?}"))?;
            println!(
                "statistics rollup: {n} teachers in {:.3} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::StatsSql {
            view,
            explain_school: Some(school),
            ..
        } => {
            let pool = startup::connect(&config.database_url).await?;
            print!(
                "{}",
                server::bench::explain_lists(&pool, &view, school).await?
            );
            Ok(())
        }
        Command::StatsSql {
            view, defines, raw, ..
        } => {
            let pool = startup::connect(&config.database_url).await?;
            let (script, vars) = server::bench::stats_sql(&pool, &view, raw).await?;
            if defines {
                println!("{}", vars.join(" "));
            } else {
                print!("{script}");
            }
            Ok(())
        }
        Command::BenchBare {
            username,
            stats_bytes,
            growth_bytes,
        } => {
            let pool = startup::connect(&config.database_url).await?;
            server::bench::serve_bare(pool, config.addr, &username, stats_bytes, growth_bytes).await
        }
        Command::Migrate => {
            let pool = startup::connect(&config.database_url).await?;
            startup::migrate(&pool).await
        }
        Command::CreateAdmin { username, name } => {
            let creds = app::domain::credentials::Credentials::parse(&username, "-")
                .map_err(|_| "invalid username: use 3-40 letters, digits, '.', '_' or '-'")?;
            let name = person_name(&name).map_err(|_| "invalid name: 1-50 characters")?;
            let pw = std::env::var("ADMIN_PASSWORD").map_err(|_| "set ADMIN_PASSWORD")?;
            let pw = new_password(&pw).map_err(|_| "ADMIN_PASSWORD must be 8-128 characters")?;
            let pool = startup::connect(&config.database_url).await?;
            startup::migrate(&pool).await?;
            let hash = password::hash_async(pw).await;
            let mut tx = pool.begin().await?;
            let id = db::users::create(
                &mut tx,
                &creds.username,
                &hash,
                &name,
                None,
                &[(app::domain::codes::Role::CenterStaff, None)],
            )
            .await?;
            db::audit::record(&mut *tx, None, "create_admin", "user", &id.to_string()).await?;
            tx.commit().await?;
            println!(
                "created center-staff account '{}' (id {id})",
                creds.username
            );
            Ok(())
        }
        Command::Demo {
            teachers,
            years,
            if_empty,
        } => {
            let pool = startup::connect(&config.database_url).await?;
            startup::migrate(&pool).await?;
            match demo::load(&pool, teachers, years, if_empty).await? {
                Some(logins) => {
                    println!(
                        "Demo district loaded. Logins (password: {}):",
                        demo::DEMO_PASSWORD
                    );
                    for (role, username) in logins {
                        println!("  {role:<20} {username}");
                    }
                }
                None => println!("database already has teachers; demo not loaded"),
            }
            Ok(())
        }
    }
}
