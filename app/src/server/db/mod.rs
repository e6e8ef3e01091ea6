//! SQL, one module per area. Functions take a pool or a transaction and scope every query.
pub mod audit;
pub mod growth;
pub mod hours;
pub mod mentoring;
pub mod pairings;
pub mod sessions;
pub mod settings;
pub mod stats;
pub mod teachers;
pub mod terms;
pub mod users;
