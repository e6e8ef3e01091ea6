//! The one rule for every percentage the app shows.

/// `part` of `whole` in whole per cent, rounded to the nearest (halves up): 1/6 is 17 %,
/// 6/14 is 43 %. Two exceptions keep a figure honest at the ends: something short of the whole
/// never reads 100 % (359 of 360 hours is 99 %, not done), and something above nothing never
/// reads 0 % (1 of 1,000 is 1 %). 0 when there is nothing to divide.
pub fn percent(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    let (part, whole) = (i128::from(part), i128::from(whole));
    let rounded = (part * 200 + whole).div_euclid(whole * 2);
    let rounded = if part < whole && part >= 0 {
        rounded.min(99)
    } else {
        rounded
    };
    let rounded = if part > 0 && rounded == 0 { 1 } else { rounded };
    rounded.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// A progress bar's fill: [`percent`] within 0..=100, and full when nothing is required.
pub fn progress(done: i64, required: i64) -> i64 {
    if required <= 0 {
        100
    } else {
        percent(done, required).clamp(0, 100)
    }
}

/// Whether `part` of `whole` reaches `target` per cent, judged on the exact ratio (49.6 %
/// shows as 50 % but does not meet a 50 % target).
pub fn meets(part: i64, whole: i64, target: i64) -> bool {
    whole > 0 && i128::from(part) * 100 >= i128::from(target) * i128::from(whole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn percentages_round_to_the_nearest_whole_per_cent() {
        assert_eq!(percent(1, 6), 17);
        assert_eq!(percent(6, 14), 43);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 8), 13, "12.5 rounds half up");
        assert_eq!(percent(3, 4), 75);
        assert_eq!(percent(275, 290), 95);
    }

    #[test]
    fn nothing_to_divide_is_zero_per_cent() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(5, 0), 0);
        assert_eq!(percent(0, 7), 0);
    }

    #[test]
    fn short_of_the_whole_never_reads_one_hundred_and_above_nothing_never_reads_zero() {
        assert_eq!(percent(3599, 3600), 99);
        assert_eq!(percent(1, 1000), 1);
        assert_eq!(percent(7, 7), 100);
        assert_eq!(percent(15, 10), 150, "over the whole is shown as it is");
    }

    #[test]
    fn a_progress_bar_is_full_when_nothing_is_required_and_never_overflows() {
        assert_eq!(progress(0, 0), 100);
        assert_eq!(progress(30, 20), 100);
        assert_eq!(progress(1, 6), 17);
    }

    #[test]
    fn a_target_is_met_on_the_exact_ratio_not_the_rounded_figure() {
        assert!(!meets(99, 200, 50), "49.5 % reads 50 % but is short");
        assert!(meets(1, 2, 50));
        assert!(meets(3, 5, 60));
        assert!(!meets(0, 0, 0), "nothing to judge");
    }

    proptest! {
        #[test]
        fn a_percentage_is_within_half_a_point_of_the_exact_ratio_except_at_the_ends(part in 0i64..10_000, whole in 1i64..10_000) {
            let p = percent(part, whole) as f64;
            let exact = part as f64 * 100.0 / whole as f64;
            if part != 0 && part < whole && !(0.5..99.5).contains(&exact) {
                prop_assert!(p == 1.0 || p == 99.0);
            } else {
                prop_assert!((p - exact).abs() <= 0.5 + 1e-9, "{part}/{whole}: {p} vs {exact}");
            }
        }
    }
}
