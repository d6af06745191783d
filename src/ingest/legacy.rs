//! Legacy Vietnamese font encodings → Unicode: TCVN3 (ABC, TCVN 5712:1993 "VN3") and
//! VNI-Windows, plus a guess of whether bytes that are not UTF-8 are in one of them.
//!
//! Owns the two byte tables, decoding with them, and a "does this read as Vietnamese" score
//! (share of words that are well-formed Vietnamese syllables) used to tell real text from
//! mojibake. Knows nothing of files, chunks, CSV, columns or the 766 methodology: callers pass
//! bytes and get text (`decode.rs` decides when to ask and how to stream).
//!
//! Both encodings are font hacks rather than code pages: the bytes are Latin-1 positions whose
//! glyphs in the .Vn… / VNI-… fonts were drawn as Vietnamese letters. Bytes a table leaves
//! unassigned are read as windows-1252, because these fonts were used through Windows, where
//! typed curly quotes and dashes keep their windows-1252 codes.
//!
//! Sources of the tables (read and cross-checked, not copied; every entry below was written from
//! them and agrees with all of them unless a comment says otherwise):
//! - TCVN3: Wikipedia "VSCII" (VSCII-3 = TCVN3: 67 small letters, 7 capitals, NBSP); the tables
//!   in `lamdao/xvnkb` (`tcvn.h`), `duydev/vietnamese-conversion` (`src/charsets.ts`),
//!   `backupvietsoft/HRM` (`ConvertVNI/XtraForm1.cs`); the encoding comparison table "Bảng đối
//!   chiếu encoding các bộ chữ hiện hành với Unicode" (scribd 23311958) and dothanhlong.org's
//!   "Unicode và mã hóa ký tự cũ của Việt Nam".
//! - VNI-Windows: `lamdao/xvnkb` (`vni.h`), `duydev/vietnamese-conversion` (`src/charsets.ts`),
//!   and the same two comparison tables.

use encoding_rs::{WINDOWS_1252, WINDOWS_1258};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// A legacy Vietnamese font encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

/// Decodes bytes in that encoding into NFC Unicode text. ASCII bytes that are not part of a
/// Vietnamese letter stay as they are; bytes the encoding leaves unassigned are read as
/// windows-1252.
///
/// TCVN3 has capitals only for Ă Â Ê Ô Ơ Ư Đ. A capital with a tone was typed in one of two ways,
/// both decoded here:
/// - the capital base letter followed by the small toned letter's code (what converters such as
///   vietnamese-conversion write: `A` + 0xB8 for "Á", `Â` (0xA2) + 0xCA for "Ấ"): the pair becomes
///   the capital toned letter;
/// - the small letter's code shown in a capitals-only font (.VnTimeH …): the file cannot tell
///   it from a small letter, so it decodes to the **small** letter ("ủY BAN" for "ỦY BAN").
///
/// VNI writes a letter as a base byte followed by zero, one or two mark bytes; a mark byte is
/// decoded as the combining marks it draws and the text is composed to NFC, so a mark left on
/// its own (its letter in an earlier chunk) still composes once the caller normalises.
pub fn decode(bytes: &[u8], enc: Legacy) -> String {
    match enc {
        Legacy::Tcvn3 => decode_tcvn3(bytes),
        Legacy::Vni => decode_vni(bytes),
    }
}

/// Unicode → legacy bytes, for test data and `chiso766 transcode` (never on the reading path).
/// Built by inverting [`decode`] over every one- and two-byte sequence, so the two can never
/// disagree. Err names the first character the encoding cannot hold.
pub fn encode(text: &str, enc: Legacy) -> Result<Vec<u8>, String> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static TABLES: OnceLock<[HashMap<char, Vec<u8>>; 2]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        [Legacy::Tcvn3, Legacy::Vni].map(|l| {
            let mut map: HashMap<char, Vec<u8>> = HashMap::new();
            let mut add = |bytes: Vec<u8>| {
                let decoded = decode(&bytes, l);
                let mut chars = decoded.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    if !c.is_ascii() || bytes.len() == 1 {
                        map.entry(c).or_insert(bytes);
                    }
                }
            };
            for a in 0..=255u8 {
                add(vec![a]);
            }
            for a in 0..=255u8 {
                for b in 0x80..=255u8 {
                    add(vec![a, b]);
                }
            }
            map
        })
    });
    let map = &tables[match enc {
        Legacy::Tcvn3 => 0,
        Legacy::Vni => 1,
    }];
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else {
            out.extend(
                map.get(&c)
                    .ok_or_else(|| format!("«{c}» has no {enc:?} code"))?,
            );
        }
    }
    Ok(out)
}

/// How Vietnamese a text looks: the share (0..1) of its alphabetic words that are well-formed
/// Vietnamese syllables (initial consonant, vowel nucleus, final consonant, at most one tone,
/// on a vowel). Unaccented words count too ("don vi" is as Vietnamese as "đơn vị"), so the
/// score separates real text from mojibake such as "Ng\u{b5}y". All-capital ASCII words that
/// are not syllables (UBND, STT) are acronyms and left out. 0 for a text without words.
pub fn vietnamese_score(text: &str) -> f64 {
    tally(text).share()
}

