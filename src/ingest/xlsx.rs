//! .xlsx bytes → one sheet as rows of text cells, for the same header search and value parsers as
//! CSV.
//!
//! Owns what a "spreadsheet" file really is (a zip workbook, an encrypted or legacy OLE file, an
//! HTML table saved under an Excel name), the zip-bomb guard that runs before anything is
//! decompressed, the choice of sheet, the text of each cell (dates day-first, numbers in plain
//! decimal with '.', as the caller's parsers read them) and the spreading of merged header cells.
//!
//! Must not know column meanings, the header search, the methodology or any wording: errors are
//! facts, and `messages.rs` turns them into text. No wasm, no DOM.

use calamine::{DataRef, Dimensions, Reader, SheetType, SheetVisible, Xlsx};
use std::io::Cursor;

/// Why a workbook cannot be read. Messages are written elsewhere (src/messages.rs); this enum only
/// carries facts.
#[derive(Clone, Debug, PartialEq)]
pub enum XlsxError {
    /// OLE/CFB container (bytes start D0 CF 11 E0 A1 B1 1A E1): a password-protected .xlsx or an
    /// old .xls.
    EncryptedOrLegacy,
    /// The file is HTML (some portals save an HTML table with an .xls/.xlsx name).
    Html,
    /// Not a zip / not a workbook; the detail is the underlying reader's message.
    NotWorkbook(String),
    /// The declared uncompressed size of the zip entries exceeds `limit` (zip-bomb guard, checked
    /// before anything is decompressed); also when the sheet's cells, as text, would take more
    /// than `limit` bytes of memory (a few bytes of XML can repeat a long shared string or jump to
    /// row 1 000 000).
    TooLarge {
        uncompressed: u64,
        limit: u64,
    },
    /// More sheets than [`MAX_SHEETS`].
    TooManySheets(usize),
    NoSuchSheet(String),
    /// No bytes, or no sheet with a non-blank cell (or the named sheet is blank).
    Empty,
}

pub const MAX_UNCOMPRESSED: u64 = 1 << 30; // 1 GiB
pub const MAX_SHEETS: usize = 256;
/// Memory the rows of text may take (cells × `String` header + text bytes).
pub const MAX_TABLE_BYTES: u64 = 1 << 30;
/// Merged regions starting in this many rows from the top of the used range are spread: title
/// rows and two- or three-row headers live there, data below never needs it.
const HEADER_ROWS: u32 = 10;

/// One sheet as rows of text cells, ready for the same header search and value parsers as CSV.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetTable {
    pub name: String,
    /// Rows from the first row holding a non-blank cell; `rows[i][j]` is Excel column j (A = 0).
    /// Rows are as long as their last non-blank cell (or a spread merged cell); cells holding
    /// only whitespace are left empty.
    pub rows: Vec<Vec<String>>,
    /// The workbook counts dates from 1904 (old Mac Excel). Dates are already rendered as text;
    /// this only tells the caller how to read plain numbers a user says are dates.
    pub date1904: bool,
    /// 1-based Excel row number of `rows[0]`, so the row a user sees is `first_row + i`.
    pub first_row: u32,
}

/// The worksheets' names in workbook order (hidden ones included; chart sheets left out).
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, XlsxError> {
    let workbook = open(bytes)?;
    Ok(worksheets(&workbook).map(|s| s.name.clone()).collect())
}

/// Reads `sheet` (by name; an exact match first, else ignoring case as Excel does), or when `None`
/// the first sheet that has any non-blank cell, visible sheets before hidden ones (hidden sheets
/// usually hold drop-down lists).
pub fn read_sheet(bytes: &[u8], sheet: Option<&str>) -> Result<SheetTable, XlsxError> {
    read_sheet_within(bytes, sheet, MAX_TABLE_BYTES)
}

/// [`read_sheet`] with the table's memory limited to `limit` bytes (a small file must not ask
/// for gigabytes once its rows are held together).
fn read_sheet_within(bytes: &[u8], sheet: Option<&str>, limit: u64) -> Result<SheetTable, XlsxError> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut first: Option<u32> = None;
    let mut budget = Budget { used: 0, limit };
    let meta = for_each_row(bytes, sheet, |excel_row, cells| {
        let r = excel_row - 1;
        let f = *first.get_or_insert(r);
        // Rows are contiguous here (a blank row is an empty Vec), so gaps cost their headers.
        let index = (r - f) as usize;
        budget.charge_slots(index.saturating_add(1).saturating_sub(rows.len()))?;
        budget.charge_slots(cells.len())?;
        budget.charge_bytes(cells.iter().map(String::len).sum())?;
        if rows.len() <= index {
            rows.resize_with(index + 1, Vec::new);
        }
        rows[index] = cells.to_vec();
        Ok(())
    })?;
    let meta = meta?;
    Ok(SheetTable { name: meta.name, rows, date1904: meta.date1904, first_row: first.unwrap_or(0).saturating_add(1) })
}

/// Which sheet was read, and its date system.
pub struct SheetMeta {
    pub name: String,
    pub date1904: bool,
}

/// Streams `sheet`'s non-blank rows to `f` as (1-based Excel row, cells), never holding the
/// table: memory is the workbook's bytes, its shared strings and one row. Merged regions in the
/// first rows are spread first (title rows and two- or three-row headers). The sheet is chosen as
/// [`read_sheet`] does; the outer error is the workbook's, the inner one `f`'s.
pub fn for_each_row<E>(bytes: &[u8], sheet: Option<&str>, mut f: impl FnMut(u32, &[String]) -> Result<(), E>) -> Result<Result<SheetMeta, E>, XlsxError> {
    let mut workbook = open(bytes)?;
    let date1904 = workbook.has_1904_epoch();
    let candidates: Vec<String> = match sheet {
        Some(wanted) => {
            let names: Vec<&String> = worksheets(&workbook).map(|s| &s.name).collect();
            let found = names
                .iter()
                .find(|n| n.as_str() == wanted)
                .or_else(|| names.iter().find(|n| n.to_lowercase() == wanted.to_lowercase()));
            match found {
                Some(name) => vec![(*name).clone()],
                None => return Err(XlsxError::NoSuchSheet(wanted.to_string())),
            }
        }
        None => {
            let (visible, hidden): (Vec<_>, Vec<_>) =
                worksheets(&workbook).partition(|s| s.visible == SheetVisible::Visible);
            visible.into_iter().chain(hidden).map(|s| s.name.clone()).collect()
        }
    };
    for name in candidates {
        // A malformed <mergeCells> is not worth refusing a sheet whose cells are readable:
        // without the spread the header search still sees the top-left texts.
        let regions = workbook.merge_cells_by_sheet_name(&name).unwrap_or_default();
        match stream_cells(&mut workbook, &name, date1904, &regions, &mut f)? {
            Streamed::Empty => continue,
            Streamed::Done => return Ok(Ok(SheetMeta { name, date1904 })),
            Streamed::Stopped(e) => return Ok(Err(e)),
        }
    }
    Err(XlsxError::Empty)
}

/// Header rows are combined by the format-agnostic reader; re-exported for this module's tests.
pub use super::rows::combine_header_rows;

type Workbook<'b> = Xlsx<Cursor<&'b [u8]>>;

/// Recognises the file, checks its declared size, then lets calamine read the workbook part
/// (shared strings, styles, sheet list).
fn open(bytes: &[u8]) -> Result<Workbook<'_>, XlsxError> {
    if bytes.is_empty() {
        return Err(XlsxError::Empty);
    }
    if bytes.starts_with(&CFB_SIGNATURE) {
        return Err(XlsxError::EncryptedOrLegacy);
    }
    if looks_like_html(bytes) {
        return Err(XlsxError::Html);
    }
    check_zip(bytes)?;
    let workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| XlsxError::NotWorkbook(e.to_string()))?;
    let sheets = workbook.sheets_metadata().len();
    if sheets > MAX_SHEETS {
        return Err(XlsxError::TooManySheets(sheets));
    }
    Ok(workbook)
}

