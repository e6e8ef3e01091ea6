//! Needs surveys, built and targeted: center staff for the district, a coordinator for their
//! school. A survey is a draft (its questions change) until it is targeted and opened; from
//! then on it is read by teachers (`survey_answers`) and its results (`survey_results`).
use super::caller::Caller;
use super::db;
use super::policy;
use super::survey_template;
use crate::domain::codes::{Role, Stage};
use crate::domain::notices::NoticeKind;
use crate::domain::survey::{NewQuestion, Question, QuestionForm, QuestionKind};
use crate::domain::text::{clean, required};
use crate::error::{AppError, FieldProblem};
use crate::views::surveys::{
    MySurvey, SurveyEditor, SurveyHead, SurveyRow, SurveysView, TargetChoices,
};
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;

/// The teachers a survey reaches (`s` the survey, `t` the teacher): active, in the survey's
/// school when it is a school's, and matching every target dimension that lists values.
pub const TARGETED: &str = "t.active
    AND (s.school_id IS NULL OR t.school_id = s.school_id)
    AND (cardinality(s.target_cohorts) = 0 OR t.cohort_year = ANY(s.target_cohorts))
    AND (cardinality(s.target_schools) = 0 OR t.school_id = ANY(s.target_schools))
    AND (cardinality(s.target_subjects) = 0 OR t.subject = ANY(s.target_subjects))
    AND (cardinality(s.target_stages) = 0 OR t.stage = ANY(s.target_stages))
    AND (cardinality(s.target_tiers) = 0 OR (SELECT tp.level_id FROM tier_promotions tp
            JOIN tier_levels l ON l.id = tp.level_id WHERE tp.teacher_id = t.id
            ORDER BY l.rank DESC LIMIT 1) = ANY(s.target_tiers))
    AND (cardinality(s.target_programmes) = 0 OR EXISTS (SELECT 1 FROM programme_enrolments e
            WHERE e.teacher_id = t.id AND e.ended_on IS NULL AND e.programme_id = ANY(s.target_programmes)))";

/// A survey as stored, with what access and the pages need.
#[derive(sqlx::FromRow, Clone)]
pub struct SurveyRec {
    pub id: i64,
    pub title: String,
    pub intro: String,
    pub anonymous: bool,
    pub school_id: Option<i32>,
    pub school_name: Option<String>,
    pub opens_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
    pub published: bool,
    pub target_cohorts: Vec<i32>,
    pub target_schools: Vec<i32>,
    pub target_subjects: Vec<String>,
    pub target_stages: Vec<String>,
    pub target_tiers: Vec<i32>,
    pub target_programmes: Vec<i32>,
}

impl SurveyRec {
    pub fn status(&self, today: NaiveDate) -> &'static str {
        match (self.published, self.opens_on, self.closes_on) {
            (false, _, _) => "draft",
            (true, Some(o), _) if today < o => "scheduled",
            (true, _, Some(c)) if today > c => "closed",
            _ => "open",
        }
    }

    pub fn head(&self, today: NaiveDate) -> SurveyHead {
        SurveyHead {
            id: self.id,
            title: self.title.clone(),
            intro: self.intro.clone(),
            anonymous: self.anonymous,
            school: self.school_name.clone(),
            status: self.status(today).to_string(),
            opens_on: self.opens_on,
            closes_on: self.closes_on,
        }
    }

    /// The ticked target keys (`cohort_2025`, …), as the publish form names them.
    fn targets(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(self.target_cohorts.iter().map(|v| format!("cohort_{v}")));
        keys.extend(self.target_schools.iter().map(|v| format!("school_{v}")));
        keys.extend(self.target_subjects.iter().map(|v| format!("subject_{v}")));
        keys.extend(self.target_stages.iter().map(|v| format!("stage_{v}")));
        keys.extend(self.target_tiers.iter().map(|v| format!("tier_{v}")));
        keys.extend(
            self.target_programmes
                .iter()
                .map(|v| format!("programme_{v}")),
        );
        keys
    }
}

const SURVEY_SELECT: &str = "SELECT s.id, s.title, s.intro, s.anonymous, s.school_id,
        sc.name AS school_name, s.opens_on, s.closes_on, s.published_at IS NOT NULL AS published,
        s.target_cohorts, s.target_schools, s.target_subjects, s.target_stages, s.target_tiers,
        s.target_programmes
     FROM surveys s LEFT JOIN schools sc ON sc.id = s.school_id";

