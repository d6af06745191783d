//! Cell values as exports write them: day-first dates, vi-VN numbers, yes/no spellings, status
//! and channel codes or labels (inputs.md, methodology §2).
//!
//! Every parser says `None` (or `Err`) rather than guess: the caller reports the cell with its row
//! and column.

use crate::model::{Channel, Date, Status};
use crate::text::{fold_key, fold_words};

/// How one date column is written. Inferred once per column from its first readable cell, then
/// applied to every cell; a cell written otherwise is reported, not re-guessed (inputs.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateFormat {
    /// `dd/MM/yyyy`, also with `-` or `.`, one-digit day or month, and an optional time.
    DayFirst,
    /// `yyyy-MM-dd`, optionally followed by `THH:mm:ss[.fff][Z]` or a space and a time.
    Iso,
    /// An Excel serial day number (1900 system), as text.
    ExcelSerial,
}

impl DateFormat {
    /// As a clerk would write the format.
    pub fn name(self) -> &'static str {
        match self {
            DateFormat::DayFirst => "dd/mm/yyyy",
            DateFormat::Iso => "yyyy-mm-dd",
            DateFormat::ExcelSerial => "số ngày Excel",
        }
    }

    pub fn detect(cell: &str) -> Option<DateFormat> {
        [
            DateFormat::DayFirst,
            DateFormat::Iso,
            DateFormat::ExcelSerial,
        ]
        .into_iter()
        .find(|f| f.parse(cell).is_some())
    }

    /// The date of a non-empty cell, or `None` when it is not a real day in this format.
    pub fn parse(self, cell: &str) -> Option<Date> {
        self.parse_bytes(cell.trim().as_bytes())
    }

    /// As `parse`, from a cell's bytes (ASCII white space around it is ignored).
    pub fn parse_bytes(self, cell: &[u8]) -> Option<Date> {
        let s = cell.trim_ascii();
        match self {
            // Nearly every cell: "dd/mm/yyyy" with or without a time, read at fixed places.
            DateFormat::DayFirst
                if s.len() >= 10
                    && s[2] == s[5]
                    && matches!(s[2], b'/' | b'-' | b'.')
                    && s[..10]
                        .iter()
                        .enumerate()
                        .all(|(i, b)| i == 2 || i == 5 || b.is_ascii_digit()) =>
            {
                let n = |a: usize, b: usize| {
                    s[a..b]
                        .iter()
                        .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
                };
                time_tail(&s[10..])?;
                Date::from_ymd(n(6, 10) as i32, n(3, 5), n(0, 2))
            }
            DateFormat::DayFirst => {
                let (d, rest) = digits(s, 1, 2)?;
                let rest = sep(rest)?;
                let (m, rest) = digits(rest, 1, 2)?;
                let rest = sep(rest)?;
                let (y, rest) = digits(rest, 4, 4)?;
                time_tail(rest)?;
                Date::from_ymd(y as i32, m, d)
            }
            DateFormat::Iso => {
                let (y, rest) = digits(s, 4, 4)?;
                let rest = rest.strip_prefix(b"-")?;
                let (m, rest) = digits(rest, 2, 2)?;
                let rest = rest.strip_prefix(b"-")?;
                let (d, rest) = digits(rest, 2, 2)?;
                time_tail(rest)?;
                Date::from_ymd(y as i32, m, d)
            }
            DateFormat::ExcelSerial => {
                let serial: f64 = std::str::from_utf8(s).ok()?.parse().ok()?;
                let (y, m, d, _) = crate::model::date::excel_serial(serial, false)?;
                Date::from_ymd(y, m, d)
            }
        }
    }
}

fn digits(s: &[u8], min: usize, max: usize) -> Option<(u32, &[u8])> {
    let n = s
        .iter()
        .take(max)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if n < min || s.get(n).is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = s[..n]
        .iter()
        .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
    Some((v, &s[n..]))
}

fn sep(s: &[u8]) -> Option<&[u8]> {
    match s.first() {
        Some(b'/' | b'-' | b'.') => Some(&s[1..]),
        _ => None,
    }
}

/// After the date: nothing, or a time introduced by a space or `T` (its value is ignored: the
/// methodology compares dates, not times).
fn time_tail(rest: &[u8]) -> Option<()> {
    match rest.first() {
        None => Some(()),
        Some(b' ' | b'T') if rest.get(1).is_some_and(|b| b.is_ascii_digit()) => Some(()),
        _ => None,
    }
}

