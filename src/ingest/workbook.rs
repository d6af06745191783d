//! A workbook's sheet → a file's rows: the .xlsx reader ([`xlsx::Workbook`]) driven over the
//! file's bytes, the sheet chosen and listed, the cells it could not read reported by reference,
//! and the sheet read again when its merged header cells change what the header says.
//!
//! Owns the glue between a sheet reader and [`FileRows`]. Knows nothing of zip, XML or which
//! dataset the rows go to (the loader's [`Target`], and the [`Mark`] its file started at).

use super::dataset::Mark;
use super::error::IngestError;
use super::options::FileOptions;
use super::rows::{FileRows, Target};
use super::source::{SourceFormat, SourceInfo};
use super::{xls, xlsx};

/// Reads a whole .xlsx into `rows`: its sheets listed, the chosen sheet's rows read, the cells
/// that could not be read reported with their reference. A sheet's merged regions are listed
/// after its cells: when spreading them over the header rows would have found another header
/// (or found one where none was), the file's rows since `start` are dropped and the sheet is
/// read again with them spread.
pub(super) fn read_xlsx(
    bytes: &[u8],
    rows: &mut FileRows,
    options: &FileOptions,
    start: Mark,
    target: &mut Target<'_>,
) -> Result<(), IngestError> {
    let mut wb = xlsx::Workbook::new(bytes.len() as u64, options.sheet.as_deref());
    rows.info.format = SourceFormat::Xlsx;
    let mut result = read_sheet(bytes, &mut wb, rows, target);
    rows.info.sheets = wb.sheet_names();
    let header_failed = matches!(
        result,
        Err(IngestError::MissingColumns { .. }
            | IngestError::NoSuchHeaderRow(_)
            | IngestError::NoSuchColumn(_))
    );
    if header_failed {
        // The sheet's end (and its merged regions) was not reached: read it for them.
        wb.read_again(false);
        xlsx::read_all(bytes, &mut wb, &mut |_, _| Ok::<(), ()>(()))
            .map_err(IngestError::Xlsx)?
            .ok();
    }
    let spread_differs = match wb.spread_head() {
        Some(_) if header_failed => true,
        Some((_, spread)) => {
            let spread: Vec<(u64, Vec<String>)> =
                spread.into_iter().map(|(r, c)| (u64::from(r), c)).collect();
            !rows.decides_alike(&spread)
        }
        None => false,
    };
    if spread_differs {
        target.data.back_to(start, false);
        let info = SourceInfo {
            format: SourceFormat::Xlsx,
            sheets: std::mem::take(&mut rows.info.sheets),
            ..SourceInfo::new(&rows.info.path)
        };
        *rows = FileRows::new(info, options.corrections.clone());
        wb.read_again(true);
        result = read_sheet(bytes, &mut wb, rows, target);
    }
    result?;
    rows.info.sheet = wb.sheet().map(str::to_owned);
    let (listed, total) = wb.problems();
    for p in listed {
        let cell = format!("{}{}", xlsx::sheet::column_name(p.column), p.row);
        rows.cell_problem(u64::from(p.row), &cell, &p.kind);
    }
    rows.info.problems_total += total - listed.len();
    Ok(())
}

fn read_sheet(
    bytes: &[u8],
    wb: &mut xlsx::Workbook,
    rows: &mut FileRows,
    target: &mut Target<'_>,
) -> Result<(), IngestError> {
    xlsx::read_all(bytes, wb, &mut |line, row| {
        rows.push(u64::from(line), row, target)
    })
    .map_err(IngestError::Xlsx)?
}

/// Reads an .xls or .ods held whole (calamine reads them so) into `rows`: its sheets listed and
/// the chosen sheet's rows read, merged header cells spread as calamine lists them first.
pub(super) fn read_whole(
    kind: xls::Kind,
    bytes: &[u8],
    rows: &mut FileRows,
    sheet: Option<&str>,
    target: &mut Target<'_>,
) -> Result<(), IngestError> {
    rows.info.format = match kind {
        xls::Kind::Xls => SourceFormat::Xls,
        xls::Kind::Ods => SourceFormat::Ods,
    };
    let read = xls::read(kind, bytes, sheet, &mut |line, row| {
        rows.push(u64::from(line), row, target)
    })
    .map_err(IngestError::Xlsx)??;
    (rows.info.sheet, rows.info.sheets) = (Some(read.sheet), read.sheets);
    Ok(())
}
