//! Evidence files (claims and achievements): the size and content-type check.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(content_type) = app::domain::claims::check_evidence(data) {
        // Accepted files are exactly the three sniffed types, never empty.
        assert!(!data.is_empty());
        assert!(matches!(
            content_type,
            "application/pdf" | "image/jpeg" | "image/png"
        ));
    }
});
