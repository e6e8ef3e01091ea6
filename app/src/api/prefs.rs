use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;

/// Remembers the chosen language in a cookie. Works as a plain form post too: the browser is
/// sent back to the page it came from.
#[server(endpoint = "set_locale")]
pub async fn set_locale(lang: String) -> Result<Locale, AppError> {
    use crate::backend::prefs;
    use crate::error::respond;
    respond(prefs::set_locale(&lang))
}
