//! The bad-input corpus: broken and hostile files, generated here (none is checked in), each with
//! its expected outcome written next to it. For every file: no panic, no hang (each case runs on
//! a thread with a time limit), no more than 1 GB held while reading it, the expected message or
//! skipped rows, and a good file loaded beside it still analysed exactly as alone.

use chiso766::ingest::{IngestError, Loader};
use chiso766::model::Period;
use chiso766::report::{self, Options};
use std::sync::mpsc;
use std::time::Duration;

/// Counts the bytes the process holds, and their peak (issue 20: no input under 100 MB may take
/// 1 GB). The cases are read one after another; the few other tests of this file running beside
/// them hold little, so a case's peak is its own within a few megabytes.
#[global_allocator]
static HELD: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

/// The most the process held while `f` ran, past what it held before.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = HELD.current_usage();
    HELD.reset_peak_usage();
    let out = f();
    (out, HELD.peak_usage().saturating_sub(before) as u64)
}

/// The most reading one hostile file may hold: issue 20's bound for any input under 100 MB.
const MAX_READ_BYTES: u64 = 1 << 30;

#[path = "support/hostile_text.rs"]
mod hostile_text;

const HEAD: &str = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Ngày kết thúc xử lý;Trạng \
    thái;Phí, lệ phí;Thanh toán trực tuyến\n";
const ROW: &str = "HS1;Sở Tư pháp;02/05/2024;10/05/2024;09/05/2024;10;0;Không\n";
const GOOD: &str = include_str!("fixtures/thang-05-2024.csv");

/// What a file must give.
enum Expect {
    /// Refused whole, the message containing this.
    Unusable(&'static str),
    /// Read: this many dossiers kept, this many rows skipped, and (if given) a problem whose
    /// message contains the text, at this row.
    Read {
        rows: usize,
        skipped: usize,
        problem: Option<(&'static str, Option<u64>)>,
    },
    /// Read whole, this many dossiers, without a problem or a skipped row.
    Quiet { rows: usize },
}

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    expect: Expect,
}

fn csv(body: &str) -> Vec<u8> {
    format!("{HEAD}{body}").into_bytes()
}

fn read(rows: usize, skipped: usize, problem: Option<(&'static str, Option<u64>)>) -> Expect {
    Expect::Read {
        rows,
        skipped,
        problem,
    }
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    for u in text.encode_utf16() {
        out.extend(u.to_le_bytes());
    }
    out
}

fn workbook(sheets: usize, rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for s in 0..sheets {
        let ws = wb.add_worksheet();
        if s == 0 {
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    ws.write_string(r as u32, c as u16, *v).expect("in memory");
                }
            }
        }
    }
    wb.save_to_buffer().expect("in memory")
}

/// The shared-string items of every distinct cell of `rows`, in order of first appearance (the
/// same order `sheet_rows` numbers them in).
fn cells_as_items(rows: &[&[&str]]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for row in rows {
        for &v in row.iter() {
            if !seen.contains(&v) {
                seen.push(v);
            }
        }
    }
    seen.iter()
        .map(|v| format!("<si><t>{v}</t></si>"))
        .collect()
}

/// `rows` as sheet XML rows, every cell a shared string numbered as `cells_as_items` lists them.
fn sheet_rows(rows: &[&[&str]]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::new();
    for (r, row) in rows.iter().enumerate() {
        out.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, &v) in row.iter().enumerate() {
            let k = seen.iter().position(|&s| s == v).unwrap_or_else(|| {
                seen.push(v);
                seen.len() - 1
            });
            out.push_str(&format!(
                "<c r=\"{}{}\" t=\"s\"><v>{k}</v></c>",
                (b'A' + c as u8) as char,
                r + 1
            ));
        }
        out.push_str("</row>");
    }
    out
}

/// A one-sheet workbook holding `rows` (shared strings), with some of its parts replaced.
fn parts_workbook(replaced: &[(&str, String)], rows: &[&[&str]]) -> Vec<u8> {
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut parts: Vec<(&str, String)> = vec![
        (
            "xl/workbook.xml",
            format!(
                concat!(
                    r#"<workbook xmlns:r="{rel}"><sheets><sheet name="Hồ sơ" sheetId="1""#,
                    r#" r:id="rId1"/></sheets></workbook>"#,
                ),
                rel = rel
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                concat!(
                    r#"<Relationships><Relationship Id="rId1" Type="{rel}/worksheet""#,
                    r#" Target="worksheets/sheet1.xml"/><Relationship Id="rId2""#,
                    r#" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship"#,
                    r#" Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>"#,
                ),
                rel = rel
            ),
        ),
        (
            "xl/styles.xml",
            "<styleSheet><cellXfs><xf numFmtId=\"0\"/></cellXfs></styleSheet>".to_string(),
        ),
        (
            "xl/sharedStrings.xml",
            format!("<sst>{}</sst>", cells_as_items(rows)),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                "<worksheet><sheetData>{}</sheetData></worksheet>",
                sheet_rows(rows)
            ),
        ),
    ];
    for (name, xml) in replaced {
        if let Some(p) = parts.iter_mut().find(|(n, _)| n == name) {
            p.1.clone_from(xml);
        }
    }
    let mut z = Vec::new();
    {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut z));
        for (name, xml) in &parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("zip");
            std::io::Write::write_all(&mut w, xml.as_bytes()).expect("zip");
        }
        w.finish().expect("zip");
    }
    z
}

