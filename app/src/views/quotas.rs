//! What the quotas pages show: the types its server functions return and take.
use chrono::NaiveDate;
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
