//! The integration tests: one binary (each test file used to link the whole app on its own),
//! one module per area.
mod access_http;
mod auth_http;
mod authz_matrix_http;
mod bad_input_http;
mod channels_http;
mod db_schema;
mod fuzz_regressions;
mod growth_http;
mod hardening_http;
mod hours_http;
mod lists_http;
mod logins_http;
mod mentoring_http;
mod movements_http;
mod notices_http;
mod pages_http;
mod pairings_http;
mod plain_forms_http;
mod rollup_db;
mod roster_http;
mod session_store_db;
mod site_http;
mod stat_rollup_db;
mod stats_http;
mod surveys_http;
