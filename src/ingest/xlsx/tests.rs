//! The reader on whole workbooks: written by rust_xlsxwriter as Excel would save them, by hand
//! for what no writer writes (the 1904 system, hostile parts), and against calamine's reading
//! of the same files.

// A failing unwrap is a failing test, which is what it should be here.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::ingest::row::Row;
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as Writer};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// A sheet as read: its name, date system and non-blank rows as text.
#[derive(Debug, PartialEq)]
struct Read {
    name: String,
    date1904: bool,
    rows: Vec<(u32, Vec<String>)>,
}

fn text_rows(bytes: &[u8], wb: &mut Workbook) -> Result<Vec<(u32, Vec<String>)>, XlsxError> {
    let mut rows = Vec::new();
    read_all(bytes, wb, &mut |r, row: &dyn Row| {
        rows.push((
            r,
            (0..row.len()).map(|i| row.text(i).into_owned()).collect(),
        ));
        Ok::<(), ()>(())
    })?
    .ok();
    Ok(rows)
}

/// Reads `sheet` (or the first with data) as the loader does, merged header regions spread
/// whenever they change the header rows.
fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Read, XlsxError> {
    let mut wb = Workbook::new(bytes.len() as u64, sheet);
    let mut rows = text_rows(bytes, &mut wb)?;
    if wb.spread_head().is_some() {
        wb.read_again(true);
        rows = text_rows(bytes, &mut wb)?;
    }
    Ok(Read {
        name: wb.sheet().unwrap_or_default().to_string(),
        date1904: wb.date1904(),
        rows,
    })
}

