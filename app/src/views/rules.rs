//! What the rules pages show: the types its server functions return and take.
use crate::domain::requirements::Rule;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesView {
    pub today: NaiveDate,
    /// Every version, newest first within each rule; the open-ended one is in force.
    pub rules: Vec<Rule>,
}