/// Given bytes that are not valid UTF-8, says which legacy encoding (if any) decodes them into
/// clearly Vietnamese text, comparing against windows-1258 (decoded, then NFC). `None` when
/// windows-1258 (or nothing) reads best, or when the bytes are valid UTF-8, so the caller keeps
/// its usual path. Looks at the first [`DETECT_SAMPLE`] bytes only.
pub fn detect(bytes: &[u8]) -> Option<Legacy> {
    if std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let sample = &bytes[..bytes.len().min(DETECT_SAMPLE)];
    let (code_page, _) = WINDOWS_1258.decode_without_bom_handling(sample);
    let baseline = tally(&code_page.nfc().collect::<String>());
    let tcvn3 = tally(&decode(sample, Legacy::Tcvn3));
    let vni = tally(&decode(sample, Legacy::Vni));
    let (best, score) = match tcvn3.cmp_share(&vni) {
        std::cmp::Ordering::Greater => (Legacy::Tcvn3, tcvn3),
        std::cmp::Ordering::Less => (Legacy::Vni, vni),
        // Both read alike: the high bytes decide nothing, so neither is clearly right.
        std::cmp::Ordering::Equal => return None,
    };
    let clearly = score.share() >= CLEARLY_VIETNAMESE
        && score.valid > baseline.valid
        && score.cmp_share(&baseline) == std::cmp::Ordering::Greater;
    clearly.then_some(best)
}

/// Enough text for dozens of rows; the decision is made once per file.
pub const DETECT_SAMPLE: usize = 64 * 1024;

/// A legacy reading must make at least this share of words Vietnamese. Real exports hold ids,
/// e-mail addresses and names that are not syllables, so this is well below 1.
const CLEARLY_VIETNAMESE: f64 = 0.5;

// ---------------------------------------------------------------------------------------------
// TCVN3

