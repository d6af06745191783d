//! A cell's value as the text our parsers read where text is wanted: numbers in plain decimal
//! with '.', dates day-first as Excel shows them, durations as `[h]:mm:ss`.
//!
//! Owns how a number read from a sheet is written back as text, and the shortcut that makes that
//! free for nearly every cell: a number written in the sheet as plain decimal is already its
//! text. Knows nothing of XML or of which cell is which.

use crate::model::date::excel_serial;

/// Whether `v` (a number as a sheet writes it) is already the text [`number_text`] would give
/// for it: plain decimal, no exponent, no leading zero or `+`, no trailing zero after a point,
/// at most 15 significant digits (which a double always gives back as written), not `-0`.
pub fn is_plain_number(v: &[u8]) -> bool {
    let digits = v.strip_prefix(b"-").unwrap_or(v);
    let (int, frac) = match memchr::memchr(b'.', digits) {
        Some(i) => (&digits[..i], Some(&digits[i + 1..])),
        None => (digits, None),
    };
    if int.is_empty() || !int.iter().all(u8::is_ascii_digit) || (int.len() > 1 && int[0] == b'0') {
        return false;
    }
    let significant = match frac {
        None => int.len(),
        Some(f) => {
            if f.is_empty() || !f.iter().all(u8::is_ascii_digit) || f.last() == Some(&b'0') {
                return false;
            }
            if int == b"0" {
                f.len() - f.iter().take_while(|&&d| d == b'0').count()
            } else {
                int.len() + f.len()
            }
        }
    };
    let negative_zero = v.len() != digits.len() && int == b"0" && frac.is_none();
    significant <= 15 && !negative_zero
}

/// Plain decimal with '.', never an exponent; integers without a point. Rounded to Excel's 15
/// significant digits first, so 0.1 + 0.2 reads as the `0.3` the user sees in Excel.
pub fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    let shown: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if shown == 0.0 {
        return "0".to_string(); // not "-0"
    }
    // f64's Display writes every digit without an exponent and drops a zero fraction.
    format!("{shown}")
}

/// `dd/mm/yyyy`, with ` HH:MM:SS` when the time is not midnight, as Excel shows the serial date
/// (serial 0 of 1900 is `00/01/1900` and serial 60 the phantom `29/02/1900`, both of which the
/// date parser rejects as it should). Outside years 1900..=9999 the number is returned.
pub fn serial_text(serial: f64, date1904: bool) -> String {
    let mut text = Vec::with_capacity(19);
    push_serial_text(serial, date1904, &mut text);
    String::from_utf8(text).unwrap_or_default()
}

/// [`serial_text`] appended to `out`: a sheet of dossiers has several dates a row, and each
/// written through `format!` would cost an allocation and the formatting machinery.
pub fn push_serial_text(serial: f64, date1904: bool, out: &mut Vec<u8>) {
    let Some((y, m, d, secs)) = excel_serial(serial, date1904) else {
        out.extend_from_slice(number_text(serial).as_bytes());
        return;
    };
    // Every part fits its width: days and months two digits, years 1900..=9999 four.
    let two = |out: &mut Vec<u8>, n: u32| {
        out.extend_from_slice(&[b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8])
    };
    two(out, d);
    out.push(b'/');
    two(out, m);
    out.push(b'/');
    let y = y.unsigned_abs();
    two(out, y / 100);
    two(out, y % 100);
    if secs != 0 {
        out.push(b' ');
        two(out, secs / 3600);
        out.push(b':');
        two(out, secs / 60 % 60);
        out.push(b':');
        two(out, secs % 60);
    }
}

/// `[h]:mm:ss`, as Excel shows a duration (hours past 24 are kept).
pub fn duration_text(days: f64) -> String {
    if !days.is_finite() || days.abs() >= 3_000_000.0 {
        return number_text(days);
    }
    let total = (days * 86_400.0).round() as i64;
    let sign = if total < 0 { "-" } else { "" };
    let t = total.abs();
    format!("{sign}{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn serials_in_both_systems_read_as_excel_shows_them() {
        for (serial, date1904, text) in [
            (0.0, false, "00/01/1900"),
            (60.0, false, "29/02/1900"),
            (45534.0, false, "30/08/2024"),
            (45534.5, false, "30/08/2024 12:00:00"),
            (45534.99999999, false, "31/08/2024"),
            (2_958_466.0, false, "2958466"),
            (-1.0, false, "-1"),
            (0.0, true, "01/01/1904"),
            (44072.25, true, "30/08/2024 06:00:00"),
        ] {
            assert_eq!(serial_text(serial, date1904), text, "{serial}");
        }
        assert_eq!(duration_text(1.5), "36:00:00");
        assert_eq!(number_text(f64::NAN), "");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
    }

    #[test]
    fn plain_numbers_are_their_own_text() {
        for v in [
            "0",
            "10",
            "-3",
            "0.5",
            "-0.25",
            "123456789012345",
            "0.000123456789012345",
            "45413.5",
        ] {
            assert!(is_plain_number(v.as_bytes()), "{v}");
        }
        for v in [
            "",
            "-0",
            "007",
            "1.",
            ".5",
            "1.50",
            "1e5",
            "+1",
            "1234567890123456",
            "0.30000000000000004",
            "NaN",
            "1 ",
        ] {
            assert!(!is_plain_number(v.as_bytes()), "{v}");
        }
    }

    proptest! {
        #[test]
        fn serial_text_is_the_formatted_date(serial in -10.0..3_000_100.0f64, date1904: bool) {
            let expected = match excel_serial(serial, date1904) {
                None => number_text(serial),
                Some((y, m, d, 0)) => format!("{d:02}/{m:02}/{y:04}"),
                Some((y, m, d, s)) => format!(
                    "{d:02}/{m:02}/{y:04} {:02}:{:02}:{:02}",
                    s / 3600,
                    s / 60 % 60,
                    s % 60
                ),
            };
            prop_assert_eq!(serial_text(serial, date1904), expected);
        }

        #[test]
        fn a_plain_number_reads_back_as_written(
            x in any::<f64>().prop_filter("finite", |x| x.is_finite())
        ) {
            let text = number_text(x);
            prop_assert!(!text.contains(['e', 'E']));
            let back: f64 = text.parse().unwrap_or(f64::NAN);
            let shown: f64 = format!("{x:.14e}").parse().unwrap_or(f64::NAN);
            prop_assert_eq!(back, shown);
            // The shortcut never disagrees with the long way.
            if is_plain_number(text.as_bytes()) {
                prop_assert_eq!(number_text(back), text.clone());
            }
            let written = format!("{x}");
            if is_plain_number(written.as_bytes()) {
                prop_assert_eq!(number_text(x), written);
            }
        }
    }
}
