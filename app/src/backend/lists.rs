//! The three lists (问题、任务、责任清单). Center staff make items for any school or person and
//! see them all; a coordinator makes items for their schools and sees their schools' and their
//! own; anyone sees and updates the items they own. An owner (or center staff) moves an item
//! through the loop with a progress note and evidence, and links it to what it concerns.
use super::caller::Caller;
use super::db;
use super::evidence::{self, Owner as FileOwner, Upload};
use crate::domain::codes::Role;
use crate::domain::loop_items::{
    due_state, may_link, school_year, ItemForm, ItemKind, LoopStage, NewItem, Owner,
};
use crate::domain::notices::NoticeKind;
use crate::domain::text::required;
use crate::error::{AppError, FieldProblem};
use crate::views::lists::{ItemDetail, ItemRow, LinkRow, ListFilter, ListsView, NoteRow};
use chrono::NaiveDate;

/// Who sees which items: center staff all; otherwise those owned by the user or their schools.
const VISIBLE: &str = "($1 OR i.owner_user_id = $2 OR i.owner_school_id = ANY($3))";

const ITEM_SELECT: &str = "SELECT i.id, i.kind, i.title, coalesce(s.name, u.display_name) AS owner,
        i.due_on, i.stage, i.year
     FROM loop_items i LEFT JOIN schools s ON s.id = i.owner_school_id
     LEFT JOIN users u ON u.id = i.owner_user_id";

#[derive(sqlx::FromRow)]
struct ItemDb {
    id: i64,
    kind: String,
    title: String,
    owner: String,
    due_on: NaiveDate,
    stage: String,
    year: i32,
}

impl ItemDb {
    fn row(self, today: NaiveDate) -> ItemRow {
        let stage = LoopStage::parse(&self.stage).unwrap_or(LoopStage::Plan);
        ItemRow {
            due_state: due_state(stage, self.due_on, today).to_string(),
            id: self.id,
            kind: self.kind,
            title: self.title,
            owner: self.owner,
            due_on: self.due_on,
            stage: self.stage,
            year: self.year,
        }
    }
}

fn center(c: &Caller) -> bool {
    c.user.has(Role::CenterStaff)
}

pub async fn list(c: &Caller, f: &ListFilter) -> Result<ListsView, AppError> {
    let pool = c.pool();
    let year = match f.year.trim() {
        "" => school_year(c.today),
        y => y
            .parse()
            .map_err(|_| AppError::field("year", FieldProblem::Invalid))?,
    };
    let kind = match f.kind.trim() {
        "" => None,
        k => Some(
            ItemKind::parse(k)
                .ok_or(AppError::field("kind", FieldProblem::Invalid))?
                .code(),
        ),
    };
    let school: Option<i32> = match f.school.trim() {
        "" => None,
        s => Some(
            s.parse()
                .map_err(|_| AppError::field("school", FieldProblem::Invalid))?,
        ),
    };
    let rows: Vec<ItemDb> = sqlx::query_as(&format!(
        "{ITEM_SELECT} WHERE {VISIBLE} AND i.year = $4
           AND ($5::text IS NULL OR i.kind = $5) AND ($6::int IS NULL OR i.owner_school_id = $6)
           AND (NOT $7 OR (i.stage <> 'effect' AND i.due_on < $8))
         ORDER BY i.due_on, i.id LIMIT 1000"
    ))
    .bind(center(c))
    .bind(c.user.id)
    .bind(c.user.coordinated_schools())
    .bind(year)
    .bind(kind)
    .bind(school)
    .bind(!f.overdue.trim().is_empty())
    .bind(c.today)
    .fetch_all(pool)
    .await?;
    let years: Vec<i32> = sqlx::query_scalar(&format!(
        "SELECT DISTINCT i.year FROM loop_items i WHERE {VISIBLE} ORDER BY 1 DESC"
    ))
    .bind(center(c))
    .bind(c.user.id)
    .bind(c.user.coordinated_schools())
    .fetch_all(pool)
    .await?;
    Ok(ListsView {
        items: rows.into_iter().map(|r| r.row(c.today)).collect(),
        year,
        years,
        center: center(c),
        schools: owner_schools(c).await?,
        may_create: center(c) || c.user.has(Role::SchoolCoordinator),
    })
}

