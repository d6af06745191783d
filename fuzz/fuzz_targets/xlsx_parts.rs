//! Structure-aware: a valid zip holding a workbook's parts, their XML made from the input (valid
//! parts around hostile content: counts, indexes, styles, cell types, references, row numbers,
//! merged regions), read whole and by random access, and as .xls/.ods/HTML when the input says
//! so. Never a panic, never an unbounded allocation, the same outcome both ways.
#![no_main]
use chiso766::ingest::{Feeds, FileOptions, Loader};
use libfuzzer_sys::fuzz_target;
use std::io::Write;

/// The parts a workbook is read from, and a frame of valid XML each piece of input goes into.
const PARTS: [(&str, &str, &str); 5] = [
    (
        "xl/workbook.xml",
        concat!(
            r#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relat"#,
            r#"ionships"><workbookPr date1904="0"/><sheets><sheet name="Hồ sơ" sheetId="1""#,
            r#" r:id="rId1"/>"#,
        ),
        "</sheets></workbook>",
    ),
    (
        "xl/_rels/workbook.xml.rels",
        concat!(
            r#"<Relationships><Relationship Id="rId1""#,
            r#" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/wor"#,
            r#"ksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2""#,
            r#" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sha"#,
            r#"redStrings" Target="sharedStrings.xml"/><Relationship Id="rId3""#,
            r#" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sty"#,
            r#"les" Target="styles.xml"/>"#,
        ),
        "</Relationships>",
    ),
    (
        "xl/styles.xml",
        concat!(
            r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>"#,
            r#"</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>"#,
        ),
        "</cellXfs></styleSheet>",
    ),
    (
        "xl/sharedStrings.xml",
        "<sst><si><t>Mã hồ sơ</t></si><si><t>Đơn vị</t></si><si><t>Ngày tiếp \
         nhận</t></si><si><t>Ngày hẹn trả</t></si><si><t>HS1</t></si><si><t>Sở Tư pháp</t></si>",
        "</sst>",
    ),
    (
        "xl/worksheets/sheet1.xml",
        concat!(
            r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s">"#,
            r#"<v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row><row"#,
            r#" r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c><c r="C2""#,
            r#" s="1"><v>45414</v></c><c r="D2" s="2"><v>45415.5</v></c></row>"#,
        ),
        "</sheetData></worksheet>",
    ),
];

fuzz_target!(|data: &[u8]| {
    // The input, cut at 0xFF bytes, fills the parts in order; its first byte says how the parts
    // are stored (deflated or not) and whether the HTML reader gets the input too.
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut pieces = rest.split(|&b| b == 0xFF);
    let mut zip = Vec::new();
    {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut zip));
        let method = if mode & 1 == 0 {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, open, close) in PARTS {
            let piece = pieces.next().unwrap_or_default();
            if w.start_file(name, options).is_err() {
                return;
            }
            let _ = w.write_all(open.as_bytes());
            let _ = w.write_all(piece);
            let _ = w.write_all(close.as_bytes());
        }
        if w.finish().is_err() {
            return;
        }
    }
    let mut whole = Loader::new();
    let held = whole
        .add_file("f.xlsx", &zip)
        .map(|i| (i.rows, i.problems_total))
        .map_err(|e| e.text().en);
    let mut fetched = Loader::new();
    let mut source: &[u8] = &zip;
    let read = fetched
        .add_workbook(
            "f.xlsx",
            &mut source,
            FileOptions::default(),
            Feeds::Provincial,
        )
        .map(|i| (i.rows, i.problems_total))
        .map_err(|e| e.text().en);
    assert_eq!(
        held, read,
        "the same workbook read whole and by random access"
    );
    if mode & 2 != 0 {
        let mut page = b"<html><meta charset=utf-8><table>".to_vec();
        page.extend_from_slice(rest);
        let _ = Loader::new().add_file("f.xls", &page);
    }
});
