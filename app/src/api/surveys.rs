//! Needs surveys (需求调研): build and target them, answer them, read their results.
use crate::domain::survey::QuestionForm;
use crate::error::AppError;
use crate::views::surveys::{AnswerPage, NeedLabel, SurveyEditor, SurveyResults, SurveysView};
use leptos::prelude::*;
use std::collections::HashMap;

#[server(endpoint = "surveys")]
pub async fn fetch_surveys() -> Result<SurveysView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::surveys;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(surveys::list(&c).await)
}

/// Starts a survey (empty or from the template) and opens its builder.
#[server(endpoint = "create_survey")]
pub async fn create_survey(
    title: String,
    school_id: Option<String>,
    anonymous: Option<String>,
    template: Option<String>,
) -> Result<i64, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::surveys;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    let school = school_id.unwrap_or_default();
    respond(surveys::create(&c, &title, &school, anonymous.is_some(), template.is_some()).await)
}

#[server(endpoint = "survey_editor")]
pub async fn fetch_survey_editor(id: i64) -> Result<SurveyEditor, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::surveys;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(surveys::editor(&c, id).await)
}

#[server(endpoint = "update_survey")]
pub async fn update_survey(
    id: i64,
    title: String,
    intro: Option<String>,
    anonymous: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::surveys;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    let intro = intro.unwrap_or_default();
    respond(surveys::update(&c, id, &title, &intro, anonymous.is_some()).await)
}

#[server(endpoint = "add_question")]
pub async fn add_question(survey_id: i64, form: QuestionForm) -> Result<i64, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::surveys;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(surveys::add_question(&c, survey_id, form).await)
}

#[server(endpoint = "remove_question")]
pub async fn remove_question(id: i64) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::surveys;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(surveys::remove_question(&c, id).await)
}

/// Targets the survey (`targets[cohort_2025]=on`, …) and opens it between two dates.
#[server(endpoint = "publish_survey")]
pub async fn publish_survey(
    id: i64,
    opens_on: String,
    closes_on: String,
    targets: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::surveys;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    let targets = targets.unwrap_or_default();
    respond(surveys::publish(&c, id, &opens_on, &closes_on, &targets).await)
}

#[server(endpoint = "survey_answer_page")]
pub async fn fetch_answer_page(id: i64) -> Result<AnswerPage, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::survey_answers;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(survey_answers::page(&c, id).await)
}

/// Saves a draft (`intent=draft`) or submits (`intent=submit`) the answers (`a[q12]=…`).
#[server(endpoint = "answer_survey")]
pub async fn answer_survey(
    id: i64,
    intent: String,
    a: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::survey_answers;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    let answers = a.unwrap_or_default();
    respond(survey_answers::answer(&c, id, &answers, &intent).await)
}

#[server(endpoint = "survey_results")]
pub async fn fetch_survey_results(id: i64) -> Result<SurveyResults, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::survey_results;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(survey_results::load(&c, id).await)
}

/// The need an events page link names (`?need=12:3`), for the event form's label.
#[server(endpoint = "survey_need")]
pub async fn fetch_need(need: String) -> Result<NeedLabel, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::survey_results;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(survey_results::need(&c, &need).await.map(|n| n.2))
}
