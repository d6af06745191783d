//! Writers of the older formats users bring, for tests only: an Excel 97-2003 workbook (.xls:
//! BIFF8 records in an OLE compound file), an HTML page with a table (as portals' "Xuất Excel"
//! writes), and an OpenDocument spreadsheet. Each writes the cells it is given and nothing more;
//! no test data is checked in.

/// One cell of a written sheet.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// An Excel serial date-time, shown as `dd/mm/yyyy hh:mm:ss`.
    Date(f64),
}

/// A merged region: first row, last row, first column, last column (0-based).
pub type Merge = (u16, u16, u16, u16);

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

/// A BIFF8 unicode string: its length (`wide_len`: two bytes, else one), flags, UTF-16 units.
fn unicode(s: &str, wide_len: bool) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = Vec::new();
    if wide_len {
        out.extend_from_slice(&(units.len() as u16).to_le_bytes());
    } else {
        out.push(units.len() as u8);
    }
    out.push(1); // UTF-16
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

fn bof(kind: u16) -> Vec<u8> {
    let mut d = Vec::new();
    for v in [0x0600u16, kind, 0x0DBB, 0x07CC] {
        d.extend_from_slice(&v.to_le_bytes());
    }
    d.extend_from_slice(&0u32.to_le_bytes());
    d.extend_from_slice(&6u32.to_le_bytes());
    d
}

/// An .xls workbook of one sheet named `sheet`: `rows[r][c]`, `merges` merged.
pub fn xls(sheet: &str, rows: &[Vec<Option<Cell>>], merges: &[Merge]) -> Vec<u8> {
    // The sheet's records first, to know the globals' length for its offset.
    let mut cells = Vec::new();
    let mut dims = Vec::new();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for v in [0u32, rows.len() as u32] {
        dims.extend_from_slice(&v.to_le_bytes());
    }
    for v in [0u16, width as u16, 0] {
        dims.extend_from_slice(&v.to_le_bytes());
    }
    record(&mut cells, 0x0200, &dims);
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let Some(cell) = cell else { continue };
            let mut d = Vec::new();
            d.extend_from_slice(&(r as u16).to_le_bytes());
            d.extend_from_slice(&(c as u16).to_le_bytes());
            match cell {
                Cell::Text(s) => {
                    d.extend_from_slice(&0u16.to_le_bytes());
                    d.extend(unicode(s, true));
                    record(&mut cells, 0x0204, &d);
                }
                Cell::Number(n) | Cell::Date(n) => {
                    let xf: u16 = if matches!(cell, Cell::Date(_)) { 1 } else { 0 };
                    d.extend_from_slice(&xf.to_le_bytes());
                    d.extend_from_slice(&n.to_le_bytes());
                    record(&mut cells, 0x0203, &d);
                }
            }
        }
    }
    if !merges.is_empty() {
        let mut d = (merges.len() as u16).to_le_bytes().to_vec();
        for &(r1, r2, c1, c2) in merges {
            for v in [r1, r2, c1, c2] {
                d.extend_from_slice(&v.to_le_bytes());
            }
        }
        record(&mut cells, 0x00E5, &d);
    }
    record(&mut cells, 0x000A, &[]);

    let globals = |sheet_at: u32| {
        let mut g = Vec::new();
        record(&mut g, 0x0809, &bof(0x0005));
        record(&mut g, 0x0042, &1200u16.to_le_bytes()); // code page: UTF-16
        let mut format = 164u16.to_le_bytes().to_vec();
        format.extend(unicode("dd/mm/yyyy hh:mm:ss", true));
        record(&mut g, 0x041E, &format);
        for ifmt in [0u16, 164] {
            let mut xf = vec![0u8; 20];
            xf[2..4].copy_from_slice(&ifmt.to_le_bytes());
            record(&mut g, 0x00E0, &xf);
        }
        let mut bound = sheet_at.to_le_bytes().to_vec();
        bound.extend_from_slice(&[0, 0]); // visible worksheet
        bound.extend(unicode(sheet, false));
        record(&mut g, 0x0085, &bound);
        record(&mut g, 0x000A, &[]);
        g
    };
    let globals_len = globals(0).len() as u32;
    let mut stream = globals(globals_len);
    record(&mut stream, 0x0809, &bof(0x0010));
    stream.extend(cells);
    compound_file("Workbook", &stream)
}

const FREE: u32 = 0xFFFF_FFFF;
const END: u32 = 0xFFFF_FFFE;
const FAT_SECTOR: u32 = 0xFFFF_FFFD;

/// An OLE compound file (version 3, 512-byte sectors) holding one stream of at least 4096 bytes
/// (smaller ones would belong in the mini stream, which this writer does not write).
pub fn compound_file(name: &str, stream: &[u8]) -> Vec<u8> {
    assert!(
        stream.len() >= 4096,
        "a stream this small goes in the mini stream"
    );
    let stream_sectors = stream.len().div_ceil(512);
    let mut fat_sectors = 1;
    while fat_sectors * 128 < fat_sectors + 1 + stream_sectors {
        fat_sectors += 1;
    }
    assert!(fat_sectors <= 109, "more FAT than the header lists");
    let dir_sector = fat_sectors as u32;
    let first_stream = dir_sector + 1;

    let mut out = Vec::new();
    out.extend_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out.extend_from_slice(&[0; 16]);
    for v in [0x003Eu16, 0x0003, 0xFFFE, 9, 6, 0, 0, 0] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for v in [
        0u32,
        fat_sectors as u32,
        dir_sector,
        0,
        4096,
        END,
        0,
        END,
        0,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for i in 0..109u32 {
        let v = if (i as usize) < fat_sectors { i } else { FREE };
        out.extend_from_slice(&v.to_le_bytes());
    }
    assert_eq!(out.len(), 512);

    let mut fat = vec![FREE; fat_sectors * 128];
    fat[..fat_sectors].fill(FAT_SECTOR);
    fat[dir_sector as usize] = END;
    for k in 0..stream_sectors {
        let at = first_stream as usize + k;
        fat[at] = if k + 1 == stream_sectors {
            END
        } else {
            at as u32 + 1
        };
    }
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));

    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&(units.len() as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1; // black
        for (at, v) in [(68, FREE), (72, FREE), (76, child)] {
            e[at..at + 4].copy_from_slice(&v.to_le_bytes());
        }
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    out.extend(entry("Root Entry", 5, 1, END, 0));
    out.extend(entry(name, 2, FREE, first_stream, stream.len() as u32));
    for _ in 0..2 {
        let mut unused = vec![0u8; 128];
        unused[68..80].fill(0xFF);
        out.extend(unused);
    }
    out.extend_from_slice(stream);
    out.resize(out.len().div_ceil(512) * 512, 0);
    out
}

