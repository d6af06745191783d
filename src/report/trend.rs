//! Month by month: when the loaded dossiers span several months, each notice measure per month
//! for the province or one unit (the trend charts). Each month is computed exactly as a report
//! of that month would compute it.

use crate::indicators::{Analysis, Tally};
use crate::model::other::Others;
use crate::model::{DossierStore, Period};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize)]
pub struct TrendPoint {
    /// "05/2024".
    pub month: String,
    pub from: String,
    pub handled: u32,
    pub on_time_rate: Option<f64>,
    pub digitization_rate: Option<f64>,
    pub online_payment_rate: Option<f64>,
    pub overdue: u32,
}

/// The months the data covers fully enough to report on: those with at least half the
/// receipts of the busiest month, in order (the default period is the last of them).
pub fn months(store: &DossierStore) -> Vec<Period> {
    let mut per_month: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    for d in &store.received {
        let (y, m, _) = d.ymd();
        *per_month.entry((y, m)).or_default() += 1;
    }
    let busiest = per_month.values().copied().max().unwrap_or(0);
    per_month
        .into_iter()
        .filter(|(_, n)| n * 2 >= busiest)
        .filter_map(|((y, m), _)| Period::month(y, m))
        .collect()
}

/// The trend of the province (`unit` = None) or of one unit (its index in the store).
pub fn trend(store: &DossierStore, others: &Others, unit: Option<usize>) -> Vec<TrendPoint> {
    months(store)
        .into_iter()
        .map(|p| {
            let a = Analysis::compute(store, others, p);
            let t: &Tally = match unit {
                Some(u) if u < a.units.len() => &a.units[u],
                _ => &a.province,
            };
            let (y, m, _) = p.from.ymd();
            TrendPoint {
                month: format!("{m:02}/{y}"),
                from: p.from.iso(),
                handled: t.handled(),
                on_time_rate: t.on_time_rate(),
                digitization_rate: t.digitization_rate(&a.known),
                online_payment_rate: t.online_payment_rate(&a.known),
                overdue: t.overdue(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Loader;
    use crate::sample::{self, SampleOptions};

    #[test]
    fn each_month_equals_its_own_report() {
        let mut loader = Loader::new();
        for m in [4, 5] {
            let opts = SampleOptions {
                rows: 3000,
                period: Period::month(2024, m).expect("valid"),
                seed: 7 + u64::from(m),
                ..SampleOptions::default()
            };
            loader
                .add_file(&format!("{m}.csv"), &sample::csv(&opts))
                .expect("reads");
        }
        let (store, others, _) = loader.finish_all();
        let t = trend(&store, &others, None);
        let months: Vec<&str> = t.iter().map(|p| p.month.as_str()).collect();
        assert_eq!(months, ["04/2024", "05/2024"]);
        let may = Analysis::compute(&store, &others, Period::month(2024, 5).expect("valid"));
        assert_eq!(t[1].handled, may.province.handled());
        assert_eq!(t[1].on_time_rate, may.province.on_time_rate());
        let unit = trend(&store, &others, Some(0));
        assert_eq!(unit[1].overdue, may.units[0].overdue());
    }
}
