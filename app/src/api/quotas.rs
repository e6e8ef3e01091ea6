use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeQuotas {
    pub id: i32,
    pub name: String,
    pub name_en: String,
    /// (kind code, minimum per term) for every session kind.
    pub quotas: Vec<(String, i32)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermRow {
    pub id: i32,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaSettings {
    pub programmes: Vec<ProgrammeQuotas>,
    pub terms: Vec<TermRow>,
    pub edit_days: i32,
}

/// Quotas, terms and the edit window: readable by center staff and coordinators.
#[server(endpoint = "quota_settings")]
pub async fn fetch_quota_settings() -> Result<QuotaSettings, AppError> {
    use crate::server::{quotas, respond};
    respond(quotas::settings().await)
}

/// Sets one programme's minimum of one session kind per term (center staff).
#[server(endpoint = "set_quota")]
pub async fn set_quota(programme_id: i32, kind: String, min_count: String) -> Result<(), AppError> {
    use crate::server::{quotas, respond};
    respond(quotas::set_quota(programme_id, &kind, &min_count).await)
}

#[server(endpoint = "add_term")]
pub async fn add_term(name: String, starts_on: String, ends_on: String) -> Result<(), AppError> {
    use crate::server::{quotas, respond};
    respond(quotas::add_term(&name, &starts_on, &ends_on).await)
}

#[server(endpoint = "set_edit_days")]
pub async fn set_edit_days(days: String) -> Result<(), AppError> {
    use crate::server::{quotas, respond};
    respond(quotas::set_edit_days(&days).await)
}
