pub mod auth;
pub mod center_overview;
pub mod error_box;
pub mod header;
pub mod mentee_table;
pub mod school_table;
pub mod stat;
pub mod teacher_card;