/// The schools an item may be owned by: all active ones for center staff, a coordinator's own.
async fn owner_schools(c: &Caller) -> Result<Vec<(i32, String)>, AppError> {
    let all = center(c);
    Ok(sqlx::query_as(
        "SELECT id, name FROM schools WHERE active AND ($1 OR id = ANY($2)) ORDER BY name",
    )
    .bind(all)
    .bind(c.user.coordinated_schools())
    .fetch_all(c.pool())
    .await?)
}

pub async fn create(c: &Caller, form: &ItemForm) -> Result<i64, AppError> {
    if !(center(c) || c.user.has(Role::SchoolCoordinator)) {
        return Err(AppError::Forbidden);
    }
    let item = NewItem::parse(form, c.today)?;
    let pool = c.pool();
    let (school, user): (Option<i32>, Option<i64>) = match &item.owner {
        Owner::School(id) => {
            if !owner_schools(c).await?.iter().any(|s| s.0 == *id) {
                return Err(AppError::field("owner_school", FieldProblem::OutsideSchool));
            }
            (Some(*id), None)
        }
        Owner::Login(login) => {
            // A coordinator names a person of their schools (or themselves); center staff anyone.
            let id: Option<i64> = sqlx::query_scalar(
                "SELECT u.id FROM users u LEFT JOIN teachers t ON t.id = u.teacher_id
                 WHERE u.username = $1 AND NOT u.disabled
                   AND ($2 OR u.id = $3 OR t.school_id = ANY($4))",
            )
            .bind(login)
            .bind(center(c))
            .bind(c.user.id)
            .bind(c.user.coordinated_schools())
            .fetch_optional(pool)
            .await?;
            let id = id.ok_or(AppError::field("owner_login", FieldProblem::UnknownStaffNo))?;
            (None, Some(id))
        }
    };
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO loop_items (kind, title, description, owner_school_id, owner_user_id, due_on, year, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(item.kind.code())
    .bind(&item.title)
    .bind(&item.description)
    .bind(school)
    .bind(user)
    .bind(item.due_on)
    .bind(school_year(c.today))
    .bind(c.user.id)
    .fetch_one(&mut *tx)
    .await?;
    db::audit::commit(tx, c.user.id, "create", "loop_item", id).await?;
    let due = [NoticeKind::ItemDue, NoticeKind::ItemOverdue];
    super::notices::after_write(pool, c.today, &due).await;
    leptos_axum::redirect(&format!("/lists/{id}"));
    Ok(id)
}

/// The item and its description if the caller may see it (403 otherwise, as for an id that does
/// not exist). Whoever may see an item may update it: its owner (a person, or a coordinator of
/// the owning school) or center staff.
async fn visible(c: &Caller, id: i64) -> Result<(ItemDb, String), AppError> {
    let row: Option<ItemWithText> = sqlx::query_as(&format!(
        "SELECT i.id, i.kind, i.title, coalesce(s.name, u.display_name) AS owner, i.due_on,
                i.stage, i.year, i.description
         FROM loop_items i LEFT JOIN schools s ON s.id = i.owner_school_id
         LEFT JOIN users u ON u.id = i.owner_user_id
         WHERE i.id = $4 AND {VISIBLE}"
    ))
    .bind(center(c))
    .bind(c.user.id)
    .bind(c.user.coordinated_schools())
    .bind(id)
    .fetch_optional(c.pool())
    .await?;
    let row = row.ok_or(AppError::Forbidden)?;
    Ok((row.item, row.description))
}

#[derive(sqlx::FromRow)]
struct ItemWithText {
    #[sqlx(flatten)]
    item: ItemDb,
    description: String,
}

pub async fn detail(c: &Caller, id: i64) -> Result<ItemDetail, AppError> {
    let (item, description) = visible(c, id).await?;
    let pool = c.pool();
    let notes: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT n.id, u.display_name, n.body, n.stage_from, n.stage_to,
                to_char(n.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
         FROM loop_notes n JOIN users u ON u.id = n.author_id WHERE n.item_id = $1 ORDER BY n.created_at DESC, n.id DESC",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = notes.iter().map(|n| n.0).collect();
    let mut files = db::evidence::listed(pool, FileOwner::LoopNote, &ids).await?;
    let links = links_of(c, "l.item_id = $1", id).await?;
    let candidates = candidates(c, &item).await?;
    let linked_from = links_of(c, "l.target = 'item' AND l.target_id = $1", id).await?;
    Ok(ItemDetail {
        item: item.row(c.today),
        description,
        notes: notes
            .into_iter()
            .map(|(nid, author, body, stage_from, stage_to, at)| NoteRow {
                files: files
                    .remove(&nid)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|f| (f.id, f.file_name))
                    .collect(),
                author,
                body,
                stage_from,
                stage_to,
                at,
            })
            .collect(),
        links,
        linked_from,
        candidates,
    })
}

/// What an item may be linked to: the items of its year it may point at, the surveys and (for
/// center staff) training events of the last year, and its schools' open pairings; the newest
/// 100 of each.
async fn candidates(c: &Caller, item: &ItemDb) -> Result<Vec<(String, String)>, AppError> {
    let to_kind = match ItemKind::parse(&item.kind) {
        Some(ItemKind::Problem) => Some(ItemKind::Task.code()),
        Some(ItemKind::Task) => Some(ItemKind::Responsibility.code()),
        _ => None,
    };
    let rows: Vec<(String, i64, String)> = sqlx::query_as(&format!(
        "(SELECT 'item', i.id, i.title FROM loop_items i
          WHERE {VISIBLE} AND i.kind = $5 AND i.year = $6 ORDER BY i.id DESC LIMIT 100)
         UNION ALL
         (SELECT 'survey', s.id, s.title FROM surveys s
          WHERE s.published_at IS NOT NULL AND ($1 OR s.school_id = ANY($3) OR s.school_id IS NULL)
            AND s.closes_on >= $4 - 365 ORDER BY s.id DESC LIMIT 100)
         UNION ALL
         (SELECT 'event', e.id, e.title || ' ' || e.starts_on FROM training_events e
          WHERE $1 AND e.starts_on >= $4 - 365 ORDER BY e.starts_on DESC, e.id DESC LIMIT 100)
         UNION ALL
         (SELECT 'pairing', p.id, m.name || ' → ' || t.name FROM mentor_pairings p
          JOIN teachers m ON m.id = p.mentor_id JOIN teachers t ON t.id = p.mentee_id
          WHERE p.ended_on IS NULL AND ($1 OR t.school_id = ANY($3)) ORDER BY p.id DESC LIMIT 100)"
    ))
    .bind(center(c))
    .bind(c.user.id)
    .bind(c.user.coordinated_schools())
    .bind(c.today)
    .bind(to_kind)
    .bind(item.year)
    .fetch_all(c.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(target, id, title)| (format!("{target}:{id}"), title))
        .collect())
}

