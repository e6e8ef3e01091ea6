//! Training-hour rules. Hours are kept in tenths (NUMERIC(5,1) in the database) so sums are exact.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The Jiangsu rule (《江苏省中小学教师培训学时认定和登记管理办法》 art. 7), the defaults the center
/// starts from: 360 hours per 5-year cycle, 180 of them at district level or above.
pub const CYCLE_YEARS: i32 = 5;
pub const CYCLE_TOTAL_TENTHS: i64 = 3600;
pub const CYCLE_DISTRICT_TENTHS: i64 = 1800;
/// National five-year cycles start in 2021, 2026, ...
pub const CYCLE_EPOCH: i32 = 2021;

/// `12.5` for 125 tenths; whole numbers without a decimal point.
pub fn format_tenths(tenths: i64) -> String {
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, (tenths % 10).abs())
    }
}

/// The first and last year of the cycle that contains `year`.
pub fn cycle_years(year: i32) -> (i32, i32) {
    let start = CYCLE_EPOCH + (year - CYCLE_EPOCH).div_euclid(CYCLE_YEARS) * CYCLE_YEARS;
    (start, start + CYCLE_YEARS - 1)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleProgress {
    pub from_year: i32,
    pub to_year: i32,
    pub total_tenths: i64,
    pub district_tenths: i64,
    pub required_tenths: i64,
    pub required_district_tenths: i64,
    /// What a teacher keeping pace would have by `today`, counted from the later of the cycle
    /// start and the hire date.
    pub expected_tenths: i64,
    pub on_track: bool,
}

pub fn cycle_progress(
    total_tenths: i64,
    district_tenths: i64,
    hire_date: NaiveDate,
    today: NaiveDate,
) -> CycleProgress {
    let (from_year, to_year) = cycle_years(today.year());
    let cycle_start = NaiveDate::from_ymd_opt(from_year, 1, 1).expect("valid date");
    let cycle_end = NaiveDate::from_ymd_opt(to_year, 12, 31).expect("valid date");
    let start = hire_date.max(cycle_start);
    let span = (cycle_end - start).num_days().max(1);
    let elapsed = (today - start).num_days().clamp(0, span);
    let expected_tenths = CYCLE_TOTAL_TENTHS * elapsed / span;
    CycleProgress {
        from_year,
        to_year,
        total_tenths,
        district_tenths,
        required_tenths: CYCLE_TOTAL_TENTHS,
        required_district_tenths: CYCLE_DISTRICT_TENTHS,
        expected_tenths,
        on_track: total_tenths >= expected_tenths,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn cycles_are_five_years_from_2021() {
        assert_eq!(cycle_years(2021), (2021, 2025));
        assert_eq!(cycle_years(2025), (2021, 2025));
        assert_eq!(cycle_years(2026), (2026, 2030));
        assert_eq!(cycle_years(2019), (2016, 2020));
    }

    #[test]
    fn tenths_format_without_needless_decimals() {
        assert_eq!(format_tenths(3600), "360");
        assert_eq!(format_tenths(125), "12.5");
        assert_eq!(format_tenths(0), "0");
    }

    #[test]
    fn halfway_through_the_cycle_half_the_hours_are_expected() {
        let p = cycle_progress(1700, 900, d(2010, 9, 1), d(2028, 7, 2));
        assert_eq!((p.from_year, p.to_year), (2026, 2030));
        assert!(
            (1790..=1810).contains(&p.expected_tenths),
            "{}",
            p.expected_tenths
        );
        assert!(!p.on_track);
        assert!(cycle_progress(1810, 900, d(2010, 9, 1), d(2028, 7, 2)).on_track);
    }

    #[test]
    fn a_teacher_hired_mid_cycle_is_measured_from_the_hire_date() {
        let p = cycle_progress(0, 0, d(2026, 9, 1), d(2026, 9, 1));
        assert_eq!(p.expected_tenths, 0);
        assert!(p.on_track);
    }
}
