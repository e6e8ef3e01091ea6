//! A survey's results, while it runs and after: response rates by school and cohort (with who
//! has not answered, for a named survey), each question's tallies and cross-tabulations, the
//! free-text answers, and the training events planned from its needs with what they gave.
//! Center staff see every school; a coordinator sees their schools' part of a center survey,
//! and the whole of their school's own.
use super::caller::Caller;
use super::policy;
use super::surveys::{self, SurveyRec, TARGETED};
use crate::domain::codes::Role;
use crate::domain::survey::{value_label, Answers, Question};
use crate::domain::survey_results::{results, Respondent};
use crate::error::AppError;
use crate::views::surveys::{NeedLabel, NeedOutcome, NotAnswered, RateRow, SurveyResults};
use chrono::NaiveDate;

/// The survey and the schools the caller may see its results for (`None`: all); 403 for
/// anyone else.
pub async fn scope(c: &Caller, id: i64) -> Result<(SurveyRec, Option<Vec<i32>>), AppError> {
    let schools = policy::managed_schools(&c.user)?;
    let s = surveys::survey(&mut *c.pool().acquire().await?, id)
        .await
        .map_err(|e| match e {
            AppError::NotFound => AppError::Forbidden,
            e => e,
        })?;
    match (&schools, s.school_id) {
        (None, _) => Ok((s, None)),
        (Some(mine), Some(school)) if mine.contains(&school) => Ok((s, None)),
        (Some(mine), None) => Ok((s, Some(mine.clone()))),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn load(c: &Caller, id: i64) -> Result<SurveyResults, AppError> {
    let (s, schools) = scope(c, id).await?;
    let pool = c.pool();
    let questions = surveys::questions(pool, id).await?;
    // Targeted now, and everyone who answered (also those moved out of the targets since).
    let rate_sql = |group: &str, label: &str| {
        format!(
            "WITH pop AS (
                SELECT t.id, t.school_id, t.cohort_year FROM teachers t, surveys s
                WHERE s.id = $1 AND {TARGETED} AND ($2::int[] IS NULL OR t.school_id = ANY($2))
                UNION
                SELECT t.id, t.school_id, t.cohort_year FROM survey_submissions x JOIN teachers t ON t.id = x.teacher_id
                WHERE x.survey_id = $1 AND ($2::int[] IS NULL OR x.school_id = ANY($2)))
             SELECT {label}, count(*),
                    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM survey_submissions x
                                                   WHERE x.survey_id = $1 AND x.teacher_id = pop.id))
             FROM pop LEFT JOIN schools sc ON sc.id = pop.school_id
             GROUP BY {group} ORDER BY {group}"
        )
    };
    let rows = |r: Vec<(String, i64, i64)>| -> Vec<RateRow> {
        r.into_iter()
            .map(|(group, targeted, answered)| RateRow {
                group,
                targeted,
                answered,
            })
            .collect()
    };
    let by_school: Vec<(String, i64, i64)> = sqlx::query_as(&rate_sql("sc.name", "sc.name"))
        .bind(id)
        .bind(&schools)
        .fetch_all(pool)
        .await?;
    let by_cohort: Vec<(String, i64, i64)> = sqlx::query_as(&rate_sql(
        "pop.cohort_year",
        "coalesce(pop.cohort_year::text, '')",
    ))
    .bind(id)
    .bind(&schools)
    .fetch_all(pool)
    .await?;
    let (targeted, answered) = by_school
        .iter()
        .fold((0, 0), |(t, a), r| (t + r.1, a + r.2));
    let not_answered = if s.anonymous {
        None
    } else {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(&format!(
            "SELECT t.id, t.name, t.staff_no, sc.name FROM teachers t JOIN schools sc ON sc.id = t.school_id, surveys s
             WHERE s.id = $1 AND {TARGETED} AND ($2::int[] IS NULL OR t.school_id = ANY($2))
               AND NOT EXISTS (SELECT 1 FROM survey_submissions x WHERE x.survey_id = $1 AND x.teacher_id = t.id)
             ORDER BY sc.name, t.name LIMIT 2000"
        ))
        .bind(id)
        .bind(&schools)
        .fetch_all(pool)
        .await?;
        Some(
            rows.into_iter()
                .map(|(teacher_id, name, staff_no, school)| NotAnswered {
                    teacher_id,
                    name,
                    staff_no,
                    school,
                })
                .collect(),
        )
    };
    let responses: Vec<(String, String, String, serde_json::Value)> = sqlx::query_as(
        "SELECT years_band, stage, subject, answers FROM survey_responses
         WHERE survey_id = $1 AND ($2::int[] IS NULL OR school_id = ANY($2))",
    )
    .bind(id)
    .bind(&schools)
    .fetch_all(pool)
    .await?;
    let respondents: Vec<Respondent> = responses
        .into_iter()
        .map(|(years_band, stage, subject, answers)| Respondent {
            years_band,
            stage,
            subject,
            answers: serde_json::from_value::<Answers>(answers).unwrap_or_default(),
        })
        .collect();
    Ok(SurveyResults {
        head: s.head(c.today),
        targeted,
        answered,
        by_school: rows(by_school),
        by_cohort: rows(by_cohort),
        not_answered,
        needs: needs(c, &questions).await?,
        questions: results(&questions, &respondents, s.anonymous),
        may_plan: c.user.has(Role::CenterStaff),
        // Scoped to some schools only when a coordinator reads a center survey.
        may_edit: schools.is_none(),
    })
}