/// TCVN3 (VN3) assignments above ASCII, by byte. Within each vowel the order is the tone order
/// grave, hook, tilde, acute, dot below (à ả ã á ạ = B5 B6 B7 B8 B9).
///
/// Sources disagree on two points:
/// - a public JavaScript converter (`convertTcvn3ToUnicode`, found by code search) maps 0xD0 to
///   'đ'; every other source has 'é' there, and 'đ' is 0xAE;
/// - capitals with tones: VN1/VN2 (X11 `lcUniConv/tcvn.h`, xvnkb's `tcvn.h`) put them in C0
///   (0x01–0x17), at 0x80–0x9F and in the gaps of this table; TCVN3 itself has none (Wikipedia),
///   and converters write capital base + small toned code. Only TCVN3 and that pairing are decoded
///   (see [`decode`]); the gaps are read as windows-1252.
const TCVN3: [(u8, char); 75] = [
    (0xA0, '\u{A0}'), // no-break space
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// [`TCVN3`] indexed by `byte - 0x80` (a byte below 0x80 in the table fails to compile).
const TCVN3_HIGH: [Option<char>; 128] = {
    let mut table = [None; 128];
    let mut i = 0;
    while i < TCVN3.len() {
        table[(TCVN3[i].0 - 0x80) as usize] = Some(TCVN3[i].1);
        i += 1;
    }
    table
};

fn decode_tcvn3(bytes: &[u8]) -> String {
    let fallback = windows_1252_high();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    for &b in bytes {
        let Some(high) = b.checked_sub(0x80) else {
            out.push(char::from(b));
            continue;
        };
        let Some(c) = TCVN3_HIGH[usize::from(high)] else {
            out.push(fallback[usize::from(high)]);
            continue;
        };
        // Capital base + small toned code ("A" + "á") is how a toned capital is written.
        if let Some(prev) = out.chars().next_back().filter(|p| p.is_uppercase()) {
            if without_tone(c).is_some_and(|bare| prev.to_lowercase().eq(std::iter::once(bare))) {
                out.pop();
                out.extend(c.to_uppercase());
                continue;
            }
        }
        out.push(c);
    }
    // Every piece pushed is already composed; nothing to normalise.
    out
}

// ---------------------------------------------------------------------------------------------
// VNI-Windows

/// What a VNI byte draws.
#[derive(Clone, Copy)]
enum Vni {
    /// A whole letter (small, capital).
    Letter(&'static str, &'static str),
    /// Marks drawn over (or under) the letter before it, as combining characters.
    Marks(&'static str),
}

/// VNI-Windows bytes: (byte used with small letters, byte used with capitals, meaning). The
/// capital byte is always the small one − 0x20, as in Latin-1, whose letters' shapes VNI reuses.
///
/// Tones alone: ù ø û õ ï (acute, grave, hook, tilde, dot); with circumflex: â á à å ã ä; with
/// breve: ê é è ú ü ë. "ơ" and "ư" are single bytes (ô, ö) taking tone bytes after them; the
/// toned i's and "ỵ" are single bytes. The sources agree on every entry.
const VNI: [(u8, u8, Vni); 26] = [
    (0xF9, 0xD9, Vni::Marks("\u{301}")),
    (0xF8, 0xD8, Vni::Marks("\u{300}")),
    (0xFB, 0xDB, Vni::Marks("\u{309}")),
    (0xF5, 0xD5, Vni::Marks("\u{303}")),
    (0xEF, 0xCF, Vni::Marks("\u{323}")),
    (0xE2, 0xC2, Vni::Marks("\u{302}")),
    (0xE1, 0xC1, Vni::Marks("\u{302}\u{301}")),
    (0xE0, 0xC0, Vni::Marks("\u{302}\u{300}")),
    (0xE5, 0xC5, Vni::Marks("\u{302}\u{309}")),
    (0xE3, 0xC3, Vni::Marks("\u{302}\u{303}")),
    (0xE4, 0xC4, Vni::Marks("\u{302}\u{323}")),
    (0xEA, 0xCA, Vni::Marks("\u{306}")),
    (0xE9, 0xC9, Vni::Marks("\u{306}\u{301}")),
    (0xE8, 0xC8, Vni::Marks("\u{306}\u{300}")),
    (0xFA, 0xDA, Vni::Marks("\u{306}\u{309}")),
    (0xFC, 0xDC, Vni::Marks("\u{306}\u{303}")),
    (0xEB, 0xCB, Vni::Marks("\u{306}\u{323}")),
    (0xF4, 0xD4, Vni::Letter("ơ", "Ơ")),
    (0xF6, 0xD6, Vni::Letter("ư", "Ư")),
    (0xF1, 0xD1, Vni::Letter("đ", "Đ")),
    (0xED, 0xCD, Vni::Letter("í", "Í")),
    (0xEC, 0xCC, Vni::Letter("ì", "Ì")),
    (0xE6, 0xC6, Vni::Letter("ỉ", "Ỉ")),
    (0xF3, 0xD3, Vni::Letter("ĩ", "Ĩ")),
    (0xF2, 0xD2, Vni::Letter("ị", "Ị")),
    (0xEE, 0xCE, Vni::Letter("ỵ", "Ỵ")),
];

/// [`VNI`] indexed by `byte - 0x80`: one letter or combining marks.
const VNI_HIGH: [Option<&str>; 128] = {
    let mut table = [None; 128];
    let mut i = 0;
    while i < VNI.len() {
        let (small, capital, meaning) = VNI[i];
        let (for_small, for_capital) = match meaning {
            Vni::Marks(m) => (m, m),
            Vni::Letter(s, c) => (s, c),
        };
        table[(small - 0x80) as usize] = Some(for_small);
        table[(capital - 0x80) as usize] = Some(for_capital);
        i += 1;
    }
    table
};

fn decode_vni(bytes: &[u8]) -> String {
    let fallback = windows_1252_high();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    for &b in bytes {
        match b.checked_sub(0x80) {
            None => out.push(char::from(b)),
            Some(high) => match VNI_HIGH[usize::from(high)] {
                Some(piece) => out.push_str(piece),
                None => out.push(fallback[usize::from(high)]),
            },
        }
    }
    // Base letter + combining marks → precomposed letters ("a" + U+0302 U+0301 → "ấ").
    out.nfc().collect()
}

/// Bytes 0x80–0xFF as windows-1252 (WHATWG: every byte decodes to exactly one character).
fn windows_1252_high() -> &'static [char; 128] {
    static TABLE: OnceLock<[char; 128]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let bytes: [u8; 128] = std::array::from_fn(|i| 0x80 | i as u8);
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
        let mut table = ['\u{FFFD}'; 128];
        for (slot, c) in table.iter_mut().zip(text.chars()) {
            *slot = c;
        }
        table
    })
}

// ---------------------------------------------------------------------------------------------
// How Vietnamese a text looks

/// Words counted and words that are syllables.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    valid: usize,
    words: usize,
}

impl Tally {
    fn share(self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.valid as f64 / self.words as f64
        }
    }

    /// Compares shares exactly (no rounding): a/b against c/d as a·d against c·b, in u64 so that
    /// the products cannot overflow a 32-bit usize (wasm).
    fn cmp_share(&self, other: &Tally) -> std::cmp::Ordering {
        let widen = |n: usize| n as u64;
        (widen(self.valid) * widen(other.words)).cmp(&(widen(other.valid) * widen(self.words)))
    }
}

fn tally(text: &str) -> Tally {
    let mut t = Tally::default();
    for word in text
        .split(is_separator)
        .filter(|w| w.chars().any(char::is_alphabetic))
    {
        let ok = is_syllable(word);
        if !ok && word.chars().all(|c| c.is_ascii_uppercase()) {
            continue; // an acronym (UBND, STT, H in "H12.34-…")
        }
        t.words += 1;
        t.valid += usize::from(ok);
    }
    t
}