/// Sets the uncompressed size the zip's central directory declares for `name`.
fn declare_size(bytes: &mut [u8], name: &str, size: u32) {
    let at = (0..bytes.len() - 46)
        .find(|&i| {
            bytes[i..].starts_with(b"PK\x01\x02") && bytes[i + 46..].starts_with(name.as_bytes())
        })
        .expect("entry");
    bytes[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
}

/// A header and 16 dossiers whose cell D17 (the due date of the last) names its shared string
/// by something that is not a number.
fn shared_string_not_a_number(header: &[&str], row: &[&str]) -> Vec<u8> {
    let rows: Vec<Vec<String>> = (1..=16)
        .map(|i| {
            row.iter()
                .enumerate()
                .map(|(c, v)| {
                    if c == 0 {
                        format!("HS{i}")
                    } else {
                        v.to_string()
                    }
                })
                .collect()
        })
        .collect();
    let mut table: Vec<Vec<&str>> = vec![header.to_vec()];
    table.extend(rows.iter().map(|r| r.iter().map(String::as_str).collect()));
    let table: Vec<&[&str]> = table.iter().map(Vec::as_slice).collect();
    let xml = sheet_rows(&table);
    let cell = xml.find("r=\"D17\"").expect("D17 is written");
    let value = cell + xml[cell..].find("<v>").expect("its value") + 3;
    let end = value + xml[value..].find("</v>").expect("its end");
    let xml = format!(
        "<worksheet><sheetData>{}abc{}</sheetData></worksheet>",
        &xml[..value],
        &xml[end..]
    );
    parts_workbook(&[("xl/worksheets/sheet1.xml", xml)], &table)
}

/// A header and a dossier, then `times` rows each referencing one shared string of `len` bytes
/// (a few bytes of XML each: text a thousand times the sheet's size if each were held).
fn long_string_referenced(header: &[&str], row: &[&str], len: usize, times: u32) -> Vec<u8> {
    let table = [header, row];
    let index = header.len() + row.len();
    let repeated: String = (3..3 + times)
        .map(|r| format!("<row r=\"{r}\"><c r=\"I{r}\" t=\"s\"><v>{index}</v></c></row>"))
        .collect();
    parts_workbook(
        &[
            (
                "xl/sharedStrings.xml",
                format!(
                    "<sst>{}<si><t>{}</t></si></sst>",
                    cells_as_items(&table),
                    "x".repeat(len)
                ),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(
                    "<worksheet><sheetData>{}{repeated}</sheetData></worksheet>",
                    sheet_rows(&table)
                ),
            ),
        ],
        &[],
    )
}

fn corpus() -> Vec<Case> {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let header_cells: Vec<&str> = HEAD.trim_end().split(';').collect();
    let row_cells: Vec<&str> = ROW.trim_end().split(';').collect();
    vec![
        Case {
            name: "rong.csv",
            bytes: Vec::new(),
            expect: Expect::Unusable("rỗng"),
        },
        Case {
            name: "chi-bom.csv",
            bytes: b"\xEF\xBB\xBF".to_vec(),
            expect: Expect::Unusable("rỗng"),
        },
        Case {
            name: "khoang-trang.csv",
            bytes: b"   \n\n \r\n".to_vec(),
            expect: Expect::Unusable("rỗng"),
        },
        Case {
            name: "chi-tieu-de.csv",
            bytes: HEAD.as_bytes().to_vec(),
            expect: Expect::Unusable("chỉ có dòng tiêu đề"),
        },
        Case {
            name: "rac.bin",
            bytes: garbage.clone(),
            expect: Expect::Unusable("không phải dạng văn bản"),
        },
        Case {
            name: "png.csv",
            bytes: [b"\x89PNG\r\n\x1a\n".as_slice(), &garbage].concat(),
            expect: Expect::Unusable("không phải dạng văn bản"),
        },
        Case {
            name: "pdf.csv",
            bytes: [b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".as_slice(), &garbage].concat(),
            expect: Expect::Unusable("không phải dạng văn bản"),
        },
        Case {
            name: "utf8-cat-cut.csv",
            bytes: {
                let mut b = csv(ROW);
                b.extend("HS2;Sở Y tế;02/05/2024;10/05/2024;;4;0;Không\nHS3;Sở Y".as_bytes());
                b.extend(&"ế".as_bytes()[..2]);
                b
            },
            expect: read(2, 1, Some(("ô", None))),
        },
        Case {
            name: "utf16-le-le.csv",
            bytes: {
                let mut b = utf16le(&format!("{HEAD}{ROW}"), true);
                b.push(0x41);
                b
            },
            expect: read(1, 1, Some(("1 ô", Some(3)))),
        },
        Case {
            name: "utf16-khong-bom.csv",
            bytes: utf16le(&format!("{HEAD}{ROW}"), false),
            expect: read(1, 0, None),
        },
        // A windows-1258 line pasted into a UTF-8 file: its unit would be a unit of its own.
        Case {
            name: "tron-bang-ma.csv",
            bytes: {
                let mut b = csv(ROW);
                b.extend(b"HS2;S\xF5 Y t\xEA\xCC\x81;02/05/2024;10/05/2024;;4;0;Kh\xF4ng\n");
                b
            },
            expect: read(1, 1, Some(("UTF-8", Some(3)))),
        },
        Case {
            name: "lech-cot.csv",
            bytes: csv(&format!("{ROW}HS2;Sở Y tế;02/05/2024\n")),
            expect: read(1, 1, Some(("3 ô", Some(3)))),
        },
        Case {
            name: "ngoac-kep-mo.csv",
            bytes: csv(&format!(
                "{ROW}HS2;\"Sở Y tế;02/05/2024;10/05/2024;;4;0;Không\nHS3;Sở Nội \
                 vụ;02/05/2024;10/05/2024;;4;0;Không\n"
            )),
            expect: read(1, 1, None),
        },
        // A line of a million empty cells is a blank line.
        Case {
            name: "trieu-cot.csv",
            bytes: {
                let mut b = csv(ROW);
                b.extend(";".repeat(1_000_000).as_bytes());
                b.push(b'\n');
                b
            },
            expect: read(1, 0, None),
        },
        // A line longer than 16 MB is set aside whole (memory stays bounded by the limit), and
        // named; the rows before and after it are read.
        Case {
            name: "o-100mb.csv",
            bytes: {
                let mut b = csv(ROW);
                b.extend(b"HS2;");
                b.extend(std::iter::repeat_n(b'x', 100 << 20));
                b.extend(b";02/05/2024;10/05/2024;;4;0;Kh\xC3\xB4ng\n");
                b
            },
            expect: read(1, 1, Some(("16 MB", Some(3)))),
        },
        Case {
            name: "nul-sau-dong-tot.csv",
            bytes: {
                let mut b = csv(ROW);
                b.extend(std::iter::repeat_n(0u8, 20 << 20));
                b.extend(
                    b"\nHS3;S\xE1\xBB\x9F Y \
                      t\xE1\xBA\xBF;02/05/2024;10/05/2024;;4;0;Kh\xC3\xB4ng\n",
                );
                b
            },
            expect: read(2, 1, Some(("16 MB", Some(3)))),
        },
        Case {
            name: "nul-den-het-tep.csv",
            bytes: {
                let mut b = csv(ROW);
                b.extend(std::iter::repeat_n(0u8, 20 << 20));
                b
            },
            expect: read(1, 1, Some(("16 MB", Some(3)))),
        },
        Case {
            name: "ngoac-kep-mo-20mb.csv",
            bytes: {
                let mut b = csv(ROW);
                b.extend(b"HS2;\"S");
                b.extend(std::iter::repeat_n(b'y', 20 << 20));
                b.extend(
                    b"\nHS3;S\xE1\xBB\x9F Y \
                      t\xE1\xBA\xBF;02/05/2024;10/05/2024;;4;0;Kh\xC3\xB4ng\n",
                );
                b
            },
            expect: read(2, 1, Some(("16 MB", Some(3)))),
        },
        Case {
            name: "ngay-31-02.csv",
            bytes: csv("HS1;Sở Tư pháp;02/05/2024;31/02/2024;;4;0;Không\n"),
            expect: read(1, 0, Some(("31/02/2024", Some(2)))),
        },
        Case {
            name: "ngay-00.csv",
            bytes: csv("HS1;Sở Tư pháp;00/00/0000;10/05/2024;;4;0;Không\n"),
            expect: read(0, 1, Some(("00/00/0000", Some(2)))),
        },
        Case {
            name: "ngay-00-mot-dong.csv",
            bytes: csv(&format!(
                "{ROW}HS2;Sở Tư pháp;00/00/0000;10/05/2024;;4;0;Không\n"
            )),
            expect: read(1, 1, Some(("00/00/0000", Some(3)))),
        },
        Case {
            name: "hen-truoc-nhan.csv",
            bytes: csv("HS1;Sở Tư pháp;10/05/2024;02/05/2024;;4;0;Không\n"),
            expect: read(1, 0, Some(("trước ngày tiếp nhận", Some(2)))),
        },
        Case {
            name: "ngay-tuong-lai.csv",
            bytes: csv(&format!(
                "{ROW}HS2;Sở Tư pháp;02/05/2999;10/05/2999;;4;0;Không\n"
            )),
            expect: read(1, 1, Some(("2999", Some(3)))),
        },
        Case {
            name: "phi-am.csv",
            bytes: csv("HS1;Sở Tư pháp;02/05/2024;10/05/2024;;4;-50000;Không\n"),
            expect: read(1, 0, Some(("-50000", Some(2)))),
        },
        Case {
            name: "trung-ma.csv",
            bytes: csv(&format!(
                "{ROW}HS1;Sở Y tế;03/05/2024;11/05/2024;;4;0;Không\n"
            )),
            expect: read(1, 0, Some(("HS1", Some(3)))),
        },
        Case {
            name: "cong-thuc.csv",
            bytes: csv("=HYPERLINK(\"http://x\");=1+1;02/05/2024;10/05/2024;;4;0;Không\n"),
            expect: read(1, 0, None),
        },
        Case {
            name: "html-trong-o.csv",
            bytes: csv("<script>alert(1)</script>;<img src=x \
                onerror=alert(1)>;02/05/2024;10/05/2024;;4;0;Không\n"),
            expect: read(1, 0, None),
        },
        Case {
            name: "bidi.csv",
            bytes: csv("HS\u{202E}1;Sở \u{202E}Tư pháp;02/05/2024;10/05/2024;;4;0;Không\n"),
            expect: read(1, 0, None),
        },
        // An HTML page is read as the table it holds; this one has no dossier columns.
        Case {
            name: "la-html.xlsx",
            bytes: b"<html><body><table><tr><td>1</td></tr></table></body></html>".to_vec(),
            expect: Expect::Unusable("thiếu cột"),
        },
        Case {
            name: "html-tot.xls",
            bytes: format!(
                "<html><meta charset=utf-8><table><tr><th>{}</th></tr><tr><td>{}</td></tr></table>",
                header_cells.join("</th><th>"),
                row_cells.join("</td><td>")
            )
            .into_bytes(),
            expect: read(1, 0, None),
        },
        // A table row that never ends: memory bounded by the row limit, the file refused.
        Case {
            name: "html-dong-20mb.xls",
            bytes: {
                let mut b = b"<table><tr><td>".to_vec();
                b.extend(std::iter::repeat_n(b'x', 20 << 20));
                b
            },
            expect: Expect::Unusable("16 MB"),
        },
        // Excel encrypts a workbook with a password into an OLE file holding an EncryptedPackage.
        Case {
            name: "mat-khau.xlsx",
            bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
                .iter()
                .copied()
                .chain([0u8; 504])
                .chain("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            expect: Expect::Unusable("mật khẩu"),
        },
        Case {
            name: "xls-hong.xls",
            bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
                .iter()
                .copied()
                .chain(garbage.iter().copied())
                .collect(),
            expect: Expect::Unusable(""),
        },
        // Issue 20's workbooks that cost gigabytes: every part has a budget, counts declared in
        // a part are never trusted, and what is read is bounded by what the file holds.
        Case {
            name: "trieu-dinh-dang.xlsx",
            bytes: parts_workbook(
                &[(
                    "xl/styles.xml",
                    format!(
                        "<styleSheet><cellXfs>{}</cellXfs></styleSheet>",
                        "<xf numFmtId=\"14\"/>".repeat(3_000_000)
                    ),
                )],
                &[&header_cells, &row_cells],
            ),
            expect: read(1, 0, None),
        },
        Case {
            name: "trieu-trang-tinh.xlsx",
            bytes: parts_workbook(
                &[(
                    "xl/workbook.xml",
                    format!(
                        "<workbook xmlns:r=\"r\"><sheets>{}</sheets></workbook>",
                        "<sheet name=\"x\" sheetId=\"1\" r:id=\"rId1\"/>".repeat(1_000_000)
                    ),
                )],
                &[&header_cells, &row_cells],
            ),
            expect: Expect::Unusable("1000000"),
        },
        Case {
            name: "chuc-trieu-chuoi.xlsx",
            bytes: parts_workbook(
                &[(
                    "xl/sharedStrings.xml",
                    format!(
                        "<sst>{}{}</sst>",
                        cells_as_items(&[&header_cells, &row_cells]),
                        "<si><t>a</t></si>".repeat(10_000_000)
                    ),
                )],
                &[&header_cells, &row_cells],
            ),
            expect: read(1, 0, None),
        },
        Case {
            name: "chuoi-dai-lap-lai.xlsx",
            bytes: parts_workbook(
                &[
                    (
                        "xl/sharedStrings.xml",
                        format!(
                            "<sst>{}<si><t>{}</t></si></sst>",
                            cells_as_items(&[&header_cells, &row_cells]),
                            "x".repeat(1 << 20)
                        ),
                    ),
                    (
                        "xl/worksheets/sheet1.xml",
                        format!(
                            "<worksheet><sheetData>{}{}</sheetData></worksheet>",
                            sheet_rows(&[&header_cells, &row_cells]),
                            (3..3000)
                                .map(|r| format!(
                                    "<row r=\"{r}\"><c r=\"B{r}\" t=\"s\"><v>16</v></c></row>"
                                ))
                                .collect::<String>()
                        ),
                    ),
                ],
                &[],
            ),
            expect: Expect::Unusable("vượt giới hạn"),
        },
        // Two million references to one 1 KB string: 2 GB of text from a 1 MB file, stopped by the
        // sheet's budget of text handed on, before it is held.
        Case {
            name: "chuoi-1kb-hai-trieu-lan.xlsx",
            bytes: long_string_referenced(&header_cells, &row_cells, 1024, 2_000_000),
            expect: Expect::Unusable("vượt giới hạn"),
        },
        // Half a million custom number formats: a bounded number kept, the workbook read.
        Case {
            name: "nua-trieu-dinh-dang-so.xlsx",
            bytes: parts_workbook(
                &[(
                    "xl/styles.xml",
                    format!(
                        "<styleSheet><numFmts>{}</numFmts><cellXfs><xf \
                         numFmtId=\"0\"/></cellXfs></styleSheet>",
                        (0..500_000)
                            .map(|i| format!(
                                "<numFmt numFmtId=\"{}\" formatCode=\"dd/mm/yyyy hh:mm:ss \
                                 &quot;{i}&quot;\"/>",
                                164 + i
                            ))
                            .collect::<String>()
                    ),
                )],
                &[&header_cells, &row_cells],
            ),
            expect: read(1, 0, None),
        },
        // A shared-string index that is not a number: its cell named (D17), the other rows read.
        Case {
            name: "chi-so-chuoi-chu.xlsx",
            bytes: shared_string_not_a_number(&header_cells, &row_cells),
            expect: read(16, 0, Some(("D17", Some(17)))),
        },
        // A cell naming no shared string: that cell reported by its reference, the rest read.
        Case {
            name: "chi-so-chuoi-sai.xlsx",
            bytes: parts_workbook(
                &[(
                    "xl/worksheets/sheet1.xml",
                    format!(
                        "<worksheet><sheetData>{}<row r=\"3\"><c r=\"A3\" \
                         t=\"inlineStr\"><is><t>HS2</t></is></c><c r=\"B3\" t=\"s\"><v>9</v></c><c \
                         r=\"C3\" t=\"s\"><v>10</v></c><c r=\"D3\" t=\"s\"><v>11</v></c><c \
                         r=\"H3\" t=\"s\"><v>99999</v></c><c r=\"G3\" \
                         t=\"s\"><v>abc</v></c></row></sheetData></worksheet>",
                        sheet_rows(&[&header_cells, &row_cells])
                    ),
                )],
                &[&header_cells, &row_cells],
            ),
            expect: read(2, 0, Some(("H3", Some(3)))),
        },
        // Rows stored last first: refused with a message saying so, never "the file is empty".
        Case {
            name: "dong-nguoc.xlsx",
            bytes: parts_workbook(
                &[(
                    "xl/worksheets/sheet1.xml",
                    format!(
                        "<worksheet><sheetData>{}</sheetData></worksheet>",
                        sheet_rows(&[&header_cells, &row_cells]).replace("r=\"1\"", "r=\"9\"")
                    ),
                )],
                &[&header_cells, &row_cells],
            ),
            expect: Expect::Unusable("không được lưu theo thứ tự"),
        },
        // The sheet declares 4 GB: refused before anything is inflated.
        Case {
            name: "sheet-4gb.xlsx",
            bytes: {
                let mut b = parts_workbook(&[], &[&header_cells, &row_cells]);
                declare_size(&mut b, "xl/worksheets/sheet1.xml", 0xFFFF_FFF0);
                b
            },
            expect: Expect::Unusable("vượt giới hạn"),
        },
        Case {
            name: "xlsx-cut.xlsx",
            bytes: {
                let b = workbook(1, &[&header_cells, &row_cells]);
                b[..b.len() / 2].to_vec()
            },
            expect: Expect::Unusable(""),
        },
        Case {
            name: "zip-rong.xlsx",
            bytes: b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec(),
            expect: Expect::Unusable(""),
        },
        Case {
            name: "nghin-trang.xlsx",
            bytes: workbook(1000, &[&header_cells, &row_cells]),
            expect: Expect::Unusable("1000"),
        },
        Case {
            name: "xlsx-tot.xlsx",
            bytes: workbook(1, &[&header_cells, &row_cells]),
            expect: read(1, 0, None),
        },
        Case {
            name: "xlsx-chi-tieu-de.xlsx",
            bytes: workbook(1, &[&header_cells]),
            expect: Expect::Unusable("chỉ có dòng tiêu đề"),
        },
        Case {
            name: "xlsx-trang-rong.xlsx",
            bytes: workbook(3, &[]),
            expect: Expect::Unusable(""),
        },
        Case {
            name: "chi-xuong-dong.csv",
            bytes: "\n".repeat(10_000).into_bytes(),
            expect: Expect::Unusable("rỗng"),
        },
        Case {
            name: "cr-khong-lf.csv",
            bytes: format!("{HEAD}{ROW}").replace('\n', "\r").into_bytes(),
            expect: read(1, 0, None),
        },
        Case {
            name: "nul-trong-o.csv",
            bytes: csv("HS1;Sở T\0ư pháp;02/05/2024;10/05/2024;;4;0;Không\n"),
            expect: read(1, 0, None),
        },
        Case {
            name: "tieu-de-qua-sau.csv",
            bytes: format!("{}{HEAD}{ROW}", "Tiêu đề\n".repeat(30)).into_bytes(),
            expect: Expect::Unusable("thiếu cột"),
        },
        Case {
            name: "muoi-nghin-cot-tieu-de.csv",
            bytes: format!("{}{}\n{ROW}", HEAD.trim_end(), ";Cột".repeat(10_000)).into_bytes(),
            expect: read(1, 0, None),
        },
        Case {
            name: "json.csv",
            bytes: b"{\"a\": [1, 2, 3], \"b\": {\"c\": null}}\n".to_vec(),
            expect: Expect::Unusable("thiếu cột"),
        },
        Case {
            name: "dong-10mb.csv",
            bytes: {
                let mut b = csv(ROW);
                b.extend(std::iter::repeat_n(b'y', 10 << 20));
                b
            },
            expect: read(1, 1, None),
        },
        Case {
            name: "trang-thai-99.csv",
            bytes: csv("HS1;Sở Tư pháp;02/05/2024;10/05/2024;09/05/2024;99;0;Không\n"),
            expect: read(1, 0, Some(("99", Some(2)))),
        },
        Case {
            name: "trang-thai-la.csv",
            bytes: csv("HS1;Sở Tư pháp;02/05/2024;10/05/2024;09/05/2024;Đang bay;0;Không\n"),
            expect: read(1, 0, Some(("Đang bay", Some(2)))),
        },
        Case {
            name: "phi-qua-lon.csv",
            bytes: csv("HS1;Sở Tư pháp;02/05/2024;10/05/2024;;4;1e308;Không\n"),
            expect: read(1, 0, Some(("1e308", Some(2)))),
        },
        Case {
            name: "ma-trong.csv",
            bytes: csv(";Sở Tư pháp;02/05/2024;10/05/2024;;4;0;Không\n"),
            expect: read(0, 1, Some(("mã hồ sơ", Some(2)))),
        },
        Case {
            name: "don-vi-trong.csv",
            bytes: csv(&format!("{ROW}HS2;;02/05/2024;10/05/2024;;4;0;Không\n")),
            expect: read(1, 1, Some(("đơn vị", Some(3)))),
        },
        Case {
            name: "tiep-nhan-trong.csv",
            bytes: csv(&format!("{ROW}HS2;Sở Y tế;;10/05/2024;;4;0;Không\n")),
            expect: read(1, 1, Some(("ngày tiếp nhận", Some(3)))),
        },
        Case {
            name: "ngay-tron-dinh-dang.csv",
            bytes: csv(&format!(
                "{ROW}HS2;Sở Y tế;2024-05-03;10/05/2024;;4;0;Không\n"
            )),
            expect: read(1, 1, Some(("2024-05-03", Some(3)))),
        },
        Case {
            name: "nam-hai-so.csv",
            bytes: csv("HS1;Sở Tư pháp;02/05/24;10/05/2024;;4;0;Không\n"),
            expect: read(0, 1, Some(("02/05/24", Some(2)))),
        },
        Case {
            name: "sep-sai.csv",
            bytes: format!("sep=|\n{HEAD}{ROW}").into_bytes(),
            expect: Expect::Unusable("thiếu cột"),
        },
        Case {
            name: "ten-don-vi-dai.csv",
            bytes: csv(&format!(
                "HS1;Sở {};02/05/2024;10/05/2024;;4;0;Không\n",
                "Tư pháp ".repeat(50_000)
            )),
            expect: read(1, 0, None),
        },
        Case {
            name: "thanh-toan-la.csv",
            bytes: csv("HS1;Sở Tư pháp;02/05/2024;10/05/2024;;4;50000;Tạm ứng\n"),
            expect: read(1, 0, Some(("Tạm ứng", Some(2)))),
        },
        // Bytes that are not UTF-8 in a UTF-8 file: the cell is named with its row and column;
        // a unit (or id) with a replaced letter would be a unit of its own, so the row is set
        // aside. Elsewhere the row is kept and the cell reported.
        Case {
            name: "utf8-sai-don-vi.csv",
            bytes: {
                let mut b = csv(ROW);
                b.extend(
                    b"HS2;S\xF5 T\xC6\xB0 ph\xC3\xA1p;02/05/2024;10/05/2024;;4;0;Kh\xC3\xB4ng\n",
                );
                b
            },
            expect: read(1, 1, Some(("UTF-8", Some(3)))),
        },
        Case {
            name: "utf8-sai-ma.csv",
            bytes: {
                let mut b = csv(ROW);
                b.extend(
                    b"HS\xFF2;S\xE1\xBB\x9F Y \
                      t\xE1\xBA\xBF;02/05/2024;10/05/2024;;4;0;Kh\xC3\xB4ng\n",
                );
                b
            },
            expect: read(1, 1, Some(("UTF-8", Some(3)))),
        },
        Case {
            name: "utf8-sai-thanh-toan.csv",
            bytes: {
                let mut b = csv(ROW);
                b.extend(
                    b"HS2;S\xE1\xBB\x9F Y t\xE1\xBA\xBF;02/05/2024;10/05/2024;;4;50000;Kh\xF4ng\n",
                );
                b
            },
            expect: read(2, 0, Some(("UTF-8", Some(3)))),
        },
        // The header again in the middle (exports joined by hand): skipped quietly, counted.
        Case {
            name: "tieu-de-lap-lai.csv",
            bytes: format!(
                "{HEAD}{ROW}{HEAD}HS2;Sở Y tế;02/05/2024;10/05/2024;;4;0;Không\n{}HS3;Sở Y \
                 tế;03/05/2024;10/05/2024;;4;0;Không\n",
                HEAD.to_uppercase()
            )
            .into_bytes(),
            expect: Expect::Quiet { rows: 3 },
        },
        // A national scoreboard with a blank total: the province still counts in N, its row named.
        Case {
            name: "bang-diem-thieu-tong.csv",
            bytes: "STT;Tỉnh, thành phố;Công khai, minh bạch;Tiến độ, kết quả giải quyết;Tổng \
                điểm\n1;Quảng Ninh;17,5;19,8;96,0\n2;Bình Dương;16,0;19,0;\n3;Bình \
                Phước;11,1;17,6;78,59\n"
                .as_bytes()
                .to_vec(),
            expect: read(3, 0, Some(("không có tổng điểm", Some(3)))),
        },
        Case {
            name: "docx-ten-xlsx.xlsx",
            bytes: {
                let mut z = Vec::new();
                {
                    let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut z));
                    w.start_file(
                        "word/document.xml",
                        zip::write::SimpleFileOptions::default(),
                    )
                    .expect("zip");
                    std::io::Write::write_all(&mut w, b"<w:document/>").expect("zip");
                    w.finish().expect("zip");
                }
                z
            },
            expect: Expect::Unusable(""),
        },
    ]
}

/// What reading a file gave: (rows, skipped rows, each problem's row and message), or the
/// message of the error that made it unusable.
type ReadResult = Result<(usize, usize, Vec<(Option<u64>, String)>), String>;

/// Reads one file (and the good fixture after it) on a thread; the outcome within 120 s (the
/// test profile is optimised, see Cargo.toml: a 100 MB cell takes about a second).
fn outcome(name: &'static str, bytes: Vec<u8>) -> (ReadResult, u64, serde_json::Value) {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // The hostile file, then the good one, into the same loader.
        let mut loader = Loader::new();
        let (result, peak) = peak_of(|| match loader.add_file(name, &bytes) {
            Ok(info) => Ok((
                info.rows,
                info.skipped_rows,
                info.problems
                    .iter()
                    .map(|p| (p.row, p.message.clone()))
                    .collect(),
            )),
            Err(e) => Err(IngestError::text(&e).vi),
        });
        drop(bytes);
        loader
            .add_file("thang-05-2024.csv", GOOD.as_bytes())
            .expect("the good file reads");
        let (store, others, inputs) = loader.finish_all();
        // The report builds over both, and the good file was read as when alone.
        let _ = report::build(
            &store,
            None,
            &others,
            &inputs,
            Period::month(2024, 5).expect("valid"),
            &Options::default(),
        );
        let good = inputs
            .iter()
            .find(|i| i.path == "thang-05-2024.csv")
            .expect("listed");
        let _ = tx.send((
            result,
            peak,
            serde_json::json!([
                good.rows,
                good.skipped_rows,
                good.duplicates,
                good.problems_total
            ]),
        ));
    });
    rx.recv_timeout(Duration::from_secs(120))
        .unwrap_or_else(|_| panic!("{name}: no answer within 120 s (hang or panic)"))
}