pub async fn survey(db: &mut PgConnection, id: i64) -> Result<SurveyRec, AppError> {
    sqlx::query_as(&format!("{SURVEY_SELECT} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Center staff manage every survey; a coordinator, their schools' surveys. Anyone else is
/// refused (403) whether or not the survey exists.
pub async fn managed(c: &Caller, id: i64) -> Result<SurveyRec, AppError> {
    let schools = policy::managed_schools(&c.user)?;
    let mut db = c.pool().acquire().await?;
    let s = survey(&mut db, id).await.map_err(|e| match e {
        AppError::NotFound => AppError::Forbidden,
        e => e,
    })?;
    match (&schools, s.school_id) {
        (None, _) => Ok(s),
        (Some(mine), Some(school)) if mine.contains(&school) => Ok(s),
        _ => Err(AppError::Forbidden),
    }
}

/// A survey whose questions may still change (a draft the caller manages).
async fn draft(c: &Caller, id: i64) -> Result<SurveyRec, AppError> {
    let s = managed(c, id).await?;
    if s.published {
        return Err(AppError::Locked);
    }
    Ok(s)
}

/// A question's row: id, position, section, kind, prompt, options, max choices, required, and
/// the condition's question and value.
type QuestionDb = (
    i64,
    i32,
    String,
    String,
    String,
    Vec<String>,
    Option<i32>,
    bool,
    Option<i64>,
    Option<i32>,
);

pub async fn questions(db: &PgPool, survey_id: i64) -> Result<Vec<Question>, AppError> {
    let rows: Vec<QuestionDb> = sqlx::query_as(
        "SELECT id, position, section, kind, prompt, options, max_choices, required,
                show_if_question, show_if_value
         FROM survey_questions WHERE survey_id = $1 ORDER BY position",
    )
    .bind(survey_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, position, section, kind, prompt, options, max_choices, required, sq, sv)| {
                Some(Question {
                    id,
                    position,
                    section,
                    kind: QuestionKind::parse(&kind)?,
                    prompt,
                    options,
                    max_choices,
                    required,
                    show_if: sq.zip(sv),
                })
            },
        )
        .collect())
}

/// The surveys page: what the user manages, and what is open for them as a teacher.
pub async fn list(c: &Caller) -> Result<SurveysView, AppError> {
    let pool = c.pool();
    let managed_schools = policy::managed_schools(&c.user).ok();
    let mut managed = Vec::new();
    if let Some(schools) = &managed_schools {
        // A coordinator also follows the center's published surveys in their schools (the
        // results page shows their part; the builder stays the center's).
        let rows: Vec<SurveyRec> = sqlx::query_as(&format!(
            "{SURVEY_SELECT} WHERE ($1::int[] IS NULL OR s.school_id = ANY($1)
                                    OR (s.school_id IS NULL AND s.published_at IS NOT NULL))
             ORDER BY s.published_at IS NOT NULL, s.closes_on DESC NULLS FIRST, s.id DESC LIMIT 200"
        ))
        .bind(schools)
        .fetch_all(pool)
        .await?;
        // Answers counted within the caller's schools.
        let counts: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT s.id,
                    (SELECT count(*) FROM survey_questions q WHERE q.survey_id = s.id),
                    (SELECT count(*) FROM survey_submissions x WHERE x.survey_id = s.id
                       AND ($2::int[] IS NULL OR x.school_id = ANY($2)))
             FROM surveys s WHERE s.id = ANY($1)",
        )
        .bind(rows.iter().map(|r| r.id).collect::<Vec<_>>())
        .bind(schools)
        .fetch_all(pool)
        .await?;
        managed = rows
            .iter()
            .map(|r| {
                let (_, questions, answered) = counts
                    .iter()
                    .find(|x| x.0 == r.id)
                    .copied()
                    .unwrap_or((0, 0, 0));
                SurveyRow {
                    head: r.head(c.today),
                    questions,
                    answered,
                    may_edit: schools.is_none() || r.school_id.is_some(),
                }
            })
            .collect();
    }
    let schools = if c.user.has(Role::CenterStaff) {
        Vec::new()
    } else {
        c.user
            .roles
            .iter()
            .filter(|g| g.role == Role::SchoolCoordinator)
            .filter_map(|g| Some((g.school_id?, g.school_name.clone()?)))
            .collect()
    };
    Ok(SurveysView {
        managed,
        may_create: managed_schools.is_some(),
        schools,
        mine: open_for(c).await?,
    })
}