/// The training events planned for each need of the survey, with the teachers they reached
/// and the hours they awarded (达效).
async fn needs(c: &Caller, questions: &[Question]) -> Result<Vec<NeedOutcome>, AppError> {
    let ids: Vec<i64> = questions.iter().map(|q| q.id).collect();
    let events: Vec<(i64, i32, i64, String, NaiveDate, i64, i64)> = sqlx::query_as(
        "SELECT e.need_question_id, e.need_value, e.id, e.title, e.starts_on,
                (SELECT count(DISTINCT r.teacher_id) FROM hour_records r WHERE r.event_id = e.id),
                (SELECT coalesce(sum(r.hours * 10), 0)::int8 FROM hour_records r WHERE r.event_id = e.id)
         FROM training_events e WHERE e.need_question_id = ANY($1)
         ORDER BY e.need_question_id, e.need_value, e.starts_on",
    )
    .bind(&ids)
    .fetch_all(c.pool())
    .await?;
    // Rows come ordered by need: one outcome per run of a need's events.
    let out = events
        .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
        .map(|rows| {
            let (qid, value) = (rows[0].0, rows[0].1);
            NeedOutcome {
                question_id: qid,
                value,
                label: questions
                    .iter()
                    .find(|q| q.id == qid)
                    .map(|q| need_text(q, value))
                    .unwrap_or_default(),
                events: rows.iter().map(|r| (r.2, r.3.clone(), r.4)).collect(),
                teachers_reached: rows.iter().map(|r| r.5).sum(),
                hours_tenths: rows.iter().map(|r| r.6).sum(),
            }
        })
        .collect();
    Ok(out)
}

/// "prompt — value", as a need reads.
fn need_text(q: &Question, value: i32) -> String {
    format!("{} — {}", q.prompt, value_label(q, value))
}

/// A need named as `question:value`, checked: the question is a choice or scale question of a
/// published survey and the value is one of its own. Center staff only (they plan events).
pub async fn need(c: &Caller, need: &str) -> Result<(i64, i32, NeedLabel), AppError> {
    policy::center_staff(&c.user)?;
    let invalid = || AppError::field("need", crate::error::FieldProblem::Invalid);
    let (qid, value) = need
        .trim()
        .split_once(':')
        .and_then(|(q, v)| Some((q.parse::<i64>().ok()?, v.parse::<i32>().ok()?)))
        .ok_or_else(invalid)?;
    let survey: Option<(i64, String)> = sqlx::query_as(
        "SELECT s.id, s.title FROM survey_questions q JOIN surveys s ON s.id = q.survey_id
         WHERE q.id = $1 AND s.published_at IS NOT NULL",
    )
    .bind(qid)
    .fetch_optional(c.pool())
    .await?;
    let (survey_id, survey_title) = survey.ok_or_else(invalid)?;
    let q = surveys::questions(c.pool(), survey_id)
        .await?
        .into_iter()
        .find(|q| q.id == qid)
        .ok_or_else(invalid)?;
    if !q.kind.need_values(q.options.len()).contains(&value) {
        return Err(invalid());
    }
    let label = NeedLabel {
        need: format!("{qid}:{value}"),
        survey_title,
        value: value_label(&q, value),
        prompt: q.prompt,
    };
    Ok((qid, value, label))
}
