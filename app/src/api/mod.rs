//! The HTTP boundary: `#[server]` functions, one file per area, each a public endpoint under
//! `/api/<endpoint>`. The arguments arrive decoded into `views`/`domain` types; the body is two
//! lines and nothing else: `Caller::signed_in()` (401 without a session), then the use case in
//! `backend::<area>` (which asks `backend::policy`, validates and acts), finished by `respond`.
//! Only the logged-out endpoints (login, the current user, the language) skip the caller.
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
pub mod prefs;
pub mod quotas;
pub mod roster;
pub mod rules;
pub mod stats;
pub mod surveys;
pub mod teachers;
