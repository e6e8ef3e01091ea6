//! Each teacher's contribution to the statistics, as facts `(measure, k, n)` computed in SQL
//! from the base tables, and their maintenance: `stat_cells` holds the facts' sums per group
//! (see the migration `statistics_rollups`), changed by deltas — a teacher's new facts minus
//! the facts last applied — for the teachers the triggers marked in `stat_dirty`.
//!
//! The same SQL, run over the filtered teachers instead of a few ids, is the raw aggregate
//! the rollup is checked against (tests) and measured against (`bench-province.sh`).
use super::db;
use super::dual::DualSettings;
use crate::error::AppError;
use chrono::NaiveDate;
use sqlx::postgres::PgArguments;
use sqlx::{Arguments, PgPool};
use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard};

/// What a fact counts. `k` is the measure's own key (a bin, a rank, a year, a month).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(i16)]
pub enum Measure {
    /// An active teacher.
    Active = 1,
    /// A teacher of an entry cohort, active or not; k: 1 still at the first school, 2 moved
    /// to another, 3 left.
    Retention = 2,
    /// An active teacher's counted cycle hours, k: the bin (`HOURS_BIN` tenths wide).
    HoursBin = 3,
    /// An active teacher on track for the cycle.
    OnTrack = 4,
    /// An active teacher's highest tier rank (k, 0: none).
    TopRank = 5,
    /// An active new teacher who had a mentor in their first year of service.
    MentoredFirstYear = 6,
    /// An active teacher with an open pairing as mentee.
    PairedNow = 7,
    /// An active mentee's open pairings behind their quotas' pace (n).
    PairsBehind = 8,
    /// Sessions held with an active mentee in month k (yyyymm), the six months to today.
    Sessions = 9,
    /// An active mentee's pairings open at some point in month k (yyyymm).
    PairsOpen = 10,
    /// An active teacher's promotions in year k.
    Promotions = 11,
    /// An active cohort teacher's highest rank at the end of each year since entry:
    /// k = year × 100 + rank.
    TierFlow = 12,
    /// 双培养: became 预备党员 in the window (an active teacher).
    DualNewMember = 13,
    /// … and is 名师/骨干 today.
    DualNewMemberBackbone = 14,
    /// First reached the backbone rank in the window.
    DualNewBackbone = 15,
    /// … and is a Party member today.
    DualNewBackboneMember = 16,
    /// How far an active mentee's open pairing is behind (the sum of its shortfalls), for the
    /// attention list's order.
    PairShortfall = 17,
}

/// The hours histogram's bin width and where its open-ended last bin starts (tenths of hours).
pub const HOURS_BIN: i64 = 360;
pub const HOURS_TOP: i64 = 3600;

/// The values the facts depend on besides the base tables: the day, the current term's span
/// and pace (per mille gone, from the mentoring rules' own function), the 双培养 settings.
pub struct FactParams {
    pub today: NaiveDate,
    pub term: Option<(NaiveDate, NaiveDate, i64)>,
    pub dual_rank: i32,
    pub dual_from: NaiveDate,
}

impl FactParams {
    pub async fn load(pool: &PgPool, today: NaiveDate) -> Result<FactParams, AppError> {
        let term = db::terms::current(pool, today).await?;
        let DualSettings { min_rank, from, .. } = super::dual::settings(pool, today).await?;
        Ok(FactParams {
            today,
            term: term.map(|t| (t.starts_on, t.ends_on, t.span().elapsed_permille(today))),
            dual_rank: min_rank as i32,
            dual_from: from,
        })
    }

    /// Adds the six values the SQL of `facts_sql` numbers from its `first` parameter on.
    pub fn add_to(&self, args: &mut PgArguments) -> Result<(), sqlx::Error> {
        let e = sqlx::Error::Encode;
        args.add(self.today).map_err(e)?;
        args.add(self.term.map(|t| t.0)).map_err(e)?;
        args.add(self.term.map(|t| t.1)).map_err(e)?;
        args.add(self.term.map_or(0, |t| t.2)).map_err(e)?;
        args.add(self.dual_rank).map_err(e)?;
        args.add(self.dual_from).map_err(e)
    }

