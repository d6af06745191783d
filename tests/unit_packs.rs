//! The units' packs (`report --format unit-packs`): which units get one, the letters as
//! LibreOffice lays them out, the protected list each unit fills, the index and the .zip.
//!
//! By hand on `tests/fixtures/day-du` (May 2024): Sở Tư pháp has 3 overdue dossiers (S2 finished
//! late, S3 and S4 still open past their due dates), UBND xã Tân Lập 1 (T2 finished 9 days late),
//! UBND xã An Bình none but an online-payment rate of 0% (A2's fee paid otherwise), under 50%; no
//! unit is under 50% for số hóa. So three packs. As of Tuesday 28/05/2024 the three working days
//! after are 29, 30 and 31/05, and T3 (Tân Lập, due 31/05, processing) is due soon.

#[path = "support/day_du.rs"]
mod day_du;
#[path = "support/office.rs"]
mod office;

use day_du::run;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn out_dir(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("chiso766-packs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    p
}

/// The day-du month's packs into `out` (a folder, or a .zip).
fn packs(out: &Path, extra: &[&str]) -> String {
    let mut flags: Vec<String> = vec!["--format".into(), "unit-packs".into(), "--out".into()];
    flags.push(out.to_str().expect("path").into());
    flags.extend(extra.iter().map(|s| s.to_string()));
    run(&day_du::report_args(&flags))
}

fn index(dir: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(dir.join("danh-sach-don-vi.csv")).expect("index");
    let mut r =
        csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|x| x.expect("row").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn three_units_get_a_letter_and_a_list_named_after_them() {
    let out = out_dir("ba");
    let listing = packs(&out, &[]);
    assert_eq!(listing.lines().count(), 7, "{listing}");
    let rows = index(&out);
    let brief: Vec<(&str, &str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r[1].as_str(),
                r[3].as_str(),
                r[4].as_str(),
                r[6].as_str(),
                r[7].as_str(),
            )
        })
        .collect();
    assert_eq!(
        brief,
        [
            (
                "Sở Tư pháp",
                "hồ sơ quá hạn",
                "3",
                "01-so-tu-phap.docx",
                "01-so-tu-phap.xlsx"
            ),
            (
                "UBND xã An Bình",
                "thanh toán trực tuyến dưới ngưỡng",
                "0",
                "02-ubnd-xa-an-binh.docx",
                "02-ubnd-xa-an-binh.xlsx"
            ),
            (
                "UBND xã Tân Lập",
                "hồ sơ quá hạn",
                "1",
                "03-ubnd-xa-tan-lap.docx",
                "03-ubnd-xa-tan-lap.xlsx"
            ),
        ]
    );
    for r in &rows {
        assert!(out.join(&r[6]).is_file() && out.join(&r[7]).is_file());
    }
}

/// The cells of a sheet's XML: reference → (style index, shared-string index or value).
fn cells(sheet: &str) -> BTreeMap<String, (usize, Option<String>)> {
    let mut out = BTreeMap::new();
    for part in sheet.split("<c r=\"").skip(1) {
        let reference = part.split('"').next().expect("ref").to_string();
        let head = &part[..part.find('>').expect("tag end")];
        let style = head
            .split(" s=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let value = part
            .split("<v>")
            .nth(1)
            .filter(|_| !head.ends_with('/'))
            .and_then(|v| v.split("</v>").next())
            .map(str::to_string);
        out.insert(reference, (style, value));
    }
    out
}

/// Whether each cell format (cellXfs, in order) unlocks its cells.
fn unlocked_styles(styles: &str) -> Vec<bool> {
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .and_then(|s| s.split("</cellXfs>").next())
        .expect("cellXfs");
    xfs.split("<xf ")
        .skip(1)
        .map(|xf| {
            xf.split("</xf>")
                .next()
                .unwrap_or(xf)
                .contains("locked=\"0\"")
        })
        .collect()
}

fn unzip(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("file")).expect("a zip");
    let mut s = String::new();
    zip.by_name(name)
        .expect("entry")
        .read_to_string(&mut s)
        .expect("UTF-8");
    s
}

