//! Early warning (issue #24): where each open dossier stands on a day D, before the month's end
//! judges it, and what the month's indicator 2.1 stands to lose.
//!
//! Owns the working-day calendar and the definition below; knows nothing of names, wording or
//! masking (that is `report::early_warning`).
//!
//! As of day D, a dossier is **open** if it was received on or before D, is neither never received
//! (status 1, 3) nor withdrawn (7), and has not ended by D (no finish date, or a finish date after
//! D; a status that is not final, paused ones included, is open as in 2.1). An open dossier is
//! **overdue now** if its due date is before D, **due today** on D itself, and **due soon** if it
//! falls after D and no later than the N-th working day after D (Monday to Friday, the profile's
//! holidays excepted).

use super::progress::{classify, Progress, Verdict};
use crate::model::{flag, Date, DossierStore, Period, Status};
use std::collections::BTreeSet;

/// Working days: Monday to Friday, less the listed holidays.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    holidays: BTreeSet<Date>,
}

impl Calendar {
    pub fn new(holidays: impl IntoIterator<Item = Date>) -> Calendar {
        Calendar {
            holidays: holidays.into_iter().collect(),
        }
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        // Day 0 (1970-01-01) was a Thursday: Monday is 0 here, Saturday 5, Sunday 6.
        (d.0 + 3).rem_euclid(7) < 5 && !self.holidays.contains(&d)
    }

    /// The `n`-th working day after `d` (`d` itself when `n` is 0).
    pub fn nth_working_day_after(&self, d: Date, n: u32) -> Date {
        let mut day = d;
        let mut left = n;
        while left > 0 {
            day = day.add_days(1);
            left -= u32::from(self.is_working_day(day));
        }
        day
    }

    /// Working days in `(from, to]`: 1 for the next working day.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        (from.0 + 1..=to.0)
            .filter(|&d| self.is_working_day(Date(d)))
            .count() as u32
    }

    /// The holidays in `(from, to]` that fall on a weekday: the days the window skips besides
    /// weekends.
    pub fn holidays_between(&self, from: Date, to: Date) -> Vec<Date> {
        self.holidays
            .range(from.add_days(1)..=to)
            .copied()
            .filter(|d| (d.0 + 3).rem_euclid(7) < 5)
            .collect()
    }

    /// Whether any holiday is listed in the year `year`: a year without any is likely missing
    /// from the profile, which the report says.
    pub fn knows_year(&self, year: i32) -> bool {
        self.holidays.iter().any(|d| d.ymd().0 == year)
    }
}

/// Where an open dossier stands on day D.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Its due date is before D.
    OverdueNow,
    /// It is due on D: neither overdue nor due soon by the definition, and overdue the next day.
    DueToday,
    /// Due after D and by the window's last working day; the working days left until its due date.
    DueSoon { working_days_left: u32 },
}

/// One open dossier the warning names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flagged {
    pub index: usize,
    pub standing: Standing,
    /// Calendar days from D to the due date (negative: days overdue).
    pub days_left: i32,
}

/// One unit's counts on day D.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UnitWarning {
    pub overdue_now: u32,
    pub due_today: u32,
    pub due_soon: u32,
    /// Indicator 2.1 of D's month so far (from the month's first day to D, finish dates after D
    /// ignored): its numerator and denominator.
    pub on_time: u32,
    pub handled: u32,
    /// Due today or soon, and due before the month's last day: if they turn overdue, the month's
    /// 2.1 counts them overdue (one due on the last day or later is still within at the end).
    pub at_risk_in_month: u32,
}

impl UnitWarning {
    /// 2.1 of the month so far.
    pub fn on_time_rate(&self) -> Option<f64> {
        (self.handled > 0).then(|| f64::from(self.on_time) / f64::from(self.handled))
    }

    /// 2.1 at the month's end if every dossier due today or soon turned overdue (and nothing else
    /// changed).
    pub fn projected_on_time_rate(&self) -> Option<f64> {
        (self.handled > 0).then(|| {
            f64::from(self.on_time.saturating_sub(self.at_risk_in_month)) / f64::from(self.handled)
        })
    }

    fn add(&mut self, o: &UnitWarning) {
        self.overdue_now += o.overdue_now;
        self.due_today += o.due_today;
        self.due_soon += o.due_soon;
        self.on_time += o.on_time;
        self.handled += o.handled;
        self.at_risk_in_month += o.at_risk_in_month;
    }
}

/// The warning for day D over every dossier.
#[derive(Clone, Debug)]
pub struct Warning {
    pub as_of: Date,
    /// The window's last day: the N-th working day after D.
    pub horizon: Date,
    pub working_days: u32,
    /// D's month, from its first day to D: the 2.1 figures' period.
    pub month_so_far: Period,
    /// Indexed like `store.units`.
    pub units: Vec<UnitWarning>,
    pub province: UnitWarning,
    /// Open dossiers overdue now, due today or due soon, in store order.
    pub dossiers: Vec<Flagged>,
}

/// The latest receipt or finish date in the dossiers: the day an export was taken, near enough.
pub fn default_as_of(store: &DossierStore) -> Option<Date> {
    let received = store.received.iter().max().copied();
    let ended = store.ended.iter().flatten().max().copied();
    received.max(ended)
}

/// Whether the dossier is open on day `d` (see the module's definition).
fn open_on(status: Status, received: Date, ended: Option<Date>, d: Date) -> bool {
    if status.never_received() || status == Status::Rut || received > d {
        return false;
    }
    // A final status ends the dossier on its finish date; any other status leaves it open.
    !(status.is_final() && ended.is_some_and(|e| e <= d))
}