/// `Có/Không`, `Đã/Chưa`, `x`/blank, `1/0`, `true/false`, `Yes/No`; blank is "no" (the `x`/blank
/// convention). `None` for anything else.
pub fn parse_bool(cell: &str) -> Option<bool> {
    let k = fold_key(cell);
    if k.is_empty() && !cell.trim().is_empty() {
        return None; // "???", "-": not a blank
    }
    match k.as_str() {
        "" | "0" | "khong" | "chua" | "false" | "no" | "n" | "f" | "sai" => Some(false),
        "1" | "x" | "co" | "da" | "true" | "yes" | "y" | "t" | "dung" => Some(true),
        _ => match fold_words(cell).split(' ').next() {
            // "Đã số hóa", "Chưa thanh toán", "Có phí"
            Some("khong" | "chua") => Some(false),
            Some("da" | "co") => Some(true),
            _ => None,
        },
    }
}

/// vi-VN and plain numbers: `1.234.567`, `1.234,5`, `50000`, `50,000`, `96,9%` (→ 96.9),
/// money with its unit after it however spelled: `đ`, `₫`, `VNĐ`, `VND`, `vnđ`, `đồng` (NFC or
/// NFD, `Ð` for `Đ`), with or without a space. Where only one kind of separator appears, groups
/// of exactly three digits after it mean thousands.
pub fn parse_number(cell: &str) -> Option<f64> {
    let s: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    let digits_end = s
        .bytes()
        .position(|b| !(b.is_ascii_digit() || b == b'.' || b == b',' || b == b'-'))
        .unwrap_or(s.len());
    let (s, unit) = s.split_at(digits_end);
    if !(unit.is_empty() || unit == "%" || is_money_unit(unit)) || s.is_empty() {
        return None;
    }
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    let normalised = match (last_dot, last_comma) {
        (Some(d), Some(c)) if d > c => s.replace(',', ""),
        (Some(_), Some(_)) => s.replace('.', "").replace(',', "."),
        (Some(_), None) => thousands_or_decimal(s, '.'),
        (None, Some(_)) => thousands_or_decimal(s, ','),
        (None, None) => s.to_string(),
    };
    normalised.parse().ok()
}

/// The đồng written after an amount: `đ`, `₫`, `VNĐ`, `VND`, `đồng` in any case, composed or
/// not, with `Ð` (U+00D0, which code-page conversions and some keyboards give) for `Đ`.
fn is_money_unit(unit: &str) -> bool {
    unit == "₫" || matches!(fold_key(unit).as_str(), "d" | "vnd" | "dong" | "vndong")
}

fn thousands_or_decimal(s: &str, sep: char) -> String {
    let groups: Vec<&str> = s.split(sep).collect();
    // "50,000" and "50.000" are both fifty thousand: money has no thousandths [D].
    let grouped =
        groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) && !groups[0].is_empty();
    if grouped {
        groups.concat()
    } else if groups.len() == 2 {
        format!("{}.{}", groups[0], groups[1])
    } else {
        s.to_string() // fails to parse: reported by the caller
    }
}

/// A status code 1–10 or its label (methodology §2).
pub fn parse_status(cell: &str) -> Option<Status> {
    let t = cell.trim();
    if let Ok(code) = t.parse::<u32>() {
        return Status::from_code(code);
    }
    let k = fold_key(t);
    // Longer labels first: "không được tiếp nhận" contains "được tiếp nhận".
    const LABELS: [(&str, u32); 16] = [
        ("khongduoctiepnhan", 3),
        ("tuchoi", 3),
        ("moidangky", 1),
        ("duoctiepnhan", 2),
        ("datiepnhan", 2),
        ("dangxuly", 4),
        ("yeucaubosung", 5),
        ("bosung", 5),
        ("nghiavutaichinh", 6),
        ("rut", 7),
        ("dungxuly", 8),
        ("tamdung", 8),
        ("daxulyxong", 9),
        ("datraketqua", 10),
        ("hoanthanh", 9),
        ("datra", 10),
    ];
    LABELS
        .iter()
        .find(|(label, _)| k.contains(label))
        .and_then(|(_, c)| Status::from_code(*c))
}

/// A channel code 1/2/3 or label (trực tiếp / trực tuyến / bưu chính công ích).
pub fn parse_channel(cell: &str) -> Option<Channel> {
    let k = fold_key(cell);
    // Codes may be written "01", "02", "03".
    match k.trim_start_matches('0') {
        "" if !k.is_empty() => None,
        "" => Some(Channel::Unknown),
        "1" => Some(Channel::TrucTiep),
        "2" => Some(Channel::TrucTuyen),
        "3" => Some(Channel::BuuChinh),
        _ if k.contains("tructuyen")
            || k.contains("online")
            || k.contains("dvcqg")
            || k.contains("mucdo") =>
        {
            Some(Channel::TrucTuyen)
        }
        _ if k.contains("buuchinh") || k.contains("buudien") || k.contains("bcci") => {
            Some(Channel::BuuChinh)
        }
        _ if k.contains("tructiep") || k.contains("motcua") || k.contains("taiquay") => {
            Some(Channel::TrucTiep)
        }
        _ => None,
    }
}

