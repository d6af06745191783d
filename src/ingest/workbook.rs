//! A workbook's sheet → a file's rows: the .xlsx reader ([`xlsx::Workbook`]) driven over the
//! file's bytes, or calamine's reading of an .xls or .ods ([`xls`]); the sheet chosen and listed,
//! the cells the reader could not read reported by reference, the sheet read again when its
//! merged header cells change what the header says, and the next sheet tried when one has no
//! header.
//!
//! Owns the glue between a sheet reader and [`FileRows`]. Knows nothing of zip, XML or which
//! dataset the rows go to (the loader's [`Target`], and the [`Mark`] its file started at).

use super::dataset::Mark;
use super::error::IngestError;
use super::options::FileOptions;
use super::rows::{Corrections, FileRows, Target};
use super::source::{SourceFormat, SourceInfo};
use super::{xls, xlsx};

/// Reads an .xlsx from `source` (random access: the zip's directory and the parts needed, a
/// piece at a time) into `rows`: its sheets listed, the chosen sheet's rows read, the cells
/// that could not be read reported with their reference. Without a sheet or a correction from
/// the user, a sheet whose header is not found gives way to the next (a sheet of instructions
/// before the data); when none has one, the problem of the sheet where most columns were
/// recognised is the file's.
pub(super) fn read_xlsx(
    source: &mut dyn xlsx::Source,
    rows: &mut FileRows,
    options: &FileOptions,
    start: Mark,
    target: &mut Target<'_>,
) -> Result<(), IngestError> {
    let mut wb = xlsx::Workbook::new(source.size(), options.sheet.as_deref());
    rows.info.format = SourceFormat::Xlsx;
    let mut failure = None;
    loop {
        let result = read_xlsx_sheet(source, &mut wb, rows, options, start, target);
        rows.info.sheets = wb.sheet_names();
        match result {
            Ok(()) => break,
            Err(e) if no_header(&e) => {
                let sheet = wb.sheet().map(str::to_owned);
                let closest = closest(failure.take(), in_sheet(e, sheet, &rows.info.sheets));
                if !(may_try_others(options) && wb.next_sheet()) {
                    return Err(closest);
                }
                failure = Some(closest);
                start_again(rows, options, start, target);
            }
            Err(e) => return Err(failure.unwrap_or(e)),
        }
    }
    rows.info.sheet = wb.sheet().map(str::to_owned);
    let (listed, total) = wb.problems();
    for p in listed {
        let cell = format!("{}{}", xlsx::sheet::column_name(p.column), p.row);
        rows.cell_problem(u64::from(p.row), &cell, &p.kind);
    }
    rows.info.problems_total += total - listed.len();
    Ok(())
}

/// Reads the sheet `wb` is at, its header decided by the sheet's end. A sheet's merged regions
/// are listed after its cells: when spreading them over the header rows would have found
/// another header (or found one where none was), the file's rows since `start` are dropped and
/// the sheet is read again with them spread.
fn read_xlsx_sheet(
    source: &mut dyn xlsx::Source,
    wb: &mut xlsx::Workbook,
    rows: &mut FileRows,
    options: &FileOptions,
    start: Mark,
    target: &mut Target<'_>,
) -> Result<(), IngestError> {
    let mut result = read_sheet(source, wb, rows, target);
    let reached_end = result.is_ok();
    if reached_end {
        result = rows.settle(target);
    }
    let header_failed = result.as_ref().is_err_and(no_header);
    if header_failed && !reached_end {
        // The sheet's end (and its merged regions) was not reached: read it for them.
        wb.read_again(false);
        xlsx::read_from(source, wb, &mut |_, _| Ok::<(), ()>(()))
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
        rows.info.sheets = wb.sheet_names();
        start_again(rows, options, start, target);
        wb.read_again(true);
        result = read_sheet(source, wb, rows, target).and_then(|()| rows.settle(target));
    }
    result
}

fn read_sheet(
    source: &mut dyn xlsx::Source,
    wb: &mut xlsx::Workbook,
    rows: &mut FileRows,
    target: &mut Target<'_>,
) -> Result<(), IngestError> {
    xlsx::read_from(source, wb, &mut |line, row| {
        rows.push(u64::from(line), row, target)
    })
    .map_err(IngestError::Xlsx)?
}