pub fn compute(
    store: &DossierStore,
    as_of: Date,
    calendar: &Calendar,
    working_days: u32,
) -> Warning {
    let horizon = calendar.nth_working_day_after(as_of, working_days);
    // The 1st of a valid date's month exists.
    let month_start = Date::from_ymd(as_of.ymd().0, as_of.ymd().1, 1).unwrap_or(as_of);
    let month_end = as_of.month_end();
    let month_so_far = Period {
        from: month_start,
        to: as_of,
    };
    let mut units = vec![UnitWarning::default(); store.units.len()];
    let mut dossiers = Vec::new();
    for i in 0..store.len() {
        // Unreadable dates or status: left out, as from every progress figure.
        if store.flags[i] & flag::NO_PROGRESS != 0 {
            continue;
        }
        let (status, received, due, ended) = (
            store.status[i],
            store.received[i],
            store.due[i],
            store.ended[i],
        );
        let t = &mut units[store.unit[i] as usize];
        match classify(status, received, due, ended, month_so_far) {
            Progress::Excluded => {}
            Progress::Completed(v) => {
                t.handled += 1;
                t.on_time += u32::from(v != Verdict::Late);
            }
            Progress::Processing { overdue } => {
                t.handled += 1;
                t.on_time += u32::from(!overdue);
            }
        }
        let Some(due) = due.filter(|_| open_on(status, received, ended, as_of)) else {
            continue;
        };
        let standing = if due < as_of {
            Standing::OverdueNow
        } else if due == as_of {
            Standing::DueToday
        } else if due <= horizon {
            Standing::DueSoon {
                working_days_left: calendar.working_days_between(as_of, due),
            }
        } else {
            continue;
        };
        match standing {
            Standing::OverdueNow => t.overdue_now += 1,
            Standing::DueToday => t.due_today += 1,
            Standing::DueSoon { .. } => t.due_soon += 1,
        }
        // Open on D and due on or after it: counted within in the month so far.
        t.at_risk_in_month += u32::from(standing != Standing::OverdueNow && due < month_end);
        dossiers.push(Flagged {
            index: i,
            standing,
            days_left: due.0 - as_of.0,
        });
    }
    let mut province = UnitWarning::default();
    for u in &units {
        province.add(u);
    }
    Warning {
        as_of,
        horizon,
        working_days,
        month_so_far,
        units,
        province,
        dossiers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).expect("valid date")
    }

    #[test]
    fn weekends_and_holidays_are_not_working_days() {
        let c = Calendar::new([d(2024, 4, 30), d(2024, 5, 1)]);
        // 2024-04-26 was a Friday.
        assert!(c.is_working_day(d(2024, 4, 26)));
        assert!(!c.is_working_day(d(2024, 4, 27)) && !c.is_working_day(d(2024, 4, 28)));
        assert!(c.is_working_day(d(2024, 4, 29)));
        assert!(!c.is_working_day(d(2024, 4, 30)) && !c.is_working_day(d(2024, 5, 1)));
        // From Friday 26/4, three working days: Mon 29/4, Thu 2/5, Fri 3/5.
        assert_eq!(c.nth_working_day_after(d(2024, 4, 26), 3), d(2024, 5, 3));
        assert_eq!(c.working_days_between(d(2024, 4, 26), d(2024, 5, 2)), 2);
        assert_eq!(
            c.holidays_between(d(2024, 4, 26), d(2024, 5, 3)),
            vec![d(2024, 4, 30), d(2024, 5, 1)]
        );
        assert_eq!(
            Calendar::default().nth_working_day_after(d(2024, 4, 26), 3),
            d(2024, 5, 1)
        );
    }

    #[test]
    fn the_default_profile_knows_tet_2026() {
        let c = Calendar::new(crate::profile::Profile::default_profile().holiday_dates());
        assert!(c.knows_year(2026));
        // Friday 13/2/2026, the last working day before Tết: the window resumes on Monday 23/2.
        assert_eq!(c.nth_working_day_after(d(2026, 2, 13), 3), d(2026, 2, 25));
        // Friday 24/4/2026: Monday 27/4 is Giỗ Tổ's day in lieu, 30/4 and 1/5 are off.
        assert_eq!(c.nth_working_day_after(d(2026, 4, 24), 3), d(2026, 5, 4));
    }

    #[test]
    fn open_means_received_not_withdrawn_not_ended() {
        let day = d(2024, 5, 10);
        assert!(open_on(Status::DangXuLy, d(2024, 5, 2), None, day));
        assert!(
            open_on(Status::YeuCauBoSung, d(2024, 5, 2), None, day),
            "paused is open"
        );
        assert!(
            open_on(
                Status::DaTraKetQua,
                d(2024, 5, 2),
                Some(d(2024, 5, 11)),
                day
            ),
            "finished after D"
        );
        assert!(!open_on(Status::DaTraKetQua, d(2024, 5, 2), Some(day), day));
        assert!(!open_on(
            Status::Rut,
            d(2024, 5, 2),
            Some(d(2024, 5, 20)),
            day
        ));
        assert!(!open_on(
            Status::KhongDuocTiepNhan,
            d(2024, 5, 2),
            None,
            day
        ));
        assert!(
            !open_on(Status::DangXuLy, d(2024, 5, 11), None, day),
            "received after D"
        );
    }
}
