#![recursion_limit = "256"]
//! The axum server around the Leptos app: configuration, start-up, security middleware,
//! and the demo district.
pub mod assets;
pub mod bench;
pub mod config;
pub mod demo;
pub mod favicon;
pub mod files;
pub mod form_guard;
pub mod growth_files;
pub mod health;
pub mod hour_files;
pub mod jobs;
pub mod list_files;
pub mod metrics;
pub mod overload;
pub mod pairing_files;
pub mod responses;
pub mod roster_files;
pub mod security;
pub mod startup;
pub mod stats_files;
pub mod survey_files;
pub mod telemetry;
pub mod upload;
