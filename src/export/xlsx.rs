//! The appendices as a workbook: one formatted sheet per appendix, a title row, a bold header,
//! numbers and percentages as real numbers (with the notice's formats), breaches in red.

use crate::report::appendix::Appendix;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

/// The .xlsx bytes, or the writer's error in words.
pub fn appendices(list: &[Appendix]) -> Result<Vec<u8>, String> {
    build(list).map_err(|e| e.to_string())
}

fn build(list: &[Appendix]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12);
    let title = font(Format::new()).set_bold().set_font_size(13);
    let head = font(Format::new()).set_bold().set_text_wrap().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter).set_border(rust_xlsxwriter::FormatBorder::Thin);
    let text = font(Format::new()).set_text_wrap().set_border(rust_xlsxwriter::FormatBorder::Thin);
    let int = font(Format::new()).set_num_format("#,##0").set_border(rust_xlsxwriter::FormatBorder::Thin);
    let dec = font(Format::new()).set_num_format("0.00").set_border(rust_xlsxwriter::FormatBorder::Thin);
    let pct = font(Format::new()).set_num_format("0.00%").set_border(rust_xlsxwriter::FormatBorder::Thin);
    let red = |f: &Format| f.clone().set_font_color("C00000");
    let bold = |f: &Format| f.clone().set_bold();
    for a in list {
        let ws = wb.add_worksheet();
        ws.set_name(a.sheet)?;
        let ncols = a.table.columns.len().max(1) as u16;
        if ncols > 1 {
            ws.merge_range(0, 0, 0, ncols - 1, &a.title, &title)?;
        } else {
            ws.write_string_with_format(0, 0, &a.title, &title)?;
        }
        let mut row = 1;
        if let Some(note) = &a.note {
            ws.write_string(row, 0, note)?;
            row += 1;
        }
        let header_row = row;
        for (c, col) in a.table.columns.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, &col.title, &head)?;
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
                let date = cell.date.as_deref().and_then(crate::model::Date::parse_iso).map(|d| d.ymd());
                match (cell.value, date) {
                    (Some(v), _) => ws.write_number_with_format(row, c as u16, v, &f)?,
                    (None, Some((y, m, d))) => {
                        let when = ExcelDateTime::from_ymd(y as u16, m as u8, d as u8)?;
                        ws.write_datetime_with_format(row, c as u16, &when, &f.clone().set_num_format("dd/mm/yyyy"))?
                    }
                    (None, None) => ws.write_string_with_format(row, c as u16, &cell.text, &f)?,
                };
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