    /// The six values as text, in `bind`'s order (for pgbench; NULL as an empty string is
    /// not possible there, so a missing term is a term that ended before today).
    pub fn values(&self) -> Vec<String> {
        let (ts, te, pm) = self.term.unwrap_or((self.today, self.today, 0)).to_owned();
        vec![
            self.today.to_string(),
            ts.to_string(),
            te.to_string(),
            pm.to_string(),
            self.dual_rank.to_string(),
            self.dual_from.to_string(),
        ]
    }
}

/// Open pairings of the mentees in `a` (id) behind their quotas: the quota arithmetic of
/// `domain::mentoring::QuotaProgress` next to the data — expected = required × per mille gone
/// / 1000 (at most required), behind when confirmed sessions of the term fall short of it.
/// Rows: pairing, mentee, shortfall (the sum of what falls short), and the short kinds with
/// their done and required counts, in the quotas' order.
pub const BEHIND_PAIRS: &str = "behind AS (
    SELECT p.id AS pairing_id, p.mentee_id, p.mentor_id,
           sum(GREATEST(q.expected - q.done, 0)) AS shortfall,
           array_agg(q.kind ORDER BY q.quota_id) FILTER (WHERE q.done < q.expected) AS kinds,
           array_agg(q.done ORDER BY q.quota_id) FILTER (WHERE q.done < q.expected) AS done,
           array_agg(q.min_count::int8 ORDER BY q.quota_id) FILTER (WHERE q.done < q.expected) AS required
    FROM a JOIN mentor_pairings p ON p.mentee_id = a.id AND p.ended_on IS NULL
    CROSS JOIN LATERAL (
        SELECT tq.id AS quota_id, tq.kind, tq.min_count,
               LEAST(tq.min_count, tq.min_count * {pm} / 1000) AS expected,
               (SELECT count(*) FROM mentor_sessions ms
                WHERE ms.pairing_id = p.id AND ms.kind = tq.kind AND ms.confirmed_at IS NOT NULL
                  AND ms.held_on BETWEEN {ts} AND {te}) AS done
        FROM term_quotas tq WHERE tq.programme_id = p.programme_id AND tq.min_count > 0) q
    WHERE {ts} IS NOT NULL
    GROUP BY p.id, p.mentee_id, p.mentor_id
    HAVING bool_or(q.done < q.expected))";

