/// A code and its label, for the enumerations stored as codes (stage, title, Party stage, ...).
pub type Labels = &'static [(&'static str, &'static str)];

/// One field per message. Functions format messages that carry numbers or names.
pub struct Texts {
    pub app_name: &'static str,
    pub app_tagline: &'static str,
    pub nav_home: &'static str,
    pub switch_to_other_language: &'static str,
    pub logout: &'static str,
    pub loading: &'static str,
    pub none: &'static str,

    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub login_button: &'static str,

    pub err_bad_credentials: &'static str,
    pub err_too_many: fn(i64) -> String,
    pub err_unauthorized: &'static str,
    pub err_forbidden: &'static str,
    pub err_not_found: &'static str,
    pub err_internal: &'static str,
    pub err_network: &'static str,
    pub err_cross_site: &'static str,
    pub err_invalid: &'static str,
    pub field_required: &'static str,
    pub field_too_long: fn(i64) -> String,
    pub field_invalid: &'static str,
    pub field_out_of_range: fn(i64, i64) -> String,
    pub field_date_order: &'static str,

    pub home_teacher_title: &'static str,
    pub home_mentor_title: &'static str,
    pub home_school_title: fn(&str) -> String,
    pub home_center_title: &'static str,
    pub teacher_page_title: &'static str,

    pub label_staff_no: &'static str,
    pub label_name: &'static str,
    pub label_school: &'static str,
    pub label_subject: &'static str,
    pub label_stage: &'static str,
    pub label_cohort: &'static str,
    pub cohort_name: fn(i32) -> String,
    pub label_hire_date: &'static str,
    pub label_title: &'static str,
    pub label_party: &'static str,
    pub label_tier: &'static str,
    pub label_mentor: &'static str,
    pub label_mentees: &'static str,
    pub label_programmes: &'static str,
    pub label_achievements: &'static str,
    pub label_hours_cycle: fn(i32, i32) -> String,
    pub label_hours_district: &'static str,
    pub hours_of: fn(&str, &str) -> String,
    pub label_sessions_term: fn(&str) -> String,
    pub no_term: &'static str,
    pub hours_on_track: &'static str,
    pub hours_behind: &'static str,

    pub mentees_empty: &'static str,
    pub col_since: &'static str,
    pub col_sessions: &'static str,
    pub col_last_session: &'static str,
    pub col_unconfirmed: &'static str,
    pub col_hours: &'static str,
    pub school_teacher_count: fn(i64) -> String,
    pub list_truncated: fn(i64) -> String,

    pub stat_schools: &'static str,
    pub stat_teachers: &'static str,
    pub stat_new_teachers: &'static str,
    pub stat_active_pairings: &'static str,
    pub stat_mentor_coverage: &'static str,
    pub stat_sessions_term: &'static str,
    pub stat_pending_claims: &'static str,
    pub stat_hour_records: &'static str,
    pub cohorts_title: &'static str,
    pub col_headcount: &'static str,
    pub col_with_mentor: &'static str,
    pub col_avg_hours: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,

    pub roles: Labels,
    pub stages: Labels,
    pub titles: Labels,
    pub party_stages: Labels,
    pub programme_kinds: Labels,
}

impl Texts {
    /// The label of `code` in `labels`, or the code itself when the table lacks it.
    pub fn label(labels: Labels, code: &str) -> String {
        labels
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, label)| (*label).to_string())
            .unwrap_or_else(|| code.to_string())
    }
}