/// Word boundaries. Latin-1 symbols (µ ¸ · « ¬ …) are deliberately not boundaries: they are what
/// legacy bytes become when misread, and must stay inside the words they spoil.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || c.is_ascii_punctuation()
        || c.is_ascii_digit()
        || ('\u{2010}'..='\u{205E}').contains(&c) // dashes, curly quotes, bullets, ellipsis
}

/// The longest Vietnamese syllables have 7 letters ("nghiêng", "khuếch").
const MAX_SYLLABLE: usize = 7;

const INITIALS: [&str; 28] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Whether a vowel nucleus may, must or must not be followed by a final consonant.
#[derive(Clone, Copy)]
enum Coda {
    /// Never closed: clusters ending in a glide (ai, ao, ưu …) and the open diphthongs ia, ua, ưa.
    Open,
    /// Only before a final consonant (ăn, ân, iên, uôn, ươn, oong …).
    Closed,
    Either,
}

const NUCLEI: [(&str, Coda); 55] = [
    ("a", Coda::Either),
    ("ă", Coda::Closed),
    ("â", Coda::Closed),
    ("e", Coda::Either),
    ("ê", Coda::Either),
    ("i", Coda::Either),
    ("o", Coda::Either),
    ("ô", Coda::Either),
    ("ơ", Coda::Either),
    ("u", Coda::Either),
    ("ư", Coda::Either),
    ("y", Coda::Either), // closed after qu: quýt, Quỳnh
    ("ai", Coda::Open),
    ("ao", Coda::Open),
    ("au", Coda::Open),
    ("ay", Coda::Open),
    ("âu", Coda::Open),
    ("ây", Coda::Open),
    ("eo", Coda::Open),
    ("êu", Coda::Open),
    ("ia", Coda::Open),
    ("iê", Coda::Closed),
    ("iu", Coda::Open),
    ("oa", Coda::Either),
    ("oă", Coda::Closed),
    ("oe", Coda::Either),
    ("oi", Coda::Open),
    ("oo", Coda::Closed),
    ("ôi", Coda::Open),
    ("ơi", Coda::Open),
    ("ua", Coda::Open),
    ("uâ", Coda::Closed),
    ("uê", Coda::Either),
    ("ui", Coda::Open),
    ("uô", Coda::Closed),
    ("uơ", Coda::Open),
    ("uy", Coda::Either),
    ("ưa", Coda::Open),
    ("ưi", Coda::Open),
    ("ươ", Coda::Closed),
    ("ưu", Coda::Open),
    ("yê", Coda::Closed),
    ("iêu", Coda::Open),
    ("yêu", Coda::Open),
    ("oai", Coda::Open),
    ("oay", Coda::Open),
    ("oao", Coda::Open),
    ("oeo", Coda::Open),
    ("uây", Coda::Open),
    ("uôi", Coda::Open),
    ("ươi", Coda::Open),
    ("ươu", Coda::Open),
    ("uya", Coda::Open),
    ("uyê", Coda::Closed),
    ("uyu", Coda::Open),
];

const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
/// Grave, hook and tilde cannot fall on a syllable closed by c, ch, p or t.
const NOT_ON_STOPS: [char; 3] = ['\u{300}', '\u{303}', '\u{309}'];

fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'a'..='e' | 'g' | 'h' | 'i' | 'k'..='v' | 'x' | 'y' | 'ă' | 'â' | 'đ' | 'ê' | 'ô' | 'ơ'
            | 'ư'
    )
}

/// A vowel letter without its circumflex, breve or horn (how unaccented text writes it).
fn plain_vowel(c: char) -> char {
    match c {
        'ă' | 'â' => 'a',
        'ê' => 'e',
        'ô' | 'ơ' => 'o',
        'ư' => 'u',
        other => other,
    }
}

fn is_syllable(word: &str) -> bool {
    // Even in NFD with a tone, a syllable is under 16 characters of at most 3 bytes.
    if word.len() > 48 {
        return false;
    }
    let Some((letters, tone)) = letters_and_tone(word) else {
        return false;
    };
    if letters.chars().count() > MAX_SYLLABLE || !letters.chars().all(is_vietnamese_letter) {
        return false;
    }
    INITIALS.iter().any(|initial| {
        letters
            .strip_prefix(initial)
            .is_some_and(|rhyme| is_rhyme(rhyme, tone))
    })
}

/// Lower-case letters with vowel marks but without the tone, and the tone mark if any. `None`
/// for two tones or a tone on a consonant.
fn letters_and_tone(word: &str) -> Option<(String, Option<char>)> {
    let mut tone = None;
    let mut letters = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase).nfd() {
        if TONE_MARKS.contains(&c) {
            let on = letters
                .chars()
                .rev()
                .find(|l| !matches!(l, '\u{302}' | '\u{306}' | '\u{31B}'));
            if tone.replace(c).is_some() || !matches!(on, Some('a' | 'e' | 'i' | 'o' | 'u' | 'y')) {
                return None;
            }
        } else {
            letters.push(c);
        }
    }
    Some((letters.nfc().collect(), tone))
}

