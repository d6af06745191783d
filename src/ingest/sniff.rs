//! What a file is, from its first bytes ([`file_kind`]: the one place that decides), and for
//! text, the shape of a delimited table: which delimiter, and whether Excel's `sep=` line comes
//! first.
//!
//! The delimiter is the candidate whose count per line (outside quotes) is the most consistent:
//! a `;` file full of decimal commas has a steady number of `;` and a varying number of `,`.

/// What a file is, whatever its name says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A zip holding an .xlsx workbook (or any zip that is not an OpenDocument spreadsheet).
    Xlsx,
    /// A zip whose first entry says it is an OpenDocument spreadsheet (.ods).
    Ods,
    /// An OLE container: an Excel 97-2003 workbook (.xls), or a password-protected .xlsx.
    Ole,
    /// An HTML page (some portals save an HTML table with an .xls/.xlsx name).
    Html,
    /// Anything else is read as delimited text.
    Text,
}

/// How many first bytes [`file_kind`] wants (fewer at the end of a small file).
pub const KIND_BYTES: usize = 4096;

/// What the file starting with `head` is.
pub fn file_kind(head: &[u8]) -> FileKind {
    if head.starts_with(b"PK\x03\x04") {
        // ODF puts an uncompressed `mimetype` entry first, its content right after its name.
        let ods = head.get(30..38) == Some(b"mimetype")
            && head
                .get(38..84)
                .is_some_and(|m| m.starts_with(b"application/vnd.oasis.opendocument.spreadsheet"));
        return if ods { FileKind::Ods } else { FileKind::Xlsx };
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return FileKind::Ole;
    }
    if looks_like_html(head) {
        return FileKind::Html;
    }
    FileKind::Text
}

/// Starts (after a BOM and white space) with `<` and names `<html` or `<table` in its first
/// bytes. UTF-16 pages are read through their ASCII bytes, which is all the test needs.
fn looks_like_html(head: &[u8]) -> bool {
    let head = &head[..head.len().min(KIND_BYTES)];
    let ascii: Vec<u8> = if let Some(rest) = head.strip_prefix(&[0xFF, 0xFE]) {
        rest.chunks(2).map(|c| c[0]).collect()
    } else if let Some(rest) = head.strip_prefix(&[0xFE, 0xFF]) {
        rest.chunks(2).filter_map(|c| c.get(1).copied()).collect()
    } else {
        head.strip_prefix(&[0xEF, 0xBB, 0xBF])
            .unwrap_or(head)
            .to_vec()
    };
    let starts_with_tag = ascii.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    let names = |tag: &[u8]| {
        ascii
            .windows(tag.len())
            .any(|w| w.eq_ignore_ascii_case(tag))
    };
    starts_with_tag && (names(b"<html") || names(b"<table"))
}

pub const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// (delimiter, byte offset where the table starts).
pub fn sniff(text: &str) -> (u8, usize) {
    if let Some(rest) = text.strip_prefix("sep=") {
        if let Some(&d) = rest.as_bytes().first() {
            let line_end = rest.find('\n').map_or(text.len(), |i| 4 + i + 1);
            return (d, line_end);
        }
    }
    (delimiter(text.as_bytes()), 0)
}

fn delimiter(bytes: &[u8]) -> u8 {
    const SAMPLE_LINES: usize = 50;
    let mut counts: Vec<[usize; 4]> = Vec::with_capacity(SAMPLE_LINES);
    let mut line = [0usize; 4];
    let mut in_quotes = false;
    for &b in bytes {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                counts.push(line);
                line = [0; 4];
                if counts.len() == SAMPLE_LINES {
                    break;
                }
            }
            _ if !in_quotes => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    line[i] += 1;
                }
            }
            _ => {}
        }
    }
    if line.iter().any(|&n| n > 0) {
        counts.push(line);
    }
    let mut best = (0usize, 0usize, b','); // (lines agreeing with the mode, mode, delimiter)
    for (i, &c) in CANDIDATES.iter().enumerate() {
        let per_line: Vec<usize> = counts.iter().map(|l| l[i]).collect();
        let mode = mode(&per_line);
        if mode == 0 {
            continue;
        }
        let agreeing = per_line.iter().filter(|&&n| n == mode).count();
        if (agreeing, mode) > (best.0, best.1) {
            best = (agreeing, mode, c);
        }
    }
    best.2
}

fn mode(values: &[usize]) -> usize {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mut best = (0, 0);
    let mut i = 0;
    while i < sorted.len() {
        let j = sorted[i..].iter().take_while(|&&v| v == sorted[i]).count();
        if j > best.1 || (j == best.1 && sorted[i] > best.0) {
            best = (sorted[i], j);
        }
        i += j;
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_for_what_they_are() {
        assert_eq!(file_kind(b"PK\x03\x04rest"), FileKind::Xlsx);
        let mut ods = b"PK\x03\x04".to_vec();
        ods.resize(30, 0);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK");
        assert_eq!(file_kind(&ods), FileKind::Ods);
        assert_eq!(
            file_kind(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            FileKind::Ole
        );
        assert_eq!(
            file_kind(b"\xEF\xBB\xBF\r\n  <!DOCTYPE html>\n<HTML><body><table>"),
            FileKind::Html
        );
        assert_eq!(
            file_kind(b"<meta charset=utf-8><TABLE border=1>"),
            FileKind::Html
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<html>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(file_kind(&utf16), FileKind::Html);
        assert_eq!(file_kind(b"<p>no table</p>"), FileKind::Text);
        assert_eq!(file_kind(b"Ma ho so;Don vi\n1;A\n"), FileKind::Text);
    }

    #[test]
    fn semicolons_beat_decimal_commas() {
        let t = "Mã;Đơn vị;Tỷ lệ\nA;Sở Tư pháp;96,9\nB;UBND xã A, huyện B;1,5\nC;X;0,47\n";
        assert_eq!(sniff(t), (b';', 0));
    }

    #[test]
    fn tabs_commas_pipes() {
        assert_eq!(sniff("a\tb\tc\n1\t2\t3\n").0, b'\t');
        assert_eq!(sniff("a,b,c\n1,\"x,y\",3\n").0, b',');
        assert_eq!(sniff("a|b\n1|2\n").0, b'|');
    }

    #[test]
    fn excel_sep_line_is_honoured_and_skipped() {
        let t = "sep=;\nMã;Đơn vị\n";
        assert_eq!(sniff(t), (b';', 6));
    }

    #[test]
    fn quoted_newlines_do_not_break_lines() {
        let t = "a;b;c\n\"x\ny, z\";2;3\n4;5;6\n";
        assert_eq!(sniff(t).0, b';');
    }
}