/// Reads an .xls or .ods held whole (calamine reads them so) into `rows`: its sheets listed and
/// the chosen sheet's rows read, merged header cells spread as calamine lists them first; the
/// next sheet tried as for .xlsx ([`read_xlsx`]).
pub(super) fn read_whole(
    kind: xls::Kind,
    bytes: &[u8],
    rows: &mut FileRows,
    options: &FileOptions,
    start: Mark,
    target: &mut Target<'_>,
) -> Result<(), IngestError> {
    let format = match kind {
        xls::Kind::Xls => SourceFormat::Xls,
        xls::Kind::Ods => SourceFormat::Ods,
    };
    rows.info.format = format;
    let (mut from, mut failure) = (0, None);
    loop {
        let read = xls::read(
            kind,
            bytes,
            options.sheet.as_deref(),
            from,
            &mut |line, row| rows.push(u64::from(line), row, target),
        );
        let (read, handed) = match read {
            Ok(read) => read,
            Err(e) => return Err(failure.unwrap_or(IngestError::Xlsx(e))),
        };
        (rows.info.sheet, rows.info.sheets) = (Some(read.sheet.clone()), read.sheets.clone());
        match handed.and_then(|()| rows.settle(target)) {
            Ok(()) => return Ok(()),
            Err(e) if no_header(&e) => {
                let closest = closest(failure.take(), in_sheet(e, Some(read.sheet), &read.sheets));
                match read.next.filter(|_| may_try_others(options)) {
                    Some(next) => from = next,
                    None => return Err(closest),
                }
                failure = Some(closest);
                start_again(rows, options, start, target);
            }
            Err(e) => return Err(failure.unwrap_or(e)),
        }
    }
}

/// Of two sheets without a header, the one where more columns were recognised (the first of
/// two alike): the user is told of that one, and offered its columns on the mapping screen.
fn closest(kept: Option<IngestError>, e: IngestError) -> IngestError {
    let matched = |e: &IngestError| match e {
        IngestError::MissingColumns { matched, .. } => matched.len(),
        _ => 0,
    };
    match kept {
        Some(kept) if matched(&kept) >= matched(&e) => kept,
        _ => e,
    }
}

/// The header search found no header (or not the one the user named) in the sheet.
fn no_header(e: &IngestError) -> bool {
    matches!(
        e,
        IngestError::MissingColumns { .. }
            | IngestError::NoSuchHeaderRow(_)
            | IngestError::NoSuchColumn(_)
    )
}

/// Other sheets are tried only when the user named neither a sheet nor a column or header row:
/// what she named is read as named.
fn may_try_others(options: &FileOptions) -> bool {
    options.sheet.is_none() && options.corrections == Corrections::default()
}

/// The error with the sheet it was found in and the workbook's sheets, for the user to choose
/// another (the mapping screen's sheet list, the message's hint).
fn in_sheet(e: IngestError, sheet: Option<String>, all: &[String]) -> IngestError {
    match e {
        IngestError::MissingColumns {
            missing,
            found,
            matched,
            ..
        } => IngestError::MissingColumns {
            missing,
            found,
            matched,
            sheet,
            sheets: all.to_vec(),
        },
        other => other,
    }
}

