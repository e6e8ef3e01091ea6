//! The requirement rules the center keeps, with their versions.
use crate::error::AppError;
use crate::views::rules::RulesView;
use leptos::prelude::*;

#[server(endpoint = "rules")]
pub async fn fetch_rules() -> Result<RulesView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::rules;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(rules::list(&c).await)
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
    use crate::backend::caller::Caller;
    use crate::backend::rules;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(
        rules::update(
            &c,
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
