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

/// An Excel serial date-time → (year, month, day, seconds into the day), rounded to the second
/// as Excel shows it. Serials count days from 1900 (`date1904`: from 1904, old Mac Excel); Excel
/// keeps Lotus 1-2-3's 29 February 1900, so serial 60 is that day (which [`Date::from_ymd`]
/// refuses) and serial 0 is "0 January 1900". `None` outside Excel's years (1900 to 9999).
/// The one converter of Excel serials: sheet cells and serials written as text both use it.
pub fn excel_serial(serial: f64, date1904: bool) -> Option<(i32, u32, u32, u32)> {
    // Excel's last day is 9999-12-31; the bound also keeps the cast below exact.
    if !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    const SECONDS_PER_DAY: i64 = 86_400;
    let total = (serial * SECONDS_PER_DAY as f64).round() as i64;
    let (days, secs) = (
        total.div_euclid(SECONDS_PER_DAY),
        total.rem_euclid(SECONDS_PER_DAY),
    );
    let days = i32::try_from(days).ok()?;
    // Days from 1970-01-01 to the day each system counts from.
    let (y, m, d) = if date1904 {
        Date(-24_107 + days).ymd()
    } else {
        match days {
            0 => (1900, 1, 0),
            60 => (1900, 2, 29),
            1..=59 => Date(-25_568 + days).ymd(),
            // After the phantom day every serial is one day ahead.
            _ => Date(-25_569 + days).ymd(),
        }
    };
    (y <= 9999).then_some((y, m, d, secs as u32))
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
        Some(Period {
            from,
            to: from.month_end(),
        })
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
        for (y, m, d) in [
            (1970, 1, 1),
            (2024, 2, 29),
            (2000, 3, 1),
            (1899, 12, 31),
            (2099, 12, 31),
        ] {
            let date = Date::from_ymd(y, m, d).expect("valid date");
            assert_eq!(date.ymd(), (y, m, d));
        }
        assert_eq!(Date::from_ymd(1970, 1, 2), Some(Date(1)));
    }

    #[test]
    fn excel_serials_in_both_systems() {
        let cases = [
            (0.0, false, (1900, 1, 0, 0)),
            (1.0, false, (1900, 1, 1, 0)),
            (59.0, false, (1900, 2, 28, 0)),
            (60.0, false, (1900, 2, 29, 0)),
            (61.0, false, (1900, 3, 1, 0)),
            (45534.5, false, (2024, 8, 30, 43_200)),
            (45534.99999999, false, (2024, 8, 31, 0)),
            (2_958_465.0, false, (9999, 12, 31, 0)),
            (0.0, true, (1904, 1, 1, 0)),
            (59.0, true, (1904, 2, 29, 0)),
            (44072.25, true, (2024, 8, 30, 21_600)),
        ];
        for (serial, date1904, expected) in cases {
            assert_eq!(
                excel_serial(serial, date1904),
                Some(expected),
                "{serial} {date1904}"
            );
        }
        for serial in [-1.0, 2_958_466.0, f64::NAN, f64::INFINITY] {
            assert_eq!(excel_serial(serial, false), None, "{serial}");
        }
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