fn is_rhyme(rhyme: &str, tone: Option<char>) -> bool {
    FINALS.iter().any(|&fin| {
        let Some(nucleus) = rhyme.strip_suffix(fin) else {
            return false;
        };
        if nucleus.is_empty() || !nucleus_allows(nucleus, !fin.is_empty()) {
            return false;
        }
        let stop = matches!(fin, "c" | "ch" | "p" | "t");
        if stop && tone.is_some_and(|t| NOT_ON_STOPS.contains(&t)) {
            return false;
        }
        // ch and nh close only front vowels: ach, êch, ich, anh, uynh (unaccented: enh).
        if matches!(fin, "ch" | "nh") {
            let last = nucleus.chars().next_back();
            let front = matches!(last, Some('a' | 'ê' | 'i' | 'y'))
                || (nucleus.is_ascii() && last == Some('e'));
            if !front {
                return false;
            }
        }
        true
    })
}

/// Whether `nucleus` is a Vietnamese vowel cluster, written fully or fully unaccented, that
/// accepts a final consonant (or its absence).
fn nucleus_allows(nucleus: &str, has_final: bool) -> bool {
    let unaccented = nucleus.is_ascii();
    NUCLEI.iter().any(|&(vowels, coda)| {
        let same = vowels == nucleus
            || (unaccented && vowels.chars().map(plain_vowel).eq(nucleus.chars()));
        same && match coda {
            Coda::Open => !has_final,
            Coda::Closed => has_final,
            Coda::Either => true,
        }
    })
}

