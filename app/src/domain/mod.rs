//! Plain types that validate on construction and the rules of the domain. They compile on
//! both targets: forms can check early, and the server always checks again.
#[macro_use]
pub mod codes;
pub mod claims;
pub mod credentials;
pub mod dates;
pub mod eligibility;
pub mod events;
pub mod growth;
pub mod hours;
pub mod loop_items;
pub mod mentoring;
pub mod notices;
pub mod pairing;
pub mod percent;
pub mod requirements;
pub mod roster;
pub mod stats;
pub mod survey;
pub mod survey_results;
pub mod teacher;
pub mod text;
pub mod time;
