//! The backend: server-only code (feature `ssr`; the binary crate `server/` serves it). `<area>.rs` holds an area's use cases: each takes the
//! request's `caller::Caller`, asks `policy` who may act, validates with `domain`, then reads or
//! writes (one transaction with its audit entry). `db/` holds the queries several areas share;
//! a statement only one use case runs stays beside it. `ctx` is the shared state and the
//! session; `auth`, `throttle` and `password` are logging in.
pub mod accounts;
pub mod audit_log;
pub mod auth;
pub mod caller;
pub mod claims;
pub mod columns;
pub mod ctx;
pub mod db;
pub mod dual;
pub mod events;
pub mod evidence;
pub mod goals;
pub mod growth;
pub mod growth_import;
pub mod home;
pub mod hours;
pub mod import_file;
pub mod intake;
pub mod ladder;
pub mod mentoring;
pub mod movements;
pub mod pairing_import;
pub mod pairings;
pub mod password;
pub mod policy;
pub mod prefs;
pub mod quotas;
pub mod replica;
pub mod roles;
pub mod roster;
pub mod rules;
pub mod school_import;
pub mod schools;
pub mod staging;
pub mod standing;
pub mod stat_queries;
pub mod stats;
pub mod teachers;
pub mod throttle;
pub mod xlsx;
pub mod years;
