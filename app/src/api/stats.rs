//! Statistics for the center (the district) and coordinators (their school): tables whose rows
//! drill down to the teachers behind a number, drawn as SVG bar charts by the page.
use crate::domain::stats::StatsFilter;
use crate::error::AppError;
use crate::views::stats::{StatTeacherPage, StatsView};
use leptos::prelude::*;

/// One view: headcount, hours, mentoring, tiers or attention.
#[server(endpoint = "stats")]
pub async fn fetch_stats(view: String, filter: StatsFilter) -> Result<StatsView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::stats;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(stats::view(&c, &view, &filter).await)
}

/// The teachers behind a number: the filtered teachers by staff number, a page at a time.
#[server(endpoint = "stat_teachers")]
pub async fn fetch_stat_teachers(
    filter: StatsFilter,
    page: Option<i64>,
) -> Result<StatTeacherPage, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::stats;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(stats::teachers(&c, &filter, page.unwrap_or(1)).await)
}