/// The facts of the teachers `t` matching `cond` (SQL over `teachers t`): rows of
/// `(teacher_id, school_id, area, cohort, subject, stage, programmes, measure, k, n,
/// behind_tenths)`, with the dimensions each teacher's facts count under and, for an active
/// teacher behind on hours, their counted hours (the attention list's order). The fact
/// parameters are `$first` on (`FactParams::bind`).
pub fn facts_sql(cond: &str, first: usize) -> String {
    let p = |i: usize, ty: &str| format!("${}::{ty}", first + i);
    let body = format!(
        "WITH tt AS (
    SELECT t.id, t.school_id, COALESCE(s.area, '') AS area, COALESCE(t.cohort_year, 0) AS cohort, t.cohort_year, t.subject,
           t.stage, t.active, t.hire_date, t.party_stage,
           ARRAY(SELECT pr.code FROM programme_enrolments e JOIN programmes pr ON pr.id = e.programme_id
                 WHERE e.teacher_id = t.id AND e.ended_on IS NULL ORDER BY pr.code) AS programmes,
           st.cycle_tenths AS behind_tenths
    FROM teachers t JOIN schools s ON s.id = t.school_id
    LEFT JOIN teacher_standing st ON st.teacher_id = t.id AND NOT st.on_track AND t.active
    WHERE {cond}),
a AS (SELECT * FROM tt WHERE active),
top AS (SELECT tp.teacher_id, max(l.rank) AS rank,
               min(tp.promoted_on) FILTER (WHERE l.rank >= {{rank}}) AS backbone_since
        FROM a JOIN tier_promotions tp ON tp.teacher_id = a.id JOIN tier_levels l ON l.id = tp.level_id
        GROUP BY tp.teacher_id),
months AS (SELECT m::date AS m FROM generate_series(date_trunc('month', {{today}}) - interval '5 months',
                                                   date_trunc('month', {{today}}), interval '1 month') m),
{behind},
facts (teacher_id, measure, k, n) AS (
    SELECT id, 1, 0, 1::int8 FROM a
    UNION ALL
    SELECT tt.id, 2, CASE WHEN NOT tt.active THEN 3
                          WHEN h.school_id IS NULL OR h.school_id = tt.school_id THEN 1 ELSE 2 END, 1
    FROM tt LEFT JOIN LATERAL (SELECT school_id FROM teacher_school_history h
                               WHERE h.teacher_id = tt.id ORDER BY h.from_date LIMIT 1) h ON true
    WHERE tt.cohort_year IS NOT NULL
    UNION ALL
    SELECT a.id, 3, LEAST(COALESCE(st.cycle_tenths, 0) / {bin}, {last})::int4, 1
    FROM a LEFT JOIN teacher_standing st ON st.teacher_id = a.id
    UNION ALL
    SELECT a.id, 4, 0, 1 FROM a JOIN teacher_standing st ON st.teacher_id = a.id AND st.on_track
    UNION ALL
    SELECT a.id, 5, COALESCE(top.rank, 0), 1 FROM a LEFT JOIN top ON top.teacher_id = a.id
    UNION ALL
    SELECT a.id, 6, 0, 1 FROM a
    WHERE a.cohort_year IS NOT NULL
      AND EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentee_id = a.id
                    AND p.started_on < (a.hire_date + interval '1 year')::date
                    AND (p.ended_on IS NULL OR p.ended_on >= a.hire_date))
    UNION ALL
    SELECT a.id, 7, 0, 1 FROM a
    WHERE EXISTS (SELECT 1 FROM mentor_pairings p WHERE p.mentee_id = a.id AND p.ended_on IS NULL)
    UNION ALL
    SELECT mentee_id, 8, 0, count(*) FROM behind GROUP BY mentee_id
    UNION ALL
    SELECT mentee_id, 17, 0, sum(shortfall)::int8 FROM behind GROUP BY mentee_id
    UNION ALL
    SELECT a.id, 9, to_char(ms.held_on, 'YYYYMM')::int4, count(*)
    FROM a JOIN mentor_pairings p ON p.mentee_id = a.id JOIN mentor_sessions ms ON ms.pairing_id = p.id
    WHERE ms.held_on >= (SELECT min(m) FROM months) AND ms.held_on <= {{today}}
    GROUP BY 1, 3
    UNION ALL
    SELECT a.id, 10, to_char(months.m, 'YYYYMM')::int4, count(*)
    FROM a JOIN mentor_pairings p ON p.mentee_id = a.id
    JOIN months ON p.started_on < (months.m + interval '1 month')::date
               AND (p.ended_on IS NULL OR p.ended_on >= months.m)
    GROUP BY 1, 3
    UNION ALL
    SELECT a.id, 11, EXTRACT(YEAR FROM tp.promoted_on)::int4, count(*)
    FROM a JOIN tier_promotions tp ON tp.teacher_id = a.id GROUP BY 1, 3
    UNION ALL
    SELECT a.id, 12, y * 100 + COALESCE(r.rank, 0), 1
    FROM a CROSS JOIN LATERAL generate_series(a.cohort_year, EXTRACT(YEAR FROM {{today}})::int4) AS y
    LEFT JOIN LATERAL (SELECT max(l.rank) AS rank FROM tier_promotions tp JOIN tier_levels l ON l.id = tp.level_id
                       WHERE tp.teacher_id = a.id AND tp.promoted_on <= make_date(y, 12, 31)) r ON true
    WHERE a.cohort_year IS NOT NULL
    UNION ALL
    SELECT a.id, m.measure, 0, 1
    FROM a LEFT JOIN top ON top.teacher_id = a.id
    CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM party_stage_changes c WHERE c.teacher_id = a.id
                                         AND c.stage = 'probationary' AND c.changed_on >= {{from}}) AS joined) j
    CROSS JOIN LATERAL (VALUES
        (13, j.joined),
        (14, j.joined AND top.rank >= {{rank}}),
        (15, top.backbone_since >= {{from}}),
        (16, top.backbone_since >= {{from}} AND a.party_stage IN ('probationary', 'member'))) AS m(measure, yes)
    WHERE m.yes)
