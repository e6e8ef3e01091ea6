//! Reminders (提醒): the caller's own, read and followed, and the kinds they want.
use crate::error::AppError;
use crate::views::notices::NoticesView;
use leptos::prelude::*;
use std::collections::HashMap;

#[server(endpoint = "notices")]
pub async fn fetch_notices() -> Result<NoticesView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::notices;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(notices::list(&c).await)
}

/// The bell's number: unread reminders, or `None` when nobody is signed in (every page asks,
/// the login page too, so this is not an error).
#[server(endpoint = "unread_notices")]
pub async fn fetch_unread() -> Result<Option<i64>, AppError> {
    use crate::backend::notices;
    use crate::error::respond;
    respond(notices::unread_of_page().await)
}

/// Marks one read and goes where the person acts on it.
#[server(endpoint = "open_notice")]
pub async fn open_notice(id: i64) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::notices;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(notices::open(&c, id).await)
}

#[server(endpoint = "read_all_notices")]
pub async fn read_all_notices() -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::notices;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(notices::mark_all_read(&c).await)
}

/// The kinds to keep (`on[<kind>]=on`); the others are turned off.
#[server(endpoint = "notice_kinds")]
pub async fn set_notice_kinds(on: Option<HashMap<String, String>>) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::notices;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    let on = on.unwrap_or_default();
    respond(notices::set_kinds(&c, &on).await)
}

/// The schools' group robots and the latest deliveries (center staff).
#[server(endpoint = "reminder_channels")]
pub async fn fetch_channels() -> Result<crate::views::notices::ChannelsView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::channels;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(channels::view(&c).await)
}

/// Sets a school's group robot (an empty address removes it).
#[server(endpoint = "set_robot")]
pub async fn set_robot(school_id: i32, kind: String, url: String) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::channels;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(channels::set_robot(&c, school_id, &kind, &url).await)
}
