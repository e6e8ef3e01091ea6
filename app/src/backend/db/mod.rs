//! Queries that more than one use case runs, one module per area (a statement only one use
//! case runs stays in its `server/<area>.rs`). Functions take a pool or a transaction, return
//! `views` or plain rows, and are scoped by the ids their caller was allowed.
pub mod audit;
pub mod evidence;
pub mod growth;
pub mod hours;
pub mod mentoring;
pub mod pairings;
pub mod roster;
pub mod session_cache;
pub mod session_store;
pub mod sessions;
pub mod settings;
pub mod stats;
pub mod teachers;
pub mod terms;
pub mod users;