fn worksheets<'w>(workbook: &'w Workbook<'_>) -> impl Iterator<Item = &'w calamine::Sheet> {
    workbook.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet)
}

const CFB_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Starts (after a BOM and whitespace) with `<` and names `<html` or `<table` in the first 4 KB.
/// UTF-16 pages are read through their ASCII bytes, which is all the test needs.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let ascii: Vec<u8> = if let Some(rest) = head.strip_prefix(&[0xFF, 0xFE]) {
        rest.chunks(2).map(|c| c[0]).collect()
    } else if let Some(rest) = head.strip_prefix(&[0xFE, 0xFF]) {
        rest.chunks(2).filter_map(|c| c.get(1).copied()).collect()
    } else {
        head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head).to_vec()
    };
    let starts_with_tag = ascii.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    let names = |tag: &[u8]| ascii.windows(tag.len()).any(|w| w.eq_ignore_ascii_case(tag));
    starts_with_tag && (names(b"<html") || names(b"<table"))
}

// ---------------------------------------------------------------------------------------------
// Zip-bomb guard: the central directory's declared sizes, read before calamine decompresses.
//
// The `zip` crate (9.8, through calamine) fails an entry that inflates past its declared size
// (`Crc32Reader::with_size_limit`), so the declared sizes bound what calamine can decompress.
// `zip` is not our dependency, so the directory is read here; it is small. Every
// end-of-directory record in the tail is tried, and the largest total any of them declares is the
// one checked: whichever record `zip` settles on, it cannot declare more.

const EOCD_SIGNATURE: [u8; 4] = *b"PK\x05\x06";
const EOCD64_LOCATOR_SIGNATURE: [u8; 4] = *b"PK\x06\x07";
const EOCD64_SIGNATURE: [u8; 4] = *b"PK\x06\x06";
const CENTRAL_HEADER_SIGNATURE: [u8; 4] = *b"PK\x01\x02";
const LOCAL_HEADER_SIGNATURE: [u8; 4] = *b"PK\x03\x04";
const EOCD_LEN: usize = 22;
const EOCD64_LOCATOR_LEN: usize = 20;
const EOCD64_LEN: usize = 56;
const CENTRAL_HEADER_LEN: usize = 46;
const LOCAL_HEADER_LEN: usize = 30;
const MAX_EOCD_RECORDS: usize = 16;

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(usize::from(u16::from_le_bytes([s[0], s[1]])))
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]])))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
}

/// What one reading of the central directory declares.
struct Directory {
    /// The sum of the entries' uncompressed sizes.
    total: u64,
    /// The first [`MAX_SHARED_STRING_ENTRIES`] entries calamine could take for the shared-string
    /// table (it looks the path up ignoring case), and how many there are in all.
    shared_strings: Vec<ZipEntry>,
    shared_string_entries: usize,
}

/// A real workbook has one shared-string table; a few more are tolerated, not thousands.
const MAX_SHARED_STRING_ENTRIES: usize = 4;
const SHARED_STRINGS_NAME: &[u8] = b"sharedstrings.xml";

/// One file of a zip as its central directory describes it.
struct ZipEntry {
    method: usize,
    compressed: u64,
    uncompressed: u64,
    /// Where the local header is in `bytes` (prepended bytes already accounted for).
    local_header: u64,
}

/// Every central directory that parses: one per reading of each end-of-directory record found.
fn central_directories(bytes: &[u8]) -> Vec<Directory> {
    let mut directories = Vec::new();
    // The record is 22 bytes plus a comment of at most 65 535.
    let Some(last) = bytes.len().checked_sub(EOCD_LEN) else { return directories };
    let first = bytes.len().saturating_sub(EOCD_LEN + usize::from(u16::MAX));
    // Each record may point at a directory as large as the file: a tail full of signatures
    // must not make the guard itself slow. Real files have one.
    let records = (first..=last).rev().filter(|&at| bytes[at..].starts_with(&EOCD_SIGNATURE));
    for at in records.take(MAX_EOCD_RECORDS) {
        directories.extend(readings(bytes, at));
    }
    directories
}

/// The directories the record at `eocd` can mean: zip32, zip64 when a locator precedes it, each
/// with the directory at its declared offset or right before the record (prepended bytes).
fn readings(bytes: &[u8], eocd: usize) -> Vec<Directory> {
    let mut found = Vec::new();
    let (Some(entries), Some(size), Some(offset)) =
        (u16_at(bytes, eocd + 10), u32_at(bytes, eocd + 12), u32_at(bytes, eocd + 16))
    else {
        return found;
    };
    let mut records = vec![(entries as u64, size, offset, eocd as u64)];
    if let Some(locator) = eocd.checked_sub(EOCD64_LOCATOR_LEN) {
        if bytes[locator..].starts_with(&EOCD64_LOCATOR_SIGNATURE) {
            let declared = u64_at(bytes, locator + 8).and_then(|o| usize::try_from(o).ok());
            let adjacent = locator.checked_sub(EOCD64_LEN);
            for record in [declared, adjacent].into_iter().flatten() {
                if bytes.get(record..).is_some_and(|r| r.starts_with(&EOCD64_SIGNATURE)) {
                    if let (Some(n), Some(s), Some(o)) =
                        (u64_at(bytes, record + 32), u64_at(bytes, record + 40), u64_at(bytes, record + 48))
                    {
                        records.push((n, s, o, record as u64));
                    }
                }
            }
        }
    }
    for (entries, size, offset, end) in records {
        let mut starts = vec![offset];
        if let Some(before) = end.checked_sub(size) {
            if before != offset {
                starts.push(before);
            }
        }
        for start in starts {
            // Bytes before the archive shift every offset it records by the same amount.
            let shift = start.wrapping_sub(offset);
            if let Some(d) = usize::try_from(start).ok().and_then(|s| directory(bytes, s, entries, shift)) {
                found.push(d);
            }
        }
    }
    found
}

/// `entries` central headers from `start`; `None` unless every one is there.
fn directory(bytes: &[u8], start: usize, entries: u64, shift: u64) -> Option<Directory> {
    let mut at = start;
    let mut found = Directory { total: 0, shared_strings: Vec::new(), shared_string_entries: 0 };
    // Each header takes at least 46 bytes, so a huge declared count ends at the buffer's end.
    for _ in 0..entries {
        if !bytes.get(at..)?.starts_with(&CENTRAL_HEADER_SIGNATURE) {
            return None;
        }
        let method = u16_at(bytes, at + 10)?;
        let mut compressed = u32_at(bytes, at + 20)?;
        let mut uncompressed = u32_at(bytes, at + 24)?;
        let name_len = u16_at(bytes, at + 28)?;
        let extra_len = u16_at(bytes, at + 30)?;
        let comment_len = u16_at(bytes, at + 32)?;
        let mut local_header = u32_at(bytes, at + 42)?;
        let name_start = at + CENTRAL_HEADER_LEN;
        let name = bytes.get(name_start..name_start + name_len)?;
        let extra = bytes.get(name_start + name_len..name_start + name_len + extra_len)?;
        // Zip64: the saturated 32-bit fields are, in this order, in the 0x0001 extra block.
        // Without one the saturated values stand, which is over the limit anyway.
        let mut e = 0;
        while e + 4 <= extra.len() {
            let (id, len) = (u16_at(extra, e)?, u16_at(extra, e + 2)?);
            if id == 1 {
                let mut field = e + 4;
                for value in [&mut uncompressed, &mut compressed, &mut local_header] {
                    if *value == u64::from(u32::MAX) {
                        if let Some(real) = u64_at(extra, field).filter(|_| field + 8 <= e + 4 + len) {
                            *value = real;
                        }
                        field += 8;
                    }
                }
                break;
            }
            e += 4 + len;
        }
        found.total = found.total.saturating_add(uncompressed);
        let suffix = name.len().checked_sub(SHARED_STRINGS_NAME.len()).map(|i| &name[i..]);
        if suffix.is_some_and(|s| s.eq_ignore_ascii_case(SHARED_STRINGS_NAME)) {
            found.shared_string_entries += 1;
            if found.shared_strings.len() < MAX_SHARED_STRING_ENTRIES {
                let local_header = local_header.wrapping_add(shift);
                found.shared_strings.push(ZipEntry { method, compressed, uncompressed, local_header });
            }
        }
        at = name_start + name_len + extra_len + comment_len;
    }
    Some(found)
}

