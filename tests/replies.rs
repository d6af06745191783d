//! Replies read back (issue #24), a round trip: the packs of `tests/fixtures/day-du` are made,
//! Sở Tư pháp's list is filled in as a unit would (its workbook edited, the two open columns
//! written), UBND xã Tân Lập answers with a CSV, and both are loaded with the month's dossiers.
//!
//! By hand: Sở Tư pháp's overdue dossiers are S2, S3 and S4; it explains S2 and S3 and leaves S4
//! blank, and also changes S3's "Thủ tục" (reported). Tân Lập explains T2 (its one overdue
//! dossier), names T3 (due soon as of 28/05, not overdue: nothing to attach) and X9 (no such
//! dossier: reported). A copy of Sở Tư pháp's list made for April is reported, not merged.

#[path = "support/day_du.rs"]
mod day_du;

use calamine::{open_workbook, Data, Reader, Xlsx};
use day_du::run;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("chiso766-replies-{}-{name}", std::process::id()))
}

/// The month's report as of 28/05/2024 (T3 due soon), then `extra` (replies, flags).
fn report(extra: &[String]) -> Vec<String> {
    let mut args = day_du::report_args(&["--as-of".into(), "2024-05-28".into()]);
    args.extend(extra.iter().cloned());
    args
}

/// The packs of the month, made once per test.
fn packs(name: &str) -> PathBuf {
    let out = temp(name);
    let _ = std::fs::remove_dir_all(&out);
    run(&report(&[
        "--format".into(),
        "unit-packs".into(),
        "--out".into(),
        out.to_str().expect("path").into(),
    ]));
    out
}

/// A copy of a workbook with cells of its first sheet set (reference → text), and its lines'
/// text replaced (`from` → `to`) in the shared strings: as a unit edits it in Excel.
fn filled(list: &Path, out: &Path, cells: &[(String, &str)], replace: Option<(&str, &str)>) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(list).expect("list")).expect("a zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(out).expect("copy"));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("an entry name").to_string();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).expect("read");
        if name == "xl/worksheets/sheet1.xml" {
            let mut xml = String::from_utf8(text).expect("XML");
            for (reference, value) in cells {
                let start = xml
                    .find(&format!("<c r=\"{reference}\""))
                    .unwrap_or_else(|| panic!("cell {reference}"));
                // An empty cell closes its own tag; one with a value ends with </c>.
                let tag_end = start + xml[start..].find('>').expect("tag");
                let end = if xml[..tag_end].ends_with('/') {
                    tag_end + 1
                } else {
                    start + xml[start..].find("</c>").expect("cell end") + 4
                };
                let style = xml[start..end]
                    .split(" s=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .unwrap_or("0")
                    .to_string();
                xml.replace_range(
                    start..end,
                    &format!(
                        "<c r=\"{reference}\" s=\"{style}\" \
                         t=\"inlineStr\"><is><t>{value}</t></is></c>"
                    ),
                );
            }
            text = xml.into_bytes();
        }
        if let (Some((from, to)), "xl/sharedStrings.xml") = (replace, name.as_str()) {
            text = String::from_utf8(text)
                .expect("XML")
                .replace(from, to)
                .into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        w.write_all(&text).expect("write");
    }
    w.finish().expect("zip");
}

/// Where each dossier is in a list (1-based rows, as the sheet's references have them).
fn rows_of(list: &Path) -> std::collections::HashMap<String, usize> {
    let mut wb: Xlsx<_> = open_workbook(list).expect("opens");
    let sheet = wb.worksheet_range("Hồ sơ").expect("sheet");
    (0..sheet.height())
        .filter_map(|r| match sheet.get((r, 1)) {
            Some(Data::String(id)) => Some((id.clone(), r + 1)),
            _ => None,
        })
        .collect()
}

/// Sở Tư pháp's list filled in (S2, S3 explained, S3's procedure changed), and a copy of it
/// made for April.
fn so_tu_phap_replies(dir: &Path) -> (PathBuf, PathBuf) {
    let list = dir.join("01-so-tu-phap.xlsx");
    let at = rows_of(&list);
    let cells = vec![
        (
            format!("I{}", at["S2"]),
            "Hồ sơ phải xin ý kiến Sở Xây dựng",
        ),
        (format!("J{}", at["S2"]), "Đã trả kết quả, xin lỗi công dân"),
        (format!("I{}", at["S3"]), "Công chức nghỉ ốm"),
        (format!("J{}", at["S3"]), "Phân công người thay"),
        (format!("C{}", at["S3"]), "Thủ tục khác"),
    ];
    let reply = temp("so-tu-phap-giai-trinh.xlsx");
    filled(&list, &reply, &cells, None);
    let april = temp("so-tu-phap-thang-4.xlsx");
    filled(
        &list,
        &april,
        &cells[..1],
        Some((
            "từ ngày 01/05/2024 đến ngày 31/05/2024",
            "từ ngày 01/04/2024 đến ngày 30/04/2024",
        )),
    );
    (reply, april)
}

fn tan_lap_csv() -> PathBuf {
    let p = temp("tan-lap.csv");
    std::fs::write(
        &p,
        "Mã hồ sơ;Lý do quá hạn;Biện pháp khắc phục\nt2 ;Chờ kết quả xác minh của Công an xã;Đã \
         trả kết quả\nT3;;\nX9;Không rõ;\n",
    )
    .expect("CSV");
    p
}

fn json(extra: &[PathBuf]) -> Value {
    let files: Vec<String> = extra
        .iter()
        .map(|p| p.to_str().expect("path").to_string())
        .collect();
    serde_json::from_str(&run(&report(&files))).expect("JSON")
}

#[test]
fn a_filled_list_and_a_csv_reply_are_read_back_and_matched() {
    let dir = packs("khop");
    let (so, april) = so_tu_phap_replies(&dir);
    let r = json(&[so.clone(), tan_lap_csv(), april.clone()]);
    let kinds: Vec<&str> = r["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| i["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "giai_trinh").count(),
        3,
        "{kinds:?}"
    );
    let e = &r["explanations"];
    assert_eq!(e["files"], 3);
    assert_eq!(e["units_replied"], 2);
    assert_eq!(
        e["units_replied_names"],
        serde_json::json!(["Sở Tư pháp", "UBND xã Tân Lập"])
    );
    assert_eq!(e["units_pending"], serde_json::json!([]));
    assert_eq!(e["dossiers_explained"], 3);
    assert_eq!(e["unmatched_ids"], serde_json::json!(["X9"]));
    assert_eq!(e["not_overdue_ids"], serde_json::json!(["T3"]));
    assert_eq!(e["deadline"], "2024-06-11");
    let problems: Vec<(String, Option<&str>, &str)> = e["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                Path::new(p["file"].as_str().expect("file"))
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned(),
                p["id"].as_str(),
                p["message"].as_str().expect("message"),
            )
        })
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[0].0.ends_with("so-tu-phap-giai-trinh.xlsx")
            && problems[0].1 == Some("S3")
            && problems[0].2.contains("«Thủ tục»")
            && problems[0].2.contains("Thủ tục khác"),
        "{problems:?}"
    );
    assert!(
        problems[1].0.ends_with("tan-lap.csv") && problems[1].1 == Some("X9"),
        "{problems:?}"
    );
    assert!(
        problems[2].0.ends_with("so-tu-phap-thang-4.xlsx")
            && problems[2].2.contains("01/04/2024")
            && problems[2].2.contains("không ghép"),
        "{problems:?}"
    );
    let by_id = |id: &str| {
        r["overdue_dossiers"]
            .as_array()
            .expect("list")
            .iter()
            .find(|d| d["id"] == id)
            .expect("listed")
            .clone()
    };
    assert_eq!(by_id("S2")["reason"], "Hồ sơ phải xin ý kiến Sở Xây dựng");
    assert_eq!(by_id("S2")["remedy"], "Đã trả kết quả, xin lỗi công dân");
    assert_eq!(by_id("S3")["reason"], "Công chức nghỉ ốm");
    assert_eq!(by_id("T2")["reason"], "Chờ kết quả xác minh của Công an xã");
    assert_eq!(by_id("S4")["reason"], Value::Null);
    assert_eq!(by_id("S4")["remedy"], Value::Null);
    let text = r["notice_text"].as_str().expect("text");
    assert!(
        text.contains(
            "Về báo cáo giải trình hồ sơ quá hạn gửi Văn phòng UBND tỉnh (hạn ngày 11/06/2024): 02 \
             đơn vị đã gửi, giải trình 03 hồ sơ (lý do, biện pháp khắc phục tại Phụ lục hồ sơ quá \
             hạn); tất cả các đơn vị có hồ sơ quá hạn đã gửi."
        ),
        "{text}"
    );
}

