//! The names of the built browser files. `server/scripts/build-site.sh` names each after a hash
//! of its content (`app.<hash>.css`) and lists the hashes in `hash.txt` beside `pkg/`, so a
//! browser may keep them for a year and still never runs yesterday's code. Leptos reads the
//! same file for the script and the wasm; the stylesheet's name is read here.
use leptos::config::LeptosOptions;
use std::sync::OnceLock;

/// The hash of `kind` (`js`, `wasm`, `css`) in a `hash.txt` text.
pub fn hash_of<'a>(hashes: &'a str, kind: &str) -> Option<&'a str> {
    hashes.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == kind)
            .then(|| v.trim())
            .filter(|v| !v.is_empty())
    })
}

/// `/pkg/app.<hash>.css`, or `/pkg/app.css` when the site was built without hashes.
pub fn stylesheet_href(options: &LeptosOptions) -> String {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| {
        let pkg = &options.site_pkg_dir;
        let name = &options.output_name;
        let hashes = options
            .hash_files
            .then(|| std::fs::read_to_string(options.hash_file.as_ref()).ok())
            .flatten()
            .unwrap_or_default();
        match hash_of(&hashes, "css") {
            Some(hash) => format!("/{pkg}/{name}.{hash}.css"),
            None => format!("/{pkg}/{name}.css"),
        }
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::hash_of;

    #[test]
    fn each_kind_reads_its_own_hash() {
        let file = "js: abc\nwasm: def\ncss:0f1\n";
        assert_eq!(hash_of(file, "js"), Some("abc"));
        assert_eq!(hash_of(file, "css"), Some("0f1"));
        assert_eq!(hash_of(file, "split"), None);
        assert_eq!(hash_of("css: \n", "css"), None);
    }
}