/// The letter without its tone ('ấ' → 'â'); `None` for a letter that has none.
fn without_tone(c: char) -> Option<char> {
    let mut toned = false;
    let bare: String = c
        .nfd()
        .filter(|m| {
            let tone = TONE_MARKS.contains(m);
            toned |= tone;
            !tone
        })
        .nfc()
        .collect();
    let mut chars = bare.chars();
    match (toned, chars.next(), chars.next()) {
        (true, Some(b), None) => Some(b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHRASES: [&str; 9] = [
        "Ngày tiếp nhận",
        "Đơn vị",
        "Sở Tư pháp",
        "UBND huyện Đồng Phú",
        "Chi nhánh Văn phòng đăng ký đất đai",
        "Thanh toán trực tuyến",
        "Số hóa thành phần hồ sơ",
        "Trạng thái",
        "Ủy ban nhân dân xã Tân Lập",
    ];

    /// A CSV header line plus a few rows, as a provincial portal exports them.
    const CSV: &str = "STT;Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Trạng thái;Thanh toán trực \
        tuyến\n\
        1;H12.34-250103-0001;UBND huyện Đồng Phú;03/01/2025;10/01/2025;Đã trả kết quả;Có\n\
        2;H12.34-250103-0002;Sở Tư pháp;03/01/2025;08/01/2025;Đang xử lý;Không\n\
        3;H12.34-250106-0007;Chi nhánh Văn phòng đăng ký đất đai;06/01/2025;20/01/2025;Trả kết quả \
        trước hạn;Có\n\
        4;H12.34-250107-0012;Ủy ban nhân dân xã Tân Lập;07/01/2025;09/01/2025;Số hóa thành phần hồ \
        sơ;Không\n";

    /// Tones in TCVN3's order: none, grave, hook, tilde, acute, dot below.
    const TONES: [&str; 6] = ["", "\u{300}", "\u{309}", "\u{303}", "\u{301}", "\u{323}"];

    /// TCVN3 written down independently of the module's table: per vowel, the code of each tone
    /// (0 = the ASCII letter itself).
    const TCVN3_GRID: [(&str, [u8; 6]); 12] = [
        ("a", [0, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9]),
        ("ă", [0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6]),
        ("â", [0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB]),
        ("e", [0, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1]),
        ("ê", [0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6]),
        ("i", [0, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE]),
        ("o", [0, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4]),
        ("ô", [0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9]),
        ("ơ", [0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE]),
        ("u", [0, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4]),
        ("ư", [0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9]),
        ("y", [0, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE]),
    ];
    const TCVN3_CAPITALS: [(char, u8); 7] = [
        ('Ă', 0xA1),
        ('Â', 0xA2),
        ('Ê', 0xA3),
        ('Ô', 0xA4),
        ('Ơ', 0xA5),
        ('Ư', 0xA6),
        ('Đ', 0xA7),
    ];

    fn compose(base: &str, tone: &str) -> char {
        let s: String = format!("{base}{tone}").nfc().collect();
        let mut chars = s.chars();
        let c = chars.next().expect("a letter");
        assert_eq!(chars.next(), None, "{base}+{tone:?} composes to one letter");
        c
    }

    fn tcvn3_code(small: char) -> Option<u8> {
        TCVN3_GRID.iter().find_map(|(base, codes)| {
            TONES
                .iter()
                .zip(codes)
                .find(|(tone, &code)| code != 0 && compose(base, tone) == small)
                .map(|(_, &code)| code)
        })
    }

    /// Unicode → TCVN3 bytes. A toned capital is written as its capital base + the small toned
    /// code, the convention `decode` folds back.
    fn encode_tcvn3(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for c in text.chars() {
            if c.is_ascii() {
                out.push(c as u8);
            } else if c == 'đ' {
                out.push(0xAE);
            } else if let Some(&(_, code)) = TCVN3_CAPITALS.iter().find(|(cap, _)| *cap == c) {
                out.push(code);
            } else if let Some(code) = c.to_lowercase().next().and_then(tcvn3_code) {
                if c.is_uppercase() {
                    let bare = without_tone(c).expect("a toned capital");
                    out.extend(encode_tcvn3(&bare.to_string()));
                }
                out.push(code);
            } else {
                panic!("{c:?} has no TCVN3 code");
            }
        }
        out
    }

    /// VNI written down independently of the module's table: a small letter's bytes from its
    /// base, vowel mark and tone; capitals are the Latin-1 capitals of those bytes.
    fn encode_vni_small(c: char) -> Vec<u8> {
        if c.is_ascii() {
            return vec![c as u8];
        }
        if c == 'đ' {
            return vec![0xF1];
        }
        let parts: Vec<char> = c.nfd().collect();
        let (base, marks) = parts.split_first().expect("a letter");
        let tone = marks
            .iter()
            .position(|m| TONE_MARKS.contains(m))
            .map(|i| marks[i]);
        let vowel_mark = marks.iter().copied().find(|m| !TONE_MARKS.contains(m));
        let tone_index = |t: Option<char>| match t {
            None => 0,
            Some('\u{301}') => 1,
            Some('\u{300}') => 2,
            Some('\u{309}') => 3,
            Some('\u{303}') => 4,
            Some('\u{323}') => 5,
            Some(other) => panic!("not a tone: {other:?}"),
        };
        let t = tone_index(tone);
        //                     none  acute grave hook  tilde dot
        const PLAIN: [u8; 6] = [0, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF];
        const HAT: [u8; 6] = [0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4];
        const BREVE: [u8; 6] = [0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB];
        const I: [u8; 6] = [b'i', 0xED, 0xEC, 0xE6, 0xF3, 0xF2];
        let mut out = Vec::new();
        match (base, vowel_mark) {
            ('i', None) => return vec![I[t]],
            ('y', None) if t == 5 => return vec![0xEE],
            (b, None) => out.push(*b as u8),
            (b, Some('\u{302}')) => return vec![*b as u8, HAT[t]],
            ('a', Some('\u{306}')) => return vec![b'a', BREVE[t]],
            ('o', Some('\u{31B}')) => out.push(0xF4),
            ('u', Some('\u{31B}')) => out.push(0xF6),
            other => panic!("no VNI form for {other:?}"),
        }
        if t != 0 {
            out.push(PLAIN[t]);
        }
        out
    }

    fn encode_vni(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for c in text.chars() {
            let small = c.to_lowercase().next().expect("a char");
            let bytes = encode_vni_small(small);
            if c.is_uppercase() {
                // Latin-1 capitals sit 0x20 below the small letters (except ÷ and ÿ, never used).
                out.extend(bytes.iter().map(|&b| {
                    if b >= 0xE0 {
                        b - 0x20
                    } else {
                        b.to_ascii_uppercase()
                    }
                }));
            } else {
                out.extend(bytes);
            }
        }
        out
    }

    /// windows-1258 bytes: it has â ê ô ă ơ ư đ precomposed but tones only as combining marks.
    /// Plain NFD ("a" + U+0302) is not encodable, so vowel marks are recomposed and tones kept.
    fn encode_windows_1258(text: &str) -> Vec<u8> {
        let mut s = String::new();
        for c in text.chars() {
            let (tones, rest): (String, String) = c.nfd().partition(|m| TONE_MARKS.contains(m));
            s.extend(rest.nfc());
            s.push_str(&tones);
        }
        let (bytes, _, had_errors) = WINDOWS_1258.encode(&s);
        assert!(!had_errors, "{text} is encodable in windows-1258");
        bytes.into_owned()
    }

    fn windows_1252(bytes: &[u8]) -> String {
        WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    }

    #[test]
    fn tcvn3_table_matches_the_grid_letter_by_letter() {
        let mut seen = 0;
        for (base, codes) in TCVN3_GRID {
            for (tone, code) in TONES.iter().zip(codes) {
                let letter = compose(base, tone);
                if code == 0 {
                    assert!(letter.is_ascii());
                    continue;
                }
                assert_eq!(
                    decode(&[code], Legacy::Tcvn3),
                    letter.to_string(),
                    "byte {code:#04X}"
                );
                seen += 1;
            }
        }
        for (capital, code) in TCVN3_CAPITALS {
            assert_eq!(decode(&[code], Legacy::Tcvn3), capital.to_string());
        }
        assert_eq!(decode(&[0xAE], Legacy::Tcvn3), "đ");
        // 66 toned or marked vowels + đ + 7 capitals + NBSP: the whole table, nothing else.
        assert_eq!(seen + 1 + 7 + 1, TCVN3.len());
        let mut bytes: Vec<u8> = TCVN3.iter().map(|(b, _)| *b).collect();
        bytes.dedup();
        assert_eq!(bytes.len(), TCVN3.len(), "sorted, no byte twice");
    }

    #[test]
    fn the_brief_examples_hold() {
        let t = |b: u8| decode(&[b], Legacy::Tcvn3);
        assert_eq!(
            [t(0xB5), t(0xB8), t(0xAE), t(0xA7), t(0xAD), t(0xAC)],
            ["à", "á", "đ", "Đ", "ư", "ơ"]
        );
        let v = |s: &[u8]| decode(s, Legacy::Vni);
        assert_eq!(v(b"\xF6"), "ư");
        assert_eq!(v(b"\xF4"), "ơ");
        assert_eq!(v(b"a\xF9"), "á");
        assert_eq!(v(b"a\xF8"), "à");
        assert_eq!(v(b"a\xFB"), "ả");
        assert_eq!(v(b"a\xF5"), "ã");
        assert_eq!(v(b"a\xEF"), "ạ");
        assert_eq!(v(b"\xF1"), "đ");
        assert_eq!(v(b"\xD1"), "Đ");
    }

    #[test]
    fn vni_table_matches_the_encoder_for_every_letter_both_cases() {
        for base in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
            for tone in TONES {
                let small = compose(base, tone);
                let capital = small.to_uppercase().next().expect("a capital");
                for letter in [small, capital] {
                    let bytes = encode_vni(&letter.to_string());
                    assert_eq!(
                        decode(&bytes, Legacy::Vni),
                        letter.to_string(),
                        "{bytes:X?}"
                    );
                }
            }
        }
        assert_eq!(decode(&encode_vni("đĐ"), Legacy::Vni), "đĐ");
        for (small, capital, _) in VNI {
            assert_eq!(small - 0x20, capital);
        }
    }

    #[test]
    fn phrases_round_trip_through_both_encodings() {
        for phrase in PHRASES {
            let tcvn3 = encode_tcvn3(phrase);
            assert_eq!(decode(&tcvn3, Legacy::Tcvn3), phrase, "TCVN3 {tcvn3:X?}");
            let vni = encode_vni(phrase);
            assert_eq!(decode(&vni, Legacy::Vni), phrase, "VNI {vni:X?}");
        }
        assert_eq!(decode(&encode_tcvn3(CSV), Legacy::Tcvn3), CSV);
        assert_eq!(decode(&encode_vni(CSV), Legacy::Vni), CSV);
    }

    #[test]
    fn tcvn3_toned_capitals() {
        // Capital base + small toned code, as converters write it.
        assert_eq!(encode_tcvn3("Ủy"), b"U\xF1y");
        assert_eq!(decode(b"U\xF1y ban", Legacy::Tcvn3), "Ủy ban");
        assert_eq!(decode(b"\xA2\xCA", Legacy::Tcvn3), "Ấ");
        assert_eq!(decode(b"\xA7\xA5\xED", Legacy::Tcvn3), "ĐỚ");
        // A capitals-only font reuses the small codes: decoded as small letters (documented).
        assert_eq!(decode(b"\xF1Y BAN", Legacy::Tcvn3), "ủY BAN");
        // Only a capital and the toned form of the same letter are merged.
        assert_eq!(decode(b"O\xB8", Legacy::Tcvn3), "Oá");
    }

    #[test]
    fn public_encode_agrees_with_the_independent_encoders() {
        for phrase in PHRASES {
            assert_eq!(
                encode(phrase, Legacy::Tcvn3).as_deref(),
                Ok(encode_tcvn3(phrase).as_slice()),
                "{phrase}"
            );
            assert_eq!(
                decode(
                    &encode(phrase, Legacy::Vni).expect("encodable"),
                    Legacy::Vni
                ),
                *phrase,
                "{phrase}"
            );
        }
        assert!(encode("Ω", Legacy::Tcvn3).is_err());
    }

    #[test]
    fn ascii_stays_as_it_is() {
        let ascii: Vec<u8> = (0u8..0x80).collect();
        let text: String = ascii.iter().map(|&b| char::from(b)).collect();
        assert_eq!(decode(&ascii, Legacy::Tcvn3), text);
        assert_eq!(decode(&ascii, Legacy::Vni), text);
    }

    #[test]
    fn unassigned_bytes_read_as_windows_1252() {
        assert_eq!(
            decode(b"\x93x\x94 \x96", Legacy::Tcvn3),
            "\u{201C}x\u{201D} \u{2013}"
        );
        assert_eq!(
            decode(b"\x93x\x94 \x96", Legacy::Vni),
            "\u{201C}x\u{201D} \u{2013}"
        );
        assert_eq!(decode(b"\xAF", Legacy::Tcvn3), "\u{AF}");
    }

    #[test]
    fn detect_tells_the_encodings_apart() {
        assert_eq!(detect(&encode_tcvn3(CSV)), Some(Legacy::Tcvn3));
        assert_eq!(detect(&encode_vni(CSV)), Some(Legacy::Vni));
        assert_eq!(detect(&encode_windows_1258(CSV)), None);
        assert_eq!(detect(CSV.as_bytes()), None, "UTF-8 is not legacy");
        assert_eq!(detect(b""), None);
        for phrase in PHRASES {
            assert_eq!(detect(&encode_windows_1258(phrase)), None, "{phrase}");
        }
    }

    #[test]
    fn detect_leaves_other_languages_alone() {
        let german =
            windows_1252_encode("Größe;Straße;Müller;Übersicht der Anträge\n1;Köln;ja;nein\n");
        assert_eq!(detect(&german), None);
    }

    fn windows_1252_encode(text: &str) -> Vec<u8> {
        WINDOWS_1252.encode(text).0.into_owned()
    }

    #[test]
    fn score_separates_text_from_mojibake() {
        let all = PHRASES.join(". ");
        assert!(vietnamese_score(&all) > 0.9, "{}", vietnamese_score(&all));
        assert!(vietnamese_score(CSV) > 0.9, "{}", vietnamese_score(CSV));
        for bytes in [encode_tcvn3(&all), encode_tcvn3(CSV)] {
            let mojibake = windows_1252(&bytes);
            assert!(
                vietnamese_score(&mojibake) < 0.5,
                "{mojibake}: {}",
                vietnamese_score(&mojibake)
            );
        }
        let vni_mojibake = windows_1252(&encode_vni(&all));
        assert!(vietnamese_score(&vni_mojibake) < 0.5, "{vni_mojibake}");
        assert_eq!(vietnamese_score("Ng\u{b5}y"), 0.0);
        assert_eq!(vietnamese_score("Ngày"), 1.0);
        assert_eq!(vietnamese_score(""), 0.0);
        assert_eq!(vietnamese_score("123 ;; --"), 0.0);
    }

    #[test]
    fn syllables() {
        for ok in [
            "Ma", "don", "vi", "ngày", "NGÀY", "nghiêng", "khuếch", "quyết", "giữa", "gì", "người",
            "được", "hoặc", "xoong", "thuở", "khuya", "uống", "yên", "tỉnh", "huỳnh", "tiep",
            "nhan", "duoc", "nguoi", "benh", "ủY", "ân", "cô", "Quỳnh", "quýt",
        ] {
            assert!(is_syllable(ok), "{ok}");
        }
        for (bad, why) in [
            (
                "Ng\u{b5}y",
                "µ is not a letter (TCVN3 'à' read as windows-1252)",
            ),
            ("tiÕp", "io is not a vowel cluster"),
            ("nh\u{cb}n", "diaeresis is not a Vietnamese mark"),
            ("T\u{ad}", "soft hyphen (TCVN3 'ư') inside the word"),
            ("û", "circumflex on u"),
            ("xyz", "no vowel cluster"),
            ("email", "not a syllable"),
            ("fa", "f is no initial"),
            ("ain", "ai takes no final"),
            ("ă", "ă needs a final"),
            ("tiê", "iê needs a final"),
            ("tiêun", "iêu takes no final"),
            ("bôch", "ch closes front vowels only"),
            ("tiềp", "grave tone before p"),
            ("ăm\u{301}\u{300}", "two tones"),
            ("ńa", "tone on a consonant"),
            ("ăn\u{302}", "circumflex on a consonant"),
            ("nghiêngg", "too long"),
        ] {
            assert!(!is_syllable(bad), "{bad}: {why}");
        }
    }

    #[test]
    fn acronyms_are_left_out() {
        assert_eq!(vietnamese_score("UBND huyện"), 1.0);
        assert_eq!(vietnamese_score("STT"), 0.0);
    }

    #[test]
    fn no_panics_on_any_single_byte() {
        for b in 0..=255u8 {
            for enc in [Legacy::Tcvn3, Legacy::Vni] {
                let text = decode(&[b], enc);
                // One character, or a lone VNI mark byte's one or two combining marks.
                assert!((1..=2).contains(&text.chars().count()), "{b:#04X} {enc:?}");
                let _ = vietnamese_score(&text);
            }
            let _ = detect(&[b]);
            let _ = detect(&[b'a', b, b]);
        }
    }

    #[test]
    fn no_panics_on_random_bytes() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..300 {
            let len = (next() % 200) as usize + round % 3;
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            for enc in [Legacy::Tcvn3, Legacy::Vni] {
                let text = decode(&bytes, enc);
                let score = vietnamese_score(&text);
                assert!((0.0..=1.0).contains(&score));
            }
            let _ = detect(&bytes);
            let _ = vietnamese_score(&String::from_utf8_lossy(&bytes));
        }
        // Marks with nothing to sit on, and long runs of them.
        let _ = decode(&[0xF9; 1000], Legacy::Vni);
        let _ = vietnamese_score(&decode(&[0xE1, 0xF9, 0xD9, 0xEF], Legacy::Vni));
    }
}