/// The list of Tân Lập as of 28/05: T2 finished late, T3 due soon; the sheet protected, only the
/// two columns the unit fills unlocked (and the rows below, for notes).
#[test]
fn the_list_is_protected_but_for_the_reason_and_remedy_columns() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let out = out_dir("khoa");
    packs(&out, &["--as-of", "2024-05-28"]);
    let rows = index(&out);
    assert_eq!(rows[2][1], "UBND xã Tân Lập");
    assert_eq!(rows[2][3], "hồ sơ quá hạn; hồ sơ sắp đến hạn");
    assert_eq!((rows[2][4].as_str(), rows[2][5].as_str()), ("1", "1"));
    let path = out.join(&rows[2][7]);
    let mut wb: Xlsx<_> = open_workbook(&path).expect("opens");
    let sheet = wb.worksheet_range("Hồ sơ").expect("sheet");
    let header = (0..sheet.height())
        .find(|&r| sheet.get((r, 1)) == Some(&Data::String("Mã hồ sơ".into())))
        .expect("header row");
    let titles: Vec<String> = (0..10)
        .map(|c| {
            sheet
                .get((header, c))
                .map(|x| x.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(&titles[8..], ["Lý do quá hạn", "Biện pháp khắc phục"]);
    let line = |r: usize| {
        (1..8)
            .map(|c| sheet.get((r, c)).map(|x| x.to_string()).unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(line(header + 1)[0], "T2");
    assert_eq!(line(header + 1)[5], "Đã xử lý trễ hạn");
    assert_eq!(sheet.get((header + 1, 7)), Some(&Data::Float(9.0)));
    assert_eq!(line(header + 2)[0], "T3");
    assert_eq!(line(header + 2)[5], "Sắp đến hạn (còn 3 ngày làm việc)");
    assert!(
        matches!(sheet.get((header + 1, 3)), Some(Data::DateTime(_))),
        "dates are dates"
    );
    assert!(
        (0..sheet.height()).any(|r| sheet.get((r, 0)).is_some_and(|c| c
            .to_string()
            .starts_with("Kỳ báo cáo: từ ngày 01/05/2024 đến ngày 31/05/2024")))
    );

    let xml = unzip(&path, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("<sheetProtection sheet=\"1\""),
        "the sheet is protected"
    );
    let unlocked = unlocked_styles(&unzip(&path, "xl/styles.xml"));
    let cells = cells(&xml);
    let first = header + 2; // 1-based row of T2
    for col in ["A", "B", "C", "D", "E", "G", "H"] {
        let (style, _) = cells[&format!("{col}{first}")];
        assert!(!unlocked[style], "{col}{first} is locked");
    }
    for col in ["I", "J"] {
        for row in [first, first + 1, first + 10] {
            let (style, value) = &cells[&format!("{col}{row}")];
            assert!(unlocked[*style], "{col}{row} is open to the unit");
            assert_eq!(value, &None, "{col}{row} is empty");
        }
    }
    // The header of those columns stays locked.
    assert!(!unlocked[cells[&format!("I{}", header + 1)].0]);
}

/// Each letter converts with LibreOffice to one A4 page that carries the unit's figures.
#[test]
fn each_letter_is_one_page_in_libreoffice() {
    if !office::available() {
        return;
    }
    let out = out_dir("thu");
    packs(&out, &[]);
    let pdfs = out.join("pdf");
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for (file, expected) in [
        (
            "01-so-tu-phap.docx",
            vec![
                "Kính gửi: Sở Tư pháp.",
                "V/v kết quả chỉ số 766 tháng 5/2024",
                "Xếp hạng trong khối 1/1",
                "Hồ sơ quá hạn 3 3 4",
                "trước ngày 11/06/2024",
            ],
        ),
        (
            "02-ubnd-xa-an-binh.docx",
            vec![
                "Kính gửi: UBND xã An Bình.",
                "Xếp hạng trong khối 2/2",
                "Tỷ lệ thanh toán trực tuyến 0% 50% 60%",
                "trước ngày 11/06/2024",
            ],
        ),
        (
            "03-ubnd-xa-tan-lap.docx",
            vec![
                "Kính gửi: UBND xã Tân Lập.",
                "Số: /VPUBND-KSTTHC",
                "Bình Phước, ngày 05 tháng 6 năm 2024",
                "Nguyễn Văn Mẫu",
            ],
        ),
    ] {
        let pdf = office::to_pdf(&out.join(file), &pdfs);
        assert_eq!(office::pages(&pdf), 1, "{file} fits one page");
        let text = squeeze(&office::text(&pdf));
        for e in expected {
            assert!(text.contains(&squeeze(e)), "{file}: {e}");
        }
    }
}

/// The same set as one .zip: the index deflated, the documents stored as they are (already zips).
#[test]
fn the_set_as_one_zip() {
    let folder = out_dir("thu-muc");
    packs(&folder, &[]);
    let zip_path = out_dir("goi.zip");
    packs(&zip_path, &[]);
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("zip")).expect("a zip");
    let mut names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("an entry name").into_owned())
        .collect();
    names.sort();
    let mut on_disk: Vec<String> = std::fs::read_dir(&folder)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(names, on_disk);
    let index = zip.by_name("danh-sach-don-vi.csv").expect("index");
    assert_eq!(index.compression(), zip::CompressionMethod::Deflated);
    drop(index);
    let letter = zip.by_name("01-so-tu-phap.docx").expect("letter");
    assert_eq!(letter.compression(), zip::CompressionMethod::Stored);
    let mut bytes = Vec::new();
    letter.take(1 << 20).read_to_end(&mut bytes).expect("read");
    assert!(
        zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .is_ok_and(|mut d| d.by_name("word/document.xml").is_ok()),
        "a .docx inside"
    );
}

/// On a generated month, the packs are exactly the units with an overdue dossier, a rate under a
/// threshold, or a dossier the warning names, as the JSON report lists them.
#[test]
fn on_generated_data_every_unit_concerned_gets_one_pack() {
    let csv = std::env::temp_dir().join(format!("chiso766-packs-{}-sinh.csv", std::process::id()));
    run(&[
        "generate",
        "--rows",
        "3000",
        "--month",
        "2024-05",
        "--seed",
        "7",
        "--out",
        csv.to_str().expect("path"),
    ]
    .map(String::from));
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "report",
        "--month",
        "2024-05",
        csv.to_str().expect("path"),
    ]
    .map(String::from)))
    .expect("JSON");
    let below = |v: &serde_json::Value, key: &str, t: f64| v[key].as_f64().is_some_and(|x| x < t);
    let mut expected: Vec<String> = json["units"]
        .as_array()
        .expect("units")
        .iter()
        .filter(|u| {
            u["overdue"].as_u64() > Some(0)
                || below(u, "digitization_rate", 0.5)
                || below(u, "online_payment_rate", 0.5)
        })
        .map(|u| u["name"].as_str().expect("name").to_string())
        .collect();
    for u in json["early_warning"]["units"]
        .as_array()
        .expect("warning units")
    {
        expected.push(u["name"].as_str().expect("name").to_string());
    }
    expected.sort();
    expected.dedup();
    let out = out_dir("sinh");
    run(&[
        "report",
        "--month",
        "2024-05",
        "--format",
        "unit-packs",
        "--out",
        out.to_str().expect("path"),
        csv.to_str().expect("path"),
    ]
    .map(String::from));
    let mut got: Vec<String> = index(&out).into_iter().map(|r| r[1].clone()).collect();
    got.sort();
    assert!(
        expected.len() > 20,
        "a generated month concerns many units: {}",
        expected.len()
    );
    assert_eq!(got, expected);
    assert_eq!(
        std::fs::read_dir(&out).expect("dir").count(),
        2 * got.len() + 1
    );
}

