//! Old Excel (.xls, BIFF8 in an OLE container) and OpenDocument (.ods) workbooks → one sheet's
//! rows, through calamine, with the same sheet choice, cell text, title rows and merged header
//! cells as .xlsx.
//!
//! Owns telling an .xls from a password-protected .xlsx (both are OLE files), checking an .ods's
//! declared size before calamine inflates it, and turning calamine's cells into the text the
//! row reader parses ([`cell`](super::xlsx::cell)'s rules: numbers in plain decimal, dates as
//! Excel shows them). These formats are read whole, as calamine reads them: an .xls holds at
//! most 65,536 rows a sheet. Knows nothing of column meanings.

use super::row::Row;
use super::xlsx::cell::{duration_text, number_text, serial_text};
use super::xlsx::package::{Directory, Open};
use super::xlsx::sheet::{self, Region};
use super::xlsx::{XlsxError, MAX_SHEETS, SHEET_ALLOWANCE, SHEET_RATIO};
use calamine::{Data, Reader, SheetType, SheetVisible};
use std::io::Cursor;

/// Which whole-file workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Xls,
    Ods,
}

/// The sheet read, the workbook's sheets, and where the next sheet to try starts.
#[derive(Debug, Default)]
pub struct Read {
    pub sheet: String,
    pub sheets: Vec<String>,
    /// The candidate after the sheet read, when there is one (for [`read`]'s `from`).
    pub next: Option<usize>,
}

/// Reads `sheet` (by name, exactly or ignoring case; else the first with a non-blank cell,
/// visible sheets first, from the `from`th such candidate on) of an .xls or .ods held whole,
/// handing its non-blank rows to `on` as (1-based row, cells). The error is the workbook's;
/// `on`'s stops the sheet and comes back beside what was read.
pub fn read<E>(
    kind: Kind,
    bytes: &[u8],
    wanted: Option<&str>,
    from: usize,
    on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
) -> Result<(Read, Result<(), E>), XlsxError> {
    match kind {
        Kind::Xls => {
            let mut wb =
                calamine::Xls::new(Cursor::new(bytes)).map_err(|e| xls_error(&e, bytes))?;
            let date1904 = wb.has_1904_epoch();
            let merges = |wb: &calamine::Xls<_>, name: &str| {
                wb.merge_cells_by_sheet_name(name).unwrap_or_default()
            };
            read_sheets(&mut wb, wanted, from, date1904, merges, on)
        }
        Kind::Ods => {
            check_ods(bytes)?;
            let mut wb = calamine::Ods::new(Cursor::new(bytes))
                .map_err(|e| XlsxError::NotWorkbook(e.to_string()))?;
            read_sheets(&mut wb, wanted, from, false, |_, _| Vec::new(), on)
        }
    }
}

/// A password-protected workbook (an .xls with a password, or an .xlsx Excel encrypted into an
/// OLE file holding an `EncryptedPackage` stream) is named so; anything else is damaged.
fn xls_error(e: &calamine::XlsError, bytes: &[u8]) -> XlsxError {
    let package: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    match e {
        calamine::XlsError::Password => XlsxError::EncryptedOrLegacy,
        _ if memchr::memmem::find(bytes, &package).is_some() => XlsxError::EncryptedOrLegacy,
        other => XlsxError::NotWorkbook(other.to_string()),
    }
}

/// The declared size of an .ods's content against the sheet's budget, before calamine inflates it.
fn check_ods(bytes: &[u8]) -> Result<(), XlsxError> {
    let mut dir = Directory::new(bytes.len() as u64);
    let mut need = dir.tail();
    let entry = loop {
        match need {
            Open::Need { at, len } => {
                let start = (at as usize).min(bytes.len());
                dir.give(at, bytes[start..(start + len).min(bytes.len())].to_vec())?;
                need = dir.open()?;
            }
            Open::Ready => {
                let index = dir
                    .index_of("content.xml")
                    .ok_or_else(|| XlsxError::NotWorkbook("no content.xml".to_string()))?;
                match dir.entry(index)? {
                    Ok(entry) => break entry,
                    Err(more) => need = more,
                }
            }
        }
    };
    let limit = entry
        .compressed
        .saturating_mul(SHEET_RATIO)
        .saturating_add(SHEET_ALLOWANCE);
    if entry.size > limit {
        return Err(XlsxError::TooLarge {
            uncompressed: entry.size,
            limit,
        });
    }
    Ok(())
}

