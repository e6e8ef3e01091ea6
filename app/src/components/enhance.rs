//! The one island of the app. Every page is HTML rendered on the server with plain forms that
//! work without JavaScript; in the browser this adds what a plain form lacks:
//! - a form being sent shows it (`aria-busy` on the form, its submit buttons dimmed) and a
//!   second tap on a phone does not post it twice;
//! - a `<select data-autosubmit>` sends its form when changed (a choice that reloads the page);
//! - what was typed in a form the server refused is put back (a plain post reloads the page, so
//!   a mentor's notes would otherwise be lost): kept in the tab's session storage as the form is
//!   sent, restored when the page that comes back names that form with an error. Passwords and
//!   files are never kept. The refusal moves next to that form (one row's among many).
//!
//! The listeners are on the window, so they serve every form of the page with no per-form code.
use leptos::prelude::*;

#[island]
pub fn FormEnhancer() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::attach();
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::ev;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{
        Element, HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
    };

    /// Set on a form from its submission until the next page shows.
    const PENDING: &str = "data-pending";
    /// Session-storage key of what the last form sent held.
    const TYPED: &str = "tg-typed";
    /// Separators of the kept fields (control characters: no field may contain them).
    const FIELD: char = '\u{1e}';
    const VALUE: char = '\u{1f}';

    /// The element an event happened on, if it is a `T`.
    fn target<T: JsCast>(e: &web_sys::Event) -> Option<T> {
        e.target()?.dyn_into::<T>().ok()
    }

    pub fn attach() {
        window_event_listener(ev::submit, |e| {
            let Some(form) = target::<HtmlFormElement>(&e) else {
                return;
            };
            // A form that answers with a download, or in another tab, leaves this page as it is.
            if form.method() != "post"
                || form.has_attribute("data-download")
                || !form.target().is_empty()
            {
                return;
            }
            if form.has_attribute(PENDING) {
                e.prevent_default();
                return;
            }
            set_pending(&form, true);
            keep_typed(&form);
        });
        window_event_listener(ev::change, |e| {
            let Some(select) = target::<HtmlSelectElement>(&e) else {
                return;
            };
            if select.has_attribute("data-autosubmit") {
                if let Some(form) = select.form() {
                    let _ = form.request_submit();
                }
            }
        });
        // Back to a page kept in the browser's cache: its forms are no longer on their way.
        window_event_listener(ev::pageshow, |_| {
            if let Ok(forms) = document().query_selector_all(&format!("form[{PENDING}]")) {
                for i in 0..forms.length() {
                    if let Some(form) = forms
                        .item(i)
                        .and_then(|n| n.dyn_into::<HtmlFormElement>().ok())
                    {
                        set_pending(&form, false);
                    }
                }
            }
        });
        restore_typed();
        // What the end-to-end tests wait for: the page's island is live.
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    }

    fn set_pending(form: &HtmlFormElement, on: bool) {
        let buttons = form.query_selector_all("button[type=submit], button:not([type])");
        if on {
            let _ = form.set_attribute(PENDING, "");
            let _ = form.set_attribute("aria-busy", "true");
        } else {
            let _ = form.remove_attribute(PENDING);
            let _ = form.remove_attribute("aria-busy");
        }
        let Ok(buttons) = buttons else { return };
        for i in 0..buttons.length() {
            if let Some(button) = buttons.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = if on {
                    button.set_attribute("aria-disabled", "true")
                } else {
                    button.remove_attribute("aria-disabled")
                };
            }
        }
    }

    /// A form's fields as `(name, value, kind)`: text, numbers, dates, choices and hidden ids;
    /// never passwords or files; an unticked box or radio is left out.
    fn fields(form: &HtmlFormElement) -> Vec<(String, String, String)> {
        let elements = form.elements();
        let mut out = Vec::new();
        for i in 0..elements.length() {
            let Some(el) = elements.item(i) else { continue };
            let (name, value, kind) = if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                let kind = input.type_();
                let ticked = !matches!(kind.as_str(), "radio" | "checkbox") || input.checked();
                if matches!(kind.as_str(), "password" | "file" | "submit" | "button") || !ticked {
                    continue;
                }
                (input.name(), input.value(), kind)
            } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
                (area.name(), area.value(), "textarea".into())
            } else if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
                (select.name(), select.value(), "select".into())
            } else {
                continue;
            };
            if !name.is_empty() {
                out.push((name, value, kind));
            }
        }
        out
    }

    fn keep_typed(form: &HtmlFormElement) {
        let Some(storage) = window().session_storage().ok().flatten() else {
            return;
        };
        let mut kept = form.action();
        for (name, value, kind) in fields(form) {
            kept.push(FIELD);
            kept.push_str(&format!("{name}{VALUE}{kind}{VALUE}{value}"));
        }
        let _ = storage.set_item(TYPED, &kept);
    }

    /// Puts back what was typed when this page is the refusal of the form it was typed in: the
    /// URL names the form with an error, and the form has the same action and the same hidden
    /// ids (one row's form among many).
    fn restore_typed() {
        let Some(storage) = window().session_storage().ok().flatten() else {
            return;
        };
        let Ok(Some(kept)) = storage.get_item(TYPED) else {
            return;
        };
        let _ = storage.remove_item(TYPED);
        let mut records = kept.split(FIELD);
        let action = records.next().unwrap_or_default().to_string();
        let endpoint = action.rsplit('/').next().unwrap_or_default();
        let search = window().location().search().unwrap_or_default();
        let query: Vec<&str> = search.trim_start_matches('?').split('&').collect();
        if !query.contains(&format!("form={endpoint}").as_str())
            || !query.iter().any(|p| p.starts_with("error="))
        {
            return;
        }
        let kept: Vec<(String, String, String)> = records
            .filter_map(|r| {
                // Kept as name, kind, value: the value last, whatever it holds.
                let mut parts = r.splitn(3, VALUE);
                let (name, kind) = (parts.next()?, parts.next()?);
                Some((name.into(), parts.next()?.into(), kind.into()))
            })
            .collect();
        let hidden = |fields: &[(String, String, String)]| -> Vec<(String, String)> {
            fields
                .iter()
                .filter(|(_, _, kind)| kind == "hidden")
                .map(|(n, v, _)| (n.clone(), v.clone()))
                .collect()
        };
        let Ok(forms) = document().query_selector_all("form") else {
            return;
        };
        let form = (0..forms.length())
            .filter_map(|i| forms.item(i)?.dyn_into::<HtmlFormElement>().ok())
            .find(|f| f.action() == action && hidden(&fields(f)) == hidden(&kept));
        let Some(form) = form else { return };
        let kept_value = |name: &str| kept.iter().find(|(n, _, _)| n == name).map(|(_, v, _)| v);
        // The refusal next to the form that was sent (the page renders it above them all).
        if let Ok(Some(result)) =
            document().query_selector(&format!("[data-form-result=\"{endpoint}\"]"))
        {
            let _ = form.before_with_node_1(&result);
            result.scroll_into_view();
        }
        let elements = form.elements();
        for i in 0..elements.length() {
            let Some(el) = elements.item(i) else { continue };
            if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                let kind = input.type_();
                let name = input.name();
                if matches!(kind.as_str(), "radio" | "checkbox") {
                    let value = input.value();
                    input.set_checked(kept.iter().any(|(n, v, _)| *n == name && *v == value));
                } else if !matches!(
                    kind.as_str(),
                    "password" | "file" | "hidden" | "submit" | "button"
                ) {
                    if let Some(v) = kept_value(&name) {
                        input.set_value(v);
                    }
                }
            } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
                if let Some(v) = kept_value(&area.name()) {
                    area.set_value(v);
                }
            } else if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
                if let Some(v) = kept_value(&select.name()) {
                    select.set_value(v);
                }
            }
        }
    }
}
