//! Thin server functions, one file per area: authenticate -> parse -> authorize -> query.
//! Each is a public HTTP endpoint under `/api/<endpoint>`.
pub mod auth;
pub mod events;
pub mod growth;
pub mod home;
pub mod hours;
pub mod ladder;
pub mod mentoring;
pub mod pairings;
pub mod prefs;
pub mod quotas;
pub mod rules;
pub mod stats;
pub mod teachers;