/// The surveys open today for the caller as a teacher, and how far they are with each.
pub async fn open_for(c: &Caller) -> Result<Vec<MySurvey>, AppError> {
    let Some(teacher) = c.user.teacher_id else {
        return Ok(Vec::new());
    };
    let rows: Vec<(i64, String, NaiveDate, bool, bool)> = sqlx::query_as(&format!(
        "SELECT s.id, s.title, s.closes_on,
                EXISTS (SELECT 1 FROM survey_drafts d WHERE d.survey_id = s.id AND d.teacher_id = t.id),
                EXISTS (SELECT 1 FROM survey_submissions x WHERE x.survey_id = s.id AND x.teacher_id = t.id)
         FROM surveys s JOIN teachers t ON t.id = $1
         WHERE s.published_at IS NOT NULL AND s.opens_on <= $2 AND s.closes_on >= $2 AND {TARGETED}
         ORDER BY s.closes_on, s.id"
    ))
    .bind(teacher)
    .bind(c.today)
    .fetch_all(c.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, closes_on, draft, submitted)| MySurvey {
            id,
            title,
            closes_on,
            state: match (submitted, draft) {
                (true, _) => "submitted",
                (false, true) => "draft",
                _ => "new",
            }
            .to_string(),
            closing_soon: (closes_on - c.today).num_days() <= 2,
        })
        .collect())
}

/// Starts a survey: empty, or from the new-teacher needs template. A coordinator's survey
/// belongs to one of their schools (`school_id`); center staff's to the district.
pub async fn create(
    c: &Caller,
    title: &str,
    school_id: &str,
    anonymous: bool,
    template: bool,
) -> Result<i64, AppError> {
    let schools = policy::managed_schools(&c.user)?;
    let title = required("title", title, 100)?;
    let school: Option<i32> = match &schools {
        None => None,
        Some(mine) => {
            let chosen = match school_id.trim() {
                "" if mine.len() == 1 => Some(mine[0]),
                v => v.parse::<i32>().ok(),
            };
            Some(
                chosen
                    .filter(|s| mine.contains(s))
                    .ok_or(AppError::field("school_id", FieldProblem::OutsideSchool))?,
            )
        }
    };
    let mut tx = c.pool().begin().await?;
    let intro = if template {
        survey_template::intro(c.locale)
    } else {
        ""
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO surveys (title, intro, anonymous, school_id, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&title)
    .bind(intro)
    .bind(anonymous)
    .bind(school)
    .bind(c.user.id)
    .fetch_one(&mut *tx)
    .await?;
    if template {
        let mut ids: Vec<i64> = Vec::new();
        for (position, t) in survey_template::questions(c.locale).into_iter().enumerate() {
            let q = NewQuestion {
                show_if: t.show_if.and_then(|(on, v)| Some((*ids.get(on)?, v))),
                ..t.question
            };
            ids.push(insert_question(&mut tx, id, position as i32 + 1, &q).await?);
        }
    }
    db::audit::commit(tx, c.user.id, "create_survey", "survey", id).await?;
    leptos_axum::redirect(&format!("/surveys/{id}/edit"));
    Ok(id)
}

async fn insert_question(
    db: &mut PgConnection,
    survey_id: i64,
    position: i32,
    q: &NewQuestion,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO survey_questions
            (survey_id, position, section, kind, prompt, options, max_choices, required,
             show_if_question, show_if_value)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(survey_id)
    .bind(position)
    .bind(&q.section)
    .bind(q.kind.code())
    .bind(&q.prompt)
    .bind(&q.options)
    .bind(q.max_choices)
    .bind(q.required)
    .bind(q.show_if.map(|s| s.0))
    .bind(q.show_if.map(|s| s.1))
    .fetch_one(db)
    .await?)
}

/// The builder: the survey, its questions, and the values it can be targeted by.
pub async fn editor(c: &Caller, id: i64) -> Result<SurveyEditor, AppError> {
    let s = managed(c, id).await?;
    let pool = c.pool();
    let questions = questions(pool, id).await?;
    let choices = target_choices(pool, s.school_id).await?;
    let targeted: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM teachers t, surveys s WHERE s.id = $1 AND {TARGETED}"
    ))
    .bind(id)
    .fetch_one(pool)
    .await?;
    Ok(SurveyEditor {
        head: s.head(c.today),
        targets: s.targets(),
        questions,
        choices,
        targeted,
    })
}