SELECT f.teacher_id, tt.school_id, tt.area, tt.cohort, tt.subject, tt.stage, tt.programmes,
       f.measure::int2 AS measure, f.k::int4 AS k, f.n, tt.behind_tenths
FROM facts f JOIN tt ON tt.id = f.teacher_id",
        behind = BEHIND_PAIRS,
        bin = HOURS_BIN,
        last = HOURS_TOP / HOURS_BIN,
    );
    body.replace("{today}", &p(0, "date"))
        .replace("{ts}", &p(1, "date"))
        .replace("{te}", &p(2, "date"))
        .replace("{pm}", &p(3, "int8"))
        .replace("{rank}", &p(4, "int4"))
        .replace("{from}", &p(5, "date"))
}

/// A cell's dimensions at each level, as selected and as grouped, over rows with the facts'
/// dimensions and a single `programme`: level 0 school × cohort × subject × stage, 1 area ×
/// cohort × subject × stage (school 0), 2 school (cohort −1, subject and stage ''), 3 cohort ×
/// subject × stage (school 0, area ''), 4 area (school 0, cohort −1, subject and stage '').
pub const LEVELS: [(&str, &str); 5] = [
    (
        "0, school_id, area, cohort, subject, stage",
        "school_id, area, cohort, subject, stage",
    ),
    (
        "1, 0, area, cohort, subject, stage",
        "area, cohort, subject, stage",
    ),
    ("2, school_id, area, -1, '', ''", "school_id, area"),
    ("3, 0, '', cohort, subject, stage", "cohort, subject, stage"),
    ("4, 0, area, -1, '', ''", "area"),
];

/// Teachers brought up to date per transaction: bounds a catch-up's memory in Postgres and
/// the time other writers of the cells wait.
const BATCH: i64 = 20_000;

/// The advisory lock serialising catch-ups ("tgcell"), so two never apply one teacher's
/// delta twice.
const LOCK: i64 = 0x7467_6365_6c6c;

/// How many teachers wait for a catch-up, counted up to $1 (every statistics read asks first).
pub const WAITING: &str = "SELECT (SELECT count(*) FROM (SELECT 1 FROM stat_dirty LIMIT $1) d)
                                + (SELECT count(*) FROM (SELECT 1 FROM standing_dirty LIMIT $1) s)";

/// A read catches up at most this many waiting teachers itself (under a second). More — a rules
/// or 双培养-settings change marks every teacher, and a province's million take minutes — are
/// handed to a catch-up in the background, and the read answers from the rollup as it stands.
pub const READ_CATCH_UP: i64 = 5_000;

/// Before a statistics read: brings the rollup up to date when at most `limit` teachers wait,
/// else starts a catch-up in the background (one per process; the advisory lock orders it
/// with others). While one runs here a read does not wait for its batches either. Returns
/// whether the figures are still being updated.
pub async fn catch_up_for_read(
    pool: &PgPool,
    today: NaiveDate,
    limit: i64,
) -> Result<bool, AppError> {
    let waiting: i64 = sqlx::query_scalar(WAITING)
        .bind(limit + 1)
        .fetch_one(pool)
        .await?;
    catch_up_counted(pool, today, waiting, limit).await
}

/// [`catch_up_for_read`] once the read has counted the `waiting` teachers itself (up to
/// `limit + 1`, in the snapshot of its sums: `stat_queries::Scope::fresh_cells_sql`).
pub async fn catch_up_counted(
    pool: &PgPool,
    today: NaiveDate,
    waiting: i64,
    limit: i64,
) -> Result<bool, AppError> {
    if waiting == 0 {
        return Ok(false);
    }
    if waiting <= limit && !catching_up().contains(&database(pool)) {
        apply_waiting(pool, today).await?;
        return Ok(false);
    }
    in_background(pool.clone(), today);
    Ok(true)
}

/// The databases a background catch-up runs for in this process (a server has one; the
/// tests run many at once).
static CATCHING_UP: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

fn catching_up() -> MutexGuard<'static, BTreeSet<String>> {
    CATCHING_UP.lock().unwrap_or_else(|e| e.into_inner())
}

fn database(pool: &PgPool) -> String {
    pool.connect_options()
        .get_database()
        .unwrap_or_default()
        .to_string()
}

