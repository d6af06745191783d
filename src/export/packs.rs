//! The units' packs as files: each letter as .docx (the notice's writer), each list of dossiers as
//! an .xlsx whose sheet is protected except the two columns the unit fills, the index as .csv;
//! all of them as one .zip built in memory (the page offers it as one download).
//!
//! Owns file formats only: every word comes from `report::unit_pack`. Texts go into cells as the
//! appendices' do (`xlsx::write_text`: string cells, no character XML forbids, cut at Excel's
//! limit with a note).

use super::xlsx::{cell_text, write_text};
use crate::report::unit_pack::{Packs, ReplyList, UnitPack};
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, XlsxError,
};

/// One file of the set: its name and bytes.
pub type File = (String, Vec<u8>);

/// The list of a unit's dossiers as a workbook: title and lines above a bold header, dates as
/// dates, the sheet protected (no password: it guards against slips, not people) but for the
/// columns the unit fills, which are unlocked and shaded.
pub fn reply_list(list: &ReplyList) -> Result<Vec<u8>, String> {
    build_list(list).map_err(|e| e.to_string())
}

fn build_list(list: &ReplyList) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12);
    let title = font(Format::new()).set_bold().set_font_size(13);
    let head = font(Format::new())
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let text = font(Format::new())
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let int = text.clone().set_num_format("#,##0");
    let date = text.clone().set_num_format("dd/mm/yyyy");
    let open = text.clone().set_unlocked().set_background_color("FFF2CC");
    let red = |f: &Format| f.clone().set_font_color("C00000");
    let ws = wb.add_worksheet();
    ws.set_name("Hồ sơ")?;
    let ncols = list.table.columns.len().max(1) as u16;
    ws.merge_range(0, 0, 0, ncols - 1, &cell_text(&list.title).0, &title)?;
    let mut row = 1;
    for line in &list.lines {
        write_text(ws, row, 0, line, Some(&font(Format::new())))?;
        row += 1;
    }
    let header_row = row;
    for (c, col) in list.table.columns.iter().enumerate() {
        write_text(ws, row, c as u16, &col.title, Some(&head))?;
        ws.set_column_width(c as u16, f64::from(col.width.max(4)) * 1.2)?;
    }
    row += 1;
    for r in &list.table.rows {
        for (c, cell) in r.cells.iter().enumerate() {
            let c16 = c as u16;
            if list.editable.contains(&c) {
                ws.write_blank(row, c16, &open)?;
                continue;
            }
            let day = cell
                .date
                .as_deref()
                .and_then(crate::model::Date::parse_iso)
                .map(|d| d.ymd());
            match (cell.value, day) {
                (Some(v), _) => {
                    ws.write_number_with_format(
                        row,
                        c16,
                        v,
                        &if r.highlight { red(&int) } else { int.clone() },
                    )?;
                }
                (None, Some((y, m, d))) => {
                    ws.write_datetime_with_format(
                        row,
                        c16,
                        &ExcelDateTime::from_ymd(y as u16, m as u8, d as u8)?,
                        &date,
                    )?;
                }
                (None, None) => write_text(
                    ws,
                    row,
                    c16,
                    &cell.text,
                    Some(&if r.highlight {
                        red(&text)
                    } else {
                        text.clone()
                    }),
                )?,
            }
        }
        row += 1;
    }
    // Room for a few more lines in the unit's columns (a dossier the unit adds a note on).
    for c in &list.editable {
        for extra in row..row + 20 {
            ws.write_blank(extra, *c as u16, &open)?;
        }
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    if row > header_row + 1 {
        ws.autofilter(header_row, 0, row - 1, ncols - 1)?;
    }
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    });
    wb.save_to_buffer()
}

/// Every file of the set, in the index's order: `progress(done, total)` after each unit.
pub fn files(packs: &Packs, progress: &mut dyn FnMut(usize, usize)) -> Result<Vec<File>, String> {
    let total = packs.packs.len();
    let mut out = Vec::with_capacity(2 * total + 1);
    out.push(index(packs));
    for (done, p) in packs.packs.iter().enumerate() {
        out.extend(unit(p)?);
        progress(done + 1, total);
    }
    Ok(out)
}

/// The index of the set (first in the .zip).
pub fn index(packs: &Packs) -> File {
    (
        packs.index_file.to_string(),
        super::csv::table(&packs.index),
    )
}

/// One unit's two files: its letter, then its list. The page builds the set a unit at a time
/// with this, so that a Cancel is taken between units.
pub fn unit(p: &UnitPack) -> Result<[File; 2], String> {
    Ok([
        (p.letter_file.clone(), super::docx::notice(&p.letter, &[])?),
        (p.list_file.clone(), reply_list(&p.list)?),
    ])
}

/// The files as one .zip, in memory. The .docx and .xlsx are zips already: stored as they are;
/// the index is deflated. `when` (y, m, d) dates the entries (none: 1980-01-01, as the zip
/// format's default; no clock is read, so the result is the same on every run).
pub fn zip(files: &[File], when: Option<(i32, u32, u32)>) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut zip = super::ZipOut::new(&mut out, when);
    for (name, bytes) in files {
        let zipped = name.ends_with(".docx") || name.ends_with(".xlsx");
        zip.file(name, bytes, !zipped).map_err(|e| e.to_string())?;
    }
    zip.finish().map_err(|e| e.to_string())?;
    Ok(out)
}
