//! Training events and the bulk award of their hours.
use crate::domain::events::EventForm;
use crate::error::AppError;
use crate::views::events::{AwardOutcome, AwardPreview, EventDetail, EventRow, EventsView};
use leptos::prelude::*;

#[server(endpoint = "events")]
pub async fn fetch_events(q: String, year: String) -> Result<EventsView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::events;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(events::list(&c, &q, &year).await)
}

#[server(endpoint = "create_event")]
pub async fn create_event(form: EventForm) -> Result<EventRow, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::events;
    use crate::error::respond_with_outcome;
    let c = Caller::signed_in().await?;
    respond_with_outcome(events::create(&c, form).await)
}

#[server(endpoint = "event")]
pub async fn fetch_event(id: i64) -> Result<EventDetail, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::events;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(events::detail(&c, id).await)
}

/// Checks a pasted list of staff numbers and stores the preview; awards nothing yet.
#[server(endpoint = "stage_award")]
pub async fn stage_award(event_id: i64, staff_nos: String) -> Result<i64, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::events;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(events::stage_pasted(&c, event_id, &staff_nos).await)
}

#[server(endpoint = "award_preview")]
pub async fn fetch_award(id: i64) -> Result<AwardPreview, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::events;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(events::preview(&c, id).await)
}

/// Awards the event's hours to every ready row, in one transaction; twice awards nothing twice.
#[server(endpoint = "apply_award")]
pub async fn apply_award(id: i64) -> Result<AwardOutcome, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::events;
    use crate::error::respond_with_outcome;
    let c = Caller::signed_in().await?;
    respond_with_outcome(events::apply(&c, id).await)
}