/// The links matching `condition` (on `l`, with the item id as $1), each with the title of what
/// it points at; from the far side (`linked_from`) the "target" is the linking item.
async fn links_of(c: &Caller, condition: &str, id: i64) -> Result<Vec<LinkRow>, AppError> {
    let reverse = condition.starts_with("l.target =");
    let rows: Vec<(String, i64, Option<String>)> = sqlx::query_as(&format!(
        "SELECT CASE WHEN $2 THEN 'item' ELSE l.target END,
                CASE WHEN $2 THEN l.item_id ELSE l.target_id END,
                CASE WHEN $2 THEN (SELECT title FROM loop_items WHERE id = l.item_id)
                     WHEN l.target = 'item' THEN (SELECT title FROM loop_items WHERE id = l.target_id)
                     WHEN l.target = 'survey' THEN (SELECT title FROM surveys WHERE id = l.target_id)
                     WHEN l.target = 'event' THEN (SELECT title FROM training_events WHERE id = l.target_id)
                     ELSE (SELECT m.name || ' → ' || e.name FROM mentor_pairings p
                           JOIN teachers m ON m.id = p.mentor_id JOIN teachers e ON e.id = p.mentee_id
                           WHERE p.id = l.target_id) END
         FROM loop_links l WHERE {condition} ORDER BY 1, 2"
    ))
    .bind(id)
    .bind(reverse)
    .fetch_all(c.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(target, target_id, title)| LinkRow {
            href: match target.as_str() {
                "item" => format!("/lists/{target_id}"),
                "survey" => format!("/surveys/{target_id}/results"),
                "event" => format!("/events/{target_id}"),
                _ => "/pairings".to_string(),
            },
            title: title.unwrap_or_default(),
            target,
            target_id,
        })
        .collect())
}