fn names(bytes: &[u8]) -> Result<Vec<String>, XlsxError> {
    let mut wb = Workbook::new(bytes.len() as u64, None);
    let r = text_rows(bytes, &mut wb);
    match r {
        Ok(_) | Err(XlsxError::Empty) => Ok(wb.sheet_names()),
        Err(e) => Err(e),
    }
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

/// A workbook written by rust_xlsxwriter, as Excel would save it.
fn written(build: impl FnOnce(&mut Writer) -> Result<(), rust_xlsxwriter::XlsxError>) -> Vec<u8> {
    let mut workbook = Writer::new();
    build(&mut workbook).unwrap();
    workbook.save_to_buffer().unwrap()
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A one-sheet workbook written by hand: `workbook_pr` in the workbook, `worksheet` the sheet's
/// whole content, `sst` the shared strings' items. Style 1 is `dd/mm/yyyy`.
fn handmade_sheet(workbook_pr: &str, worksheet: &str, sst: &str) -> Vec<u8> {
    let parts = handmade_parts(
        workbook_pr,
        worksheet,
        &format!(r#"<sst xmlns="{MAIN_NS}">{sst}</sst>"#),
    );
    zipped(&parts, true)
}

fn handmade(workbook_pr: &str, sheet_data: &str, sst: &str) -> Vec<u8> {
    handmade_sheet(
        workbook_pr,
        &format!("<sheetData>{sheet_data}</sheetData>"),
        sst,
    )
}

fn handmade_parts(workbook_pr: &str, worksheet: &str, sst: &str) -> Vec<(String, Vec<u8>)> {
    let pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
    let workbook = format!(
        concat!(
            r#"<workbook xmlns="{MAIN_NS}" xmlns:r="{REL}">{workbook_pr}<sheets>"#,
            r#"<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        ),
        MAIN_NS = MAIN_NS,
        REL = REL,
        workbook_pr = workbook_pr,
    );
    let workbook_rels = format!(
        concat!(
            r#"<Relationships xmlns="{pkg}">"#,
            r#"<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>"#,
            r#"<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>"#,
            r#"<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>"#,
            r#"</Relationships>"#
        ),
        pkg = pkg,
        REL = REL,
    );
    let styles = format!(
        concat!(
            r#"<styleSheet xmlns="{MAIN_NS}"><numFmts count="1">"#,
            r#"<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2">"#,
            r#"<xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>"#,
            r#"</styleSheet>"#
        ),
        MAIN_NS = MAIN_NS,
    );
    let sheet = format!(r#"<worksheet xmlns="{MAIN_NS}">{worksheet}</worksheet>"#);
    vec![
        ("xl/workbook.xml".into(), workbook.into_bytes()),
        (
            "xl/_rels/workbook.xml.rels".into(),
            workbook_rels.into_bytes(),
        ),
        ("xl/styles.xml".into(), styles.into_bytes()),
        ("xl/sharedStrings.xml".into(), sst.as_bytes().to_vec()),
        ("xl/worksheets/sheet1.xml".into(), sheet.into_bytes()),
    ]
}

fn zipped(parts: &[(String, Vec<u8>)], deflate: bool) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    for (name, data) in parts {
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(data.len() > (1 << 31));
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Sets the uncompressed size the central directory declares for `name` (a zip32 entry).
fn declare_size(bytes: &mut [u8], name: &str, size: u32) {
    let at = memchr::memmem::find_iter(bytes, b"PK\x01\x02")
        .find(|&at| bytes[at + 46..].starts_with(name.as_bytes()))
        .unwrap();
    bytes[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
}

#[test]
fn a_1904_workbook_is_read_in_its_own_system() {
    let sheet = concat!(
        r#"<row r="3"><c r="B3" s="1"><v>44072</v></c><c r="C3" t="s"><v>0</v></c>"#,
        r#"<c r="D3" t="e"><v>#N/A</v></c></row>"#
    );
    let bytes = handmade(
        r#"<workbookPr date1904="1"/>"#,
        sheet,
        "<si><t>xin chào</t></si>",
    );
    let sheet1904 = read(&bytes, None).unwrap();
    assert!(sheet1904.date1904);
    assert_eq!(
        sheet1904.rows,
        vec![(3, strings(&["", "30/08/2024", "xin chào"]))]
    );

    let bytes = handmade("", sheet, "<si><t>xin chào</t></si>");
    let sheet1900 = read(&bytes, None).unwrap();
    assert!(!sheet1900.date1904);
    assert_eq!(sheet1900.rows[0].1[1], "29/08/2020"); // the same serial in the 1900 system
}

#[test]
fn sheets_are_chosen_by_name_or_as_the_first_visible_one_with_data() {
    let bytes = written(|wb| {
        wb.add_worksheet()
            .set_name("DM")?
            .set_hidden(true)
            .write_string(0, 0, "danh mục")?;
        wb.add_worksheet()
            .set_name("Trống")?
            .write_string(3, 3, "   ")?;
        // Excel cannot hide the active sheet, and the first one is active by default.
        wb.add_worksheet()
            .set_name("Dữ liệu")?
            .set_active(true)
            .write_string(0, 0, "Mã hồ sơ")?;
        Ok(())
    });
    assert_eq!(names(&bytes).unwrap(), strings(&["DM", "Trống", "Dữ liệu"]));
    assert_eq!(read(&bytes, None).unwrap().name, "Dữ liệu");
    assert_eq!(
        read(&bytes, Some("DM")).unwrap().rows,
        vec![(1, strings(&["danh mục"]))]
    );
    assert_eq!(read(&bytes, Some("DỮ LIỆU")).unwrap().name, "Dữ liệu");
    assert_eq!(read(&bytes, Some("Trống")), Err(XlsxError::Empty));
    assert_eq!(
        read(&bytes, Some("Tháng 8")),
        Err(XlsxError::NoSuchSheet("Tháng 8".into()))
    );

    let blank = written(|wb| {
        wb.add_worksheet();
        Ok(())
    });
    assert_eq!(read(&blank, None), Err(XlsxError::Empty));
}

#[test]
fn too_many_sheets_are_refused_and_millions_cost_nothing() {
    let bytes = written(|wb| {
        for _ in 0..=MAX_SHEETS {
            wb.add_worksheet();
        }
        Ok(())
    });
    assert_eq!(names(&bytes), Err(XlsxError::TooManySheets(MAX_SHEETS + 1)));

    // A workbook part listing two million sheets (a few kilobytes deflated): counted as it
    // is read, a few hundred kept.
    let sheets = r#"<sheet name="x" sheetId="1" r:id="rId1"/>"#.repeat(2_000_000);
    let mut parts = handmade_parts("", "<sheetData/>", "<sst/>");
    parts[0].1 = format!(
        r#"<workbook xmlns="{MAIN_NS}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>"#
    )
    .into_bytes();
    let bytes = zipped(&parts, true);
    assert!(bytes.len() < 1 << 20);
    assert!(matches!(
        names(&bytes),
        Err(XlsxError::TooManySheets(2_000_000)) | Err(XlsxError::TooLarge { .. })
    ));
}

#[test]
fn styles_with_millions_of_formats_cost_a_byte_each_at_most() {
    let xfs = r#"<xf numFmtId="164"/>"#.repeat(3_000_000);
    let mut parts = handmade_parts(
        "",
        r#"<sheetData><row r="1"><c r="A1" s="2999999"><v>45534</v></c></row></sheetData>"#,
        "<sst/>",
    );
    parts[2].1 = format!(
        concat!(
            r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>"#,
            r#"<cellXfs>{xfs}</cellXfs></styleSheet>"#
        ),
        xfs = xfs,
    )
    .into_bytes();
    let bytes = zipped(&parts, true);
    assert!(bytes.len() < 1 << 20);
    assert_eq!(
        read(&bytes, None).unwrap().rows,
        vec![(1, strings(&["30/08/2024"]))]
    );
}

#[test]
fn shared_strings_by_the_million_without_a_count_are_read_within_their_budget() {
    let items = "<si><t>a</t></si>".repeat(5_000_000);
    let mut parts = handmade_parts(
        "",
        r#"<sheetData><row r="1"><c r="A1" t="s"><v>4999999</v></c></row></sheetData>"#,
        "",
    );
    parts[3].1 = format!("<sst>{items}</sst>").into_bytes();
    let bytes = zipped(&parts, true);
    assert_eq!(read(&bytes, None).unwrap().rows, vec![(1, strings(&["a"]))]);
}

#[test]
fn declared_sizes_over_the_budgets_are_refused_before_inflating() {
    let parts = handmade_parts("", "<sheetData/>", "<sst/>");
    let mut bytes = zipped(&parts, false);
    declare_size(&mut bytes, "xl/styles.xml", (MAX_SMALL_PART + 1) as u32);
    assert_eq!(
        names(&bytes),
        Err(XlsxError::TooLarge {
            uncompressed: MAX_SMALL_PART + 1,
            limit: MAX_SMALL_PART
        })
    );
    // A sheet declaring far more than it could inflate to.
    let mut bytes = zipped(&parts, true);
    declare_size(&mut bytes, "xl/worksheets/sheet1.xml", u32::MAX);
    assert!(matches!(
        read(&bytes, None),
        Err(XlsxError::TooLarge { .. })
    ));
    // A part longer than it declares stops at its declared size.
    let mut bytes = zipped(
        &handmade_parts(
            "",
            r#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>"#,
            "<sst/>",
        ),
        true,
    );
    declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 10);
    assert!(matches!(
        read(&bytes, None),
        Err(XlsxError::Damaged {
            why: InflateError::LongerThanDeclared,
            ..
        })
    ));
}

#[test]
fn a_long_shared_string_referenced_again_and_again_stops_at_its_budget() {
    let long = "x".repeat(1 << 20);
    let cells: String = (1..=2000)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    let bytes = handmade("", &cells, &format!("<si><t>{long}</t></si>"));
    assert!(matches!(
        read(&bytes, None),
        Err(XlsxError::TooLarge { .. })
    ));
    // The same string a few times is read.
    let cells: String = (1..=3)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    let bytes = handmade("", &cells, &format!("<si><t>{long}</t></si>"));
    assert_eq!(read(&bytes, None).unwrap().rows.len(), 3);
}

#[test]
fn cells_that_cannot_be_read_are_named_and_the_rest_read() {
    let sheet = concat!(
        r#"<row r="17"><c r="A17" t="s"><v>0</v></c><c r="B17" t="s"><v>7</v></c>"#,
        r#"<c r="C17" t="s"><v>x</v></c><c r="D17" t="n"><v>abc</v></c><c r="E17" t="b"><v>2</v>"#,
        r#"</c><c r="F17" t="q"><v>1</v></c><c r="G17"><v>abc</v></c></row>"#
    );
    let bytes = handmade("", sheet, "<si><t>Mã</t></si>");
    let mut wb = Workbook::new(bytes.len() as u64, None);
    let rows = text_rows(&bytes, &mut wb).unwrap();
    assert_eq!(
        rows,
        vec![(17, strings(&["Mã", "", "", "", "", "", "abc"]))]
    );
    let (listed, total) = wb.problems();
    let named: Vec<String> = listed
        .iter()
        .map(|p| format!("{}{}", sheet::column_name(p.column), p.row))
        .collect();
    assert_eq!(named, ["B17", "C17", "D17", "E17", "F17"]);
    assert_eq!(total, 5);
    assert_eq!(sheet::column_name(16_383), "XFD");
    assert_eq!(sheet::column_name(26), "AA");
}

#[test]
fn rows_stored_out_of_order_are_refused_not_read_as_empty() {
    let sheet = r#"<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>"#;
    assert_eq!(
        read(&handmade("", sheet, ""), None),
        Err(XlsxError::RowsOutOfOrder { row: 2, after: 3 })
    );
    // Rows and cells without references follow one another.
    let sheet = concat!(
        r#"<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c><c><v>4</v></c>"#,
        r#"</row>"#
    );
    let rows = read(&handmade("", sheet, ""), None).unwrap().rows;
    assert_eq!(
        rows,
        vec![(1, strings(&["1", "2"])), (2, strings(&["", "", "3", "4"]))]
    );
}

#[test]
fn a_cell_far_away_costs_one_row_and_past_xfd_is_refused() {
    let bytes = handmade(
        "",
        r#"<row r="4000000000"><c r="A4000000000"><v>7</v></c></row>"#,
        "",
    );
    assert_eq!(
        read(&bytes, None).unwrap().rows,
        vec![(4_000_000_000, strings(&["7"]))]
    );
    let bytes = handmade(
        "",
        r#"<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>"#,
        "",
    );
    let rows = read(&bytes, None).unwrap().rows;
    assert_eq!((rows[0].0, rows[0].1.len()), (1_048_576, 16_384));
    let bytes = handmade("", r#"<row r="1"><c r="XFE1"><v>7</v></c></row>"#, "");
    assert!(matches!(read(&bytes, None), Err(XlsxError::NotWorkbook(_))));
}

#[test]
fn a_merged_region_over_the_whole_sheet_is_spread_within_the_header_only() {
    let data = concat!(
        r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="31"><c r="C31" t="s">"#,
        r#"<v>1</v></c></row></sheetData>"#
    );
    let merges = concat!(
        r#"<mergeCells count="2"><mergeCell ref="A1:XFD1048576"/><mergeCell ref="A1:B2"/>"#,
        r#"</mergeCells>"#
    );
    let bytes = handmade_sheet(
        "",
        &format!("{data}{merges}"),
        "<si><t>tiêu đề</t></si><si><t>dữ liệu</t></si>",
    );
    let rows = read(&bytes, None).unwrap().rows;
    // The spread stays within the header rows held (row 1 alone here) and their width.
    assert_eq!(
        rows,
        vec![
            (1, strings(&["tiêu đề"])),
            (31, strings(&["", "", "dữ liệu"]))
        ]
    );
}

#[test]
fn merged_group_headers_are_spread_over_their_columns() {
    let bytes = written(|wb| {
        let ws = wb.add_worksheet();
        let plain = Format::new();
        ws.merge_range(0, 0, 0, 3, "DANH SÁCH HỒ SƠ", &plain)?;
        ws.merge_range(2, 0, 3, 0, "Mã hồ sơ", &plain)?;
        ws.merge_range(2, 1, 2, 2, "Ngày", &plain)?;
        ws.write_string(3, 1, "tiếp nhận")?;
        ws.write_string(3, 2, "hẹn trả")?;
        ws.write_string(4, 0, "HS1")?;
        Ok(())
    });
    let rows = read(&bytes, None).unwrap().rows;
    assert_eq!(rows[1], (3, strings(&["Mã hồ sơ", "Ngày", "Ngày"])));
    assert_eq!(rows[2], (4, strings(&["Mã hồ sơ", "tiếp nhận", "hẹn trả"])));
    assert_eq!(rows[3], (5, strings(&["HS1"])));
}

#[test]
fn what_is_not_a_workbook_is_refused() {
    for bytes in [
        &b""[..],
        b"PK\x03\x04 then nothing",
        b"Ma ho so;Don vi\n1;A\n",
    ] {
        assert!(
            matches!(read(bytes, None), Err(XlsxError::NotWorkbook(_))),
            "{bytes:?}"
        );
    }
    let other_zip = zipped(&[("readme.txt".into(), b"hello".to_vec())], false);
    assert!(matches!(
        read(&other_zip, None),
        Err(XlsxError::NotWorkbook(_))
    ));
}

fn sample_workbook() -> Vec<u8> {
    handmade(
        r#"<workbookPr date1904="1"/>"#,
        concat!(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>44072.5</v></c></row>"#,
            r#"<row r="2"><c r="A2"><v>1.5</v></c></row>"#
        ),
        "<si><t>Mã hồ sơ</t></si>",
    )
}

#[test]
fn the_sample_workbook_reads() {
    let rows = read(&sample_workbook(), None).unwrap().rows;
    assert_eq!(
        rows,
        vec![
            (1, strings(&["Mã hồ sơ", "30/08/2024 12:00:00"])),
            (2, strings(&["1.5"]))
        ]
    );
}

/// A cell as calamine reads it, in the text the old reader gave it (which every fixture's
/// figures were computed from).
fn calamine_text(value: &calamine::DataRef<'_>, date1904: bool) -> String {
    use calamine::DataRef as D;
    match value {
        D::Int(i) => i.to_string(),
        D::Float(f) => cell::number_text(*f),
        D::String(s) => s.clone(),
        D::SharedString(s) => (*s).to_string(),
        D::Bool(true) => "TRUE".to_string(),
        D::Bool(false) => "FALSE".to_string(),
        D::DateTime(dt) if dt.is_duration() => cell::duration_text(dt.as_f64()),
        D::DateTime(dt) => cell::serial_text(dt.as_f64(), date1904),
        D::DateTimeIso(s) | D::DurationIso(s) => s.clone(),
        D::Error(_) | D::Empty => String::new(),
    }
}

fn calamine_rows(bytes: &[u8]) -> Vec<(u32, Vec<String>)> {
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(Cursor::new(bytes)).unwrap();
    let date1904 = wb.has_1904_epoch();
    let name = wb.sheet_names()[0].clone();
    let mut cells = wb.worksheet_cells_reader(&name).unwrap();
    let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
    while let Some(c) = cells.next_cell().unwrap() {
        let text = calamine_text(c.get_value(), date1904);
        if text.trim().is_empty() {
            continue;
        }
        let (r, col) = c.get_position();
        if rows.last().is_none_or(|(last, _)| *last != r + 1) {
            rows.push((r + 1, Vec::new()));
        }
        let row = &mut rows.last_mut().unwrap().1;
        if row.len() <= col as usize {
            row.resize(col as usize + 1, String::new());
        }
        row[col as usize] = text;
    }
    rows
}

/// One cell a writer may write.
#[derive(Clone, Debug)]
enum Written {
    Text(String),
    Number(f64),
    Date(u16, u8, u8, u16, u8, u8),
    Bool(bool),
    Blank,
}

fn written_cell() -> impl Strategy<Value = Written> {
    prop_oneof![
        "[ a-zA-Z0-9ĐđÂâÊêÔôƠơƯưÀ-ỹ&<>\"'_\\-\\.\r\n\t]{0,12}".prop_map(Written::Text),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(Written::Number),
        (-1e7f64..1e7).prop_map(Written::Number),
        (0u32..100_000).prop_map(|n| Written::Number(f64::from(n))),
        (1900u16..2100, 1u8..13, 1u8..29, 0u16..24, 0u8..60, 0u8..60)
            .prop_map(|(y, m, d, h, mi, s)| Written::Date(y, m, d, h, mi, s)),
        any::<bool>().prop_map(Written::Bool),
        Just(Written::Blank),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// What Excel's writers write reads as calamine read it: every cell's text, every row.
    #[test]
    fn reads_as_calamine_did(
        rows in proptest::collection::vec(proptest::collection::vec(written_cell(), 0..8), 1..12)
    ) {
        let bytes = written(|wb| {
            let ws = wb.add_worksheet();
            let date = Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
            let day = Format::new().set_num_format("d-mmm-yy");
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match cell {
                        Written::Text(t) => { ws.write_string(r, c, t)?; }
                        Written::Number(n) => { ws.write_number(r, c, *n)?; }
                        Written::Date(y, m, d, h, mi, s) => {
                            let dt = ExcelDateTime::from_ymd(*y, *m, *d)?
                                .and_hms(*h, *mi, f64::from(*s))?;
                            let format = if h % 2 == 0 { &date } else { &day };
                            ws.write_datetime_with_format(r, c, &dt, format)?;
                        }
                        Written::Bool(b) => { ws.write_boolean(r, c, *b)?; }
                        Written::Blank => { ws.write_blank(r, c, &date)?; }
                    }
                }
            }
            Ok(())
        });
        let ours = read(&bytes, None).map(|r| r.rows);
        let theirs = calamine_rows(&bytes);
        if theirs.is_empty() {
            prop_assert_eq!(ours, Err(XlsxError::Empty));
        } else {
            prop_assert_eq!(ours, Ok(theirs));
        }
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read(&bytes, None);
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&bytes);
        let _ = read(&zip, None);
    }

    #[test]
    fn damaged_workbooks_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = sample_workbook();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let _ = read(&bytes, None);
        let _ = read(&bytes[..cut.index(bytes.len())], None);
    }

    /// Any chunking of the XML gives the same rows.
    #[test]
    fn any_chunking_of_the_xml_reads_alike(size in 1usize..200) {
        let bytes = written(|wb| {
            let ws = wb.add_worksheet();
            for r in 0..30u32 {
                ws.write_string(r, 0, format!("Hồ sơ &amp; <{r}>"))?;
                ws.write_number(r, 1, f64::from(r) / 7.0)?;
            }
            Ok(())
        });
        let whole = read(&bytes, None).unwrap().rows;
        let mut wb = Workbook::new(bytes.len() as u64, None);
        let mut rows = Vec::new();
        let mut on = |r: u32, row: &dyn Row| {
            rows.push((r, (0..row.len()).map(|i| row.text(i).into_owned()).collect::<Vec<_>>()));
            Ok::<(), ()>(())
        };
        loop {
            match wb.step().unwrap() {
                Step::Fetch { at, len } => {
                    let end = (at as usize + len).min(bytes.len());
                    wb.give(at, bytes[at as usize..end].to_vec()).unwrap();
                }
                Step::Inflate(entry) => {
                    let mut xml = Vec::new();
                    let data = &bytes[entry.at as usize..(entry.at + entry.compressed) as usize];
                    let mut inflater = Inflater::new(entry);
                    let mut keep = |b: &[u8]| {
                        xml.extend_from_slice(b);
                        Ok::<(), ()>(())
                    };
                    inflater.push(data, &mut Vec::new(), &mut keep).unwrap().unwrap();
                    for piece in xml.chunks(size) {
                        wb.feed(piece, &mut on).unwrap().unwrap();
                    }
                    wb.part_end(inflater.finish(), &mut on).unwrap().unwrap();
                }
                Step::Done => break,
            }
        }
        prop_assert_eq!(rows, whole);
    }
}