#[test]
fn units_that_have_not_replied_are_named_and_the_appendix_carries_the_reasons() {
    let dir = packs("chua");
    let (so, _) = so_tu_phap_replies(&dir);
    let r = json(std::slice::from_ref(&so));
    assert_eq!(
        r["explanations"]["units_pending"],
        serde_json::json!(["UBND xã Tân Lập"])
    );
    let text = r["notice_text"].as_str().expect("text");
    assert!(
        text.contains(
            "01 đơn vị đã gửi, giải trình 02 hồ sơ (lý do, biện pháp khắc phục tại Phụ lục hồ sơ \
             quá hạn); còn 01 đơn vị chưa gửi: UBND xã Tân Lập."
        ),
        "{text}"
    );

    // The .xlsx appendix has both columns, S2's reason in it.
    let out = temp("phu-luc.xlsx");
    run(&report(&[
        so.to_str().expect("path").into(),
        "--format".into(),
        "xlsx".into(),
        "--out".into(),
        out.to_str().expect("path").into(),
    ]));
    let mut wb: Xlsx<_> = open_workbook(&out).expect("opens");
    let sheet = wb.worksheet_range("Hồ sơ quá hạn").expect("sheet");
    let header = (0..sheet.height())
        .find(|&r| sheet.get((r, 2)) == Some(&Data::String("Mã hồ sơ".into())))
        .expect("header");
    let width = sheet.width();
    assert_eq!(
        sheet.get((header, width - 2)),
        Some(&Data::String("Lý do quá hạn".into()))
    );
    assert_eq!(
        sheet.get((header, width - 1)),
        Some(&Data::String("Biện pháp khắc phục".into()))
    );
    let s2 = (header..sheet.height())
        .find(|&r| sheet.get((r, 2)) == Some(&Data::String("S2".into())))
        .expect("S2");
    assert_eq!(
        sheet.get((s2, width - 2)),
        Some(&Data::String("Hồ sơ phải xin ý kiến Sở Xây dựng".into()))
    );

    // Without replies the appendix keeps its columns as they were.
    let plain = temp("phu-luc-truoc.xlsx");
    run(&report(&[
        "--format".into(),
        "xlsx".into(),
        "--out".into(),
        plain.to_str().expect("path").into(),
    ]));
    let mut wb: Xlsx<_> = open_workbook(&plain).expect("opens");
    let sheet = wb.worksheet_range("Hồ sơ quá hạn").expect("sheet");
    assert!(!(0..sheet.width())
        .any(|c| sheet.get((2, c)) == Some(&Data::String("Lý do quá hạn".into()))));
}
