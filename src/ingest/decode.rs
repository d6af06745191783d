//! Bytes → text. The first stage: nothing else is sniffed before the text is decoded.
//!
//! Today: UTF-8 with or without BOM, UTF-16 LE/BE with BOM (Excel "Unicode Text"). Legacy code
//! pages (windows-1258, TCVN3, VNI) come with the ingestion issue; until then such a file gets a
//! clear message instead of mojibake.

use super::IngestError;
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }
}

pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest).map(|t| (t, Encoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok((Cow::Owned(utf16(rest, u16::from_le_bytes)), Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok((Cow::Owned(utf16(rest, u16::from_be_bytes)), Encoding::Utf16Be));
    }
    if looks_binary(bytes) {
        return Err(IngestError::Binary);
    }
    utf8(bytes).map(|t| (t, Encoding::Utf8))
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, IngestError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            Err(IngestError::NotUtf8 { line })
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// NUL bytes or many control characters in the first 4 KB: a spreadsheet, an image, a zip.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let control = head.iter().filter(|&&b| b < 0x09 || (0x0E..0x20).contains(&b)).count();
    head.contains(&0) || control * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_choose_the_encoding() {
        assert_eq!(decode(b"\xEF\xBB\xBFa;b").map(|(t, e)| (t.into_owned(), e)).ok(), Some(("a;b".into(), Encoding::Utf8Bom)));
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Mã\tb".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode(&le).map(|(t, e)| (t.into_owned(), e)).ok(), Some(("Mã\tb".into(), Encoding::Utf16Le)));
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("Mã".encode_utf16().flat_map(|u| u.to_be_bytes())).collect();
        assert_eq!(decode(&be).map(|(t, _)| t.into_owned()).ok(), Some("Mã".into()));
    }

    #[test]
    fn bad_bytes_are_named() {
        assert!(matches!(decode(b""), Err(IngestError::Empty)));
        assert!(matches!(decode(b"PK\x03\x04\x00\x00"), Err(IngestError::Binary)));
        assert!(matches!(decode(b"a,b\nc\xE0,d"), Err(IngestError::NotUtf8 { line: 2 })));
    }
}
