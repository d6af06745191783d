//! A workbook's sheet → a file's rows: the .xlsx reader ([`xlsx::Workbook`]) driven over the
//! file's bytes, the sheet chosen and listed, the cells it could not read reported by reference.
//!
//! Owns the glue between a sheet reader and [`FileRows`]. Knows nothing of zip, XML or which
//! dataset the rows go to (the loader's [`Target`]).

use super::error::IngestError;
use super::rows::{FileRows, Target};
use super::source::SourceFormat;
use super::xlsx;

/// Reads a whole .xlsx into `rows`: its sheets listed, the chosen sheet's rows read, the cells
/// that could not be read reported with their reference.
pub(super) fn read_xlsx(
    bytes: &[u8],
    rows: &mut FileRows,
    sheet: Option<&str>,
    target: &mut Target<'_>,
) -> Result<(), IngestError> {
    let mut wb = xlsx::Workbook::new(bytes.len() as u64, sheet);
    rows.info.format = SourceFormat::Xlsx;
    let result = xlsx::read_all(bytes, &mut wb, &mut |line, row| {
        rows.push(u64::from(line), row, target)
    });
    rows.info.sheets = wb.sheet_names();
    result.map_err(IngestError::Xlsx)??;
    rows.info.sheet = wb.sheet().map(str::to_owned);
    let (listed, total) = wb.problems();
    for p in listed {
        let cell = format!("{}{}", xlsx::sheet::column_name(p.column), p.row);
        rows.cell_problem(u64::from(p.row), &cell, &p.kind);
    }
    rows.info.problems_total += total - listed.len();
    Ok(())
}
