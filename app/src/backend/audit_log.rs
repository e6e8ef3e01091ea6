//! The audit log as people read it: center staff see every write, coordinators the entries
//! about their schools' teachers and their own; filtered by who, which teacher, what and when,
//! a page at a time or exported.
use super::caller::Caller;
use super::policy;
use crate::domain::dates::parse_date;
use crate::domain::text::choice;
use crate::error::AppError;
use crate::views::roster::{AuditQuery, AuditRow, AuditView};

pub const PER_PAGE: i64 = 50;
pub const MAX_EXPORT: i64 = 50_000;

type Row = (
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    serde_json::Value,
    i64,
);

async fn select(
    c: &Caller,
    q: &AuditQuery,
    page: Option<i64>,
) -> Result<(Vec<AuditRow>, i64), AppError> {
    let schools = policy::managed_schools(&c.user)?;
    let (limit, offset) = match page {
        Some(p) => (PER_PAGE, (p - 1) * PER_PAGE),
        None => (MAX_EXPORT, 0),
    };
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT to_char(a.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), u.display_name,
                a.action, a.entity, a.entity_id, t.id, t.name, t.staff_no, a.detail, count(*) OVER ()
         FROM audit_log a
         LEFT JOIN users u ON u.id = a.actor_user_id
         LEFT JOIN teachers t ON a.entity = 'teacher'
              AND t.id = CASE WHEN a.entity_id ~ '^[0-9]{1,18}$' THEN a.entity_id::bigint END
         WHERE ($1::int[] IS NULL OR t.school_id = ANY($1) OR a.actor_user_id = $2)
           AND ($3 = '' OR u.username = lower($3) OR u.display_name = $3)
           AND ($4 = '' OR t.staff_no = upper($4))
           AND ($5 = '' OR a.action = $5)
           AND ($6::date IS NULL OR a.at >= ($6::date::timestamp AT TIME ZONE 'Asia/Shanghai'))
           AND ($7::date IS NULL OR a.at < (($7::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
         ORDER BY a.id DESC
         LIMIT $8 OFFSET $9",
    )
    .bind(&schools)
    .bind(c.user.id)
    .bind(choice(&q.who))
    .bind(choice(&q.teacher))
    .bind(choice(&q.action))
    .bind(parse_date(&q.from))
    .bind(parse_date(&q.to))
    .bind(limit)
    .bind(offset)
    .fetch_all(c.pool())
    .await?;
    let total = rows.first().map_or(0, |r| r.9);
    Ok((
        rows.into_iter()
            .map(|r| AuditRow {
                at: r.0,
                actor: r.1.unwrap_or_default(),
                action: r.2,
                entity: r.3,
                entity_id: r.4.unwrap_or_default(),
                teacher: r.5.zip(r.6).zip(r.7).map(|((id, name), no)| (id, name, no)),
                changes: serde_json::from_value(r.8["changes"].clone()).unwrap_or_default(),
            })
            .collect(),
        total,
    ))
}

pub async fn list(c: &Caller, q: &AuditQuery) -> Result<AuditView, AppError> {
    let page = q.page.trim().parse::<i64>().unwrap_or(1).clamp(1, 100_000);
    let (rows, total) = select(c, q, Some(page)).await?;
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT action FROM audit_log ORDER BY action")
            .fetch_all(c.pool())
            .await?;
    Ok(AuditView {
        rows,
        total,
        page,
        pages: (total + PER_PAGE - 1) / PER_PAGE,
        actions,
    })
}

pub async fn export(c: &Caller, q: &AuditQuery) -> Result<Vec<AuditRow>, AppError> {
    Ok(select(c, q, None).await?.0)
}
