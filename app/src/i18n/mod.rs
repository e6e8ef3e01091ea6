//! Every user-visible string. `Texts` is one struct with a field per message, so a locale that
//! misses a message does not compile: English is complete by construction. zh-CN is the default.
mod en;
pub mod list_texts;
pub mod notice_texts;
pub mod survey_texts;
mod texts;
pub mod wording;
mod zh;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
pub use texts::{Labels, Texts};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

/// Name of the cookie that remembers the chosen language.
pub const LOCALE_COOKIE: &str = "lang";

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Unknown codes fall back to the default, Chinese.
    pub fn from_code(code: &str) -> Self {
        match code.trim() {
            "en" | "en-US" | "en-GB" => Locale::En,
            _ => Locale::ZhCn,
        }
    }

    /// The locale named by the `lang` cookie in a `Cookie` header, if any.
    pub fn from_cookie_header(header: &str) -> Self {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LOCALE_COOKIE)
            .map(|(_, value)| Locale::from_code(value))
            .unwrap_or_default()
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::ZhCn => &zh::TEXTS,
            Locale::En => &en::TEXTS,
        }
    }

    pub fn other(self) -> Self {
        match self {
            Locale::ZhCn => Locale::En,
            Locale::En => Locale::ZhCn,
        }
    }
}

/// The reactive locale of the page.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    pub fn t(&self) -> &'static Texts {
        // A render whose request has gone away (its owner disposed) may still ask for a text
        // once: answer in the default language rather than panic the worker.
        self.locale.try_get().unwrap_or_default().texts()
    }
}

/// On the server the locale comes from the request (provided as context before rendering);
/// in the browser from `<html lang>`, which the server wrote, so hydration matches.
pub fn provide_i18n() -> I18n {
    #[cfg(feature = "ssr")]
    let initial = use_context::<Locale>().unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let initial = document()
        .document_element()
        .and_then(|el| el.get_attribute("lang"))
        .map(|code| Locale::from_code(&code))
        .unwrap_or_default();
    let i18n = I18n {
        locale: RwSignal::new(initial),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_selects_english_only_when_asked() {
        assert_eq!(Locale::from_cookie_header("a=1; lang=en"), Locale::En);
        assert_eq!(Locale::from_cookie_header("lang=zh-CN"), Locale::ZhCn);
        assert_eq!(Locale::from_cookie_header("other=en"), Locale::ZhCn);
        assert_eq!(Locale::from_cookie_header("lang=xx"), Locale::ZhCn);
    }

    #[test]
    fn locales_differ_in_language() {
        assert_ne!(
            Locale::En.texts().login_title,
            Locale::ZhCn.texts().login_title
        );
        assert_eq!(Locale::ZhCn.other(), Locale::En);
    }
}
