//! The three lists (问题、任务、责任清单). A progress note with evidence files is a multipart
//! file route (`POST /lists/{id}/notes`), like a claim.
use crate::domain::loop_items::ItemForm;
use crate::error::AppError;
use crate::views::lists::{ItemDetail, ListFilter, ListsView};
use leptos::prelude::*;

/// The items the caller may see, filtered (no filter: this school year's).
#[server(endpoint = "lists")]
pub async fn fetch_lists(filter: Option<ListFilter>) -> Result<ListsView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::lists;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    let filter = filter.unwrap_or_default();
    respond(lists::list(&c, &filter).await)
}

#[server(endpoint = "create_item")]
pub async fn create_item(form: ItemForm) -> Result<i64, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::lists;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(lists::create(&c, &form).await)
}

#[server(endpoint = "list_item")]
pub async fn fetch_item(id: i64) -> Result<ItemDetail, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::lists;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(lists::detail(&c, id).await)
}

/// Links an item to `link` = `item:12`, `survey:3`, `event:40` or `pairing:7`.
#[server(endpoint = "link_item")]
pub async fn link_item(id: i64, link: String) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::lists;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(lists::link(&c, id, &link).await)
}

#[server(endpoint = "unlink_item")]
pub async fn unlink_item(id: i64, target: String, target_id: i64) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::lists;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(lists::unlink(&c, id, &target, target_id).await)
}

/// Copies a year's items into the next year (center staff).
#[server(endpoint = "copy_list_year")]
pub async fn copy_list_year(year: i32) -> Result<i64, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::lists;
    use crate::error::respond_with_outcome;
    let c = Caller::signed_in().await?;
    respond_with_outcome(lists::copy_year(&c, year).await)
}
