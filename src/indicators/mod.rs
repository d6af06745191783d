//! Typed dossiers and the other inputs → counts and rates per unit, block and province, in one
//! pass over the store (plus small passes over catalogues, feedback and publication tracking).
//!
//! Owns the formulas of methodology §2–§3 and the counts behind every indicator of §1. Knows
//! nothing of files (ingest) nor of wording and number style (report). A rate whose denominator is
//! zero, or whose input is absent, is `None`, never 0.

pub mod computations;
pub mod early_warning;
pub mod other_inputs;
pub mod progress;

use crate::model::other::Others;
use crate::model::{flag, Block, Channel, DossierStore, Known, Period};
use progress::{classify, Progress, Verdict};
use serde::Serialize;

/// Counts over a set of procedures of the catalogue (a unit's, a block's, or all of them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProcedureCounts {
    pub procedures: u32,
    pub fully_published: u32,
    /// Offering online service (toàn trình or một phần).
    pub online_service: u32,
    pub with_fee: u32,
    pub fee_integrated: u32,
    /// With a fee and at least one dossier paid online in the period.
    pub fee_paid_online: u32,
    /// Connected to population data (the catalogue says so, or a dossier used it).
    pub population: u32,
}

/// Declares [`Tally`] from one list of its counts: adding a count is one line there, and
/// [`Tally::add`] (a block's and the province's sums) follows from it.
macro_rules! tally {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            counts {
                $( $(#[$count_meta:meta])* pub $count:ident, )*
            }
            $( $(#[$other_meta:meta])* pub $other:ident : $other_ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$count_meta])* pub $count: u32, )*
            $( $(#[$other_meta])* pub $other: $other_ty, )*
        }

        impl $name {
            /// Adds another set's counts; what is not a count (the procedure counts, see
            /// [`ProcedureCounts`]) is left as it is.
            pub fn add(&mut self, o: &$name) {
                $( self.$count += o.$count; )*
            }
        }
    };
}

tally! {
    /// The counts behind every figure of one unit (or of a block or the province, as their sum).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
    pub struct Tally {
        // One line a count: a block's and the province's sums follow. Count it in
        // `Analysis::compute` (or `other_inputs`), then name it in a computation.
        counts {
            pub early,
            pub on_time,
            pub late,
            pub within,
            pub overdue_processing,
            /// Completed in the period through the online channel, and of those early or on time.
            pub online_completed,
            pub online_completed_on_time,
            /// Received in the period (status 1 and 3 excluded): the base of số hóa and payment.
            pub received,
            pub received_online,
            pub digitised,
            pub fee_due,
            pub paid_online,
            pub completed_e_result,
            /// Completed, digitised, and with an electronic result where the procedure has a
            /// paper one (indicator 6.2).
            pub completed_digitised_result,
            pub synced,
            pub reused,
            /// Received digitised dossiers connected to the data store (6.5).
            pub digitised_connected,
            pub population_used,
            /// Handled dossiers rated "không hài lòng" (5.3).
            pub negative_rated,
            /// Received dossiers of procedures eligible for toàn trình, and of those submitted
            /// online (3.1).
            pub eligible_received,
            pub eligible_online,
            /// Feedback (PAKN) in scope, handled on time, answered about satisfaction,
            /// satisfied (5.1, 5.2).
            pub feedback,
            pub feedback_on_time,
            pub feedback_answered,
            pub feedback_satisfied,
            /// Publication tracking lines due in the period, submitted on time, published on
            /// time (1.1, 1.2).
            pub publication_due,
            pub publication_on_time,
            pub publication_published_on_time,
            /// Commune units (of the units catalogue) and those providing electronic
            /// certification (6.3).
            pub ecert_units,
            pub ecert_providing,
            /// Communes the units catalogue does not answer for.
            pub ecert_unlisted,
        }
        /// Not summed: a set's counts are computed from the union of its procedures.
        pub procedures: ProcedureCounts,
    }
}

fn ratio(num: u32, den: u32) -> Option<f64> {
    (den > 0).then(|| f64::from(num) / f64::from(den))
}

impl Tally {
    pub fn completed(&self) -> u32 {
        self.early + self.on_time + self.late
    }
    pub fn processing(&self) -> u32 {
        self.within + self.overdue_processing
    }
    /// Hồ sơ đã và đang giải quyết.
    pub fn handled(&self) -> u32 {
        self.completed() + self.processing()
    }
    /// Đã xử lý trễ hạn ∪ đang xử lý quá hạn (notice I.4).
    pub fn overdue(&self) -> u32 {
        self.late + self.overdue_processing
    }
    /// Indicator 2.1.
    pub fn on_time_rate(&self) -> Option<f64> {
        ratio(self.early + self.on_time + self.within, self.handled())
    }
    pub fn overdue_rate(&self) -> Option<f64> {
        ratio(self.overdue(), self.handled())
    }
    /// Notice I.1.
    pub fn online_on_time_rate(&self, known: &Known) -> Option<f64> {
        known.channel.then_some(())?;
        ratio(self.online_completed_on_time, self.online_completed)
    }
    /// Notice I.3, số hóa.
    pub fn digitization_rate(&self, known: &Known) -> Option<f64> {
        computations::DIGITIZATION.rate(self, known)
    }
    /// Notice I.3 and indicator 4.3: paid online over dossiers with a fee to pay.
    pub fn online_payment_rate(&self, known: &Known) -> Option<f64> {
        computations::ONLINE_PAYMENT.rate(self, known)
    }
}

/// One overdue dossier, by its index in the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overdue {
    pub index: usize,
    /// Completed late (true) or still processing past its due date (false).
    pub completed: bool,
    /// Days past due: end date (or the period's last day) minus due date.
    pub days_late: i32,
}

/// Everything computed for one period.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub period: Period,
    /// What the loaded files provide: a computation without its input has no rate.
    pub known: Known,
    pub province: Tally,
    /// Indexed like `store.units`.
    pub units: Vec<Tally>,
    /// Each block's sum, in the blocks' order (blocks without units left out).
    pub blocks: Vec<(Block, Tally)>,
    pub overdue: Vec<Overdue>,
    /// Dossiers left out of progress figures because a date or status could not be read.
    pub without_progress: u32,
    /// Procedures of dossiers received in the period that the loaded catalogue lacks.
    pub unmatched_procedures: Vec<String>,
    /// Names in the feedback and publication files that match no unit of the dossiers, and
    /// communes the units catalogue does not answer for (6.3).
    pub unmatched_feedback: Vec<String>,
    pub unmatched_publication: Vec<String>,
    pub unlisted_communes: Vec<String>,
}

impl Analysis {
    pub fn compute(store: &DossierStore, others: &Others, period: Period) -> Analysis {
        let known = store.known.with(others);
        let catalogue = other_inputs::CatalogueIndex::new(store, &others.procedures);
        let mut units = vec![Tally::default(); store.units.len()];
        // Per unit, the catalogue procedures it received dossiers of (with what they showed).
        let mut unit_procedures = vec![
            other_inputs::ProcedureSet::default();
            if catalogue.is_empty() {
                0
            } else {
                store.units.len()
            }
        ];
        let mut overdue = Vec::new();
        let mut without_progress = 0;
        let mut unmatched = std::collections::BTreeSet::new();
        for i in 0..store.len() {
            let status = store.status[i];
            if status.never_received() {
                continue;
            }
            let u = store.unit[i] as usize;
            let t = &mut units[u];
            let flags = store.flags[i];
            let has = |f: u16| flags & f != 0;
            let procedure = catalogue.find(store, i);
            if period.contains(store.received[i]) {
                let online = store.channel[i] == Channel::TrucTuyen;
                t.received += 1;
                t.received_online += u32::from(online);
                t.digitised += u32::from(has(flag::DIGITISED));
                t.digitised_connected += u32::from(has(flag::DIGITISED) && has(flag::DATA_STORE));
                t.synced += u32::from(has(flag::SYNCED));
                t.reused += u32::from(has(flag::REUSED));
                t.population_used += u32::from(has(flag::POPULATION));
                if has(flag::FEE_DUE) {
                    t.fee_due += 1;
                    t.paid_online += u32::from(has(flag::PAID_ONLINE));
                }
                if let Some(p) = procedure {
                    if catalogue.eligible(p) {
                        t.eligible_received += 1;
                        t.eligible_online += u32::from(online);
                    }
                    unit_procedures[u].see(p, has(flag::PAID_ONLINE), has(flag::POPULATION));
                } else if !catalogue.is_empty() {
                    unmatched.insert(store.procedure[i]);
                }
            }
            if has(flag::NO_PROGRESS) {
                without_progress += u32::from(store.received[i] <= period.to);
                continue;
            }
            let due = store.due[i];
            let progress = classify(status, store.received[i], due, store.ended[i], period);
            if !matches!(progress, Progress::Excluded) {
                t.negative_rated += u32::from(has(flag::NEGATIVE_RATING));
            }
            match progress {
                Progress::Excluded => {}
                Progress::Completed(v) => {
                    match v {
                        Verdict::Early => t.early += 1,
                        Verdict::OnTime => t.on_time += 1,
                        Verdict::Late => t.late += 1,
                    }
                    t.completed_e_result += u32::from(has(flag::E_RESULT));
                    let paper_result = procedure.is_none_or(|p| catalogue.written_result(p));
                    t.completed_digitised_result +=
                        u32::from(has(flag::DIGITISED) && (has(flag::E_RESULT) || !paper_result));
                    if store.channel[i] == Channel::TrucTuyen {
                        t.online_completed += 1;
                        t.online_completed_on_time += u32::from(v != Verdict::Late);
                    }
                    if v == Verdict::Late {
                        let end = store.ended[i].unwrap_or(period.to);
                        let days_late = due.map_or(0, |d| end.0 - d.0);
                        overdue.push(Overdue {
                            index: i,
                            completed: true,
                            days_late,
                        });
                    }
                }
                Progress::Processing { overdue: false } => t.within += 1,
                Progress::Processing { overdue: true } => {
                    t.overdue_processing += 1;
                    let days_late = due.map_or(0, |d| period.to.0 - d.0);
                    overdue.push(Overdue {
                        index: i,
                        completed: false,
                        days_late,
                    });
                }
            }
        }
        let names = other_inputs::UnitNames::new(store);
        let unmatched_feedback =
            other_inputs::feedback(&others.feedback, &names, period, &mut units);
        let unmatched_publication =
            other_inputs::publication(&others.publication, &names, period, &mut units);
        let unlisted_communes = if known.units_ecert {
            other_inputs::e_certification(store, &others.units, &mut units)
        } else {
            Vec::new()
        };
        for (u, set) in unit_procedures.iter().enumerate() {
            units[u].procedures = catalogue.counts(set);
        }

        let mut province = Tally::default();
        for t in &units {
            province.add(t);
        }
        // The province's own counts where they are not the sum of its units': every line of the
        // other inputs, matched to a unit or not, and the whole catalogue.
        other_inputs::province_totals(others, period, &mut province);
        province.procedures = catalogue
            .counts(&other_inputs::ProcedureSet::union(&unit_procedures).with_all(catalogue.len()));

        let blocks = Block::all()
            .filter_map(|b| {
                let members: Vec<usize> = (0..units.len())
                    .filter(|&u| store.units[u].block == b)
                    .collect();
                if members.is_empty() {
                    return None;
                }
                let mut t = Tally::default();
                for &u in &members {
                    t.add(&units[u]);
                }
                if !unit_procedures.is_empty() {
                    let sets: Vec<other_inputs::ProcedureSet> = members
                        .iter()
                        .map(|&u| unit_procedures[u].clone())
                        .collect();
                    t.procedures = catalogue.counts(&other_inputs::ProcedureSet::union(&sets));
                }
                Some((b, t))
            })
            .collect();
        let unmatched_procedures = unmatched
            .into_iter()
            .map(|p| store.procedures.get(p).to_string())
            .collect();
        Analysis {
            period,
            known,
            province,
            units,
            blocks,
            overdue,
            without_progress,
            unmatched_procedures,
            unmatched_feedback,
            unmatched_publication,
            unlisted_communes,
        }
    }

    /// Units (indices) whose rate is below `threshold`; units without the rate are not counted.
    pub fn units_below(&self, rate: impl Fn(&Tally) -> Option<f64>, threshold: f64) -> Vec<usize> {
        (0..self.units.len())
            .filter(|&u| rate(&self.units[u]).is_some_and(|r| r < threshold))
            .collect()
    }

    /// How many of `units` fall in each block, in the blocks' order.
    pub fn by_block(store: &DossierStore, units: &[usize]) -> Vec<(Block, usize)> {
        Block::all()
            .map(|b| {
                (
                    b,
                    units.iter().filter(|&&u| store.units[u].block == b).count(),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Loader;

    fn analyse(csv: &str) -> (DossierStore, Analysis) {
        let mut loader = Loader::new();
        loader
            .add_file("t.csv", csv.as_bytes())
            .expect("test CSV reads");
        let (store, others, _) = loader.finish_all();
        let a = Analysis::compute(&store, &others, Period::month(2024, 5).expect("valid"));
        (store, a)
    }

    const HEAD: &str =
        "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Trạng thái;Phí;Thanh toán trực tuyến;Số hóa\n";

    #[test]
    fn a_unit_without_fee_bearing_dossiers_has_no_payment_rate_and_is_not_below() {
        let csv = format!(
            "{HEAD}1;UBND xã A;02/05/2024;03/05/2024;4;0;Không;Có\n2;UBND xã \
             B;02/05/2024;03/05/2024;4;50000;Không;Không\n"
        );
        let (store, a) = analyse(&csv);
        let known = store.known;
        let rate = |t: &Tally| t.online_payment_rate(&known);
        assert_eq!(rate(&a.units[0]), None);
        assert_eq!(rate(&a.units[1]), Some(0.0));
        assert_eq!(a.units_below(rate, 0.5), vec![1]);
        assert_eq!(a.province.fee_due, 1);
    }

    #[test]
    fn a_missing_column_gives_no_rate_not_zero() {
        let csv =
            "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả\n1;Sở Tư pháp;02/05/2024;03/05/2024\n";
        let (store, a) = analyse(csv);
        assert_eq!(a.province.digitization_rate(&store.known), None);
        assert_eq!(a.province.online_payment_rate(&store.known), None);
        assert_eq!(a.province.online_on_time_rate(&store.known), None);
        // No status column and no end date: processing, due 03/05 before the last day: overdue.
        assert_eq!(a.province.on_time_rate(), Some(0.0));
    }

    #[test]
    fn overdue_unites_late_completed_and_overdue_processing() {
        let csv = format!(
            "{HEAD}1;Sở A;02/05/2024;03/05/2024;10;0;;\n2;Sở A;02/05/2024;03/05/2024;4;0;;\n3;Sở \
             A;02/05/2024;31/05/2024;4;0;;\n"
        );
        // Row 1 is final (10) without an end date: left out of progress, never guessed.
        let (_, a) = analyse(&csv);
        assert_eq!(a.without_progress, 1);
        assert_eq!(a.province.overdue_processing, 1);
        assert_eq!(a.province.within, 1);
        assert_eq!(a.province.overdue(), 1);
        assert_eq!(a.overdue.len(), 1);
        assert_eq!(a.overdue[0].days_late, 28);
    }
}
