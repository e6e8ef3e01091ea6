use crate::domain::hours::CycleProgress;
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeBadge {
    pub kind: String,
    pub name: String,
    pub name_en: String,
}

/// A teacher's growth at a glance: who they are, where they stand, what is due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherSummary {
    pub id: i64,
    pub staff_no: String,
    pub name: String,
    pub school_name: String,
    pub subject: String,
    pub stage: String,
    pub hire_date: NaiveDate,
    pub cohort_year: Option<i32>,
    pub title: String,
    pub party_stage: String,
    pub tier: Option<(String, String)>,
    pub tier_since: Option<NaiveDate>,
    pub mentor_name: Option<String>,
    pub mentee_count: i64,
    pub term_name: Option<String>,
    pub sessions_this_term: i64,
    pub hours: CycleProgress,
    pub programmes: Vec<ProgrammeBadge>,
    pub achievements: i64,
}

/// One teacher's summary: for the teacher, their mentor, their school's coordinator, or the center.
#[server(endpoint = "teacher_summary")]
pub async fn fetch_teacher_summary(teacher_id: i64) -> Result<TeacherSummary, AppError> {
    use crate::server::{authz, ctx, db, respond};
    respond(
        async {
            let user = ctx::current_user().await?;
            let pool = ctx::pool()?;
            authz::can_view_teacher(&pool, &user, teacher_id).await?;
            db::teachers::summary(&pool, teacher_id, ctx::today())
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}
