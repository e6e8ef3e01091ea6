use crate::domain::pairing::PairingForm;
use crate::error::AppError;
use crate::views::pairings::{
    BehindView, ImportOutcome, ImportPreview, PairingRow, PairingsView, SuggestionsView,
};
use leptos::prelude::*;

/// Pairings of the coordinator's school, or of the district for center staff.
#[server(endpoint = "list_pairings")]
pub async fn fetch_pairings(show_ended: bool) -> Result<PairingsView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::pairings;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(pairings::list(&c, show_ended).await)
}

#[server(endpoint = "create_pairing")]
pub async fn create_pairing(form: PairingForm) -> Result<PairingRow, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::pairings;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(pairings::create(&c, form).await)
}

/// Ends a pairing on a date, keeping it in the history.
#[server(endpoint = "end_pairing")]
pub async fn end_pairing(id: i64, ended_on: String, reason: String) -> Result<(), AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::pairings;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(pairings::end(&c, id, &ended_on, &reason).await)
}

/// Ends a pairing and pairs the mentee with another mentor from the same day.
#[server(endpoint = "reassign_pairing")]
pub async fn reassign_pairing(
    id: i64,
    mentor_staff_no: String,
    on_date: String,
    override_capacity: Option<String>,
) -> Result<PairingRow, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::pairings;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(
        pairings::reassign(
            &c,
            id,
            &mentor_staff_no,
            &on_date,
            override_capacity.is_some(),
        )
        .await,
    )
}

/// Unpaired new teachers with mentors of the same subject and stage who have room.
#[server(endpoint = "pairing_suggestions")]
pub async fn fetch_pairing_suggestions() -> Result<SuggestionsView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::pairings;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(pairings::suggestions(&c).await)
}

#[server(endpoint = "import_preview")]
pub async fn fetch_import_preview(id: i64) -> Result<ImportPreview, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::pairing_import;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(pairing_import::preview(&c, id).await)
}

/// Writes every row that is still valid, in one transaction.
#[server(endpoint = "apply_import")]
pub async fn apply_import(id: i64) -> Result<ImportOutcome, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::pairing_import;
    use crate::error::respond_with_outcome;
    let c = Caller::signed_in().await?;
    respond_with_outcome(pairing_import::apply(&c, id).await)
}

/// Pairs behind their term quota (or all pairs with `all`), most behind first, or by school or mentor.
#[server(endpoint = "behind_pairs")]
pub async fn fetch_behind_pairs(sort: String, all: Option<String>) -> Result<BehindView, AppError> {
    use crate::backend::caller::Caller;
    use crate::backend::pairings;
    use crate::error::respond;
    let c = Caller::signed_in().await?;
    respond(pairings::behind(&c, &sort, all.is_some()).await)
}