/// A progress note, moving the item to `stage` (or keeping it), with evidence files.
pub async fn add_note(
    c: &Caller,
    id: i64,
    stage: &str,
    body: &str,
    uploads: &[Upload],
) -> Result<i64, AppError> {
    let (item, _) = visible(c, id).await?;
    let mut errors = Vec::new();
    let to = LoopStage::parse(stage.trim());
    if to.is_none() {
        errors.push(crate::error::FieldError {
            field: "stage".into(),
            problem: FieldProblem::Invalid,
        });
    }
    let body = match required("body", body, 2000) {
        Ok(b) => Some(b),
        Err(AppError::Invalid(e)) => {
            errors.extend(e);
            None
        }
        Err(e) => return Err(e),
    };
    let files = evidence::check(uploads, 0, &mut errors);
    let (Some(to), Some(body), true) = (to, body, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let mut tx = c.pool().begin().await?;
    let from: String = sqlx::query_scalar("SELECT stage FROM loop_items WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("UPDATE loop_items SET stage = $2 WHERE id = $1")
        .bind(item.id)
        .bind(to.code())
        .execute(&mut *tx)
        .await?;
    let note: i64 = sqlx::query_scalar(
        "INSERT INTO loop_notes (item_id, author_id, body, stage_from, stage_to) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(id)
    .bind(c.user.id)
    .bind(&body)
    .bind(&from)
    .bind(to.code())
    .fetch_one(&mut *tx)
    .await?;
    evidence::store(&mut tx, FileOwner::LoopNote, note, &files).await?;
    db::audit::commit(tx, c.user.id, "loop_note", "loop_item", id).await?;
    Ok(note)
}

/// Links an item to another item (a problem to a task, a task to a responsibility), a survey,
/// a training event or a pairing the caller may see.
pub async fn link(c: &Caller, id: i64, link: &str) -> Result<(), AppError> {
    let (item, _) = visible(c, id).await?;
    let pool = c.pool();
    let bad = || AppError::field("link", FieldProblem::Invalid);
    let (target, target_id) = link
        .split_once(':')
        .and_then(|(t, v)| Some((t, v.parse::<i64>().ok()?)))
        .ok_or_else(bad)?;
    let ok = match target {
        "item" => {
            let (other, _) = visible(c, target_id).await.map_err(|_| bad())?;
            let kinds = (ItemKind::parse(&item.kind), ItemKind::parse(&other.kind));
            matches!(kinds, (Some(a), Some(b)) if may_link(a, b))
        }
        "survey" => super::survey_results::scope(c, target_id).await.is_ok(),
        "event" => {
            center(c)
                && sqlx::query_scalar::<_, bool>(
                    "SELECT EXISTS (SELECT 1 FROM training_events WHERE id = $1)",
                )
                .bind(target_id)
                .fetch_one(pool)
                .await?
        }
        "pairing" => sqlx::query_scalar::<_, bool>(
            "SELECT EXISTS (SELECT 1 FROM mentor_pairings p JOIN teachers t ON t.id = p.mentee_id
                                WHERE p.id = $1 AND ($2 OR t.school_id = ANY($3)))",
        )
        .bind(target_id)
        .bind(center(c))
        .bind(c.user.coordinated_schools())
        .fetch_one(pool)
        .await?,
        _ => return Err(bad()),
    };
    if !ok {
        return Err(bad());
    }
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO loop_links (item_id, target, target_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(id)
        .bind(target)
        .bind(target_id)
        .execute(&mut *tx)
        .await?;
    db::audit::commit(tx, c.user.id, "link", "loop_item", id).await?;
    Ok(())
}

pub async fn unlink(c: &Caller, id: i64, target: &str, target_id: i64) -> Result<(), AppError> {
    visible(c, id).await?;
    let mut tx = c.pool().begin().await?;
    sqlx::query("DELETE FROM loop_links WHERE item_id = $1 AND target = $2 AND target_id = $3")
        .bind(id)
        .bind(target)
        .bind(target_id)
        .execute(&mut *tx)
        .await?;
    db::audit::commit(tx, c.user.id, "unlink", "loop_item", id).await?;
    Ok(())
}

/// Copies a year's items into the next (center staff): the same owners and texts, due a year
/// later, back at 谋划, with the links between copied items kept. Copying twice copies nothing.
pub async fn copy_year(c: &Caller, year: i32) -> Result<i64, AppError> {
    super::policy::center_staff(&c.user)?;
    let mut tx = c.pool().begin().await?;
    let copied = sqlx::query(
        "INSERT INTO loop_items (kind, title, description, owner_school_id, owner_user_id, due_on, year, copied_from, created_by)
         SELECT i.kind, i.title, i.description, i.owner_school_id, i.owner_user_id,
                (i.due_on + interval '1 year')::date, i.year + 1, i.id, $2
         FROM loop_items i
         WHERE i.year = $1 AND NOT EXISTS (SELECT 1 FROM loop_items c WHERE c.copied_from = i.id)",
    )
    .bind(year)
    .bind(c.user.id)
    .execute(&mut *tx)
    .await?
    .rows_affected() as i64;
    sqlx::query(
        "INSERT INTO loop_links (item_id, target, target_id)
         SELECT a.id, l.target, coalesce(b.id, l.target_id)
         FROM loop_links l JOIN loop_items a ON a.copied_from = l.item_id AND a.year = $1 + 1
         LEFT JOIN loop_items b ON l.target = 'item' AND b.copied_from = l.target_id
         WHERE NOT EXISTS (SELECT 1 FROM loop_links x WHERE x.item_id = a.id)
         ON CONFLICT DO NOTHING",
    )
    .bind(year)
    .execute(&mut *tx)
    .await?;
    db::audit::commit(tx, c.user.id, "copy_year", "loop_item", year).await?;
    Ok(copied)
}

/// An evidence file of a note, for whoever may see the item.
pub async fn evidence_file(c: &Caller, id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    let row: Option<(i64, String, String, Vec<u8>)> = sqlx::query_as(
        "SELECT n.item_id, e.file_name, e.content_type, e.data
         FROM loop_note_evidence e JOIN loop_notes n ON n.id = e.note_id WHERE e.id = $1",
    )
    .bind(id)
    .fetch_optional(c.pool())
    .await?;
    let (item, name, content_type, data) = row.ok_or(AppError::Forbidden)?;
    visible(c, item).await?;
    Ok((name, content_type, data))
}
