//! Statistics: the filters every view shares, and the small sums the views are made of.
use crate::error::{AppError, FieldProblem};
use serde::{Deserialize, Serialize};

/// The filters as the URL carries them (empty = all).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsFilter {
    pub cohort: String,
    pub school: String,
    pub subject: String,
    pub stage: String,
    pub programme: String,
    /// The schools' area (区/县, or a district of a province).
    #[serde(default)]
    pub area: String,
}

/// The filters, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub cohort: Option<i32>,
    pub school: Option<i32>,
    pub subject: Option<String>,
    pub stage: Option<String>,
    pub programme: Option<String>,
    pub area: Option<String>,
}

fn text(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.chars().take(40).collect())
}

impl StatsFilter {
    pub fn parse(&self) -> Result<Filters, AppError> {
        let number = |field: &str, v: &str| -> Result<Option<i32>, AppError> {
            match v.trim() {
                "" => Ok(None),
                v => v
                    .parse()
                    .map(Some)
                    .map_err(|_| AppError::field(field, FieldProblem::Invalid)),
            }
        };
        Ok(Filters {
            cohort: number("cohort", &self.cohort)?,
            school: number("school", &self.school)?,
            subject: text(&self.subject),
            stage: text(&self.stage),
            programme: text(&self.programme),
            area: text(&self.area),
        })
    }

    /// The query string that carries these filters (for links and exports).
    pub fn query(&self) -> String {
        [
            ("cohort", &self.cohort),
            ("school", &self.school),
            ("subject", &self.subject),
            ("stage", &self.stage),
            ("programme", &self.programme),
            ("area", &self.area),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", super::text::url_component(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// These filters with one of them set (a drill-down from a row).
    pub fn with(&self, key: &str, value: &str) -> StatsFilter {
        let mut f = self.clone();
        match key {
            "cohort" => f.cohort = value.into(),
            "school" => f.school = value.into(),
            "subject" => f.subject = value.into(),
            "stage" => f.stage = value.into(),
            "programme" => f.programme = value.into(),
            "area" => f.area = value.into(),
            _ => {}
        }
        f
    }
}

/// Counts of `values` (tenths of hours) in bins of `width` tenths, the last one open-ended
/// from `last_from`: `[0, w), [w, 2w), … [last_from, ∞)`.
pub fn histogram(values: &[i64], width: i64, last_from: i64) -> Vec<(i64, Option<i64>, i64)> {
    let width = width.max(1);
    let mut bins: Vec<(i64, Option<i64>, i64)> = (0..last_from / width)
        .map(|i| (i * width, Some((i + 1) * width), 0))
        .collect();
    bins.push((last_from, None, 0));
    for v in values {
        let i = ((*v).max(0) / width).min(bins.len() as i64 - 1) as usize;
        bins[i].2 += 1;
    }
    bins
}

/// The same bins from counts per bin index (`index = value / width`, the last index holding
/// everything from `last_from`), as Postgres groups them; missing bins count zero.
pub fn bins(counts: &[(i64, i64)], width: i64, last_from: i64) -> Vec<(i64, Option<i64>, i64)> {
    let mut out = histogram(&[], width, last_from);
    let last = out.len() - 1;
    for (i, n) in counts {
        out[(*i).clamp(0, last as i64) as usize].2 += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_histogram_puts_each_value_in_its_bin_and_the_rest_in_the_last() {
        let bins = histogram(&[0, 359, 360, 719, 3600, 9999], 360, 3600);
        assert_eq!(bins.len(), 11);
        assert_eq!(bins[0], (0, Some(360), 2));
        assert_eq!(bins[1], (360, Some(720), 2));
        assert_eq!(bins[10], (3600, None, 2));
    }

    #[test]
    fn filters_round_trip_through_the_query_string() {
        let f = StatsFilter {
            cohort: "2024".into(),
            subject: "数学".into(),
            ..Default::default()
        };
        assert_eq!(f.query(), "cohort=2024&subject=%E6%95%B0%E5%AD%A6");
        assert_eq!(f.with("school", "3").parse().unwrap().school, Some(3));
        assert!(StatsFilter {
            cohort: "x".into(),
            ..Default::default()
        }
        .parse()
        .is_err());
    }

    proptest! {
        #[test]
        fn every_value_is_counted_once(values in proptest::collection::vec(0i64..10_000, 0..200)) {
            let bins = histogram(&values, 360, 3600);
            prop_assert_eq!(bins.iter().map(|b| b.2).sum::<i64>(), values.len() as i64);
        }

        /// Postgres groups `LEAST(v / width, last)`; the bins built from those counts are the
        /// histogram of the values themselves.
        #[test]
        fn bins_from_grouped_counts_equal_the_histogram(values in proptest::collection::vec(0i64..10_000, 0..200)) {
            let mut grouped = std::collections::BTreeMap::new();
            for v in &values {
                *grouped.entry((v / 360).min(10)).or_insert(0i64) += 1;
            }
            let counts: Vec<(i64, i64)> = grouped.into_iter().collect();
            prop_assert_eq!(bins(&counts, 360, 3600), histogram(&values, 360, 3600));
        }
    }
}
