//! Typed dossiers → counts and rates per unit, block and province, in one pass over the store.
//!
//! Owns the formulas of methodology §2–§3. Knows nothing of files (ingest) nor of wording and
//! number style (report). A rate whose denominator is zero, or whose column is absent, is `None`,
//! never 0.

pub mod computations;
pub mod progress;

use crate::model::{flag, Block, Channel, DossierStore, Known, Period};
use progress::{classify, Progress, Verdict};
use serde::Serialize;

/// The counts behind every figure of one unit (or of the province, as their sum).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    pub within: u32,
    pub overdue_processing: u32,
    /// Completed in the period through the online channel, and of those early or on time.
    pub online_completed: u32,
    pub online_completed_on_time: u32,
    /// Received in the period (status 1 and 3 excluded): the base of số hóa and payment.
    pub received: u32,
    pub digitised: u32,
    pub fee_due: u32,
    pub paid_online: u32,
    pub completed_e_result: u32,
    pub synced: u32,
    pub reused: u32,
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

    fn add(&mut self, o: &Tally) {
        self.early += o.early;
        self.on_time += o.on_time;
        self.late += o.late;
        self.within += o.within;
        self.overdue_processing += o.overdue_processing;
        self.online_completed += o.online_completed;
        self.online_completed_on_time += o.online_completed_on_time;
        self.received += o.received;
        self.digitised += o.digitised;
        self.fee_due += o.fee_due;
        self.paid_online += o.paid_online;
        self.completed_e_result += o.completed_e_result;
        self.synced += o.synced;
        self.reused += o.reused;
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
    pub province: Tally,
    /// Indexed like `store.units`.
    pub units: Vec<Tally>,
    pub overdue: Vec<Overdue>,
    /// Dossiers left out of progress figures because a date or status could not be read.
    pub without_progress: u32,
}

impl Analysis {
    pub fn compute(store: &DossierStore, period: Period) -> Analysis {
        let mut units = vec![Tally::default(); store.units.len()];
        let mut overdue = Vec::new();
        let mut without_progress = 0;
        for i in 0..store.len() {
            let status = store.status[i];
            if status.never_received() {
                continue;
            }
            let t = &mut units[store.unit[i] as usize];
            let flags = store.flags[i];
            let has = |f: u8| flags & f != 0;
            if period.contains(store.received[i]) {
                t.received += 1;
                t.digitised += u32::from(has(flag::DIGITISED));
                t.synced += u32::from(has(flag::SYNCED));
                t.reused += u32::from(has(flag::REUSED));
                if has(flag::FEE_DUE) {
                    t.fee_due += 1;
                    t.paid_online += u32::from(has(flag::PAID_ONLINE));
                }
            }
            if has(flag::NO_PROGRESS) {
                without_progress += u32::from(store.received[i] <= period.to);
                continue;
            }
            let due = store.due[i];
            match classify(status, store.received[i], due, store.ended[i], period) {
                Progress::Excluded => {}
                Progress::Completed(v) => {
                    match v {
                        Verdict::Early => t.early += 1,
                        Verdict::OnTime => t.on_time += 1,
                        Verdict::Late => t.late += 1,
                    }
                    t.completed_e_result += u32::from(has(flag::E_RESULT));
                    if store.channel[i] == Channel::TrucTuyen {
                        t.online_completed += 1;
                        t.online_completed_on_time += u32::from(v != Verdict::Late);
                    }
                    if v == Verdict::Late {
                        let end = store.ended[i].unwrap_or(period.to);
                        let days_late = due.map_or(0, |d| end.0 - d.0);
                        overdue.push(Overdue { index: i, completed: true, days_late });
                    }
                }
                Progress::Processing { overdue: false } => t.within += 1,
                Progress::Processing { overdue: true } => {
                    t.overdue_processing += 1;
                    let days_late = due.map_or(0, |d| period.to.0 - d.0);
                    overdue.push(Overdue { index: i, completed: false, days_late });
                }
            }
        }
        let mut province = Tally::default();
        for t in &units {
            province.add(t);
        }
        Analysis { period, province, units, overdue, without_progress }
    }

    /// Units (indices) whose rate is below `threshold`; units without the rate are not counted.
    pub fn units_below(&self, rate: impl Fn(&Tally) -> Option<f64>, threshold: f64) -> Vec<usize> {
        (0..self.units.len()).filter(|&u| rate(&self.units[u]).is_some_and(|r| r < threshold)).collect()
    }

    /// How many of `units` fall in each block, in the blocks' order.
    pub fn by_block(store: &DossierStore, units: &[usize]) -> Vec<(Block, usize)> {
        Block::all()
            .map(|b| (b, units.iter().filter(|&&u| store.units[u].block == b).count()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Loader;

    fn analyse(csv: &str) -> (DossierStore, Analysis) {
        let mut loader = Loader::new();
        loader.add_file("t.csv", csv.as_bytes()).expect("test CSV reads");
        let (store, _) = loader.finish();
        let a = Analysis::compute(&store, Period::month(2024, 5).expect("valid"));
        (store, a)
    }

    const HEAD: &str = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Trạng thái;Phí;Thanh toán trực tuyến;Số hóa\n";

    #[test]
    fn a_unit_without_fee_bearing_dossiers_has_no_payment_rate_and_is_not_below() {
        let csv = format!("{HEAD}1;UBND xã A;02/05/2024;03/05/2024;4;0;Không;Có\n2;UBND xã B;02/05/2024;03/05/2024;4;50000;Không;Không\n");
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
        let csv = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả\n1;Sở Tư pháp;02/05/2024;03/05/2024\n";
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
            "{HEAD}1;Sở A;02/05/2024;03/05/2024;10;0;;\n2;Sở A;02/05/2024;03/05/2024;4;0;;\n3;Sở A;02/05/2024;31/05/2024;4;0;;\n"
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
