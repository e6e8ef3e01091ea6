//! Dates as users here read them: Asia/Shanghai (UTC+8, no daylight saving since 1991).
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// The calendar date in Shanghai of an instant.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&shanghai()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_evening_utc_is_the_next_day_in_shanghai() {
        let at = DateTime::parse_from_rfc3339("2026-11-26T17:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            local_date(at),
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
    }
}