/// Refuses what `Xlsx::new` cannot be trusted with: entries declaring more than
/// [`MAX_UNCOMPRESSED`] in total, and a shared-string table declaring a count calamine would
/// reserve memory for before reading a single string (`uniqueCount="100000000000000"` in a
/// 1 KB file aborts the process: an allocation failure is not a panic that could be caught).
fn check_zip(bytes: &[u8]) -> Result<(), XlsxError> {
    let directories = central_directories(bytes);
    if directories.is_empty() {
        return Err(XlsxError::NotWorkbook("no zip central directory".to_string()));
    }
    let declared = directories.iter().map(|d| d.total).max().unwrap_or(0);
    if declared > MAX_UNCOMPRESSED {
        return Err(XlsxError::TooLarge { uncompressed: declared, limit: MAX_UNCOMPRESSED });
    }
    if directories.iter().any(|d| d.shared_string_entries > MAX_SHARED_STRING_ENTRIES) {
        return Err(XlsxError::NotWorkbook("too many sharedStrings.xml entries".to_string()));
    }
    // calamine finds the table by a path from the package's relationships, compared ignoring
    // case: every entry that could be it is checked.
    for entry in directories.iter().flat_map(|d| &d.shared_strings) {
        let Some(head) = entry_head(bytes, entry) else { continue };
        let count = match sst_tag(&head) {
            Some(tag) => unique_count(tag),
            // Real tables start with their tag; one that does not within the head hides it.
            None if head.len() >= HEAD_LEN => {
                return Err(XlsxError::NotWorkbook("sharedStrings.xml does not start with its table".to_string()));
            }
            // calamine reports a missing table itself.
            None => None,
        };
        let Some(count) = count else { continue };
        // `<si/>` is the shortest entry; a writer that miscounts stays far below a million.
        let possible = entry.uncompressed / 5;
        if count > possible.max(1_000_000) {
            return Err(XlsxError::NotWorkbook(format!(
                "sharedStrings.xml declares {count} strings in {} bytes",
                entry.uncompressed
            )));
        }
        let memory = count.saturating_mul(std::mem::size_of::<String>() as u64);
        if memory > MAX_TABLE_BYTES {
            return Err(XlsxError::TooLarge { uncompressed: memory, limit: MAX_TABLE_BYTES });
        }
    }
    Ok(())
}

/// How much of the shared-string table is read to find its start tag (real ones are within
/// the first hundred bytes).
const HEAD_LEN: usize = 64 << 10;

/// The first [`HEAD_LEN`] bytes of an entry's content (stored or deflated), if they can be read.
fn entry_head(bytes: &[u8], entry: &ZipEntry) -> Option<Vec<u8>> {
    let at = usize::try_from(entry.local_header).ok()?;
    if !bytes.get(at..)?.starts_with(&LOCAL_HEADER_SIGNATURE) {
        return None;
    }
    let data_start = at + LOCAL_HEADER_LEN + u16_at(bytes, at + 26)? + u16_at(bytes, at + 28)?;
    let data_end = data_start.saturating_add(usize::try_from(entry.compressed).ok()?).min(bytes.len());
    let data = bytes.get(data_start..data_end)?;
    match entry.method {
        0 => Some(data[..data.len().min(HEAD_LEN)].to_vec()),
        8 => Some(inflate_head(data, HEAD_LEN)),
        // Other methods are not compiled into calamine's `zip`: it refuses them itself.
        _ => None,
    }
}

/// The attributes of the first start tag whose local name is `sst`, as calamine looks for it.
fn sst_tag(head: &[u8]) -> Option<&[u8]> {
    let mut from = 0;
    loop {
        let lt = from + head.get(from..)?.iter().position(|&b| b == b'<')?;
        let name_end =
            lt + 1 + head[lt + 1..].iter().position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')?;
        let name = &head[lt + 1..name_end];
        let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
        if local == b"sst" {
            let end = name_end + head[name_end..].iter().position(|&b| b == b'>')?;
            return Some(&head[name_end..end]);
        }
        from = lt + 1;
    }
}

/// The `uniqueCount` attribute as calamine reads it (the raw value, digits only), or `None`.
fn unique_count(tag: &[u8]) -> Option<u64> {
    let at = tag.windows(11).position(|w| w == b"uniqueCount")?;
    let rest = tag[at + 11..].trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
    let quote = *rest.first()?;
    let value = rest.get(1..)?.split(|&b| b == quote).next()?;
    let digits = value.strip_prefix(b"+").unwrap_or(value);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Too many digits for u64 is a count no file can hold.
    Some(std::str::from_utf8(digits).ok()?.parse().unwrap_or(u64::MAX))
}

// ---------------------------------------------------------------------------------------------
// The first bytes of a deflate stream (RFC 1951), for the shared-string check above: `zip` is
// not our dependency and neither is an inflater. Decoding stops at `limit` bytes or at the first
// damage; calamine reports damaged entries itself.

fn inflate_head(data: &[u8], limit: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = Inflater { bits: Bits { data, pos: 0, buf: 0, count: 0 }, out: &mut out, limit }.run();
    out.truncate(limit);
    out
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u64,
    count: u32,
}