/// The paid-online column: yes/no, `truc-tuyen`/`tien-mat`/`chuyen-khoan`, or 1 (online) / 2
/// (not online) [D]. Only payment through an online platform counts.
pub fn parse_paid_online(cell: &str) -> Option<bool> {
    // "Không thanh toán trực tuyến", "Chưa thanh toán": a negation first.
    if matches!(fold_words(cell).split(' ').next(), Some("khong" | "chua")) {
        return Some(false);
    }
    let k = fold_key(cell);
    if k.contains("tructuyen")
        || k.contains("online")
        || k.contains("paygov")
        || k.contains("dvcqg")
    {
        return Some(true);
    }
    if k == "2" || k.contains("tienmat") || k.contains("chuyenkhoan") || k.contains("tructiep") {
        return Some(false);
    }
    parse_bool(cell)
}

/// A fee column: an amount (obligation when > 0), a yes/no, or a "miễn phí" text (exempt).
/// Returns (has an obligation, explicitly exempt).
pub fn parse_fee(cell: &str) -> Option<(bool, bool)> {
    let w = fold_words(cell);
    if w.starts_with("khong mien") {
        return Some((true, false)); // "Không miễn phí": a fee is due
    }
    if w.contains("mien") {
        return Some((false, true));
    }
    if w.contains("khong thu") {
        return Some((false, false));
    }
    if let Some(n) = parse_number(cell) {
        return if n < 0.0 {
            None
        } else {
            Some((n > 0.0, false))
        };
    }
    parse_bool(cell).map(|b| (b, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).expect("valid ISO date")
    }

    #[test]
    fn day_first_dates_with_and_without_time() {
        let f = DateFormat::DayFirst;
        assert_eq!(f.parse("15/05/2024"), Some(d("2024-05-15")));
        assert_eq!(f.parse("5/5/2024 08:30"), Some(d("2024-05-05")));
        assert_eq!(f.parse(" 15-05-2024 17:45:59 "), Some(d("2024-05-15")));
        assert_eq!(f.parse("31/02/2024"), None);
        assert_eq!(f.parse("00/00/0000"), None);
        assert_eq!(f.parse("15/05/24"), None);
        assert_eq!(f.parse("2024-05-15"), None);
        assert_eq!(f.parse("15/05/2024x"), None);
    }

    #[test]
    fn iso_and_serial_dates() {
        assert_eq!(
            DateFormat::Iso.parse("2024-05-15T23:59:59.123Z"),
            Some(d("2024-05-15"))
        );
        assert_eq!(
            DateFormat::Iso.parse("2024-05-15 08:00"),
            Some(d("2024-05-15"))
        );
        assert_eq!(
            DateFormat::ExcelSerial.parse("45427"),
            Some(d("2024-05-15"))
        );
        assert_eq!(
            DateFormat::ExcelSerial.parse("45427.75"),
            Some(d("2024-05-15"))
        );
        assert_eq!(DateFormat::detect("45427"), Some(DateFormat::ExcelSerial));
        assert_eq!(DateFormat::detect("15/05/2024"), Some(DateFormat::DayFirst));
        assert_eq!(DateFormat::detect("hôm qua"), None);
    }

    #[test]
    fn yes_no_spellings() {
        for yes in ["Có", "x", "X", "1", "true", "Yes", "Đã", "Đã số hóa"] {
            assert_eq!(parse_bool(yes), Some(true), "{yes}");
        }
        for no in ["Không", "", "0", "false", "No", "Chưa", "Chưa số hóa"] {
            assert_eq!(parse_bool(no), Some(false), "{no}");
        }
        assert_eq!(parse_bool("Đang xử lý"), None);
        assert_eq!(parse_bool("???"), None);
    }

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(parse_number("1.234.567"), Some(1_234_567.0));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("96,9%"), Some(96.9));
        assert_eq!(parse_number("50.000 đ"), Some(50_000.0));
        assert_eq!(parse_number("50,000"), Some(50_000.0));
        assert_eq!(parse_number("0"), Some(0.0));
        assert_eq!(parse_number("abc"), None);
    }

    #[test]
    fn money_as_exports_and_clerks_write_it() {
        for (cell, amount) in [
            ("20.000 VNĐ", 20_000.0),
            ("20.000 VNÐ", 20_000.0),
            ("20.000 VND", 20_000.0),
            ("50.000vnđ", 50_000.0),
            ("50.000vnð", 50_000.0),
            ("1.000.000đ", 1_000_000.0),
            ("1.000.000 đồng", 1_000_000.0),
            ("1.000.000 \u{111}o\u{302}\u{300}ng", 1_000_000.0),
            ("1.000.000 ĐỒNG", 1_000_000.0),
            ("20,000", 20_000.0),
            ("0 đ", 0.0),
            ("15.000₫", 15_000.0),
            ("15.000 ₫", 15_000.0),
        ] {
            assert_eq!(parse_number(cell), Some(amount), "{cell}");
        }
        for not_money in ["20.000 USD", "12???", "đ", "20.000 đô", "VNĐ 20.000"] {
            assert_eq!(parse_number(not_money), None, "{not_money}");
        }
        assert_eq!(parse_fee("20.000 VNĐ"), Some((true, false)));
        assert_eq!(parse_fee("0 đ"), Some((false, false)));
        assert_eq!(parse_fee("Miễn phí"), Some((false, true)));
        assert_eq!(
            parse_fee("MIE\u{302}\u{303}N PHI\u{301}"),
            Some((false, true))
        );
    }

    #[test]
    fn statuses_in_capitals_without_tones_decomposed_or_with_eth() {
        for cell in [
            "Đã trả kết quả",
            "ĐÃ TRẢ KẾT QUẢ",
            "da tra ket qua",
            "DA TRA KET QUA",
            "Ðã trả kết quả",
            "ðã trả kết quả",
            "\u{110}a\u{303} tra\u{309} ke\u{302}\u{301}t qua\u{309}",
        ] {
            assert_eq!(parse_status(cell), Some(Status::DaTraKetQua), "{cell}");
        }
        assert_eq!(parse_status("ÐANG XỬ LÝ"), Some(Status::DangXuLy));
        assert_eq!(parse_status("Ðã xử lý xong"), Some(Status::DaXuLyXong));
        assert_eq!(parse_bool("Ðã"), Some(true));
        assert_eq!(parse_bool("ÐÃ SỐ HÓA"), Some(true));
        assert_eq!(parse_channel("TRỰC TUYẾN"), Some(Channel::TrucTuyen));
        assert_eq!(parse_channel("truc tuyen"), Some(Channel::TrucTuyen));
        assert_eq!(parse_channel("Bưu ðiện"), Some(Channel::BuuChinh));
        assert_eq!(parse_paid_online("Ðã thanh toán trực tuyến"), Some(true));
    }

    #[test]
    fn statuses_channels_payments_fees() {
        assert_eq!(parse_status("10"), Some(Status::DaTraKetQua));
        assert_eq!(
            parse_status("Không được tiếp nhận"),
            Some(Status::KhongDuocTiepNhan)
        );
        assert_eq!(parse_status("Được tiếp nhận"), Some(Status::DuocTiepNhan));
        assert_eq!(
            parse_status("Công dân yêu cầu rút hồ sơ"),
            Some(Status::Rut)
        );
        assert_eq!(parse_status("Đã trả kết quả"), Some(Status::DaTraKetQua));
        assert_eq!(parse_status("11"), None);
        assert_eq!(parse_channel("Trực tuyến"), Some(Channel::TrucTuyen));
        assert_eq!(parse_channel("2"), Some(Channel::TrucTuyen));
        assert_eq!(
            parse_channel("Qua bưu chính công ích"),
            Some(Channel::BuuChinh)
        );
        assert_eq!(parse_paid_online("truc-tuyen"), Some(true));
        assert_eq!(parse_paid_online("tien-mat"), Some(false));
        assert_eq!(parse_paid_online("chuyen-khoan"), Some(false));
        assert_eq!(parse_paid_online("Có"), Some(true));
        assert_eq!(
            parse_paid_online("Không thanh toán trực tuyến"),
            Some(false)
        );
        assert_eq!(parse_paid_online("Chưa thanh toán"), Some(false));
        assert_eq!(parse_fee("Không miễn phí"), Some((true, false)));
        assert_eq!(parse_channel("02"), Some(Channel::TrucTuyen));
        assert_eq!(parse_channel("Qua BCCI"), Some(Channel::BuuChinh));
        assert_eq!(parse_channel("00"), None);
        assert_eq!(parse_fee("50.000"), Some((true, false)));
        assert_eq!(parse_fee("0"), Some((false, false)));
        assert_eq!(parse_fee("Miễn phí"), Some((false, true)));
        assert_eq!(parse_fee("Có"), Some((true, false)));
        assert_eq!(parse_fee("-5"), None);
    }
}