/// Every letter of a generated province-month (about ninety units, long names such as "Chi nhánh
/// Văn phòng đăng ký đất đai Phước Long", up to three what-if steps) fits one page.
#[test]
fn every_letter_of_a_generated_month_fits_one_page() {
    if !office::available() {
        return;
    }
    let csv = std::env::temp_dir().join(format!("chiso766-packs-{}-trang.csv", std::process::id()));
    run(&[
        "generate",
        "--rows",
        "20000",
        "--month",
        "2024-05",
        "--out",
        csv.to_str().expect("path"),
    ]
    .map(String::from));
    let out = out_dir("trang");
    run(&[
        "report",
        "--month",
        "2024-05",
        "--format",
        "unit-packs",
        "--out",
        out.to_str().expect("path"),
        csv.to_str().expect("path"),
    ]
    .map(String::from));
    let letters: Vec<PathBuf> = index(&out).iter().map(|r| out.join(&r[6])).collect();
    assert!(letters.len() > 50, "{}", letters.len());
    for pdf in office::to_pdfs(&letters, &out.join("pdf")) {
        assert_eq!(office::pages(&pdf), 1, "{} fits one page", pdf.display());
    }
}

#[path = "support/hostile_text.rs"]
mod hostile_text;

/// Units named with control characters, bidi marks, a formula and a name longer than an Excel
/// cell: every letter and list is still written and opens (as the appendices' exports do).
#[test]
fn hostile_names_still_make_packs_that_open() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = out_dir("doc-hai");
    std::fs::create_dir_all(&dir).expect("dir");
    let (dossiers, settings) = hostile_text::write(&dir);
    let out = dir.join("goi");
    run(&[
        "report",
        "--month",
        "2024-05",
        "--settings",
        settings.to_str().expect("path"),
        "--format",
        "unit-packs",
        "--out",
        out.to_str().expect("path"),
        dossiers.to_str().expect("path"),
    ]
    .map(String::from));
    let rows = index(&out);
    assert_eq!(rows.len(), 6, "each unit has an overdue dossier");
    assert!(
        rows.iter().any(|r| r[1].starts_with("'=HYPERLINK")),
        "the formula-like name is neutralised in the index"
    );
    for r in &rows {
        assert!(
            r[6].len() <= 70
                && r[6]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'),
            "{}",
            r[6]
        );
        let mut wb: Xlsx<_> = open_workbook(out.join(&r[7])).expect("the list opens");
        let sheet = wb.worksheet_range("Hồ sơ").expect("sheet");
        assert!(sheet.height() > 6);
        let xml = unzip(&out.join(&r[6]), "word/document.xml");
        assert!(
            !xml.chars().any(|c| matches!(
                c,
                '\u{0}' | '\u{1}' | '\u{b}' | '\u{1b}' | '\u{fffe}' | '\u{ffff}'
            )),
            "{}: no character XML forbids",
            r[6]
        );
    }
}