/// Takes its database off [`CATCHING_UP`] however the background catch-up ends.
struct Running(String);

impl Drop for Running {
    fn drop(&mut self) {
        catching_up().remove(&self.0);
    }
}

fn in_background(pool: PgPool, today: NaiveDate) {
    let db = database(&pool);
    if !catching_up().insert(db.clone()) {
        return;
    }
    let running = Running(db);
    tokio::spawn(async move {
        let _running = running;
        match caught_up(&pool, today).await {
            Ok(n) => tracing::info!(teachers = n, "statistics caught up in the background"),
            // The scheduled job tries again within minutes.
            Err(err) => tracing::error!(error = ?err, "background statistics catch-up failed"),
        }
    });
}

/// Applies the facts of the teachers marked dirty (all of them, a batch at a time), so every
/// statistic read after it counts every write committed before it. Returns how many teachers
/// were brought up to date.
pub async fn catch_up(pool: &PgPool, today: NaiveDate) -> Result<usize, AppError> {
    let waiting: i64 = sqlx::query_scalar(WAITING)
        .bind(1_i64)
        .fetch_one(pool)
        .await?;
    if waiting == 0 {
        return Ok(0);
    }
    apply_waiting(pool, today).await
}

/// [`catch_up`] once it is known that teachers wait.
async fn apply_waiting(pool: &PgPool, today: NaiveDate) -> Result<usize, AppError> {
    // Hours written outside the app reach the hours rollup first (the app's own writes have),
    // which marks the teachers whose standing changed.
    let hours: Vec<i64> = sqlx::query_scalar("SELECT teacher_id FROM standing_dirty")
        .fetch_all(pool)
        .await?;
    if !hours.is_empty() {
        super::standing::refresh(pool, Some(&hours), today).await?;
    }
    let params = FactParams::load(pool, today).await?;
    let mut done = 0;
    loop {
        let n = apply_batch(pool, &params).await?;
        if n == 0 {
            return Ok(done);
        }
        done += n;
    }
}

/// What the scheduled job does after the hours rollup's refresh: marks every teacher whose
/// facts are from an earlier day (pace, the month and year windows move with the day) and
/// brings everyone marked up to date; on such a new day it also drops the cells deltas left
/// at zero (reads skip them; a sweep reads every cell, so not every 10 minutes).
pub async fn scheduled(pool: &PgPool, today: NaiveDate) -> Result<usize, AppError> {
    let new_day = sqlx::query(
        "INSERT INTO stat_dirty SELECT teacher_id FROM teacher_fact_keys WHERE as_of < $1
         ON CONFLICT DO NOTHING",
    )
    .bind(today)
    .execute(pool)
    .await?
    .rows_affected()
        > 0;
    let n = caught_up(pool, today).await?;
    if new_day {
        sweep(pool).await?;
    }
    Ok(n)
}

/// [`catch_up`], then, when it took many teachers off the queues, the queues vacuumed and the
/// rollup's tables analysed. Every read asks whether the queues are empty, and an empty queue
/// of dead rows is read page by page (20,000 dead rows made the question 0.5 ms; a province's
/// million, tens of ms). Reads are planned from the rollup's statistics: analysed while
/// empty (a new database) they planned the district's headcount at 1.5 ms instead of 0.7,
/// until autovacuum — which may be off, or minutes behind — analysed them again.
async fn caught_up(pool: &PgPool, today: NaiveDate) -> Result<usize, AppError> {
    let n = catch_up(pool, today).await?;
    if n as i64 > READ_CATCH_UP {
        // Two statements: VACUUM cannot run in the transaction of a multi-statement query.
        for sql in [
            "VACUUM stat_dirty, standing_dirty",
            "ANALYZE stat_cells, teacher_facts, teacher_fact_keys",
        ] {
            sqlx::raw_sql(sql).execute(pool).await?;
        }
    }
    Ok(n)
}

/// Recomputes every teacher's facts (the benchmark's full refresh, and after a restore).
pub async fn rebuild(pool: &PgPool, today: NaiveDate) -> Result<usize, AppError> {
    sqlx::query("INSERT INTO stat_dirty SELECT id FROM teachers ON CONFLICT DO NOTHING")
        .execute(pool)
        .await?;
    let n = caught_up(pool, today).await?;
    sweep(pool).await?;
    Ok(n)
}