/// Drops the file's rows since `start` and its reading so far, the sheets' list kept.
fn start_again(rows: &mut FileRows, options: &FileOptions, start: Mark, target: &mut Target<'_>) {
    target.data.back_to(start, false);
    let info = SourceInfo {
        format: rows.info.format,
        sheets: std::mem::take(&mut rows.info.sheets),
        ..SourceInfo::new(&rows.info.path)
    };
    *rows = FileRows::new(info, options.corrections.clone());
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::ingest::{FileOptions, IngestError, Loader};

    const HEAD: [&str; 4] = ["Mã hồ sơ", "Đơn vị", "Ngày tiếp nhận", "Ngày hẹn trả"];

    /// A workbook of a sheet of instructions, then the dossiers, then a blank sheet.
    fn instructions_first() -> Vec<u8> {
        instructions_then(&HEAD)
    }

    fn instructions_then(head: &[&str]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let notes = wb.add_worksheet().set_name("Hướng dẫn").expect("a name");
        for (r, line) in ["Cách điền biểu mẫu", "Mỗi dòng một hồ sơ"]
            .iter()
            .enumerate()
        {
            notes.write_string(r as u32, 0, *line).expect("in memory");
        }
        let data = wb.add_worksheet().set_name("Hồ sơ").expect("a name");
        for (c, h) in head.iter().enumerate() {
            data.write_string(0, c as u16, *h).expect("in memory");
        }
        for r in 1..=3u32 {
            let row = [
                format!("HS{r}"),
                "Sở Tư pháp".into(),
                "02/05/2024".into(),
                "03/05/2024".into(),
            ];
            for (c, v) in row.iter().enumerate() {
                data.write_string(r, c as u16, v).expect("in memory");
            }
        }
        wb.add_worksheet().set_name("Trống").expect("a name");
        wb.save_to_buffer().expect("in memory")
    }

    #[test]
    fn a_sheet_without_a_header_gives_way_to_the_next() {
        let mut l = Loader::new();
        let info = l
            .add_file("a.xlsx", &instructions_first())
            .expect("reads")
            .clone();
        assert_eq!((info.rows, info.sheet.as_deref()), (3, Some("Hồ sơ")));
        assert_eq!(info.sheets, ["Hướng dẫn", "Hồ sơ", "Trống"]);
        assert_eq!(l.store().len(), 3);
    }

    #[test]
    fn a_sheet_the_user_named_is_read_as_named_and_the_others_are_offered() {
        let mut l = Loader::new();
        let options = FileOptions {
            sheet: Some("Hướng dẫn".into()),
            ..FileOptions::default()
        };
        let e = l
            .add_file_with("a.xlsx", &instructions_first(), options)
            .expect_err("no header there");
        let IngestError::MissingColumns { sheet, sheets, .. } = &e else {
            panic!("{e:?}");
        };
        assert_eq!(sheet.as_deref(), Some("Hướng dẫn"));
        assert_eq!(sheets, &["Hướng dẫn", "Hồ sơ", "Trống"]);
        let text = e.text();
        assert!(text.vi.contains("trang tính «Hướng dẫn»"), "{}", text.vi);
        assert!(text.en.contains("«Hồ sơ»"), "{}", text.en);
        assert!(l.store().is_empty());
    }

    #[test]
    fn when_no_sheet_has_a_header_the_closest_one_is_named() {
        let mut l = Loader::new();
        let renamed = ["Mã hồ sơ", "Nơi xử lý", "Ngày tiếp nhận", "Ngày hẹn trả"];
        let e = l
            .add_file("a.xlsx", &instructions_then(&renamed))
            .expect_err("no unit column");
        let IngestError::MissingColumns { sheet, found, .. } = &e else {
            panic!("{e:?}");
        };
        assert_eq!(
            sheet.as_deref(),
            Some("Hồ sơ"),
            "the sheet with three columns known"
        );
        assert_eq!(found, &renamed);
        assert!(l.store().is_empty());
    }

    /// Bytes in memory, read by random access with every read counted.
    struct Counted<'a> {
        bytes: &'a [u8],
        read: u64,
        largest: usize,
    }

    impl crate::ingest::xlsx::Source for Counted<'_> {
        fn size(&self) -> u64 {
            self.bytes.len() as u64
        }

        fn read_at(&mut self, at: u64, len: usize) -> Result<Vec<u8>, String> {
            let piece = (&mut &*self.bytes).read_at(at, len)?;
            self.read += piece.len() as u64;
            self.largest = self.largest.max(piece.len());
            Ok(piece)
        }
    }

    #[test]
    fn a_workbook_read_by_random_access_reads_what_it_needs_and_gives_the_same_rows() {
        use crate::ingest::xlsx::{Source, READ_CHUNK};
        use crate::ingest::Feeds;
        // The dossiers first, then a large sheet nobody asked for.
        let mut wb = rust_xlsxwriter::Workbook::new();
        let data = wb.add_worksheet().set_name("Hồ sơ").expect("a name");
        for (c, h) in HEAD.iter().enumerate() {
            data.write_string(0, c as u16, *h).expect("in memory");
        }
        for r in 1..=2000u32 {
            let row = [
                format!("HS{r}"),
                format!("Đơn vị {}", r % 7),
                "02/05/2024".into(),
                "03/05/2024".into(),
            ];
            for (c, v) in row.iter().enumerate() {
                data.write_string(r, c as u16, v).expect("in memory");
            }
        }
        let other = wb.add_worksheet().set_name("Khác").expect("a name");
        for r in 0..60_000u32 {
            for c in 0..8u16 {
                other
                    .write_number(r, c, f64::from(r.wrapping_mul(2_654_435_761) >> (c + 3)))
                    .expect("in memory");
            }
        }
        let bytes = wb.save_to_buffer().expect("in memory");
        let mut whole = Loader::new();
        let expected = whole.add_file("a.xlsx", &bytes).expect("reads").clone();
        let mut source = Counted {
            bytes: &bytes,
            read: 0,
            largest: 0,
        };
        let mut l = Loader::new();
        let info = l
            .add_workbook(
                "a.xlsx",
                &mut source,
                FileOptions::default(),
                Feeds::Provincial,
            )
            .expect("reads")
            .clone();
        assert_eq!(
            serde_json::to_string(&info).expect("json"),
            serde_json::to_string(&expected).expect("json")
        );
        assert_eq!(
            l.store().id.iter().collect::<Vec<_>>(),
            whole.store().id.iter().collect::<Vec<_>>()
        );
        assert_eq!(l.store().unit, whole.store().unit);
        assert!(
            source.read < source.size() / 4,
            "{} of {} bytes read: the other sheet is never read",
            source.read,
            source.size()
        );
        assert!(
            source.largest <= READ_CHUNK,
            "{} bytes at once",
            source.largest
        );
    }

    #[test]
    fn a_large_sheet_inflated_on_a_thread_of_its_own_reads_as_inline() {
        use crate::ingest::Feeds;
        let mut wb = rust_xlsxwriter::Workbook::new();
        let data = wb.add_worksheet().set_name("Hồ sơ").expect("a name");
        for (c, h) in HEAD.iter().chain(&["Ghi chú"]).enumerate() {
            data.write_string(0, c as u16, *h).expect("in memory");
        }
        for r in 1..=60_000u32 {
            let row = [
                format!("HS{r}"),
                format!("Đơn vị {}", r % 7),
                "02/05/2024".into(),
                "03/05/2024".into(),
            ];
            for (c, v) in row.iter().enumerate() {
                data.write_string(r, c as u16, v).expect("in memory");
            }
            let noise = f64::from(r.wrapping_mul(2_654_435_761));
            data.write_number(r, 4, noise).expect("in memory");
        }
        // Numbers that do not repeat: a sheet part over a megabyte compressed, inflated on a
        // thread of its own when read from memory, inline from a source without `another`.
        let bytes = wb.save_to_buffer().expect("in memory");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip");
        let sheet = zip
            .by_name("xl/worksheets/sheet1.xml")
            .expect("the sheet")
            .compressed_size();
        assert!(sheet >= 1 << 20, "{sheet} bytes compressed");
        let mut beside = Loader::new();
        let expected = beside.add_file("a.xlsx", &bytes).expect("reads").clone();
        let mut inline = Loader::new();
        let mut source = Counted {
            bytes: &bytes,
            read: 0,
            largest: 0,
        };
        let info = inline
            .add_workbook(
                "a.xlsx",
                &mut source,
                FileOptions::default(),
                Feeds::Provincial,
            )
            .expect("reads")
            .clone();
        assert_eq!(info.rows, 60_000);
        assert_eq!(
            serde_json::to_string(&info).expect("json"),
            serde_json::to_string(&expected).expect("json")
        );
        assert_eq!(
            inline.store().id.iter().collect::<Vec<_>>(),
            beside.store().id.iter().collect::<Vec<_>>()
        );
    }
}