impl Bits<'_> {
    fn take(&mut self, n: u32) -> Option<usize> {
        while self.count < n {
            let byte = *self.data.get(self.pos)?;
            self.pos += 1;
            self.buf |= u64::from(byte) << self.count;
            self.count += 8;
        }
        let value = self.buf & ((1u64 << n) - 1);
        self.buf >>= n;
        self.count -= n;
        usize::try_from(value).ok()
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Huffman {
    counts: [usize; 16],
    symbols: Vec<usize>,
}

impl Huffman {
    fn new(lengths: &[usize]) -> Option<Huffman> {
        let mut counts = [0usize; 16];
        for &l in lengths {
            *counts.get_mut(l)? += 1;
        }
        counts[0] = 0;
        let mut offsets = [0usize; 16];
        for l in 1..15 {
            offsets[l + 1] = offsets[l] + counts[l];
        }
        let mut symbols = vec![0; lengths.len()];
        for (symbol, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbols[offsets[l]] = symbol;
                offsets[l] += 1;
            }
        }
        Some(Huffman { counts, symbols })
    }

    fn decode(&self, bits: &mut Bits<'_>) -> Option<usize> {
        let (mut code, mut first, mut index) = (0usize, 0usize, 0usize);
        for len in 1..16 {
            code |= bits.take(1)?;
            let count = self.counts[len];
            if code < first + count {
                return self.symbols.get(index + code - first).copied();
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        None
    }
}

const LENGTH_BASE: [usize; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA: [u32; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE: [usize; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u32; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

struct Inflater<'a, 'o> {
    bits: Bits<'a>,
    out: &'o mut Vec<u8>,
    limit: usize,
}

impl Inflater<'_, '_> {
    /// `None` at the end of the data, at damage, or once `limit` bytes are out.
    fn run(&mut self) -> Option<()> {
        loop {
            let last = self.bits.take(1)? == 1;
            match self.bits.take(2)? {
                0 => self.stored()?,
                1 => {
                    let mut lengths = [8usize; 288];
                    lengths[144..256].fill(9);
                    lengths[256..280].fill(7);
                    self.codes(&Huffman::new(&lengths)?, &Huffman::new(&[5; 30])?)?;
                }
                2 => {
                    let (literals, distances) = self.dynamic_tables()?;
                    self.codes(&literals, &distances)?;
                }
                _ => return None,
            }
            if last || self.out.len() >= self.limit {
                return Some(());
            }
        }
    }

    fn stored(&mut self) -> Option<()> {
        // Stored data starts at the next byte boundary.
        self.bits.buf = 0;
        self.bits.count = 0;
        let at = self.bits.pos;
        let len = u16_at(self.bits.data, at)?;
        let data = self.bits.data.get(at + 4..)?;
        let len = len.min(data.len()).min(self.limit.saturating_sub(self.out.len()));
        self.out.extend_from_slice(&data[..len]);
        self.bits.pos = at + 4 + len;
        Some(())
    }

    fn dynamic_tables(&mut self) -> Option<(Huffman, Huffman)> {
        let literals = self.bits.take(5)? + 257;
        let distances = self.bits.take(5)? + 1;
        let code_lengths = self.bits.take(4)? + 4;
        let mut lengths = [0usize; 19];
        for &i in CODE_LENGTH_ORDER.iter().take(code_lengths) {
            lengths[i] = self.bits.take(3)?;
        }
        let code = Huffman::new(&lengths)?;
        let mut lengths = Vec::with_capacity(literals + distances);
        while lengths.len() < literals + distances {
            let (value, repeat) = match code.decode(&mut self.bits)? {
                symbol @ 0..=15 => (symbol, 1),
                16 => (*lengths.last()?, 3 + self.bits.take(2)?),
                17 => (0, 3 + self.bits.take(3)?),
                _ => (0, 11 + self.bits.take(7)?),
            };
            lengths.extend(std::iter::repeat_n(value, repeat));
        }
        lengths.truncate(literals + distances);
        Some((Huffman::new(&lengths[..literals])?, Huffman::new(&lengths[literals..])?))
    }

    fn codes(&mut self, literals: &Huffman, distances: &Huffman) -> Option<()> {
        while self.out.len() < self.limit {
            let symbol = literals.decode(&mut self.bits)?;
            match symbol {
                0..=255 => self.out.push(symbol as u8),
                256 => return Some(()),
                _ => {
                    let i = symbol - 257;
                    let len = LENGTH_BASE.get(i)? + self.bits.take(*LENGTH_EXTRA.get(i)?)?;
                    let d = distances.decode(&mut self.bits)?;
                    let distance = DISTANCE_BASE.get(d)? + self.bits.take(*DISTANCE_EXTRA.get(d)?)?;
                    let from = self.out.len().checked_sub(distance)?;
                    for k in 0..len {
                        let byte = self.out[from + k];
                        self.out.push(byte);
                    }
                }
            }
        }
        Some(())
    }
}

// ---------------------------------------------------------------------------------------------
// Cells.

enum Streamed<E> {
    /// No non-blank cell.
    Empty,
    Done,
    Stopped(E),
}

/// The widest row a sheet can have (XFD).
const MAX_COLUMNS: usize = 16_384;

/// Reads the sheet's cells in order, handing out each row when the next begins. The first
/// `HEADER_ROWS` rows are held until merged regions are spread over them.
fn stream_cells<E>(
    workbook: &mut Workbook<'_>,
    name: &str,
    date1904: bool,
    regions: &[Dimensions],
    f: &mut impl FnMut(u32, &[String]) -> Result<(), E>,
) -> Result<Streamed<E>, XlsxError> {
    let not_workbook = |e: calamine::XlsxError| XlsxError::NotWorkbook(e.to_string());
    let mut reader = workbook.worksheet_cells_reader(name).map_err(not_workbook)?;
    let mut first: Option<u32> = None;
    // Header rows, contiguous from `first` (a blank row is an empty Vec); None once handed out.
    let mut head: Option<Vec<Vec<String>>> = Some(Vec::new());
    let mut current: Option<(u32, Vec<String>)> = None;
    let mut emit = |row: (u32, Vec<String>), head: &mut Option<Vec<Vec<String>>>, first: u32, last: bool| -> Result<(), E> {
        if let Some(h) = head.as_mut() {
            if row.0 < first.saturating_add(HEADER_ROWS) && !last {
                let index = (row.0 - first) as usize;
                if h.len() <= index {
                    h.resize_with(index + 1, Vec::new);
                }
                h[index] = row.1;
                return Ok(());
            }
            // Past the header area (or at the end): spread merged titles, hand the rows out.
            let mut rows = head.take().unwrap_or_default();
            if last && row.0 < first.saturating_add(HEADER_ROWS) {
                let index = (row.0 - first) as usize;
                if rows.len() <= index {
                    rows.resize_with(index + 1, Vec::new);
                }
                rows[index] = row.1;
                spread_merged(&mut rows, first, regions);
                for (i, r) in rows.iter().enumerate().filter(|(_, r)| !r.is_empty()) {
                    f(first + i as u32 + 1, r)?;
                }
                return Ok(());
            }
            spread_merged(&mut rows, first, regions);
            for (i, r) in rows.iter().enumerate().filter(|(_, r)| !r.is_empty()) {
                f(first + i as u32 + 1, r)?;
            }
        }
        f(row.0 + 1, &row.1)
    };
    while let Some(cell) = reader.next_cell().map_err(not_workbook)? {
        let text = cell_text(cell.get_value(), date1904);
        // Formatted but blank cells (whole formatted rows are common) must not widen the table.
        if text.trim().is_empty() {
            continue;
        }
        let (r, c) = cell.get_position();
        let c = c as usize;
        if c >= MAX_COLUMNS {
            return Err(XlsxError::NotWorkbook(format!("cell beyond column XFD at row {}", r + 1)));
        }
        let f0 = *first.get_or_insert(r);
        if current.as_ref().is_some_and(|(cr, _)| *cr != r) {
            if let Some(done) = current.take() {
                if let Err(e) = emit(done, &mut head, f0, false) {
                    return Ok(Streamed::Stopped(e));
                }
            }
        }
        // Rows out of order (never written so by Excel) would come before the first: start there.
        if r < f0 {
            continue;
        }
        let row = &mut current.get_or_insert_with(|| (r, Vec::new())).1;
        if row.len() <= c {
            row.resize_with(c + 1, String::new);
        }
        row[c] = text;
    }
    let Some(f0) = first else { return Ok(Streamed::Empty) };
    let result = match current.take() {
        Some(done) => emit(done, &mut head, f0, true),
        None => match head.take() {
            Some(mut rows) => {
                spread_merged(&mut rows, f0, regions);
                rows.iter().enumerate().filter(|(_, r)| !r.is_empty()).try_for_each(|(i, r)| f(f0 + i as u32 + 1, r))
            }
            None => Ok(()),
        },
    };
    Ok(match result {
        Ok(()) => Streamed::Done,
        Err(e) => Streamed::Stopped(e),
    })
}

/// What the rows will take in memory, so that a small file cannot ask for gigabytes.
struct Budget {
    used: u64,
    limit: u64,
}

impl Budget {
    fn charge_bytes(&mut self, n: usize) -> Result<(), XlsxError> {
        self.used = self.used.saturating_add(n as u64);
        if self.used > self.limit {
            return Err(XlsxError::TooLarge { uncompressed: self.used, limit: self.limit });
        }
        Ok(())
    }

    /// A row or an empty cell costs its `String`/`Vec` header.
    fn charge_slots(&mut self, slots: usize) -> Result<(), XlsxError> {
        self.charge_bytes(slots.saturating_mul(std::mem::size_of::<String>()))
    }
}

/// Copies each merged region's top-left text into its other cells, for regions whose top row is
/// among the first `HEADER_ROWS` rows of the table. `first` is the sheet row (0-based) of
/// `rows[0]`; regions are in sheet coordinates, as calamine gives them. Fills stay inside the
/// header rows and the table's width, so a region over a whole sheet costs nothing.
fn spread_merged(rows: &mut [Vec<String>], first: u32, regions: &[Dimensions]) {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let header_end =
        first.saturating_add(HEADER_ROWS).min(first.saturating_add(u32::try_from(rows.len()).unwrap_or(u32::MAX)));
    // Regions of a well-formed sheet do not overlap, so they cannot fill more than the header
    // area; overlapping ones in a hostile file must not cost more time than that either.
    let mut room = HEADER_ROWS as usize * width;
    for &Dimensions { start: (top, left), end: (bottom, right) } in regions {
        if top < first || top >= header_end || bottom < top || right < left {
            continue;
        }
        let (top, left) = ((top - first) as usize, left as usize);
        let Some(text) = rows[top].get(left).filter(|t| !t.trim().is_empty()).cloned() else {
            continue;
        };
        let bottom = (bottom.min(header_end - 1) - first) as usize;
        // `left` is inside row `top`, so inside the width.
        let right = (right as usize).min(width - 1);
        for (r, row) in rows.iter_mut().enumerate().take(bottom + 1).skip(top) {
            let cells = right - left + 1;
            if cells > room {
                return;
            }
            room -= cells;
            if row.len() <= right {
                row.resize_with(right + 1, String::new);
            }
            for (c, cell) in row.iter_mut().enumerate().take(right + 1).skip(left) {
                if (r, c) != (top, left) {
                    cell.clone_from(&text);
                }
            }
        }
    }
}

/// The text our parsers read for one cell.
fn cell_text(value: &DataRef<'_>, date1904: bool) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(true) => "TRUE".to_string(),
        DataRef::Bool(false) => "FALSE".to_string(),
        DataRef::DateTime(dt) if dt.is_duration() => duration_text(dt.as_f64()),
        DataRef::DateTime(dt) => serial_text(dt.as_f64(), date1904),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// Plain decimal with '.', never an exponent; integers without a point. Rounded to Excel's 15
/// significant digits first, so 0.1 + 0.2 reads as the `0.3` the user sees in Excel.
fn number_text(f: f64) -> String {
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

/// Days from 1970-01-01 to the day each epoch counts from.
const DAY_1899_12_30: i64 = -25_569;
const DAY_1899_12_31: i64 = -25_568;
const DAY_1904_01_01: i64 = -24_107;
const SECONDS_PER_DAY: i64 = 86_400;

/// `dd/mm/yyyy`, with ` HH:MM:SS` when the time is not midnight, as Excel shows the serial date
/// (serial 0 of 1900 is `00/01/1900` and serial 60 the phantom `29/02/1900`, both of which the
/// caller's date parser rejects as it should). Outside years 1900..=9999 the number is returned.
fn serial_text(serial: f64, date1904: bool) -> String {
    let Some((y, m, d, secs)) = serial_parts(serial, date1904) else {
        return number_text(serial);
    };
    let date = format!("{d:02}/{m:02}/{y:04}");
    if secs == 0 {
        return date;
    }
    format!("{date} {:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// (year, month, day, seconds into the day) of an Excel serial date, rounded to the second.
fn serial_parts(serial: f64, date1904: bool) -> Option<(i64, i64, i64, i64)> {
    // Excel's last day is 9999-12-31; the bound also keeps the cast below exact.
    if !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let total = (serial * SECONDS_PER_DAY as f64).round() as i64;
    let (days, secs) = (total.div_euclid(SECONDS_PER_DAY), total.rem_euclid(SECONDS_PER_DAY));
    let (y, m, d) = if date1904 {
        civil_from_days(DAY_1904_01_01 + days)
    } else {
        match days {
            0 => (1900, 1, 0),
            // Excel keeps Lotus 1-2-3's 29 February 1900, so serials after it are one day ahead.
            60 => (1900, 2, 29),
            1..=59 => civil_from_days(DAY_1899_12_31 + days),
            _ => civil_from_days(DAY_1899_12_30 + days),
        }
    };
    (y <= 9999).then_some((y, m, d, secs))
}

/// Proleptic Gregorian (year, month, day) of a count of days from 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `[h]:mm:ss`, as Excel shows a duration (hours past 24 are kept).
fn duration_text(days: f64) -> String {
    if !days.is_finite() || days.abs() >= 3_000_000.0 {
        return number_text(days);
    }
    let total = (days * SECONDS_PER_DAY as f64).round() as i64;
    let sign = if total < 0 { "-" } else { "" };
    let t = total.abs();
    format!("{sign}{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
}

#[cfg(test)]
mod tests {
    // A failing unwrap is a failing test, which is what it should be here.
    #![allow(clippy::unwrap_used)]

    use super::*;
    use proptest::prelude::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

    /// A workbook written by rust_xlsxwriter, as Excel would save it.
    fn written(build: impl FnOnce(&mut Workbook) -> Result<(), rust_xlsxwriter::XlsxError>) -> Vec<u8> {
        let mut workbook = Workbook::new();
        build(&mut workbook).unwrap();
        workbook.save_to_buffer().unwrap()
    }

    fn date_format() -> Format {
        Format::new().set_num_format("dd/mm/yyyy")
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    /// One entry of a hand-made zip: the central directory may declare another size (and carry a
    /// zip64 extra block) than the data really has.
    struct Entry<'a> {
        name: &'a str,
        /// The bytes as stored in the zip (compressed when `method` is 8).
        data: Vec<u8>,
        method: u16,
        crc: u32,
        len: u32,
        declared: Option<u32>,
        central_extra: Vec<u8>,
    }

    fn entry<'a>(name: &'a str, data: &[u8]) -> Entry<'a> {
        let (crc, len) = (crc32(data), data.len() as u32);
        Entry { name, data: data.to_vec(), method: 0, crc, len, declared: None, central_extra: Vec::new() }
    }

    fn deflated_entry<'a>(name: &'a str, data: &[u8]) -> Entry<'a> {
        Entry { data: deflate_fixed(data), method: 8, ..entry(name, data) }
    }

    /// A deflate stream of one fixed-Huffman block of literals: no compression, but real codes.
    fn deflate_fixed(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let (mut buf, mut count) = (0u32, 0u32);
        let mut put = |value: u32, bits: u32, msb_first: bool| {
            for i in 0..bits {
                let bit = if msb_first { (value >> (bits - 1 - i)) & 1 } else { (value >> i) & 1 };
                buf |= bit << count;
                count += 1;
                if count == 8 {
                    out.push(buf as u8);
                    (buf, count) = (0, 0);
                }
            }
        };
        put(1, 1, false); // last block
        put(1, 2, false); // fixed codes
        for &b in data {
            match b {
                0..=143 => put(0x30 + u32::from(b), 8, true),
                _ => put(0x190 + u32::from(b) - 144, 9, true),
            }
        }
        put(0, 7, true); // end of block
        put(0, 7, false); // flush the last partial byte
        out
    }

    /// A zip of stored (uncompressed) entries, written by hand so tests control every field.
    fn stored_zip(entries: &[Entry<'_>]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        let dos_date: u16 = (44 << 9) | (1 << 5) | 1; // 2024-01-01
        for e in entries {
            let offset = out.len() as u32;
            let (crc, len, stored) = (e.crc, e.len, e.data.len() as u32);
            let name = e.name.as_bytes();
            out.extend_from_slice(b"PK\x03\x04");
            for v in [20u16, 0, e.method, 0, dos_date] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            for v in [crc, stored, len] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name);
            out.extend_from_slice(&e.data);

            central.extend_from_slice(b"PK\x01\x02");
            for v in [20u16, 20, 0, e.method, 0, dos_date] {
                central.extend_from_slice(&v.to_le_bytes());
            }
            for v in [crc, stored, e.declared.unwrap_or(len)] {
                central.extend_from_slice(&v.to_le_bytes());
            }
            for v in [name.len() as u16, e.central_extra.len() as u16, 0, 0, 0] {
                central.extend_from_slice(&v.to_le_bytes());
            }
            central.extend_from_slice(&0u32.to_le_bytes());
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name);
            central.extend_from_slice(&e.central_extra);
        }
        let (cd_offset, cd_len, n) = (out.len() as u32, central.len() as u32, entries.len() as u16);
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06");
        for v in [0u16, 0, n, n] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [cd_len, cd_offset] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// A one-sheet workbook written by hand, for what rust_xlsxwriter cannot write (the 1904
    /// system) and for hostile contents. Style 1 is `dd/mm/yyyy`.
    fn handmade(workbook_pr: &str, sheet_data: &str, sst: &str) -> Vec<u8> {
        let sst = format!(r#"<sst xmlns="{MAIN_NS}">{sst}</sst>"#);
        handmade_parts(workbook_pr, &format!("<sheetData>{sheet_data}</sheetData>"), &sst, entry)
    }

    /// As [`handmade`], with the worksheet's whole content (sheet data, merged cells).
    fn handmade_sheet(workbook_pr: &str, worksheet: &str, sst: &str) -> Vec<u8> {
        handmade_parts(workbook_pr, worksheet, &format!(r#"<sst xmlns="{MAIN_NS}">{sst}</sst>"#), entry)
    }

    /// Every part given; `make` stores or deflates each.
    fn handmade_parts(
        workbook_pr: &str,
        worksheet: &str,
        sst: &str,
        make: for<'n> fn(&'n str, &[u8]) -> Entry<'n>,
    ) -> Vec<u8> {
        let pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
        let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;
        let rels = format!(
            r#"<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        );
        let workbook = format!(
            r#"<workbook xmlns="{MAIN_NS}" xmlns:r="{REL}">{workbook_pr}<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        );
        let workbook_rels = format!(
            r#"<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
        );
        let styles = format!(
            r#"<styleSheet xmlns="{MAIN_NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#
        );
        let sheet = format!(r#"<worksheet xmlns="{MAIN_NS}">{worksheet}</worksheet>"#);
        stored_zip(&[
            make("[Content_Types].xml", types.as_bytes()),
            make("_rels/.rels", rels.as_bytes()),
            make("xl/workbook.xml", workbook.as_bytes()),
            make("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
            make("xl/styles.xml", styles.as_bytes()),
            make("xl/sharedStrings.xml", sst.as_bytes()),
            make("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ])
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn title_row_and_merged_two_row_header_above_data() {
        let bytes = written(|wb| {
            let ws: &mut Worksheet = wb.add_worksheet();
            let plain = Format::new();
            // Row 1 empty, title on row 2 merged over the table, header on rows 4–5.
            ws.merge_range(1, 0, 1, 4, "DANH SÁCH HỒ SƠ THÁNG 8/2024", &plain)?;
            ws.merge_range(3, 0, 4, 0, "Mã hồ sơ", &plain)?;
            ws.merge_range(3, 1, 4, 1, "Đơn vị", &plain)?;
            ws.merge_range(3, 2, 3, 3, "Ngày", &plain)?;
            ws.write_string(4, 2, "tiếp nhận")?;
            ws.write_string(4, 3, "hẹn trả")?;
            ws.merge_range(3, 4, 4, 4, "Phí", &plain)?;
            ws.write_string(5, 0, "000.00.01.H01-240830-0001")?;
            ws.write_string(5, 1, "UBND xã An Bình")?;
            ws.write_datetime_with_format(5, 2, ExcelDateTime::from_ymd(2024, 8, 30)?, &date_format())?;
            ws.write_string(5, 3, "05/09/2024")?;
            ws.write_number(5, 4, 1234.5)?;
            // A region far below the header is left alone.
            ws.merge_range(20, 0, 20, 1, "Người lập biểu", &plain)?;
            Ok(())
        });
        let table = read_sheet(&bytes, None).unwrap();
        assert_eq!(table.name, "Sheet1");
        assert_eq!(table.first_row, 2);
        assert!(!table.date1904);
        assert_eq!(table.rows[0], vec!["DANH SÁCH HỒ SƠ THÁNG 8/2024"; 5]);
        assert!(table.rows[1].is_empty());
        assert_eq!(table.rows[2], strings(&["Mã hồ sơ", "Đơn vị", "Ngày", "Ngày", "Phí"]));
        assert_eq!(table.rows[3], strings(&["Mã hồ sơ", "Đơn vị", "tiếp nhận", "hẹn trả", "Phí"]));
        assert_eq!(
            combine_header_rows(&table.rows[2..4]),
            strings(&["Mã hồ sơ", "Đơn vị", "Ngày tiếp nhận", "Ngày hẹn trả", "Phí"])
        );
        assert_eq!(
            table.rows[4],
            strings(&["000.00.01.H01-240830-0001", "UBND xã An Bình", "30/08/2024", "05/09/2024", "1234.5"])
        );
        // Excel row 21 is rows[19]; its merge starts below the header rows.
        assert_eq!(table.rows[19], strings(&["Người lập biểu"]));
        assert_eq!(table.rows.len(), 20);
    }

    #[test]
    fn dates_numbers_booleans_and_text_as_the_parsers_read_them() {
        let bytes = written(|wb| {
            let ws = wb.add_worksheet();
            let datetime = Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
            ws.write_datetime_with_format(0, 0, ExcelDateTime::from_ymd(2024, 2, 29)?, &date_format())?;
            ws.write_datetime_with_format(0, 1, ExcelDateTime::from_ymd(2024, 8, 30)?.and_hms(14, 5, 9)?, &datetime)?;
            ws.write_string(0, 2, "30/08/2024 14:05")?; // a date stored as text
            ws.write_number(1, 0, 45532)?;
            ws.write_number(1, 1, 0.1 + 0.2)?;
            ws.write_number(1, 2, 1e20)?;
            ws.write_number(1, 3, -0.000_125)?;
            ws.write_string(1, 4, "1.234.500")?; // a number stored as text, vi-VN style
            ws.write_string(1, 5, " 0123 ")?; // kept as is, spaces and leading zero
            ws.write_boolean(2, 0, true)?;
            ws.write_boolean(2, 1, false)?;
            ws.write_number_with_format(2, 2, 45532.75, &datetime)?;
            Ok(())
        });
        let table = read_sheet(&bytes, None).unwrap();
        assert_eq!(table.first_row, 1);
        assert_eq!(table.rows[0], strings(&["29/02/2024", "30/08/2024 14:05:09", "30/08/2024 14:05"]));
        assert_eq!(
            table.rows[1],
            strings(&["45532", "0.3", "100000000000000000000", "-0.000125", "1.234.500", " 0123 "])
        );
        assert_eq!(table.rows[2], strings(&["TRUE", "FALSE", "28/08/2024 18:00:00"]));
    }

    #[test]
    fn cells_without_a_value_or_with_an_error_are_empty() {
        assert_eq!(cell_text(&DataRef::Error(calamine::CellErrorType::NA), false), "");
        assert_eq!(cell_text(&DataRef::Error(calamine::CellErrorType::Div0), false), "");
        assert_eq!(cell_text(&DataRef::Empty, false), "");
        assert_eq!(cell_text(&DataRef::DateTimeIso("2024-08-30T14:05:09".into()), false), "2024-08-30T14:05:09");
        assert_eq!(cell_text(&DataRef::DurationIso("PT36H".into()), false), "PT36H");
        let duration = calamine::ExcelDateTime::new(1.5, calamine::ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_text(&DataRef::DateTime(duration), false), "36:00:00");
        assert_eq!(cell_text(&DataRef::Float(f64::NAN), false), "");
        assert_eq!(cell_text(&DataRef::Float(-0.0), false), "0");
    }

    #[test]
    fn serials_in_the_1900_system_include_excels_phantom_leap_day() {
        let cases = [
            (0.0, "00/01/1900"),
            (1.0, "01/01/1900"),
            (59.0, "28/02/1900"),
            (60.0, "29/02/1900"),
            (61.0, "01/03/1900"),
            (45534.0, "30/08/2024"),
            (45534.5, "30/08/2024 12:00:00"),
            (45534.99999999, "31/08/2024"), // rounds to the next midnight
            (2_958_465.0, "31/12/9999"),
            (2_958_466.0, "2958466"),
            (-1.0, "-1"),
        ];
        for (serial, text) in cases {
            assert_eq!(serial_text(serial, false), text, "serial {serial}");
        }
    }

    #[test]
    fn serials_in_the_1904_system_count_from_1904() {
        let cases = [
            (0.0, "01/01/1904"),
            (1.0, "02/01/1904"),
            (59.0, "29/02/1904"),
            (45534.0 - 1462.0, "30/08/2024"),
            (44072.25, "30/08/2024 06:00:00"),
        ];
        for (serial, text) in cases {
            assert_eq!(serial_text(serial, true), text, "serial {serial}");
        }
    }

    #[test]
    fn a_1904_workbook_is_read_in_its_own_system() {
        let sheet = r#"<row r="3"><c r="B3" s="1"><v>44072</v></c><c r="C3" t="s"><v>0</v></c><c r="D3" t="e"><v>#N/A</v></c></row>"#;
        let bytes = handmade(r#"<workbookPr date1904="1"/>"#, sheet, "<si><t>xin chào</t></si>");
        let table = read_sheet(&bytes, None).unwrap();
        assert!(table.date1904);
        assert_eq!(table.first_row, 3);
        assert_eq!(table.rows, vec![strings(&["", "30/08/2024", "xin chào"])]);

        let bytes = handmade("", sheet, "<si><t>xin chào</t></si>");
        let table = read_sheet(&bytes, None).unwrap();
        assert!(!table.date1904);
        assert_eq!(table.rows[0][1], "29/08/2020"); // the same serial in the 1900 system
    }

    #[test]
    fn sheets_are_chosen_by_name_or_as_the_first_visible_one_with_data() {
        let bytes = written(|wb| {
            wb.add_worksheet().set_name("DM")?.set_hidden(true).write_string(0, 0, "danh mục")?;
            wb.add_worksheet().set_name("Trống")?.write_string(3, 3, "   ")?;
            // Excel cannot hide the active sheet, and the first one is active by default.
            wb.add_worksheet().set_name("Dữ liệu")?.set_active(true).write_string(0, 0, "Mã hồ sơ")?;
            Ok(())
        });
        assert_eq!(sheet_names(&bytes).unwrap(), strings(&["DM", "Trống", "Dữ liệu"]));
        assert_eq!(read_sheet(&bytes, None).unwrap().name, "Dữ liệu");
        assert_eq!(read_sheet(&bytes, Some("DM")).unwrap().rows, vec![strings(&["danh mục"])]);
        assert_eq!(read_sheet(&bytes, Some("DỮ LIỆU")).unwrap().name, "Dữ liệu");
        assert_eq!(read_sheet(&bytes, Some("Trống")), Err(XlsxError::Empty));
        assert_eq!(read_sheet(&bytes, Some("Tháng 8")), Err(XlsxError::NoSuchSheet("Tháng 8".into())));

        let blank = written(|wb| {
            wb.add_worksheet();
            Ok(())
        });
        assert_eq!(read_sheet(&blank, None), Err(XlsxError::Empty));
    }

    #[test]
    fn too_many_sheets_are_refused() {
        let bytes = written(|wb| {
            for _ in 0..=MAX_SHEETS {
                wb.add_worksheet();
            }
            Ok(())
        });
        assert_eq!(sheet_names(&bytes), Err(XlsxError::TooManySheets(MAX_SHEETS + 1)));
    }

    #[test]
    fn files_that_are_not_workbooks_are_named_for_what_they_are() {
        assert_eq!(read_sheet(b"", None), Err(XlsxError::Empty));
        let html = b"\xEF\xBB\xBF\r\n  <!DOCTYPE html>\n<HTML><body><table><tr><td>1</td></tr></table>";
        assert_eq!(read_sheet(html, None), Err(XlsxError::Html));
        assert_eq!(sheet_names(b"<meta charset=utf-8><TABLE border=1>"), Err(XlsxError::Html));
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("<html>".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(read_sheet(&utf16, None), Err(XlsxError::Html));

        let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        cfb.resize(4096, 0);
        assert_eq!(read_sheet(&cfb, None), Err(XlsxError::EncryptedOrLegacy));

        assert!(matches!(read_sheet(b"Ma ho so;Don vi\n1;A\n", None), Err(XlsxError::NotWorkbook(_))));
        assert!(matches!(read_sheet(b"<p>no table</p>", None), Err(XlsxError::NotWorkbook(_))));
        let other_zip = stored_zip(&[entry("readme.txt", b"hello")]);
        assert!(matches!(read_sheet(&other_zip, None), Err(XlsxError::NotWorkbook(_))));
    }

    #[test]
    fn declared_sizes_over_the_limit_are_refused_before_decompressing() {
        let mut big = entry("xl/worksheets/sheet1.xml", b"<worksheet/>");
        big.declared = Some(0xFFFF_FFF0);
        let bytes = stored_zip(&[entry("xl/workbook.xml", b"<workbook/>"), big]);
        assert_eq!(
            read_sheet(&bytes, None),
            Err(XlsxError::TooLarge { uncompressed: 0xFFFF_FFF0 + 11, limit: MAX_UNCOMPRESSED })
        );

        // Zip64: the 32-bit field is saturated and the size is in the 0x0001 extra block.
        let mut zip64 = entry("xl/sharedStrings.xml", b"<sst/>");
        zip64.declared = Some(u32::MAX);
        zip64.central_extra = [1u16.to_le_bytes(), 8u16.to_le_bytes()].concat();
        zip64.central_extra.extend_from_slice(&(5u64 << 30).to_le_bytes());
        assert_eq!(
            sheet_names(&stored_zip(&[zip64])),
            Err(XlsxError::TooLarge { uncompressed: 5 << 30, limit: MAX_UNCOMPRESSED })
        );

        // Several entries, each under the limit, together over it.
        let parts: Vec<Entry<'_>> = (0..3)
            .map(|_| {
                let mut e = entry("xl/worksheets/sheet1.xml", b"x");
                e.declared = Some(400 << 20);
                e
            })
            .collect();
        assert!(matches!(sheet_names(&stored_zip(&parts)), Err(XlsxError::TooLarge { .. })));

        // A stray end-of-directory record in trailing bytes does not hide the real one.
        let mut big = entry("xl/worksheets/sheet1.xml", b"<worksheet/>");
        big.declared = Some(0xFFFF_FFF0);
        let mut bytes = stored_zip(&[big]);
        bytes.extend_from_slice(b"PK\x05\x06");
        bytes.extend_from_slice(&[0; 18]);
        assert!(matches!(read_sheet(&bytes, None), Err(XlsxError::TooLarge { .. })));
    }

    #[test]
    fn a_small_file_cannot_ask_for_a_huge_table() {
        // One long shared string referenced from many cells, a few bytes of XML each (the
        // budget is lowered so the test does not fill a gigabyte first).
        let long = "x".repeat(1 << 16);
        let cells: String =
            (1..=100).map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#)).collect();
        let bytes = handmade("", &cells, &format!("<si><t>{long}</t></si>"));
        assert!(read_sheet_within(&bytes, None, 101 << 16).is_ok());
        let too_small = read_sheet_within(&bytes, None, 50 << 16).map(|_| ());
        assert!(matches!(too_small, Err(XlsxError::TooLarge { limit: 0x32_0000, .. })));

        // A cell at row 4 000 000 000 (beyond Excel's rows) costs one row, not billions: rows
        // are streamed from the first non-blank one.
        let bytes = handmade("", r#"<row r="4000000000"><c r="A4000000000"><v>7</v></c></row>"#, "");
        match read_sheet(&bytes, None) {
            Ok(table) => assert_eq!(table.rows.len(), 1),
            Err(e) => assert!(matches!(e, XlsxError::TooLarge { .. } | XlsxError::NotWorkbook(_))),
        }

        // The last cell of a sheet alone is one row, not a million.
        let bytes = handmade("", r#"<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>"#, "");
        let table = read_sheet(&bytes, None).unwrap();
        assert_eq!((table.first_row, table.rows.len(), table.rows[0].len()), (1_048_576, 1, 16_384));
    }

    #[test]
    fn a_shared_string_count_no_file_could_hold_is_refused_before_calamine_reserves_it() {
        let data = r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>"#;
        let honest = format!(
            r#"<?xml version="1.0"?>
<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>Mã hồ sơ</t></si></sst>"#
        );
        let lying = honest.replace(r#"uniqueCount="1""#, r#"uniqueCount = '100000000000000'"#);
        let prefixed = honest
            .replace("<sst ", "<x:sst ")
            .replace("</sst>", "</x:sst>")
            .replace(r#"uniqueCount="1""#, r#"uniqueCount="99999999999999999999999""#);
        for make in [entry as for<'n> fn(&'n str, &[u8]) -> Entry<'n>, deflated_entry] {
            let table = read_sheet(&handmade_parts("", data, &honest, make), None).unwrap();
            assert_eq!(table.rows, vec![strings(&["Mã hồ sơ"])]);
            let hidden = honest.replace("<sst ", &format!("<!--{}--><sst ", " ".repeat(HEAD_LEN)));
            for sst in [&lying, &prefixed, &hidden] {
                let refused = read_sheet(&handmade_parts("", data, sst, make), None);
                assert!(
                    matches!(refused, Err(XlsxError::NotWorkbook(ref m)) if m.contains("sharedStrings")),
                    "{refused:?}"
                );
            }
        }
    }

    #[test]
    fn the_inflater_reads_what_excel_writers_deflate() {
        let n = 3000;
        let bytes = written(|wb| {
            let ws = wb.add_worksheet();
            for i in 0..n {
                ws.write_string(i, 0, format!("Hồ sơ số {i} của UBND xã {}", i % 7))?;
            }
            Ok(())
        });
        let directories = central_directories(&bytes);
        assert_eq!(directories.len(), 1);
        let sst = &directories[0].shared_strings[0];
        assert_eq!(sst.method, 8);
        let head = entry_head(&bytes, sst).unwrap();
        assert_eq!(head.len(), HEAD_LEN);
        assert_eq!(unique_count(&head), Some(u64::from(n)));
        let text = String::from_utf8_lossy(&head);
        let mut from = 0;
        for i in 0..1000 {
            let item = format!("<si><t>Hồ sơ số {i} của UBND xã {}</t></si>", i % 7);
            from += text[from..].find(&item).unwrap_or_else(|| panic!("string {i} missing or out of order"));
        }
    }

    #[test]
    fn a_merged_region_over_the_whole_sheet_is_spread_within_the_header_only() {
        // Handmade: rust_xlsxwriter would write every blank cell of the region.
        let data = r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="31"><c r="C31" t="s"><v>1</v></c></row></sheetData>"#;
        let merges = r#"<mergeCells count="2"><mergeCell ref="A1:XFD1048576"/><mergeCell ref="A1:B2"/></mergeCells>"#;
        let bytes = handmade_sheet("", &format!("{data}{merges}"), "<si><t>tiêu đề</t></si><si><t>dữ liệu</t></si>");
        let table = read_sheet(&bytes, None).unwrap();
        assert_eq!(table.rows.len(), 31);
        // Rows are streamed: the spread stays within the header rows seen before the data (row 1
        // alone here) and their width (column A), nowhere else.
        for (i, row) in table.rows.iter().enumerate().take(30) {
            let expected = if i == 0 { vec!["tiêu đề"; 1] } else { vec![] };
            assert_eq!(row, &expected, "row {i}");
        }
        assert_eq!(table.rows[30], strings(&["", "", "dữ liệu"]));
    }

    #[test]
    fn header_rows_combine_column_by_column() {
        let rows = vec![
            strings(&["STT", "Ngày", "Ngày", "Trạng thái", ""]),
            strings(&["STT", "tiếp nhận", "hẹn trả", "", "Ghi chú"]),
            strings(&["", "(dd/mm/yyyy)", "", "", "Ghi chú"]),
        ];
        assert_eq!(
            combine_header_rows(&rows),
            strings(&["STT", "Ngày tiếp nhận (dd/mm/yyyy)", "Ngày hẹn trả", "Trạng thái", "Ghi chú"])
        );
        assert_eq!(combine_header_rows(&[]), Vec::<String>::new());
        assert_eq!(combine_header_rows(&[strings(&["a"]), strings(&["a", "b"])]), strings(&["a", "b"]));
    }

    fn sample_workbook() -> Vec<u8> {
        handmade(
            r#"<workbookPr date1904="1"/>"#,
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>44072.5</v></c></row><row r="2"><c r="A2"><v>1.5</v></c></row>"#,
            "<si><t>Mã hồ sơ</t></si>",
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn dates_agree_with_calamines_own_conversion(days in 1u32..2_958_465, seconds in 0u32..86_400, date1904: bool) {
            let days = if date1904 { days.min(2_957_003) } else { days };
            let serial = f64::from(days) + f64::from(seconds) / 86_400.0;
            let (y, m, d, h, mi, s, _) = calamine::ExcelDateTime::new(f64::from(days), calamine::ExcelDateTimeType::DateTime, date1904).to_ymd_hms_milli();
            let (yy, mm, dd, secs) = serial_parts(serial, date1904).unwrap();
            prop_assert_eq!((yy, mm, dd), (i64::from(y), i64::from(m), i64::from(d)));
            prop_assert_eq!((h, mi, s), (0, 0, 0));
            prop_assert_eq!(secs, i64::from(seconds));
        }

        #[test]
        fn numbers_read_back_as_the_value_excel_shows(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
            let text = number_text(x);
            prop_assert!(!text.contains(['e', 'E']));
            let back: f64 = text.parse().unwrap();
            let shown: f64 = format!("{x:.14e}").parse().unwrap();
            prop_assert_eq!(back, shown);
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = read_sheet(&bytes, None);
            let _ = sheet_names(&bytes);
        }

        #[test]
        fn damaged_workbooks_never_panic(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), cut in any::<prop::sample::Index>()) {
            let mut bytes = sample_workbook();
            for (at, value) in flips {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            let _ = read_sheet(&bytes, None);
            let _ = read_sheet(&bytes[..cut.index(bytes.len())], None);
        }
    }

    #[test]
    fn the_sample_workbook_reads() {
        let table = read_sheet(&sample_workbook(), None).unwrap();
        assert_eq!(table.rows, vec![strings(&["Mã hồ sơ", "30/08/2024 12:00:00"]), strings(&["1.5"])]);
    }
}