/// Drops the cells deltas left at zero.
async fn sweep(pool: &PgPool) -> Result<(), AppError> {
    sqlx::query("DELETE FROM stat_cells WHERE n = 0")
        .execute(pool)
        .await?;
    Ok(())
}

async fn apply_batch(pool: &PgPool, params: &FactParams) -> Result<usize, AppError> {
    let marked: Vec<(i64, i64)> =
        sqlx::query_as("SELECT teacher_id, mark FROM stat_dirty LIMIT $1")
            .bind(BATCH)
            .fetch_all(pool)
            .await?;
    if marked.is_empty() {
        return Ok(0);
    }
    let (ids, marks): (Vec<i64>, Vec<i64>) = marked.into_iter().unzip();
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(LOCK)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "CREATE TEMP TABLE new_facts (teacher_id int8, school_id int4, area text, cohort int4, subject text,
                                      stage text, programmes text[], measure int2, k int4, n int8,
                                      behind_tenths int8) ON COMMIT DROP",
    )
    .execute(&mut *tx)
    .await?;
    let insert = format!(
        "INSERT INTO new_facts {}",
        facts_sql("t.id = ANY($1::int8[])", 2)
    );
    let mut args = PgArguments::default();
    args.add(ids.clone()).map_err(sqlx::Error::Encode)?;
    params.add_to(&mut args)?;
    sqlx::query_with(&insert, args).execute(&mut *tx).await?;
    let levels: Vec<String> = LEVELS
        .iter()
        .map(|(select, group)| {
            format!(
                "SELECT {select}, programme, measure, k, sum(n) FROM d
                 GROUP BY {group}, programme, measure, k HAVING sum(n) <> 0"
            )
        })
        .collect();
    sqlx::query(&format!(
        "WITH changed AS (
            SELECT k.school_id, k.area, k.cohort, k.subject, k.stage, k.programmes, f.measure, f.k, -f.n AS n
            FROM teacher_facts f JOIN teacher_fact_keys k ON k.teacher_id = f.teacher_id
            WHERE f.teacher_id = ANY($1)
            UNION ALL
            SELECT school_id, area, cohort, subject, stage, programmes, measure, k, n FROM new_facts),
         d AS (SELECT c.*, pr AS programme FROM changed c CROSS JOIN LATERAL unnest('{{\"\"}}'::text[] || c.programmes) pr)
         INSERT INTO stat_cells (level, school_id, area, cohort, subject, stage, programme, measure, k, n)
         {}
         ON CONFLICT (level, programme, measure, school_id, area, cohort, subject, stage, k)
         DO UPDATE SET n = stat_cells.n + EXCLUDED.n",
        levels.join("\nUNION ALL\n")
    ))
    .bind(&ids)
    .execute(&mut *tx)
    .await?;
    // The facts and the dimensions they now count under, both from `new_facts`: a teacher
    // changed since is marked again and subtracted under these.
    for sql in [
        "DELETE FROM teacher_facts WHERE teacher_id = ANY($1)",
        "DELETE FROM teacher_fact_keys WHERE teacher_id = ANY($1)",
    ] {
        sqlx::query(sql).bind(&ids).execute(&mut *tx).await?;
    }
    sqlx::query("INSERT INTO teacher_facts SELECT teacher_id, measure, k, n FROM new_facts")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO teacher_fact_keys (teacher_id, school_id, area, cohort, subject, stage, programmes, as_of,
                                        behind_tenths)
         SELECT DISTINCT teacher_id, school_id, area, cohort, subject, stage, programmes, $1::date, behind_tenths
         FROM new_facts",
    )
    .bind(params.today)
    .execute(&mut *tx)
    .await?;
    // Last, so writers wait on these marks only for the commit: a teacher marked again since
    // (a new number) stays marked for the next batch.
    sqlx::query(
        "DELETE FROM stat_dirty d USING unnest($1::int8[], $2::int8[]) AS u(id, mark)
         WHERE d.teacher_id = u.id AND d.mark = u.mark",
    )
    .bind(&ids)
    .bind(&marks)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ids.len())
}