fn read_sheets<RS, R, E>(
    wb: &mut R,
    wanted: Option<&str>,
    from: usize,
    date1904: bool,
    merges: impl Fn(&R, &str) -> Vec<calamine::Dimensions>,
    on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
) -> Result<(Read, Result<(), E>), XlsxError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    if wb.sheets_metadata().len() > MAX_SHEETS {
        return Err(XlsxError::TooManySheets(wb.sheets_metadata().len()));
    }
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let names: Vec<String> = sheets.iter().map(|(n, _)| n.clone()).collect();
    let candidates: Vec<String> = match wanted {
        Some(w) => {
            let lower = w.to_lowercase();
            let found = names
                .iter()
                .find(|n| *n == w)
                .or_else(|| names.iter().find(|n| n.to_lowercase() == lower));
            match found {
                Some(n) => vec![n.clone()],
                None => return Err(XlsxError::NoSuchSheet(w.to_string())),
            }
        }
        None => {
            let visible = sheets.iter().filter(|(_, hidden)| !hidden);
            let hidden = sheets.iter().filter(|(_, hidden)| *hidden);
            visible.chain(hidden).map(|(n, _)| n.clone()).collect()
        }
    };
    let count = candidates.len();
    for (at, name) in candidates.into_iter().enumerate().skip(from) {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| XlsxError::NotWorkbook(e.to_string()))?;
        let Some((top, left)) = range.start() else {
            continue;
        };
        let regions: Vec<Region> = merges(wb, &name)
            .into_iter()
            .map(|d| Region {
                top: d.start.0,
                left: d.start.1,
                bottom: d.end.0,
                right: d.end.1,
            })
            .collect();
        let read = Read {
            sheet: name,
            sheets: names.clone(),
            next: (at + 1 < count).then_some(at + 1),
        };
        let mut first: Option<u32> = None;
        let mut head: Vec<(u32, Vec<String>)> = Vec::new();
        for (i, cells) in range.rows().enumerate() {
            let r = top + i as u32 + 1;
            let mut row: Vec<String> = Vec::new();
            for (j, value) in cells.iter().enumerate() {
                let text = cell_text(value, date1904);
                // Formatted but blank cells must not widen the row.
                if text.trim().is_empty() {
                    continue;
                }
                let c = left as usize + j;
                if row.len() <= c {
                    row.resize(c + 1, String::new());
                }
                row[c] = text;
            }
            if row.is_empty() {
                continue;
            }
            let f = *first.get_or_insert(r);
            if r < f.saturating_add(sheet::HEADER_ROWS) {
                head.push((r, row));
                continue;
            }
            if let Err(e) = hand_head(&mut head, f, &regions, on) {
                return Ok((read, Err(e)));
            }
            if let Err(e) = on(r, &row) {
                return Ok((read, Err(e)));
            }
        }
        let Some(f) = first else { continue };
        let handed = hand_head(&mut head, f, &regions, on);
        return Ok((read, handed));
    }
    Err(XlsxError::Empty)
}

/// The header area's rows, merged regions spread over them (all known here: the file is whole),
/// handed on.
fn hand_head<E>(
    head: &mut Vec<(u32, Vec<String>)>,
    first: u32,
    regions: &[Region],
    on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
) -> Result<(), E> {
    if head.is_empty() {
        return Ok(());
    }
    let mut rows = sheet::contiguous(head, first);
    head.clear();
    sheet::spread_merged(&mut rows, first, regions);
    for (i, cells) in rows.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
        on(first + i as u32, cells)?;
    }
    Ok(())
}

/// A cell's text, as for .xlsx.
pub fn cell_text(value: &Data, date1904: bool) -> String {
    match value {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) => s.clone(),
        Data::Bool(true) => "TRUE".to_string(),
        Data::Bool(false) => "FALSE".to_string(),
        Data::DateTime(dt) if dt.is_duration() => duration_text(dt.as_f64()),
        Data::DateTime(dt) => serial_text(dt.as_f64(), date1904),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}
