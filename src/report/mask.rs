//! Masking personal data (Nghị định 13/2023/NĐ-CP): personal columns leave the core masked unless
//! the user has explicitly unmasked them.

use crate::text::fold_key;

/// Masks one value according to what its column holds.
pub fn mask(header: &str, value: &str) -> String {
    Masker::new(header).mask(value)
}

/// The masking of one column, its header folded once for all its values (thousands of overdue
/// dossiers each have a few personal columns).
pub struct Masker(String);

impl Masker {
    pub fn new(header: &str) -> Masker {
        Masker(fold_key(header))
    }

    pub fn mask(&self, value: &str) -> String {
        masked(&self.0, value)
    }
}

fn masked(h: &str, value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        String::new()
    } else if h.contains("email") || value.contains('@') {
        email(value)
    } else if h.contains("diachi") {
        address(value)
    } else if ["dienthoai", "sogiayto", "cmnd", "cccd", "dinhdanh"]
        .iter()
        .any(|k| h.contains(k))
        || value.chars().filter(char::is_ascii_digit).count() * 2 > value.chars().count()
    {
        keep_ends(value, 2, 2)
    } else {
        name(value)
    }
}

/// The value masked as its kind asks when it looks like personal data, wherever it was found;
/// `None` when it does not. Messages quote cells they could not read, and a header shifted by a
/// stray delimiter puts owners' names, phones and addresses into the columns that are parsed:
/// such a value is masked in the message unless the user unmasks.
pub fn if_personal(value: &str) -> Option<String> {
    let v = value.trim();
    if v.contains('@')
        && v.rsplit('@')
            .next()
            .is_some_and(|domain| domain.contains('.'))
    {
        return Some(email(v));
    }
    // Phone and ID numbers: 9 to 12 digits once spaces, dots, dashes and brackets are set aside
    // (a leading + for +84). A date, an amount or a dossier code has other characters or fewer
    // digits.
    let digits: Vec<char> = v
        .trim_start_matches('+')
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    if (9..=12).contains(&digits.len()) && digits.iter().all(char::is_ascii_digit) {
        return Some(keep_ends(v, 2, 2));
    }
    let words: Vec<&str> = v.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| fold_key(w)).collect();
    let has_digit = v.chars().any(|c| c.is_ascii_digit());
    // An address: a house number and a street or place word.
    if has_digit && words.len() >= 3 && folded.iter().any(|w| PLACE_WORDS.contains(&w.as_str())) {
        return Some(address(v));
    }
    // A person's name: two to six capitalised words of letters, the first a family name.
    let capitalised = words.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    });
    if (2..=6).contains(&words.len()) && capitalised && FAMILY_NAMES.contains(&folded[0].as_str()) {
        return Some(name(v));
    }
    None
}

/// A value known to be personal (its column, or a row whose cells slid under other headers),
/// masked as its kind asks, else all but its first character.
pub fn hide(value: &str) -> String {
    if_personal(value).unwrap_or_else(|| keep_ends(value.trim(), 1, 0))
}

/// Vietnamese family names, folded: nine people in ten carry one of these.
const FAMILY_NAMES: [&str; 44] = [
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "dinh", "dao", "truong", "lam", "mai", "trinh", "cao", "ha", "luu",
    "ta", "to", "thai", "chu", "kieu", "luong", "quach", "doan", "vuong", "trieu", "lai", "tang",
    "thach", "giang", "khuc", "la", "an", "au", "tong",
];

/// Words of an address, folded: street, lane, quarter, commune, district, province.
const PLACE_WORDS: [&str; 13] = [
    "duong", "pho", "phuong", "xa", "quan", "huyen", "thon", "ngo", "hem", "kiet", "khu", "tinh",
    "ap",
];

/// `Nguyễn Văn An` → `Nguyễn V** A*`.
fn name(v: &str) -> String {
    v.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if i == 0 {
                w.to_string()
            } else {
                keep_ends(w, 1, 0)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `0912345678` → `09******78`.
fn keep_ends(v: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = v.chars().collect();
    let n = chars.len();
    if n <= head + tail {
        return "*".repeat(n);
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| if i < head || i >= n - tail { c } else { '*' })
        .collect()
}

/// `an.nguyen@example.vn` → `a***@example.vn`.
fn email(v: &str) -> String {
    match v.split_once('@') {
        Some((user, domain)) => format!("{}***@{domain}", user.chars().next().unwrap_or('*')),
        None => keep_ends(v, 1, 0),
    }
}

/// Only the last part (commune, district) stays: `12 Lê Lợi, phường Tân Bình` → `** ** ***, phường
/// Tân Bình`.
fn address(v: &str) -> String {
    match v.rsplit_once(',') {
        Some((street, area)) => {
            let hidden: String = street
                .chars()
                .map(|c| {
                    if c.is_whitespace() || c == ',' {
                        c
                    } else {
                        '*'
                    }
                })
                .collect();
            format!("{hidden},{area}")
        }
        None => v
            .chars()
            .map(|c| if c.is_whitespace() { c } else { '*' })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_by_column() {
        assert_eq!(mask("Chủ hồ sơ", "Nguyễn Văn An"), "Nguyễn V** A*");
        assert_eq!(mask("Số điện thoại", "0912345678"), "09******78");
        assert_eq!(mask("Email", "an.nguyen@example.vn"), "a***@example.vn");
        assert_eq!(
            mask("Địa chỉ", "12 Lê Lợi, phường Tân Bình"),
            "** ** ***, phường Tân Bình"
        );
        assert_eq!(mask("Số giấy tờ", "079123456789"), "07********89");
        assert_eq!(mask("Chủ hồ sơ", ""), "");
    }

    #[test]
    fn personal_values_are_recognised_wherever_they_are() {
        for (value, masked) in [
            ("Nguyễn Văn An", "Nguyễn V** A*"),
            ("TRẦN THỊ BÌNH", "TRẦN T** B***"),
            ("0912345678", "09******78"),
            ("0912 345 678", "09********78"),
            ("+84 912 345 678", "+8***********78"),
            ("079123456789", "07********89"),
            ("an.nguyen@example.vn", "a***@example.vn"),
            (
                "12 đường Lê Lợi, phường Tân Bình",
                "** ***** ** ***, phường Tân Bình",
            ),
        ] {
            assert_eq!(if_personal(value).as_deref(), Some(masked), "{value}");
        }
        for value in [
            "31/02/2024",
            "2024-05-03",
            "Đang bay",
            "Tạm ứng",
            "99",
            "1e308",
            "-50000",
            "HS1",
            "000.00.93.H10-240327-000001",
            "Sở Tư pháp",
            "UBND xã Tân Lập",
            "Trực tuyến",
            "45427",
            "100.000",
            "",
        ] {
            assert_eq!(if_personal(value), None, "{value}");
        }
    }
}
