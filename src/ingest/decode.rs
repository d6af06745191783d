//! Bytes → UTF-8 text. The first stage: nothing else is sniffed before the text is decoded.
//!
//! The encoding is decided once from the start of a file ([`detect`]): a BOM (UTF-8, UTF-16 LE/BE),
//! UTF-16 without BOM, valid UTF-8, the legacy Vietnamese font encodings TCVN3 and VNI (with a
//! warning), else the code page chardetng guesses (windows-1258 for what Excel writes on a
//! Vietnamese Windows). A [`Decoder`] then turns chunk after chunk into UTF-8, so a file is never
//! held whole. Normalisation to NFC happens on the values kept (`text::nfc`), not here, so a
//! chunk boundary between a letter and its tone mark changes nothing.

use super::legacy::{self, Legacy};
use super::IngestError;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// A WHATWG code page (windows-1258, windows-1252, …).
    CodePage(&'static encoding_rs::Encoding),
    Legacy(Legacy),
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::CodePage(e) if e == encoding_rs::WINDOWS_1258 => "windows-1258",
            Encoding::CodePage(e) if e == encoding_rs::WINDOWS_1252 => "windows-1252",
            Encoding::CodePage(e) => e.name(),
            Encoding::Legacy(Legacy::Tcvn3) => "tcvn3",
            Encoding::Legacy(Legacy::Vni) => "vni",
        }
    }

    /// An encoding the user chose by name (the override on screen, `--encoding`).
    pub fn from_name(name: &str) -> Option<Encoding> {
        let n = name.trim().to_ascii_lowercase();
        Some(match n.as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-8-bom" => Encoding::Utf8Bom,
            "utf-16le" | "utf-16" => Encoding::Utf16Le,
            "utf-16be" => Encoding::Utf16Be,
            "tcvn3" | "abc" | "tcvn" => Encoding::Legacy(Legacy::Tcvn3),
            "vni" => Encoding::Legacy(Legacy::Vni),
            _ => Encoding::CodePage(encoding_rs::Encoding::for_label(n.as_bytes())?),
        })
    }

    /// Bytes to skip at the start (the UTF-8 BOM; UTF-16 decoders remove theirs).
    fn bom_len(self) -> usize {
        match self {
            Encoding::Utf8Bom => 3,
            _ => 0,
        }
    }
}

/// How many bytes [`detect`] wants to see before deciding (less at the end of a small file).
pub const DETECT_BYTES: usize = 256 * 1024;

/// Decides a file's encoding from its first bytes; `complete` when `prefix` is the whole file.
pub fn detect(prefix: &[u8], complete: bool) -> Result<Encoding, IngestError> {
    if prefix.starts_with(b"\xEF\xBB\xBF") {
        return Ok(Encoding::Utf8Bom);
    }
    if prefix.starts_with(b"\xFF\xFE") {
        return Ok(Encoding::Utf16Le);
    }
    if prefix.starts_with(b"\xFE\xFF") {
        return Ok(Encoding::Utf16Be);
    }
    if prefix.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty);
    }
    if let Some(e) = utf16_without_bom(prefix) {
        return Ok(e);
    }
    if looks_binary(prefix) {
        return Err(IngestError::Binary);
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => return Ok(Encoding::Utf8),
        // A multi-byte character cut by the end of the prefix (or of a truncated file) is
        // still UTF-8: the cut character is replaced and reported.
        Err(e) if e.error_len().is_none() => return Ok(Encoding::Utf8),
        Err(_) if mostly_utf8(prefix) => return Ok(Encoding::Utf8),
        Err(_) => {}
    }
    if let Some(l) = legacy::detect(prefix) {
        return Ok(Encoding::Legacy(l));
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(prefix, complete);
    Ok(Encoding::CodePage(
        detector.guess(Some(b"vn"), Utf8Detection::Deny),
    ))
}

/// "Unicode Text" without its BOM: every other byte of ASCII text is zero.
fn utf16_without_bom(prefix: &[u8]) -> Option<Encoding> {
    let head = &prefix[..prefix.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let zeros_at = |offset: usize| {
        head.iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 10 > pairs * 6 && even * 10 < pairs {
        Some(Encoding::Utf16Le)
    } else if even * 10 > pairs * 6 && odd * 10 < pairs {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// UTF-8 with a few stray bytes (a line pasted from a windows-1258 file): at least five valid
/// multi-byte characters for each invalid byte. Decoded as UTF-8, the stray bytes replaced and
/// reported, rather than the whole file read in a code page as mojibake.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                valid += std::str::from_utf8(&rest[..good])
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                let Some(bad) = e.error_len() else { break };
                invalid += bad;
                rest = &rest[good + bad..];
            }
        }
    }
    invalid > 0 && valid >= 5 * invalid
}

