//! Calendar dates as whole days since 1970-01-01.
//!
//! The methodology compares dates, never times (methodology §2), so the store keeps one `i32`
//! per date: cheap to compare, cheap to hold for a million rows.

use std::fmt;

/// A day in the proleptic Gregorian calendar, counted from 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

impl Date {
    /// `None` when the day does not exist (31/02, 00/00, month 13).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// The last day of the month this date falls in.
    pub fn month_end(self) -> Date {
        let (y, m, _) = self.ymd();
        Date::from_ymd(y, m, days_in_month(y, m)).unwrap_or(self) // a valid y/m always has that day
    }

    pub fn add_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// ISO `yyyy-mm-dd`, as the JSON report writes dates.
    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// Parses ISO `yyyy-mm-dd` (command-line arguments, settings).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let d = parts.next()?.parse().ok()?;
        Date::from_ymd(y, m, d)
    }
}

/// The notice's style, `dd/mm/yyyy`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{d:02}/{m:02}/{y:04}")
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The closed range of days a report covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    pub fn month(year: i32, month: u32) -> Option<Period> {
        let from = Date::from_ymd(year, month, 1)?;
        Some(Period { from, to: from.month_end() })
    }

    /// `YYYY-MM`.
    pub fn parse_month(s: &str) -> Option<Period> {
        let (y, m) = s.trim().split_once('-')?;
        Period::month(y.parse().ok()?, m.parse().ok()?)
    }

    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }

    /// "tháng 5/2024" when the period is one whole month, else "từ 01/05/2024 đến 31/05/2024".
    pub fn label_vi(&self) -> String {
        let (y, m, d) = self.from.ymd();
        if d == 1 && self.to == self.from.month_end() {
            format!("tháng {m}/{y}")
        } else {
            format!("từ ngày {} đến ngày {}", self.from, self.to)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_days() {
        for (y, m, d) in [(1970, 1, 1), (2024, 2, 29), (2000, 3, 1), (1899, 12, 31), (2099, 12, 31)] {
            let date = Date::from_ymd(y, m, d).expect("valid date");
            assert_eq!(date.ymd(), (y, m, d));
        }
        assert_eq!(Date::from_ymd(1970, 1, 2), Some(Date(1)));
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert_eq!(Date::from_ymd(2024, 2, 30), None);
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert_eq!(Date::from_ymd(2024, 0, 0), None);
        assert_eq!(Date::from_ymd(2024, 13, 1), None);
    }

    #[test]
    fn a_month_period_ends_on_its_last_day() {
        let p = Period::parse_month("2024-02").expect("valid month");
        assert_eq!(p.to.to_string(), "29/02/2024");
        assert_eq!(p.label_vi(), "tháng 2/2024");
    }
}