async fn target_choices(pool: &PgPool, school: Option<i32>) -> Result<TargetChoices, AppError> {
    let cohorts: Vec<i32> = sqlx::query_scalar("SELECT year FROM entry_cohorts ORDER BY year DESC")
        .fetch_all(pool)
        .await?;
    let schools: Vec<(i32, String)> = sqlx::query_as(
        "SELECT id, name FROM schools WHERE active AND ($1::int IS NULL OR id = $1) ORDER BY name",
    )
    .bind(school)
    .fetch_all(pool)
    .await?;
    let subjects: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT subject FROM teachers WHERE active AND ($1::int IS NULL OR school_id = $1) ORDER BY 1",
    )
    .bind(school)
    .fetch_all(pool)
    .await?;
    let tiers = db::growth::tier_names(pool).await?;
    let programmes: Vec<(i32, String, String)> =
        sqlx::query_as("SELECT id, name, name_en FROM programmes WHERE active ORDER BY id")
            .fetch_all(pool)
            .await?;
    Ok(TargetChoices {
        cohorts,
        schools,
        subjects,
        stages: Stage::ALL.iter().map(|s| s.code().to_string()).collect(),
        tiers,
        programmes,
    })
}

/// Title, introduction and anonymity, while it is a draft.
pub async fn update(
    c: &Caller,
    id: i64,
    title: &str,
    intro: &str,
    anonymous: bool,
) -> Result<(), AppError> {
    draft(c, id).await?;
    let title = required("title", title, 100)?;
    let intro = clean("intro", intro, 2000)?;
    let mut tx = c.pool().begin().await?;
    sqlx::query("UPDATE surveys SET title = $2, intro = $3, anonymous = $4 WHERE id = $1 AND published_at IS NULL")
        .bind(id)
        .bind(&title)
        .bind(&intro)
        .bind(anonymous)
        .execute(&mut *tx)
        .await?;
    db::audit::commit(tx, c.user.id, "update_survey", "survey", id).await?;
    Ok(())
}

pub async fn add_question(c: &Caller, survey_id: i64, form: QuestionForm) -> Result<i64, AppError> {
    draft(c, survey_id).await?;
    let mut tx = c.pool().begin().await?;
    // One addition at a time per survey: the position is the next free one.
    sqlx::query("SELECT id FROM surveys WHERE id = $1 FOR UPDATE")
        .bind(survey_id)
        .execute(&mut *tx)
        .await?;
    let earlier = questions(c.pool(), survey_id).await?;
    let q = NewQuestion::parse(&form, &earlier)?;
    let position = earlier.iter().map(|q| q.position).max().unwrap_or(0) + 1;
    let id = insert_question(&mut tx, survey_id, position, &q).await?;
    db::audit::commit(tx, c.user.id, "add_question", "survey", survey_id).await?;
    Ok(id)
}

/// Removes a question (and any question shown only on its answer) from a draft.
pub async fn remove_question(c: &Caller, question_id: i64) -> Result<(), AppError> {
    let survey_id: Option<i64> =
        sqlx::query_scalar("SELECT survey_id FROM survey_questions WHERE id = $1")
            .bind(question_id)
            .fetch_optional(c.pool())
            .await?;
    let survey_id = survey_id.ok_or(AppError::Forbidden)?;
    draft(c, survey_id).await?;
    let mut tx = c.pool().begin().await?;
    sqlx::query("DELETE FROM survey_questions WHERE id = $1")
        .bind(question_id)
        .execute(&mut *tx)
        .await?;
    db::audit::commit(tx, c.user.id, "remove_question", "survey", survey_id).await?;
    Ok(())
}

