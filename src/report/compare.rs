//! The period against the one before it (the previous month, or a range of the same length just
//! before): per unit and per measure, the change, the units that improved or worsened most, and
//! rank changes within blocks. Computed only when the loaded dossiers cover that period (at least
//! half as many receipts as the current one).

use super::scores::{competition_rank, unit_scores};
use crate::indicators::{Analysis, Tally};
use crate::model::other::Others;
use crate::model::{Block, DossierStore, Known, Period};
use crate::profile::Profile;
use serde::Serialize;

/// (before, now) of one measure.
pub type Pair<T> = [T; 2];

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Change {
    pub handled: Pair<u32>,
    pub on_time_rate: Pair<Option<f64>>,
    pub digitization_rate: Pair<Option<f64>>,
    pub online_payment_rate: Pair<Option<f64>>,
    pub overdue: Pair<u32>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UnitChange {
    pub name: String,
    pub block: Block,
    #[serde(flatten)]
    pub change: Change,
    /// The computed score, and the rank within the block, before and now.
    pub score: Pair<Option<f64>>,
    pub rank_in_block: Pair<Option<usize>>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Mover {
    pub name: String,
    pub score_change: f64,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Comparison {
    /// The previous period: "tháng 4/2024".
    pub previous_label: String,
    pub previous_from: String,
    pub previous_to: String,
    pub province: Change,
    pub units: Vec<UnitChange>,
    /// The five units whose computed score rose most, and fell most (units in both periods).
    pub improved: Vec<Mover>,
    pub worsened: Vec<Mover>,
}

/// The period just before: the previous calendar month for a month, else as many days.
pub fn previous(p: Period) -> Period {
    let (y, m, d) = p.from.ymd();
    if d == 1 && p.to == p.from.month_end() {
        let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
        if let Some(prev) = Period::month(py, pm) {
            return prev;
        }
    }
    let days = p.to.0 - p.from.0 + 1;
    Period {
        from: p.from.add_days(-days),
        to: p.from.add_days(-1),
    }
}

fn change(before: &Tally, now: &Tally, kb: &Known, kn: &Known) -> Change {
    Change {
        handled: [before.handled(), now.handled()],
        on_time_rate: [before.on_time_rate(), now.on_time_rate()],
        digitization_rate: [before.digitization_rate(kb), now.digitization_rate(kn)],
        online_payment_rate: [before.online_payment_rate(kb), now.online_payment_rate(kn)],
        overdue: [before.overdue(), now.overdue()],
    }
}

/// Each active unit's score and rank within its block, in one period.
fn scores_and_ranks(
    store: &DossierStore,
    a: &Analysis,
    profile: &Profile,
) -> Vec<Option<(f64, usize)>> {
    let totals: Vec<Option<f64>> = a
        .units
        .iter()
        .enumerate()
        .map(|(u, t)| {
            (t.handled() + t.received > 0)
                .then(|| unit_scores(profile, t, &a.known, store.units[u].block).total)
        })
        .collect();
    totals
        .iter()
        .enumerate()
        .map(|(u, t)| {
            let total = (*t)?;
            let block = store.units[u].block;
            let peers = totals
                .iter()
                .enumerate()
                .filter(|(v, _)| store.units[*v].block == block)
                .filter_map(|(_, x)| *x);
            Some((total, competition_rank(total, peers)))
        })
        .collect()
}

pub fn compare(
    store: &DossierStore,
    others: &Others,
    now: &Analysis,
    profile: &Profile,
) -> Option<Comparison> {
    let prev_period = previous(now.period);
    let before = Analysis::compute(store, others, prev_period);
    // Only a period the data covers: an export of May holds a few April dossiers carried over,
    // and comparing with that sliver would mislead [D].
    if before.province.received == 0 || before.province.received * 2 < now.province.received {
        return None;
    }
    let sb = scores_and_ranks(store, &before, profile);
    let sn = scores_and_ranks(store, now, profile);
    let mut units: Vec<UnitChange> = (0..store.units.len())
        .filter(|&u| sn[u].is_some() || sb[u].is_some())
        .map(|u| UnitChange {
            name: store.units[u].name.clone(),
            block: store.units[u].block,
            change: change(&before.units[u], &now.units[u], &before.known, &now.known),
            score: [sb[u].map(|s| s.0), sn[u].map(|s| s.0)],
            rank_in_block: [sb[u].map(|s| s.1), sn[u].map(|s| s.1)],
        })
        .collect();
    units.sort_by(|a, b| a.block.cmp(&b.block).then_with(|| a.name.cmp(&b.name)));
    let mut movers: Vec<Mover> = units
        .iter()
        .filter_map(|u| match u.score {
            [Some(b), Some(n)] => Some(Mover {
                name: u.name.clone(),
                score_change: n - b,
            }),
            _ => None,
        })
        .collect();
    movers.sort_by(|a, b| {
        b.score_change
            .total_cmp(&a.score_change)
            .then_with(|| a.name.cmp(&b.name))
    });
    let improved = movers
        .iter()
        .filter(|m| m.score_change > 0.0)
        .take(5)
        .cloned()
        .collect();
    let worsened = movers
        .iter()
        .rev()
        .filter(|m| m.score_change < 0.0)
        .take(5)
        .cloned()
        .collect();
    Some(Comparison {
        previous_label: prev_period.label_vi(),
        previous_from: prev_period.from.iso(),
        previous_to: prev_period.to.iso(),
        province: change(&before.province, &now.province, &before.known, &now.known),
        units,
        improved,
        worsened,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_previous_period_is_the_previous_month_or_as_many_days() {
        let may = Period::month(2024, 5).expect("valid");
        assert_eq!(previous(may), Period::month(2024, 4).expect("valid"));
        let jan = Period::month(2024, 1).expect("valid");
        assert_eq!(previous(jan), Period::month(2023, 12).expect("valid"));
        let ten = Period {
            from: may.from.add_days(10),
            to: may.from.add_days(19),
        };
        assert_eq!(
            previous(ten),
            Period {
                from: may.from,
                to: may.from.add_days(9)
            }
        );
    }
}
