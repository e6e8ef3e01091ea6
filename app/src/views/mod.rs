//! The data the pages show and the forms send, one file per area: what the server functions
//! return and take. Plain serde types, shared by the browser and the server; they depend on
//! `domain` only, and everything above (api, server, pages) depends on them.
pub mod auth;
pub mod events;
pub mod growth;
pub mod home;
pub mod hours;
pub mod ladder;
pub mod lists;
pub mod mentoring;
pub mod notices;
pub mod pairings;
pub mod quotas;
pub mod roster;
pub mod rules;
pub mod stats;
pub mod surveys;
pub mod teachers;
