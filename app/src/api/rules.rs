//! The requirement rules the center keeps, with their versions.
use crate::domain::requirements::Rule;
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesView {
    pub today: NaiveDate,
    /// Every version, newest first within each rule; the open-ended one is in force.
    pub rules: Vec<Rule>,
}

#[server(endpoint = "rules")]
pub async fn fetch_rules() -> Result<RulesView, AppError> {
    use crate::server::{respond, rules};
    respond(rules::list().await)
}

/// Starts a new version of a rule from `valid_from`, closing the one in force the day before.
#[server(endpoint = "update_rule")]
pub async fn update_rule(
    code: String,
    min_hours: String,
    max_hours: String,
    unit_hours: String,
    min_level: String,
    period_years: String,
    valid_from: String,
) -> Result<(), AppError> {
    use crate::server::{respond, rules};
    respond(
        rules::update(
            &code,
            rules::RuleInput {
                min_hours,
                max_hours,
                unit_hours,
                min_level,
                period_years,
                valid_from,
            },
        )
        .await,
    )
}
