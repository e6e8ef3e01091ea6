use crate::error::AppError;
use crate::views::quotas::QuotaSettings;
use leptos::prelude::*;

/// Quotas, terms and the edit window: readable by center staff and coordinators.
#[server(endpoint = "quota_settings")]
pub async fn fetch_quota_settings() -> Result<QuotaSettings, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::quotas;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(quotas::settings(&c).await)
}

/// Sets one programme's minimum of one session kind per term (center staff).
#[server(endpoint = "set_quota")]
pub async fn set_quota(programme_id: i32, kind: String, min_count: String) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::quotas;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(quotas::set_quota(&c, programme_id, &kind, &min_count).await)
}

#[server(endpoint = "add_term")]
pub async fn add_term(name: String, starts_on: String, ends_on: String) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::quotas;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(quotas::add_term(&c, &name, &starts_on, &ends_on).await)
}

#[server(endpoint = "set_edit_days")]
pub async fn set_edit_days(days: String) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::quotas;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(quotas::set_edit_days(&c, &days).await)
}
