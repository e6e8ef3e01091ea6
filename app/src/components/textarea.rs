//! Text shown inside a `<textarea>`. The server renderer writes a textarea's children without
//! escaping them (they are RCDATA to the browser), so text from a user or a URL must be escaped
//! there, or `</textarea><script>` in a link runs as whoever opens it. In the browser the same
//! child becomes a DOM text node, which needs no escaping: hydration then sees equal text.

/// The value to put between `<textarea>` and `</textarea>`.
pub fn textarea_text(value: impl AsRef<str>) -> String {
    let value = value.as_ref();
    if cfg!(feature = "ssr") {
        let mut out = String::with_capacity(value.len());
        for c in value.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '"' => out.push_str("&quot;"),
                c => out.push(c),
            }
        }
        out
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn markup_in_a_textarea_value_is_escaped_on_the_server() {
        assert_eq!(
            textarea_text("a</textarea><script>x&y</script>"),
            "a&lt;/textarea&gt;&lt;script&gt;x&amp;y&lt;/script&gt;"
        );
    }

    /// Every textarea in the views that shows a value goes through `textarea_text`.
    #[test]
    fn every_textarea_with_a_value_escapes_it() {
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut stack = vec![std::path::PathBuf::from(src)];
        let mut unescaped = Vec::new();
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (i, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                let Some(at) = line.find("<textarea") else {
                    continue;
                };
                let rest = &line[at..];
                let Some(open_end) = rest.find('>') else {
                    continue;
                };
                let inner = &rest[open_end + 1..];
                let inner = inner.split("</textarea>").next().unwrap_or("");
                if !inner.trim().is_empty() && !inner.contains("textarea_text(") {
                    unescaped.push(format!("{}:{}", path.display(), i + 1));
                }
            }
        }
        assert!(
            unescaped.is_empty(),
            "unescaped textarea values: {unescaped:?}"
        );
    }
}