/// Targets the survey and opens it between two dates; its questions are fixed from then on.
pub async fn publish(
    c: &Caller,
    id: i64,
    opens_on: &str,
    closes_on: &str,
    targets: &HashMap<String, String>,
) -> Result<(), AppError> {
    let s = draft(c, id).await?;
    let pool = c.pool();
    let date = |field: &str, v: &str| {
        NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::field(field, FieldProblem::Invalid))
    };
    let opens = date("opens_on", opens_on)?;
    let closes = date("closes_on", closes_on)?;
    if opens < c.today || opens > c.today + chrono::Duration::days(365) {
        return Err(AppError::field(
            "opens_on",
            FieldProblem::DateWindow {
                from: crate::error::date_number(c.today),
                to: crate::error::date_number(c.today + chrono::Duration::days(365)),
            },
        ));
    }
    if closes < opens || closes > opens + chrono::Duration::days(180) {
        return Err(AppError::field(
            "closes_on",
            FieldProblem::DateWindow {
                from: crate::error::date_number(opens),
                to: crate::error::date_number(opens + chrono::Duration::days(180)),
            },
        ));
    }
    if questions(pool, id).await?.is_empty() {
        return Err(AppError::field("questions", FieldProblem::Required));
    }
    let choices = target_choices(pool, s.school_id).await?;
    let t = read_targets(targets, &choices)?;
    let mut tx = pool.begin().await?;
    let res = sqlx::query(
        "UPDATE surveys SET opens_on = $2, closes_on = $3, published_at = now(),
            target_cohorts = $4, target_schools = $5, target_subjects = $6, target_stages = $7,
            target_tiers = $8, target_programmes = $9
         WHERE id = $1 AND published_at IS NULL",
    )
    .bind(id)
    .bind(opens)
    .bind(closes)
    .bind(&t.cohorts)
    .bind(&t.schools)
    .bind(&t.subjects)
    .bind(&t.stages)
    .bind(&t.tiers)
    .bind(&t.programmes)
    .execute(&mut *tx)
    .await?;
    if res.rows_affected() == 0 {
        return Err(AppError::Locked);
    }
    db::audit::commit(tx, c.user.id, "publish_survey", "survey", id).await?;
    let now = [NoticeKind::SurveyOpen, NoticeKind::SurveyClosing];
    super::notices::after_write(pool, c.today, &now).await;
    Ok(())
}

struct ChosenTargets {
    cohorts: Vec<i32>,
    schools: Vec<i32>,
    subjects: Vec<String>,
    stages: Vec<String>,
    tiers: Vec<i32>,
    programmes: Vec<i32>,
}

/// The ticked targets; a key naming a value the survey cannot target is refused.
fn read_targets(
    form: &HashMap<String, String>,
    choices: &TargetChoices,
) -> Result<ChosenTargets, AppError> {
    let mut t = ChosenTargets {
        cohorts: Vec::new(),
        schools: Vec::new(),
        subjects: Vec::new(),
        stages: Vec::new(),
        tiers: Vec::new(),
        programmes: Vec::new(),
    };
    let bad = || AppError::field("targets", FieldProblem::Invalid);
    let mut keys: Vec<&String> = form.keys().collect();
    keys.sort();
    for key in keys {
        let (dim, value) = key.split_once('_').ok_or_else(bad)?;
        let number = || value.parse::<i32>().map_err(|_| bad());
        match dim {
            "cohort" => {
                let v = number()?;
                choices.cohorts.contains(&v).then_some(()).ok_or_else(bad)?;
                t.cohorts.push(v);
            }
            "school" => {
                let v = number()?;
                choices
                    .schools
                    .iter()
                    .any(|s| s.0 == v)
                    .then_some(())
                    .ok_or_else(bad)?;
                t.schools.push(v);
            }
            "subject" => {
                choices
                    .subjects
                    .iter()
                    .any(|s| s == value)
                    .then_some(())
                    .ok_or_else(bad)?;
                t.subjects.push(value.to_string());
            }
            "stage" => {
                choices
                    .stages
                    .iter()
                    .any(|s| s == value)
                    .then_some(())
                    .ok_or_else(bad)?;
                t.stages.push(value.to_string());
            }
            "tier" => {
                let v = number()?;
                choices
                    .tiers
                    .iter()
                    .any(|s| s.0 == v)
                    .then_some(())
                    .ok_or_else(bad)?;
                t.tiers.push(v);
            }
            "programme" => {
                let v = number()?;
                choices
                    .programmes
                    .iter()
                    .any(|s| s.0 == v)
                    .then_some(())
                    .ok_or_else(bad)?;
                t.programmes.push(v);
            }
            _ => return Err(bad()),
        }
    }
    Ok(t)
}
