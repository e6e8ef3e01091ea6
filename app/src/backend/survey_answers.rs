//! A teacher answers a survey open for them: the answer page, a saved draft, and the one
//! submission. An anonymous survey's answers are stored without the teacher; only the fact
//! that they answered is kept (to answer once, and for the response rate).
use super::caller::Caller;
use super::policy;
use super::surveys::{self, SurveyRec, TARGETED};
use crate::domain::survey::{answer_fields, read_answers, years_band, Answers};
use crate::error::{AppError, FieldProblem};
use crate::views::surveys::AnswerPage;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The survey, if it is published and targets the caller's teacher record (else 403, so
/// surveys for others cannot be probed); the teacher; whether it is open today; and whether
/// they have submitted it.
async fn for_teacher(c: &Caller, id: i64) -> Result<(SurveyRec, i64, bool, bool), AppError> {
    let teacher = policy::own_teacher(&c.user)?;
    let pool = c.pool();
    let targeted: bool = sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM surveys s JOIN teachers t ON t.id = $2
                        WHERE s.id = $1 AND s.published_at IS NOT NULL AND {TARGETED})"
    ))
    .bind(id)
    .bind(teacher)
    .fetch_one(pool)
    .await?;
    let answered: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM survey_submissions WHERE survey_id = $1 AND teacher_id = $2)",
    )
    .bind(id)
    .bind(teacher)
    .fetch_one(pool)
    .await?;
    // One who answered keeps seeing that they did, even after a transfer out of the targets.
    if !targeted && !answered {
        return Err(AppError::Forbidden);
    }
    let s = surveys::survey(&mut *pool.acquire().await?, id).await?;
    let open = s.status(c.today) == "open";
    Ok((s, teacher, open, answered))
}

pub async fn page(c: &Caller, id: i64) -> Result<AnswerPage, AppError> {
    let (s, teacher, open, submitted) = for_teacher(c, id).await?;
    let pool = c.pool();
    let questions = surveys::questions(pool, id).await?;
    let draft: Option<serde_json::Value> = sqlx::query_scalar(
        "SELECT answers FROM survey_drafts WHERE survey_id = $1 AND teacher_id = $2",
    )
    .bind(id)
    .bind(teacher)
    .fetch_optional(pool)
    .await?;
    let saved: Option<Answers> = draft.and_then(|v| serde_json::from_value(v).ok());
    Ok(AnswerPage {
        head: s.head(c.today),
        fields: saved
            .as_ref()
            .map(|a| answer_fields(&questions, a))
            .unwrap_or_default(),
        draft_saved: saved.is_some(),
        questions,
        submitted,
        open,
    })
}

/// Saves a draft (`intent` `draft`: anything may be missing) or submits once (`submit`: every required
/// question that is shown answered). Nothing is written when a value is refused.
pub async fn answer(
    c: &Caller,
    id: i64,
    fields: &HashMap<String, String>,
    intent: &str,
) -> Result<(), AppError> {
    let submit = match intent {
        "submit" => true,
        "draft" => false,
        _ => return Err(AppError::field("intent", FieldProblem::Invalid)),
    };
    let (s, teacher, open, _) = for_teacher(c, id).await?;
    if !open {
        return Err(AppError::field("survey", FieldProblem::SurveyClosed));
    }
    let pool = c.pool();
    let questions = surveys::questions(pool, id).await?;
    let answers = match read_answers(&questions, fields, submit) {
        Ok(a) => a,
        // A submission with questions still to answer keeps what was answered as the draft, so
        // it comes back (also without JavaScript) beside the questions left.
        Err(AppError::Invalid(errors))
            if submit && errors.iter().all(|e| e.problem == FieldProblem::Required) =>
        {
            let partial = read_answers(&questions, fields, false)?;
            save_draft(c, id, teacher, &partial).await?;
            return Err(AppError::Invalid(errors));
        }
        Err(e) => return Err(e),
    };
    if !submit {
        return save_draft(c, id, teacher, &answers).await;
    }
    let json = to_json(&answers)?;
    let mut tx = pool.begin().await?;
    // The teacher's groups as they are today, for the cross-tabulations.
    let (school_id, cohort_year, hire_date, stage, subject): (
        i32,
        Option<i32>,
        NaiveDate,
        String,
        String,
    ) = sqlx::query_as(
        "SELECT school_id, cohort_year, hire_date, stage, subject FROM teachers WHERE id = $1",
    )
    .bind(teacher)
    .fetch_one(&mut *tx)
    .await?;
    let first = sqlx::query(
        "INSERT INTO survey_submissions (survey_id, teacher_id, school_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(teacher)
    .bind(school_id)
    .execute(&mut *tx)
    .await?;
    if first.rows_affected() == 0 {
        return Err(AppError::field("survey", FieldProblem::AlreadyAnswered));
    }
    sqlx::query(
        "INSERT INTO survey_responses
            (survey_id, teacher_id, submitted_on, school_id, cohort_year, years_band, stage, subject, answers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind((!s.anonymous).then_some(teacher))
    .bind(c.today)
    .bind(school_id)
    .bind(cohort_year)
    .bind(years_band(hire_date, c.today))
    .bind(&stage)
    .bind(&subject)
    .bind(&json)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM survey_drafts WHERE survey_id = $1 AND teacher_id = $2")
        .bind(id)
        .bind(teacher)
        .execute(&mut *tx)
        .await?;
    // No audit entry: for an anonymous survey, its time beside the response would undo the
    // anonymity; the submission row is the record that the teacher answered.
    tx.commit().await?;
    Ok(())
}

fn to_json(answers: &Answers) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(answers).map_err(|err| {
        tracing::error!(error = %err, "survey answers to JSON");
        AppError::Internal
    })
}

/// Keeps `answers` as the teacher's draft (not once they have submitted).
async fn save_draft(c: &Caller, id: i64, teacher: i64, answers: &Answers) -> Result<(), AppError> {
    let res = sqlx::query(
        "INSERT INTO survey_drafts (survey_id, teacher_id, answers) SELECT $1, $2, $3
         WHERE NOT EXISTS (SELECT 1 FROM survey_submissions WHERE survey_id = $1 AND teacher_id = $2)
         ON CONFLICT (survey_id, teacher_id) DO UPDATE SET answers = EXCLUDED.answers, saved_at = now()",
    )
    .bind(id)
    .bind(teacher)
    .bind(to_json(answers)?)
    .execute(c.pool())
    .await?;
    if res.rows_affected() == 0 {
        return Err(AppError::field("survey", FieldProblem::AlreadyAnswered));
    }
    Ok(())
}
