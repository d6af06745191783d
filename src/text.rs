//! Folding Vietnamese text for matching: headers, labels, unit names.
//!
//! `Ngày hẹn trả`, `NGAY_HEN_TRA`, `NgayHenTra` and a decomposed `Ngày hẹn trả` (windows-1258
//! writes tones as combining marks) all fold to `ngayhentra`.

/// Lowercase, without diacritics; every run of characters that are not letters or digits
/// becomes one space. `"  UBND  Thị xã Bình-Long "` → `"ubnd thi xa binh long"`.
pub fn fold_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        for lc in c.to_lowercase() {
            let base = strip_diacritic(lc);
            if base.is_alphanumeric() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(base);
            } else {
                pending_space = true;
            }
        }
    }
    out
}

/// Like [`fold_words`] with the spaces removed too: `"Ngày hẹn trả"` → `"ngayhentra"`.
pub fn fold_key(s: &str) -> String {
    fold_words(s).replace(' ', "")
}

fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

fn strip_diacritic(c: char) -> char {
    const GROUPS: [(&str, char); 7] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        // `ð` (the lower case of `Ð`, U+00D0) stands for `đ` after code-page conversions and on
        // some keyboards; `ɖ` is the lower case of the other look-alike, `Ɖ`.
        ("đðɖ", 'd'),
    ];
    if c.is_ascii() {
        return c;
    }
    for (letters, base) in GROUPS {
        if letters.contains(c) {
            return base;
        }
    }
    c
}

/// NFC, computed only when the text holds a combining mark (windows-1258 and some Unicode
/// exports write tones that way); otherwise borrowed as it is.
pub fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    // U+0300..U+036F are encoded 0xCC 0x80.. / 0xCD ..0xAF: a byte scan finds candidates fast.
    if s.bytes().any(|b| b == 0xCC || b == 0xCD) && s.chars().any(is_combining_mark) {
        std::borrow::Cow::Owned(s.nfc().collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Collapses inner white space and trims, drops invisible characters (zero-width spaces, a BOM,
/// a soft hyphen, control characters) and writes the look-alikes `Ð`/`ð` (Latin eth, and
/// `Ɖ`/`ɖ`) as `Đ`/`đ`: names typed by hand or converted between code pages vary in all of
/// these, and one unit must stay one. Borrowed when there is nothing to change (nearly always,
/// and on the hot path).
pub fn tidy(s: &str) -> std::borrow::Cow<'_, str> {
    let odd = |c: char| (c.is_whitespace() && c != ' ') || is_invisible(c) || as_d(c).is_some();
    let clean = !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !s.contains("  ")
        && !s.chars().any(odd);
    if clean {
        return std::borrow::Cow::Borrowed(s);
    }
    let visible: String = s
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| as_d(c).unwrap_or(c))
        .collect();
    std::borrow::Cow::Owned(visible.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Characters that show nothing and mean nothing in a name or an id: zero-width space, joiners,
/// word joiner, BOM (zero-width no-break space), soft hyphen, and control characters other than
/// white space (NUL, ESC…).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    ) || (c.is_control() && !c.is_whitespace())
}

/// `Đ`/`đ` for the letters that look like them (`Ð`/`ð`, `Ɖ`/`ɖ`); `None` for any other.
pub fn as_d(c: char) -> Option<char> {
    match c {
        '\u{d0}' | '\u{189}' => Some('Đ'),
        '\u{f0}' | '\u{256}' => Some('đ'),
        _ => None,
    }
}

/// Text that any XML document (a .docx, an .xlsx) may hold: the control characters XML 1.0
/// forbids (U+0000–U+001F but tab, line feed and carriage return) and the non-characters
/// U+FFFE/U+FFFF removed. A file or a setting can hold them; Word refuses a document that does.
/// Borrowed when there is nothing to remove.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    if s.chars().any(bad) {
        std::borrow::Cow::Owned(s.chars().filter(|&c| !bad(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A fast, deterministic hasher for the loader's maps (keys are file content, but nothing an
/// attacker gains from collisions beyond a slower read: the maps are bounded by the file).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = [0u8; 8];
            v[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(v))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_spellings_fold_to_one_key() {
        for h in [
            "Ngày hẹn trả",
            "NGAY_HEN_TRA",
            "NgayHenTra",
            "ngày  hẹn-trả",
            "Nga\u{300}y he\u{323}n tra\u{309}",
        ] {
            assert_eq!(fold_key(h), "ngayhentra", "{h}");
        }
    }

    #[test]
    fn nfc_composes_tones() {
        assert_eq!(nfc("Nga\u{300}y"), "Ngày");
        assert!(matches!(nfc("Ngày"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn tidy_borrows_clean_text_and_collapses_the_rest() {
        assert!(matches!(tidy("Sở Tư pháp"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(tidy("  Sở  Tư\tpháp "), "Sở Tư pháp");
        assert_eq!(tidy("Sở\u{a0}Tư pháp"), "Sở Tư pháp");
    }

    #[test]
    fn tidy_drops_invisible_characters_and_writes_eth_as_d_with_stroke() {
        assert_eq!(tidy("UBND huyện Ðồng Phú"), "UBND huyện Đồng Phú");
        assert_eq!(tidy("UBND huyện ðồng Phú"), "UBND huyện đồng Phú");
        assert_eq!(tidy("Sở \u{200b}Tư\u{feff} pháp\u{ad}"), "Sở Tư pháp");
        assert_eq!(tidy("\u{feff}Sở Tư pháp"), "Sở Tư pháp");
        assert_eq!(tidy("Sở T\u{0}ư\u{1b} pháp\u{7}"), "Sở Tư pháp");
        assert!(matches!(
            tidy("UBND huyện Đồng Phú"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn eth_folds_like_d_with_stroke() {
        assert_eq!(fold_key("ÐÃ TRẢ KẾT QUẢ"), "datraketqua");
        assert_eq!(fold_key("ðã trả"), "datra");
        assert_eq!(fold_key("Ɖã"), "da");
    }

    #[test]
    fn printable_removes_what_xml_forbids() {
        assert_eq!(
            printable("Sở T\u{0}ư\u{1}\u{b} pháp\u{fffe}\u{ffff}"),
            "Sở Tư pháp"
        );
        assert_eq!(printable("a\tb\nc\rd"), "a\tb\nc\rd");
        assert!(matches!(
            printable("Sở Tư pháp"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn words_keep_their_boundaries() {
        assert_eq!(
            fold_words("  UBND  Thị xã Bình-Long "),
            "ubnd thi xa binh long"
        );
        assert_eq!(fold_words("Đơn vị (đồng)"), "don vi dong");
    }
}