/// Control characters (NUL included) making up more than a twentieth of the first 4 KB: a
/// spreadsheet, an image, a zip. A stray NUL in a text file stays an inert character of its cell.
/// A long run of NULs after whole lines of text (a file padded with zeros by an export that
/// stopped) is a line of its own, which the reader's line limit sets aside: the lines before it
/// are what is judged, and read.
fn looks_binary(bytes: &[u8]) -> bool {
    let mut head = &bytes[..bytes.len().min(4096)];
    if let Some(run) = head
        .windows(NUL_RUN)
        .position(|w| w.iter().all(|&b| b == 0))
    {
        if let Some(line_end) = head[..run].iter().rposition(|&b| b == b'\n') {
            head = &head[..=line_end];
        }
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x09 || (0x0E..0x20).contains(&b))
        .count();
    head.iter().filter(|&&b| b == 0).count() * 100 > head.len() || control * 20 > head.len()
}

/// NULs in a row that no text file holds inside a cell.
const NUL_RUN: usize = 64;

/// Turns successive chunks of one file into UTF-8 bytes.
pub struct Decoder {
    encoding: Encoding,
    inner: Option<encoding_rs::Decoder>,
    /// Bytes still to skip (the BOM), and bytes held back from the previous chunk (a VNI letter
    /// whose tone byte is in the next chunk).
    skip: usize,
    held: Vec<u8>,
    /// Malformed sequences replaced by U+FFFD so far.
    pub replaced: usize,
}

impl Decoder {
    pub fn new(encoding: Encoding) -> Decoder {
        let inner = match encoding {
            // "Unicode Text" may or may not start with a BOM: remove it only where it is.
            Encoding::Utf16Le => Some(encoding_rs::UTF_16LE.new_decoder_with_bom_removal()),
            Encoding::Utf16Be => Some(encoding_rs::UTF_16BE.new_decoder_with_bom_removal()),
            Encoding::CodePage(e) => Some(e.new_decoder_without_bom_handling()),
            _ => None,
        };
        Decoder {
            encoding,
            inner,
            skip: encoding.bom_len(),
            held: Vec::new(),
            replaced: 0,
        }
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Strips what must be skipped (a BOM) from the start of a UTF-8 chunk.
    pub fn passthrough<'c>(&mut self, chunk: &'c [u8]) -> &'c [u8] {
        let n = self.skip.min(chunk.len());
        self.skip -= n;
        &chunk[n..]
    }

    /// Appends the UTF-8 form of `chunk` to `out`.
    pub fn decode(&mut self, chunk: &[u8], last: bool, out: &mut Vec<u8>) {
        let n = self.skip.min(chunk.len());
        self.skip -= n;
        let chunk = &chunk[n..];
        match (&mut self.inner, self.encoding) {
            (Some(decoder), _) => {
                let mut s = String::with_capacity(
                    decoder
                        .max_utf8_buffer_length(chunk.len())
                        .unwrap_or(chunk.len() * 3),
                );
                let (_, _, had_errors) = decoder.decode_to_string(chunk, &mut s, last);
                self.replaced += usize::from(had_errors);
                out.extend_from_slice(s.as_bytes());
            }
            (None, Encoding::Legacy(l)) => {
                self.held.extend_from_slice(chunk);
                // A VNI letter may end in a tone byte at the start of the next chunk, and a TCVN3
                // toned capital is a capital followed by a small toned code.
                // So the held part starts at a plain byte: marks and codes only follow their
                // letter.
                let mut cut = if last {
                    self.held.len()
                } else {
                    self.held.len().saturating_sub(2)
                };
                while !last && cut > 0 && self.held[cut] >= 0x80 && self.held.len() - cut < 16 {
                    cut -= 1;
                }
                out.extend_from_slice(legacy::decode(&self.held[..cut], l).as_bytes());
                self.held.drain(..cut);
            }
            (None, _) => out.extend_from_slice(chunk),
        }
    }
}

