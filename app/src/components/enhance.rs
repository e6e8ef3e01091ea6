//! The one island of the app. Every page is HTML rendered on the server with plain forms that
//! work without JavaScript; in the browser this adds what a plain form lacks:
//! - a form being sent shows it (`aria-busy` on the form, its submit buttons dimmed) and a
//!   second tap on a phone does not post it twice;
//! - a `<select data-autosubmit>` sends its form when changed (a choice that reloads the page).
//!
//! Both are listeners on the window, so they serve every form of the page with no per-form code.
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
    use web_sys::{Element, HtmlFormElement, HtmlSelectElement};

    /// Set on a form from its submission until the next page shows.
    const PENDING: &str = "data-pending";

    pub fn attach() {
        window_event_listener(ev::submit, |e| {
            let Some(form) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
            else {
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
        });
        window_event_listener(ev::change, |e| {
            let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            else {
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
}
