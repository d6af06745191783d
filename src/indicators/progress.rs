//! Where one dossier stands in a period: methodology §2, one function.

use crate::model::{Date, Period, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// trước hạn: ended before the due date.
    Early,
    /// đúng hạn: ended on the due day (any hour), no due date, or withdrawn (Rút) [D].
    OnTime,
    /// trễ hạn: ended after the due date.
    Late,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Never received (status 1, 3), ended before the period, or received after it.
    Excluded,
    /// Đã xử lý trong kỳ.
    Completed(Verdict),
    /// Đang xử lý at the period's last day: trong hạn (due ≥ to) or quá hạn (due < to).
    Processing { overdue: bool },
}

/// Classifies a dossier whose dates and status were read. Dates only, never times.
pub fn classify(
    status: Status,
    received: Date,
    due: Option<Date>,
    ended: Option<Date>,
    period: Period,
) -> Progress {
    if status.never_received() || received > period.to {
        return Progress::Excluded;
    }
    let ended_by_to = if status.is_final() {
        ended.filter(|&e| e <= period.to)
    } else {
        None
    };
    match ended_by_to {
        Some(end) if end < period.from => Progress::Excluded,
        Some(end) => Progress::Completed(match (status, due) {
            (Status::Rut, _) => Verdict::OnTime,
            (_, None) => Verdict::OnTime,
            (_, Some(due)) if end < due => Verdict::Early,
            (_, Some(due)) if end == due => Verdict::OnTime,
            _ => Verdict::Late,
        }),
        // Open at the period's end: still handling, including 5, 6, 8 (tạm dừng) [D], and a
        // final status whose end date falls after the period.
        None => Progress::Processing {
            overdue: due.is_some_and(|d| d < period.to),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    fn d(day: u32) -> Date {
        Date::from_ymd(2024, 5, day).expect("May has 31 days")
    }
    fn april(day: u32) -> Date {
        Date::from_ymd(2024, 4, day).expect("April has 30 days")
    }
    fn may() -> Period {
        Period::month(2024, 5).expect("valid month")
    }

    #[test]
    fn finished_on_the_due_day_is_on_time_whatever_the_hour() {
        // Times were dropped when reading: 17:45 on the due day is the due day.
        assert_eq!(
            classify(DaTraKetQua, d(2), Some(d(10)), Some(d(10)), may()),
            Progress::Completed(Verdict::OnTime)
        );
        assert_eq!(
            classify(DaXuLyXong, d(2), Some(d(10)), Some(d(9)), may()),
            Progress::Completed(Verdict::Early)
        );
        assert_eq!(
            classify(DaXuLyXong, d(2), Some(d(10)), Some(d(11)), may()),
            Progress::Completed(Verdict::Late)
        );
        assert_eq!(
            classify(DaXuLyXong, d(2), None, Some(d(11)), may()),
            Progress::Completed(Verdict::OnTime)
        );
    }

    #[test]
    fn processing_is_judged_at_the_last_day() {
        assert_eq!(
            classify(DangXuLy, d(2), Some(d(31)), None, may()),
            Progress::Processing { overdue: false }
        );
        assert_eq!(
            classify(DangXuLy, d(2), Some(d(30)), None, may()),
            Progress::Processing { overdue: true }
        );
        assert_eq!(
            classify(DangXuLy, d(2), None, None, may()),
            Progress::Processing { overdue: false }
        );
        for paused in [YeuCauBoSung, NghiaVuTaiChinh, DungXuLy, DuocTiepNhan] {
            assert_eq!(
                classify(paused, d(2), Some(d(3)), None, may()),
                Progress::Processing { overdue: true }
            );
        }
        // Finished after the period: still open at its end.
        let june = Date::from_ymd(2024, 6, 3).expect("valid");
        assert_eq!(
            classify(DaTraKetQua, d(2), Some(d(20)), Some(june), may()),
            Progress::Processing { overdue: true }
        );
    }

    #[test]
    fn exclusions() {
        assert_eq!(
            classify(MoiDangKy, d(2), Some(d(3)), None, may()),
            Progress::Excluded
        );
        assert_eq!(
            classify(KhongDuocTiepNhan, d(2), Some(d(3)), Some(d(3)), may()),
            Progress::Excluded
        );
        assert_eq!(
            classify(
                DaTraKetQua,
                april(2),
                Some(april(9)),
                Some(april(30)),
                may()
            ),
            Progress::Excluded
        );
        let june = Date::from_ymd(2024, 6, 1).expect("valid");
        assert_eq!(
            classify(DangXuLy, june, Some(june), None, may()),
            Progress::Excluded
        );
    }

    #[test]
    fn carried_over_dossiers_count_in_the_period() {
        assert_eq!(
            classify(DaTraKetQua, april(20), Some(d(2)), Some(d(5)), may()),
            Progress::Completed(Verdict::Late)
        );
        assert_eq!(
            classify(DangXuLy, april(20), Some(d(2)), None, may()),
            Progress::Processing { overdue: true }
        );
    }

    #[test]
    fn withdrawn_counts_on_time() {
        assert_eq!(
            classify(Rut, d(2), Some(d(3)), Some(d(20)), may()),
            Progress::Completed(Verdict::OnTime)
        );
    }

    #[test]
    fn a_dossier_overdue_in_any_period_keeps_its_personal_values() {
        // Every status, due and end date on a grid of days, against every period on it: a
        // dossier the overdue list names is one the store kept personal values for.
        let dates = || std::iter::once(None).chain((1..=8).map(|day| Some(d(day))));
        let periods: Vec<Period> = (1..=10)
            .flat_map(|f| {
                (f..=10).map(move |t| Period {
                    from: d(f),
                    to: d(t),
                })
            })
            .collect();
        let mut not_kept = 0;
        for status in (1..=10).filter_map(Status::from_code) {
            for due in dates() {
                for ended in dates() {
                    let kept = crate::model::may_be_overdue(status, due, ended);
                    not_kept += usize::from(!kept);
                    for received in [d(1), d(4)] {
                        for &p in &periods {
                            let listed = matches!(
                                classify(status, received, due, ended, p),
                                Progress::Completed(Verdict::Late)
                                    | Progress::Processing { overdue: true }
                            );
                            assert!(
                                kept || !listed,
                                "{status:?} received {received:?} due {due:?} ended {ended:?} is \
                                 overdue in {p:?}"
                            );
                        }
                    }
                }
            }
        }
        // Ended on or before the due date, no due date, never received: most of a real export.
        assert!(not_kept > 300, "{not_kept}");
        assert!(!crate::model::may_be_overdue(
            DaTraKetQua,
            Some(d(10)),
            Some(d(10))
        ));
        assert!(crate::model::may_be_overdue(
            DaTraKetQua,
            Some(d(10)),
            Some(d(11))
        ));
        assert!(crate::model::may_be_overdue(DangXuLy, Some(d(10)), None));
    }
}
