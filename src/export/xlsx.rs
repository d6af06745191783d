//! The appendices as a workbook: one formatted sheet per appendix, a title row, a bold header,
//! numbers and percentages as real numbers (with the notice's formats), breaches in red.
//!
//! Every text is written as a string cell (never a formula, whatever it starts with), without
//! the control characters XML forbids, and cut with an ellipsis and a note where it passes the
//! 32,767 characters an Excel cell holds: one long name never loses the whole workbook.

use crate::report::appendix::Appendix;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Note, Workbook, Worksheet, XlsxError};
use std::borrow::Cow;

/// The most UTF-16 code units an Excel cell holds.
pub const EXCEL_CELL_LIMIT: usize = 32_767;

/// A text as a cell may hold it: what XML forbids removed, and cut to Excel's limit with an
/// ellipsis; with the original length in characters when it was cut.
pub(crate) fn cell_text(s: &str) -> (Cow<'_, str>, Option<usize>) {
    let s = crate::text::printable(s);
    // UTF-8 takes at least as many bytes as UTF-16 takes units: short texts need no count.
    if s.len() <= EXCEL_CELL_LIMIT || s.encode_utf16().count() <= EXCEL_CELL_LIMIT {
        return (s, None);
    }
    let mut units = 0;
    let mut cut: String = s
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units < EXCEL_CELL_LIMIT
        })
        .collect();
    cut.push('…');
    (Cow::Owned(cut), Some(s.chars().count()))
}

/// Writes a text cell (a string cell, never a formula), cut with a note when too long.
pub(crate) fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let (shown, cut) = cell_text(text);
    match format {
        Some(f) => ws.write_string_with_format(row, col, shown.as_ref(), f)?,
        None => ws.write_string(row, col, shown.as_ref())?,
    };
    if let Some(chars) = cut {
        ws.insert_note(
            row,
            col,
            &Note::new(crate::messages::cell_cut(chars, EXCEL_CELL_LIMIT).vi)
                .set_author("chiso766"),
        )?;
    }
    Ok(())
}

/// The .xlsx bytes, or the writer's error in words.
pub fn appendices(list: &[Appendix]) -> Result<Vec<u8>, String> {
    build(list).map_err(|e| e.to_string())
}

fn build(list: &[Appendix]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12);
    let title = font(Format::new()).set_bold().set_font_size(13);
    let head = font(Format::new())
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let text = font(Format::new())
        .set_text_wrap()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let int = font(Format::new())
        .set_num_format("#,##0")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let dec = font(Format::new())
        .set_num_format("0.00")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let pct = font(Format::new())
        .set_num_format("0.00%")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let red = |f: &Format| f.clone().set_font_color("C00000");
    let bold = |f: &Format| f.clone().set_bold();
    for a in list {
        let ws = wb.add_worksheet();
        ws.set_name(a.sheet)?;
        let ncols = a.table.columns.len().max(1) as u16;
        if ncols > 1 {
            ws.merge_range(0, 0, 0, ncols - 1, &cell_text(&a.title).0, &title)?;
        } else {
            write_text(ws, 0, 0, &a.title, Some(&title))?;
        }
        let mut row = 1;
        if let Some(note) = &a.note {
            write_text(ws, row, 0, note, None)?;
            row += 1;
        }
        let header_row = row;
        for (c, col) in a.table.columns.iter().enumerate() {
            write_text(ws, row, c as u16, &col.title, Some(&head))?;
            ws.set_column_width(c as u16, f64::from(col.width.max(4)) * 1.4)?;
        }
        row += 1;
        for r in &a.table.rows {
            for (c, cell) in r.cells.iter().enumerate() {
                let base = match (cell.value, cell.percent) {
                    (Some(_), true) => &pct,
                    (Some(v), false) if v.fract() == 0.0 => &int,
                    (Some(_), false) => &dec,
                    (None, _) => &text,
                };
                let mut f = base.clone();
                if r.highlight {
                    f = red(&f);
                }
                if r.strong {
                    f = bold(&f);
                }
                let date = cell
                    .date
                    .as_deref()
                    .and_then(crate::model::Date::parse_iso)
                    .map(|d| d.ymd());
                match (cell.value, date) {
                    (Some(v), _) => {
                        ws.write_number_with_format(row, c as u16, v, &f)?;
                    }
                    (None, Some((y, m, d))) => {
                        let when = ExcelDateTime::from_ymd(y as u16, m as u8, d as u8)?;
                        ws.write_datetime_with_format(
                            row,
                            c as u16,
                            &when,
                            &f.clone().set_num_format("dd/mm/yyyy"),
                        )?;
                    }
                    (None, None) => write_text(ws, row, c as u16, &cell.text, Some(&f))?,
                }
            }
            row += 1;
        }
        ws.set_freeze_panes(header_row + 1, 0)?;
        // Printed as the appendices are: landscape A4, one page wide, the header on every page.
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(header_row, header_row)?;
        if row > header_row + 1 {
            ws.autofilter(header_row, 0, row - 1, ncols - 1)?;
        }
    }
    if list.is_empty() {
        wb.add_worksheet();
    }
    wb.save_to_buffer()
}
