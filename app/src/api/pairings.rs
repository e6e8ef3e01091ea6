use crate::domain::pairing::PairingForm;
use crate::error::AppError;
use crate::views::pairings::{
    BehindView, ImportOutcome, ImportPreview, PairingRow, PairingsView, SuggestionsView,
};
use leptos::prelude::*;

/// Pairings of the coordinator's school, or of the district for center staff.
#[server(endpoint = "list_pairings")]
pub async fn list_pairings(show_ended: bool) -> Result<PairingsView, AppError> {
    use crate::error::respond;
    use crate::server::pairings;
    respond(pairings::list(show_ended).await)
}

#[server(endpoint = "create_pairing")]
pub async fn create_pairing(form: PairingForm) -> Result<PairingRow, AppError> {
    use crate::error::respond;
    use crate::server::pairings;
    respond(pairings::create(form).await)
}

/// Ends a pairing on a date, keeping it in the history.
#[server(endpoint = "end_pairing")]
pub async fn end_pairing(id: i64, ended_on: String, reason: String) -> Result<(), AppError> {
    use crate::error::respond;
    use crate::server::pairings;
    respond(pairings::end(id, &ended_on, &reason).await)
}

/// Ends a pairing and pairs the mentee with another mentor from the same day.
#[server(endpoint = "reassign_pairing")]
pub async fn reassign_pairing(
    id: i64,
    mentor_staff_no: String,
    on_date: String,
    override_capacity: Option<String>,
) -> Result<PairingRow, AppError> {
    use crate::error::respond;
    use crate::server::pairings;
    respond(pairings::reassign(id, &mentor_staff_no, &on_date, override_capacity.is_some()).await)
}

/// Unpaired new teachers with mentors of the same subject and stage who have room.
#[server(endpoint = "pairing_suggestions")]
pub async fn pairing_suggestions() -> Result<SuggestionsView, AppError> {
    use crate::error::respond;
    use crate::server::pairings;
    respond(pairings::suggestions().await)
}

#[server(endpoint = "import_preview")]
pub async fn fetch_import_preview(id: i64) -> Result<ImportPreview, AppError> {
    use crate::error::respond;
    use crate::server::pairing_import;
    respond(pairing_import::preview(id).await)
}

/// Writes every row that is still valid, in one transaction.
#[server(endpoint = "apply_import")]
pub async fn apply_import(id: i64) -> Result<ImportOutcome, AppError> {
    use crate::error::respond;
    use crate::server::pairing_import;
    respond(pairing_import::apply(id).await)
}

/// Pairs behind their term quota (or all pairs with `all`), most behind first, or by school or mentor.
#[server(endpoint = "behind_pairs")]
pub async fn behind_pairs(sort: String, all: Option<String>) -> Result<BehindView, AppError> {
    use crate::error::respond;
    use crate::server::pairings;
    respond(pairings::behind(&sort, all.is_some()).await)
}
