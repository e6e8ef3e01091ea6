use crate::error::AppError;
use crate::i18n::{Locale, LOCALE_COOKIE};
use axum::http::{header, HeaderValue};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

pub fn set_locale(lang: &str) -> Result<Locale, AppError> {
    let locale = Locale::from_code(lang);
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.code()
    );
    let value = HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?;
    expect_context::<ResponseOptions>().append_header(header::SET_COOKIE, value);
    Ok(locale)
}