/// Decodes a whole file at once (tests, small inputs).
pub fn decode_all(bytes: &[u8]) -> Result<(String, Encoding), IngestError> {
    let enc = detect(
        &bytes[..bytes.len().min(DETECT_BYTES)],
        bytes.len() <= DETECT_BYTES,
    )?;
    let mut d = Decoder::new(enc);
    let mut out = Vec::with_capacity(bytes.len());
    d.decode(bytes, true, &mut out);
    Ok((String::from_utf8_lossy(&out).into_owned(), enc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> (String, &'static str) {
        let (t, e) = decode_all(bytes).expect("decodes");
        (t, e.name())
    }

    #[test]
    fn boms_choose_the_encoding() {
        assert_eq!(text(b"\xEF\xBB\xBFa;b"), ("a;b".into(), "utf-8-bom"));
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Mã\tb".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(text(&le), ("Mã\tb".into(), "utf-16le"));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Mã".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(text(&be), ("Mã".into(), "utf-16be"));
        let le_no_bom: Vec<u8> = "Mã hồ sơ\tĐơn vị\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(text(&le_no_bom), ("Mã hồ sơ\tĐơn vị\n".into(), "utf-16le"));
    }

    #[test]
    fn windows_1258_is_recognised() {
        use unicode_normalization::UnicodeNormalization;
        let s = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận\nHS1;UBND huyện Đồng Phú;02/05/2024\nHS2;Sở Tư \
            pháp;03/05/2024\n";
        let form = crate::sample::windows_1258_form(s);
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&form);
        assert!(!unmappable);
        let (t, e) = text(&bytes);
        assert_eq!(e, "windows-1258");
        assert_eq!(t.nfc().collect::<String>(), s);
    }

    #[test]
    fn chunks_decode_like_the_whole() {
        let s = "Mã;Đơn vị\nHS1;Ủy ban nhân dân xã Tân Lập\n";
        let utf16: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        for cut in 0..utf16.len() {
            let mut d = Decoder::new(Encoding::Utf16Le);
            let mut out = Vec::new();
            d.decode(&utf16[..cut], false, &mut out);
            d.decode(&utf16[cut..], true, &mut out);
            assert_eq!(String::from_utf8(out).expect("UTF-8"), s, "cut at {cut}");
        }
    }

    #[test]
    fn legacy_encodings_decode_alike_in_any_chunks() {
        let s = "Mã hồ sơ;Đơn vị\nHS1;Ủy ban nhân dân xã Tân Lập\n";
        for l in [Legacy::Tcvn3, Legacy::Vni] {
            let bytes = legacy::encode(s, l).expect("encodable");
            for cut in 0..bytes.len() {
                let mut d = Decoder::new(Encoding::Legacy(l));
                let mut out = Vec::new();
                d.decode(&bytes[..cut], false, &mut out);
                d.decode(&bytes[cut..], true, &mut out);
                assert_eq!(
                    String::from_utf8(out).expect("UTF-8"),
                    s,
                    "{l:?} cut at {cut}"
                );
            }
        }
    }

    #[test]
    fn bad_bytes_are_named() {
        assert!(matches!(decode_all(b""), Err(IngestError::Empty)));
        assert!(matches!(decode_all(b"  \n"), Err(IngestError::Empty)));
        assert!(matches!(
            decode_all(b"PK\x03\x04\x00\x00\x01\x02"),
            Err(IngestError::Binary)
        ));
    }

    #[test]
    fn lines_of_text_then_a_run_of_nul_bytes_are_text() {
        let mut padded = "Mã hồ sơ;Đơn vị\nHS1;Sở Tư pháp\n".as_bytes().to_vec();
        padded.extend([0u8; 5000]);
        assert_eq!(detect(&padded, true).map(Encoding::name), Ok("utf-8"));
        // Without a whole line before it, the run is a binary file's.
        let mut blob = b"IHDR".to_vec();
        blob.extend([0u8; 5000]);
        assert_eq!(detect(&blob, true), Err(IngestError::Binary));
    }

    #[test]
    fn names_round_trip() {
        for n in ["utf-8", "utf-16le", "windows-1258", "tcvn3", "vni"] {
            assert_eq!(Encoding::from_name(n).map(Encoding::name), Some(n));
        }
        assert_eq!(Encoding::from_name("klingon"), None);
    }
}