/// Text escaped for HTML.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A page as a portal's "Xuất Excel" writes it: a title table, then the data table whose first
/// row groups adjacent columns whose headers start alike ("Ngày …") under one cell spanning them
/// (`colspan`), the other headers spanning both header rows (`rowspan`); `charset` declared in a
/// `<meta>`.
pub fn html_table(charset: &str, headers: &[String], rows: &[Vec<String>]) -> String {
    let mut page = format!(
        "<html>\r\n<head><meta http-equiv=\"Content-Type\" content=\"application/vnd.ms-excel; \
         charset={charset}\">\r\n<style>td {{ mso-number-format:\"\\@\"; \
         }}</style></head>\r\n<body>\r\n<table><tr><td colspan=\"5\"><b>DANH SÁCH HỒ \
         SƠ</b></td></tr></table>\r\n<table border=\"1\">\r\n<tr>"
    );
    let mut second = String::new();
    let mut c = 0;
    while c < headers.len() {
        let run = headers[c..]
            .iter()
            .take_while(|h| h.starts_with("Ngày "))
            .count();
        if run > 1 {
            page.push_str(&format!("<th colspan=\"{run}\">Ngày</th>"));
            for h in &headers[c..c + run] {
                second.push_str(&format!(
                    "<th>{}</th>",
                    escape(h.trim_start_matches("Ngày "))
                ));
            }
            c += run;
        } else {
            page.push_str(&format!("<th rowspan=\"2\">{}</th>", escape(&headers[c])));
            c += 1;
        }
    }
    page.push_str(&format!("</tr>\r\n<tr>{second}</tr>\r\n"));
    for row in rows {
        page.push_str("<tr>");
        for cell in row {
            page.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        page.push_str("</tr>\r\n");
    }
    page.push_str("</table>\r\n</body>\r\n</html>\r\n");
    page
}

/// An OpenDocument spreadsheet of one sheet: `rows[r][c]`, dates as `office:date-value`.
pub fn ods(sheet: &str, rows: &[Vec<Option<Cell>>]) -> Vec<u8> {
    use std::io::Write;
    let mut content = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content"#,
        r#" xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0""#,
        r#" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0""#,
        r#" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#,
        r#" office:version="1.2"><office:body><office:spreadsheet>"#,
    ));
    content.push_str(&format!(r#"<table:table table:name="{}">"#, escape(sheet)));
    for row in rows {
        content.push_str("<table:table-row>");
        for cell in row {
            match cell {
                None => content.push_str("<table:table-cell/>"),
                Some(Cell::Text(s)) => content.push_str(&format!(
                    concat!(
                        r#"<table:table-cell office:value-type="string"><text:p>{}</text:p>"#,
                        r#"</table:table-cell>"#,
                    ),
                    escape(s)
                )),
                Some(Cell::Number(n)) => content.push_str(&format!(
                    concat!(
                        r#"<table:table-cell office:value-type="float" office:value="{n}">"#,
                        r#"<text:p>{n}</text:p></table:table-cell>"#,
                    ),
                    n = n
                )),
                Some(Cell::Date(serial)) => {
                    let secs = (serial * 86_400.0).round() as i64;
                    let (days, t) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
                    // Days from 1970-01-01 to Excel's day 0 (1899-12-30).
                    let date = chiso766::model::Date((days - 25_569) as i32);
                    let (y, m, d) = date.ymd();
                    let iso = format!(
                        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:\
                        02}",
                        t / 3600,
                        t / 60 % 60,
                        t % 60
                    );
                    content.push_str(&format!(
                        concat!(
                            r#"<table:table-cell office:value-type="date""#,
                            r#" office:date-value="{iso}"><text:p>{iso}</text:p>"#,
                            r#"</table:table-cell>"#,
                        ),
                        iso = iso
                    ));
                }
            }
        }
        content.push_str("</table:table-row>");
    }
    content.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    let manifest = concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest"#,
        r#" xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0""#,
        r#" manifest:version="1.2"><manifest:file-entry manifest:full-path="/""#,
        r#" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#,
        r#"<manifest:file-entry manifest:full-path="content.xml""#,
        r#" manifest:media-type="text/xml"/></manifest:manifest>"#,
    );
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    w.start_file("mimetype", stored).expect("zip");
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("zip");
    w.start_file("content.xml", deflated).expect("zip");
    w.write_all(content.as_bytes()).expect("zip");
    w.start_file("META-INF/manifest.xml", deflated)
        .expect("zip");
    w.write_all(manifest.as_bytes()).expect("zip");
    w.finish().expect("zip").into_inner()
}
