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
    } else if ["dienthoai", "sogiayto", "cmnd", "cccd", "dinhdanh"].iter().any(|k| h.contains(k))
        || value.chars().filter(char::is_ascii_digit).count() * 2 > value.chars().count()
    {
        keep_ends(value, 2, 2)
    } else {
        name(value)
    }
}

/// `Nguyễn Văn An` → `Nguyễn V** A*`.
fn name(v: &str) -> String {
    v.split_whitespace()
        .enumerate()
        .map(|(i, w)| if i == 0 { w.to_string() } else { keep_ends(w, 1, 0) })
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
    chars.iter().enumerate().map(|(i, &c)| if i < head || i >= n - tail { c } else { '*' }).collect()
}

/// `an.nguyen@example.vn` → `a***@example.vn`.
fn email(v: &str) -> String {
    match v.split_once('@') {
        Some((user, domain)) => format!("{}***@{domain}", user.chars().next().unwrap_or('*')),
        None => keep_ends(v, 1, 0),
    }
}

/// Only the last part (commune, district) stays: `12 Lê Lợi, phường Tân Bình` → `** ** ***, phường Tân Bình`.
fn address(v: &str) -> String {
    match v.rsplit_once(',') {
        Some((street, area)) => {
            let hidden: String = street.chars().map(|c| if c.is_whitespace() || c == ',' { c } else { '*' }).collect();
            format!("{hidden},{area}")
        }
        None => v.chars().map(|c| if c.is_whitespace() { c } else { '*' }).collect(),
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
        assert_eq!(mask("Địa chỉ", "12 Lê Lợi, phường Tân Bình"), "** ** ***, phường Tân Bình");
        assert_eq!(mask("Số giấy tờ", "079123456789"), "07********89");
        assert_eq!(mask("Chủ hồ sơ", ""), "");
    }
}