#[test]
fn every_hostile_file_gets_its_expected_outcome_and_leaves_the_rest_intact() {
    let (_, _, alone) = outcome("thang-05-2024-alone.csv", Vec::new());
    let cases = corpus();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case.name;
        let size = case.bytes.len();
        let (got, peak, beside) = outcome(name, case.bytes);
        eprintln!(
            "{name}: {size} bytes, read holding at most {} MB",
            peak >> 20
        );
        if peak > MAX_READ_BYTES {
            failures.push(format!("{name}: reading it held {} MB", peak >> 20));
        }
        match (&case.expect, &got) {
            (Expect::Unusable(text), Err(msg)) if msg.contains(text) => {}
            (Expect::Quiet { rows }, Ok((r, 0, problems))) if r == rows && problems.is_empty() => {}
            (
                Expect::Read {
                    rows,
                    skipped,
                    problem,
                },
                Ok((r, s, problems)),
            ) if r == rows && s == skipped => {
                if let Some((text, row)) = problem {
                    if !problems
                        .iter()
                        .any(|(pr, m)| m.contains(text) && (row.is_none() || pr == row))
                    {
                        failures.push(format!(
                            "{name}: no problem «{text}» at {row:?}: {problems:?}"
                        ));
                    }
                }
            }
            _ => failures.push(format!("{name}: got {got:?}")),
        }
        // The good file beside it: its own units, figures as when loaded alone.
        if beside != alone {
            failures.push(format!(
                "{name}: the good file's figures changed beside it: {beside} vs {alone}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs the command line; (exit status, stdout, stderr).
fn cli(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chiso766"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A folder of its own under the system's temporary one.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("chiso766-hostile-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    dir
}

/// Every text inside a zip (a .docx, an .xlsx), its parts decompressed one after another.
fn unzipped(path: &std::path::Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("written")).expect("a zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut part = String::new();
        let _ = zip.by_index(i).expect("a part").read_to_string(&mut part);
        all.push_str(&part);
    }
    all
}

/// Control characters and U+FFFE/U+FFFF in unit names, owners' names and the notice's settings
/// never reach a document (Word refuses one that holds them); a unit name past the 32,767
/// characters of an Excel cell is cut with an ellipsis and a note, never the workbook lost; a
/// formula-like name is a string cell, which Excel does not evaluate.
#[test]
fn documents_hold_no_forbidden_character_nor_a_formula_nor_a_cell_past_excels_limit() {
    use calamine::{Data, Reader, Xlsx};
    let dir = scratch("xuat");
    let (dossiers, settings) = hostile_text::write(&dir);
    let export = |format: &str| {
        let out = dir.join(format!("tb.{format}"));
        let args = [
            "report",
            "--month",
            "2024-05",
            "--settings",
            settings.to_str().expect("path"),
            "--format",
            format,
            "--out",
            out.to_str().expect("path"),
            dossiers.to_str().expect("path"),
        ];
        let (code, _, err) = cli(&args);
        assert_eq!(code, 0, "{format}: {err}");
        out
    };
    let docx = unzipped(&export("docx"));
    assert!(
        !docx.chars().any(hostile_text::forbidden_in_xml),
        "the .docx holds a character XML forbids"
    );
    assert!(
        docx.contains("Nguyễn Văn Mẫu") && docx.contains("Sở Tư pháp"),
        "the texts are there, without their control characters"
    );
    let path = export("xlsx");
    let xml = unzipped(&path);
    assert!(
        !xml.chars().any(hostile_text::forbidden_in_xml),
        "the .xlsx holds a character XML forbids"
    );
    assert!(
        !xml.contains("<f>") && !xml.contains("<f "),
        "no formula in any sheet"
    );
    assert!(xml.contains("Ô bị cắt bớt"), "the cut cell has its note");
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).expect("the workbook opens");
    let mut strings = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("a sheet");
        strings.extend(range.cells().filter_map(|(_, _, c)| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
    }
    let long = strings
        .iter()
        .find(|s| s.starts_with("Sở Tư pháp Tư pháp"))
        .expect("the long unit's cell");
    assert!(
        long.encode_utf16().count() <= 32_767 && long.ends_with('…'),
        "cut to Excel's limit with an ellipsis"
    );
    assert!(
        strings.iter().any(|s| s == hostile_text::FORMULA_UNIT),
        "the formula-like name is a string cell, as written"
    );
}

/// Owners' names, phones, ID numbers, e-mails and addresses: a stray `;` in an address slides
/// them under the status and channel columns, and a file without a header row shows them as its
/// "columns". No output quotes them unless the user unmasks: not the JSON, the text, the .docx,
/// the .xlsx, the appendices' CSV, nor standard error.
#[test]
fn no_output_quotes_a_personal_value_unless_unmasked() {
    const PERSONAL: [&str; 8] = [
        "Nguyễn Văn An",
        "0912345678",
        "Trần Thị Bình",
        "0987654321",
        "079123456789",
        "an.nguyen@example.vn",
        "12 Lê Lợi",
        "Lê Thị Cúc",
    ];
    let dir = scratch("ca-nhan");
    let dossiers = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Địa chỉ;Số điện thoại;Trạng \
        thái;Chủ hồ sơ;Kênh nộp;Số giấy tờ;Email\n\
        HS1;Sở Tư pháp;02/05/2024;10/05/2024;12 Lê Lợi, phường Tân Bình;0912345678;4;Nguyễn Văn \
        An;Trực tuyến;079123456789;an.nguyen@example.vn\n\
        HS2;Sở Tư pháp;02/05/2024;10/05/2024;12 Lê Lợi; phường Tân Bình;0912345678;Nguyễn Văn \
        An;Trực tuyến;079123456789;an.nguyen@example.vn\n\
        HS3;Sở Tư pháp;03/05/2024;10/05/2024;Số 5; ngõ 3; phường Tân Bình;0987654321;Trần Thị \
        Bình;Trực tuyến;079123456789;an.nguyen@example.vn\n\
        HS4;Sở Tư pháp;03/05/2024;10/05/2024;Thôn 2, xã Tân Lập;0987654321;Lê Thị Cúc;4;Trực \
        tuyến;079123456789;an.nguyen@example.vn\n";
    std::fs::write(dir.join("ho-so.csv"), dossiers).expect("written");
    // No header row: its first row is taken for one, and its cells are "the columns found".
    std::fs::write(
        dir.join("khong-tieu-de.csv"),
        "HS9;Lê Thị Cúc;0912345678;Sở Tư pháp\nHS8;Trần Thị Bình;0987654321;Sở Tư pháp\n",
    )
    .expect("written");
    let files = [dir.join("ho-so.csv"), dir.join("khong-tieu-de.csv")]
        .map(|p| p.to_str().expect("path").to_string());
    let run = |extra: &[&str]| {
        let mut args = vec!["report", "--month", "2024-05"];
        args.extend(extra);
        args.extend(files.iter().map(String::as_str));
        cli(&args)
    };
    let mut outputs: Vec<(String, String)> = Vec::new();
    for format in ["json", "text"] {
        let (code, out, err) = run(&["--format", format]);
        assert_eq!(code, 0, "{err}");
        outputs.push((format.into(), String::from_utf8_lossy(&out).into_owned()));
        outputs.push((format!("stderr of {format}"), err));
    }
    for format in ["docx", "xlsx"] {
        let path = dir.join(format!("out.{format}"));
        let (code, _, err) = run(&["--format", format, "--out", path.to_str().expect("path")]);
        assert_eq!(code, 0, "{err}");
        outputs.push((format.into(), unzipped(&path)));
        outputs.push((format!("stderr of {format}"), err));
    }
    // The appendices as the page exports them to CSV.
    let mut loader = Loader::new();
    for f in &files {
        let _ = loader.add_file(f, &std::fs::read(f).expect("read"));
    }
    let (store, others, inputs) = loader.finish_all();
    let r = report::build(
        &store,
        None,
        &others,
        &inputs,
        Period::month(2024, 5).expect("valid"),
        &Options::default(),
    );
    let csv: Vec<u8> = report::appendix::appendices(&r, &r.overdue_dossiers)
        .iter()
        .flat_map(|a| chiso766::export::csv::table(&a.table))
        .collect();
    outputs.push(("csv".into(), String::from_utf8_lossy(&csv).into_owned()));
    // The problems were found (the test sees the messages it checks).
    let json = &outputs[0].1;
    for masked in [
        "«09******78»",
        "«p**************»",
        "«Trần T** B***»",
        "«Lê T** C**»",
    ] {
        assert!(
            json.contains(masked),
            "the shifted and swapped cells are reported, masked: {masked}"
        );
    }
    for (name, text) in &outputs {
        for value in PERSONAL {
            assert!(!text.contains(value), "{name} quotes «{value}»");
        }
    }
    // Unmasked, the messages say the cells as written: the masking above is the option's.
    let (_, out, err) = run(&["--format", "json", "--unmask"]);
    let json = String::from_utf8_lossy(&out);
    assert!(
        json.contains("0912345678") && json.contains("Trần Thị Bình"),
        "unmasked"
    );
    assert!(
        err.contains("Lê Thị Cúc"),
        "the unmasked stderr names the cells found: {err}"
    );
}

/// A national scoreboard with a blank total for one province: the province still counts in N (the
/// board's size), the row lacking a total is named, and the rank is said to be among the provinces
/// with a total; a board ranking fewer provinces than last month's says so too.
#[test]
fn a_scoreboard_with_a_blank_total_keeps_its_n_and_names_the_row() {
    let head =
        "STT;Tỉnh, thành phố;Công khai, minh bạch;Tiến độ, kết quả giải quyết;Tổng điểm;Xếp hạng\n";
    let april = format!(
        "{head}1;Quảng Ninh;17;19;95,0;1\n2;Bình Dương;16;19;91,0;2\n3;Đồng \
         Nai;14;18;85,0;3\n4;Tỉnh Bình Phước;10,5;17;75,5;4\n"
    );
    let national = |may: &str| {
        let mut l = Loader::new();
        l.add_file("thang-05-2024.csv", GOOD.as_bytes())
            .expect("reads");
        let info = l
            .add_file("bang-diem-thang-05-2024.csv", may.as_bytes())
            .expect("reads")
            .clone();
        l.add_file("bang-diem-thang-04-2024.csv", april.as_bytes())
            .expect("reads");
        let (store, others, inputs) = l.finish_all();
        let opts = Options {
            province: Some("Bình Phước".into()),
            ..Options::default()
        };
        let r = report::build(
            &store,
            None,
            &others,
            &inputs,
            Period::month(2024, 5).expect("valid"),
            &opts,
        );
        let v = serde_json::to_value(&r).expect("serialisable");
        (info, v)
    };
    let (info, v) = national(&format!(
        "{head}1;Quảng Ninh;17,5;19,8;96,0;1\n2;Bình Dương;16,0;19,0;;\n3;Tỉnh Bình \
         Phước;11,1;17,6;78,59;2\n4;Đồng Nai;12,0;17,0;70,0;3\n"
    ));
    assert!(
        info.problems.iter().any(|p| p.row == Some(3)
            && p.message.contains("Bình Dương")
            && p.message.contains("không có tổng điểm")),
        "{:?}",
        info.problems
    );
    let n = &v["national"];
    assert_eq!(
        (n["rank"].as_u64(), n["of"].as_u64()),
        (Some(2), Some(4)),
        "N stays the board's: {n}"
    );
    assert_eq!(n["unscored"], serde_json::json!(["Bình Dương"]));
    assert_eq!(
        (n["previous_rank"].as_u64(), n["previous_of"].as_u64()),
        (Some(4), Some(4))
    );
    let notes: Vec<&str> = v["missing"]
        .as_array()
        .expect("missing[]")
        .iter()
        .filter(|m| m["figure"] == "national")
        .filter_map(|m| m["message"].as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|m| m.contains("Bình Dương") && m.contains("có thể thấp hơn")),
        "{notes:?}"
    );
    assert!(
        v["notice_text"]
            .as_str()
            .is_some_and(|t| t.contains("chưa có tổng điểm: Bình Dương")),
        "the notice says it"
    );

    // A board that drops a province altogether ranks against fewer than April's: said, and the
    // April rank is written out of April's N.
    let (_, v) = national(&format!(
        "{head}1;Quảng Ninh;17,5;19,8;96,0;1\n3;Tỉnh Bình Phước;11,1;17,6;78,59;2\n4;Đồng \
         Nai;12,0;17,0;70,0;3\n"
    ));
    assert_eq!(
        (
            v["national"]["rank"].as_u64(),
            v["national"]["of"].as_u64(),
            v["national"]["previous_of"].as_u64()
        ),
        (Some(2), Some(3), Some(4))
    );
    let notes: Vec<&str> = v["missing"]
        .as_array()
        .expect("missing[]")
        .iter()
        .filter(|m| m["figure"] == "national")
        .filter_map(|m| m["message"].as_str())
        .collect();
    assert!(notes.iter().any(|m| m.contains("ít hơn")), "{notes:?}");
    let text = v["notice_text"].as_str().expect("text");
    assert!(
        text.contains("4/4") && text.contains("2/3"),
        "April's rank out of April's N: {text}"
    );

    // The user's own province without a total: said so, not "not on the board".
    let (_, v) = national(&format!(
        "{head}1;Quảng Ninh;17,5;19,8;96,0;1\n2;Tỉnh Bình Phước;11,1;17,6;;\n"
    ));
    assert!(v["national"].is_null());
    let notes: Vec<&str> = v["missing"]
        .as_array()
        .expect("missing[]")
        .iter()
        .filter(|m| m["figure"] == "national")
        .filter_map(|m| m["message"].as_str())
        .collect();
    assert!(
        notes.iter().any(|m| m.contains("không có tổng điểm")),
        "{notes:?}"
    );
}

/// A command line: its arguments, the exit status it must give, texts its standard error must
/// hold, and a text it must hold exactly once (said once, not repeated).
type CliCase = (Vec<String>, i32, Vec<&'static str>, Option<&'static str>);

/// The command line on hostile requests and places: each case, its exit status and what its
/// standard error must say, within a time limit (a FIFO must never keep it waiting).
#[test]
fn the_command_line_refuses_what_it_cannot_do_with_a_message_and_status_2() {
    let dir = scratch("cli");
    let path = |name: &str| dir.join(name).to_str().expect("path").to_string();
    std::fs::write(path("thang-05-2024.csv"), GOOD).expect("written");
    let fifo = path("ong.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    std::fs::write(
        path("hong.xlsx"),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00garbage that is no zip at all",
    )
    .expect("written");
    std::fs::write(
        path("khong-dung-duoc.csv"),
        format!(
            "{HEAD}HS1;Sở Tư pháp;hôm qua;10/05/2024;;4;0;Không\nHS2;Sở Tư \
             pháp;31/02/2024;10/05/2024;;4;0;Không\n"
        ),
    )
    .expect("written");
    std::fs::write(path("chu.csv"), "Mã hồ sơ;Đơn vị\nHS1;Sở Tư pháp ứ ữ\n").expect("written");
    let good = path("thang-05-2024.csv");
    // (arguments, status, texts the standard error holds, a text it holds exactly once)
    let mut cases: Vec<CliCase> = vec![
        (
            vec!["generate".into(), "--rows".into(), "100000000000000".into()],
            2,
            vec!["quá lớn", "too large"],
            None,
        ),
        (
            vec![
                "generate".into(),
                "--rows".into(),
                "2000000".into(),
                "--xlsx".into(),
            ],
            2,
            vec!["quá lớn"],
            None,
        ),
        (
            vec![
                "report".into(),
                "--month".into(),
                "0000-01".into(),
                good.clone(),
            ],
            0,
            vec!["2000–2100", "Không có hồ sơ nào trong kỳ"],
            None,
        ),
        (
            vec![
                "report".into(),
                "--month".into(),
                "2030-01".into(),
                good.clone(),
            ],
            0,
            vec!["Không có hồ sơ nào trong kỳ tháng 1/2030", "20/04/2024"],
            None,
        ),
        (
            vec!["report".into(), path("khong-dung-duoc.csv")],
            2,
            vec![
                "khong-dung-duoc.csv",
                "dòng 2",
                "hôm qua",
                "dòng 3",
                "31/02/2024",
            ],
            None,
        ),
        (
            vec!["report".into(), path("hong.xlsx")],
            2,
            vec!["tệp nén bên trong bị hỏng"],
            Some("Không đọc được tệp Excel"),
        ),
        (
            vec!["report".into(), path("khong-co.csv")],
            2,
            vec!["Không mở được tệp", "cannot open"],
            None,
        ),
        (
            vec!["report".into(), dir.to_str().expect("path").into()],
            2,
            vec!["không phải tệp thường"],
            None,
        ),
        (
            vec![
                "transcode".into(),
                "--encoding".into(),
                "windows-1258".into(),
                path("khong-co.csv"),
            ],
            2,
            vec!["Không mở được tệp", "cannot open"],
            None,
        ),
        (
            vec![
                "transcode".into(),
                "--encoding".into(),
                "windows-1252".into(),
                path("chu.csv"),
            ],
            2,
            vec!["Bảng mã windows-1252 không có ký tự «ồ»", "has no"],
            None,
        ),
    ];
    if made {
        cases.push((
            vec!["report".into(), fifo.clone()],
            2,
            vec!["không phải tệp thường", "not a regular file"],
            None,
        ));
        cases.push((
            vec![
                "report".into(),
                "--profile".into(),
                fifo.clone(),
                good.clone(),
            ],
            2,
            vec!["không phải tệp thường"],
            None,
        ));
    }
    let mut failures = Vec::new();
    for (args, status, texts, once) in cases {
        let (tx, rx) = mpsc::channel();
        let shown = args.join(" ");
        std::thread::spawn(move || {
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            let _ = tx.send(cli(&refs));
        });
        let Ok((code, _, err)) = rx.recv_timeout(Duration::from_secs(60)) else {
            failures.push(format!("{shown}: no answer within 60 s"));
            continue;
        };
        if code != status
            || texts.iter().any(|t| !err.contains(t))
            || once.is_some_and(|t| err.matches(t).count() != 1)
        {
            failures.push(format!("{shown}: status {code}, stderr {err}"));
        }
    }
    // A write error on standard output (a full disk) is a failure, not a silent success.
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    if let Ok(full) = full {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_chiso766"))
            .args(["generate", "--rows", "100"])
            .stdout(full)
            .output()
            .expect("runs");
        if out.status.code() != Some(2)
            || !String::from_utf8_lossy(&out.stderr).contains("Không ghi được")
        {
            failures.push(format!(
                "> /dev/full: status {:?}, stderr {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
