//! The command line on small hand-written fixtures. Every expected figure is worked out by hand
//! below from `tests/fixtures/thang-05-2024.csv` (16 data rows, May 2024), row by row.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_chiso766"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn report(path: &Path, extra: &[&str]) -> Value {
    let p = path.to_str().expect("UTF-8 path");
    let mut args = vec!["report", "--month", "2024-05"];
    args.extend_from_slice(extra);
    args.push(p);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).expect("JSON on stdout")
}

fn close(v: &Value, expected: f64) {
    let x = v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"));
    assert!((x - expected).abs() < 1e-12, "{x} != {expected}");
}

/// By hand, per unit (dates compared as days, period 01/05–31/05/2024):
/// - Sở Tư pháp: A1 on time (ended 10/05 17:30, due 10/05), A2 early, A3 late (carried over from
///   April), A4 processing within (due 31/05 = last day), A5 status 3 excluded. Received in May:
///   A1, A2, A4, all digitised; fee due A1, A4, both paid online.
/// - UBND huyện Đồng Phú: B1 withdrawn (on time), B2 late, B3 (status 5) and B6 (status 8)
///   processing overdue, B4 finished in April (excluded), B5 received in June (excluded).
///   Received in May: B1, B2, B3, B6; digitised B3; fee due B2, B3, none paid.
/// - UBND xã Tân Lập: C1 on time (no finish date, returned 14/05 = due); C2 finish date 31/02
///   unreadable (left out of progress, still received); " hs-c1 " duplicates C1. Digitised 1 of 2;
///   no fee due, so no payment rate.
/// - Chi nhánh VPĐKĐĐ Đồng Phú: D1 on time (postal), D2 processing overdue. Digitised 0 of 2;
///   fee due 2, paid 1.
#[test]
fn may_fixture_figures_match_hand_computation() {
    let r = report(&fixture("thang-05-2024.csv"), &[]);
    assert_eq!(r["period"]["from"], "2024-05-01");
    assert_eq!(r["period"]["to"], "2024-05-31");
    let p = &r["province"];
    assert_eq!(p["completed"]["early"], 1);
    assert_eq!(p["completed"]["on_time"], 4); // A1, B1, C1, D1
    assert_eq!(p["completed"]["late"], 2); // A3, B2
    assert_eq!(p["processing"]["within"], 1); // A4
    assert_eq!(p["processing"]["overdue"], 3); // B3, B6, D2
    assert_eq!(p["handled"], 11);
    close(&p["on_time_rate"], 6.0 / 11.0);
    close(&p["on_time_points"], 20.0 * 6.0 / 11.0);
    close(&p["online_on_time_rate"], 4.0 / 5.0); // A1, A2, B1, C1 of A1, A2, B1, B2, C1
    assert_eq!(p["overdue"], 5);
    close(&p["overdue_rate"], 5.0 / 11.0);
    close(&p["digitization_rate"], 5.0 / 11.0);
    close(&p["online_payment_rate"], 3.0 / 6.0);
    assert_eq!(p["without_progress"], 1);

    let o = &r["overdue"];
    assert_eq!(o["units_with_overdue"], 3);
    assert_eq!(o["more_than"], 2);
    assert_eq!(o["units_over_threshold"], 1);

    let d = &r["digitization"];
    assert_eq!(d["threshold"], 0.5);
    assert_eq!(
        d["units_belo\
        w"],
        2
    ); // Đồng Phú 25%, chi nhánh 0%; Tân Lập at exactly 50% is not below
    assert_eq!(d["units_below_by_block"]["huyen"], 1);
    assert_eq!(d["units_below_by_block"]["chi_nhanh"], 1);
    assert_eq!(d["units_below_by_block"]["tinh"], 0);
    assert_eq!(d["units_below_by_block"]["xa"], 0);

    let op = &r["online_payment"];
    assert_eq!(op["units_below"], 1); // Đồng Phú 0%; Tân Lập has no fee-bearing dossier
    assert_eq!(op["units_below_by_block"]["huyen"], 1);
    assert_eq!(op["near_zero_threshold"], 0.02);
    assert_eq!(op["units_near_zero"], 1);

    let units = r["units"].as_array().expect("units[]");
    let tan_lap = units
        .iter()
        .find(|u| u["name"] == "UBND xã Tân Lập")
        .expect("Tân Lập listed");
    assert_eq!(tan_lap["block"], "xa");
    assert!(tan_lap["online_payment_rate"].is_null());
    close(&tan_lap["digitization_rate"], 0.5);
    let dong_phu = units
        .iter()
        .find(|u| u["name"] == "UBND huyện Đồng Phú")
        .expect("Đồng Phú listed");
    assert_eq!(dong_phu["handled"], 4);
    assert_eq!(dong_phu["overdue"], 3);
}

#[test]
fn bad_rows_are_reported_with_row_and_column() {
    let r = report(&fixture("thang-05-2024.csv"), &[]);
    let input = &r["inputs"][0];
    assert_eq!(input["kind"], "dossiers");
    assert_eq!(input["encoding"], "utf-8-bom");
    assert_eq!(input["delimiter"], ";");
    assert_eq!(input["rows"], 15);
    assert_eq!(input["duplicates"], 1);
    let problems = input["problems"].as_array().expect("problems[]");
    let bad_date = problems
        .iter()
        .find(|p| p["row"] == 14)
        .expect("row 14 reported");
    assert_eq!(bad_date["column"], "Ngày kết thúc xử lý");
    assert!(bad_date["message"]
        .as_str()
        .unwrap_or("")
        .contains("31/02/2024"));
    let dup = problems
        .iter()
        .find(|p| p["row"] == 15)
        .expect("duplicate reported");
    assert!(dup["message"].as_str().unwrap_or("").contains("dòng 13"));
}

#[test]
fn overdue_list_is_masked_unless_asked() {
    let r = report(&fixture("thang-05-2024.csv"), &[]);
    let list = r["overdue_dossiers"]
        .as_array()
        .expect("overdue_dossiers[]");
    assert_eq!(list.len(), 5);
    let a3 = list
        .iter()
        .find(|d| d["id"] == "HS-A3")
        .expect("A3 is late");
    assert_eq!(a3["row"], 4);
    assert_eq!(a3["days_late"], 4);
    assert_eq!(a3["personal"][0][1], "Lê V** C****");
    assert_eq!(a3["personal"][1][1], "09******22");
    let raw = serde_json::to_string(&r).expect("serialisable");
    assert!(
        !raw.contains("0901111222") && !raw.contains("Lê Văn Cường"),
        "no personal value leaks while masked"
    );

    let unmasked = report(&fixture("thang-05-2024.csv"), &["--unmask"]);
    let raw = serde_json::to_string(&unmasked).expect("serialisable");
    assert!(raw.contains("Lê Văn Cường"));
}

/// The same rows with `,` or tab delimiters and without a BOM give identical figures.
#[test]
fn delimiters_and_bom_do_not_change_figures() {
    let bytes = std::fs::read(fixture("thang-05-2024.csv")).expect("fixture");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[3..]);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("valid")).collect();
    let base = report(&fixture("thang-05-2024.csv"), &[]);
    for delimiter in [b',', b'\t', b'|'] {
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(Vec::new());
        for r in &records {
            w.write_record(r).expect("write");
        }
        let dir =
            std::env::temp_dir().join(format!("chiso766-delim-{delimiter}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("thang-05-2024.csv");
        std::fs::write(&path, w.into_inner().expect("flush")).expect("write file");
        let r = report(&path, &[]);
        assert_eq!(r["inputs"][0]["delimiter"], (delimiter as char).to_string());
        for key in [
            "province",
            "overdue",
            "digitization",
            "online_payment",
            "units",
        ] {
            assert_eq!(
                r[key], base[key],
                "{key} with delimiter {}",
                delimiter as char
            );
        }
    }
}

#[test]
fn text_notice_uses_the_notice_wording_and_number_style() {
    let p = fixture("thang-05-2024.csv");
    let (code, out, err) = run(&[
        "report",
        "--month",
        "2024-05",
        "--format",
        "text",
        p.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "Kết quả hồ sơ xử lý đúng hạn đạt [chưa có dữ liệu Cổng DVCQG] (DVC tỉnh đạt 80%, tính \
             trên 05 hồ sơ trực tuyến đã xử lý); hồ sơ trễ hạn chiếm tỷ lệ [chưa có dữ liệu Cổng \
             DVCQG] (DVC tỉnh: 20%)."
        ),
        "{out}"
    );
    // Blocks without a unit below the threshold are not listed ("cấp tỉnh có 0 đơn vị").
    assert!(
        out.contains(
            "Tỉnh đạt tỷ lệ 45,45%. Trong đó có 02 đơn vị đạt tỷ lệ dưới 50%, gồm: cấp huyện, xã \
             có 01 đơn vị; Chi nhánh Văn phòng đăng ký đất đai có 01 đơn vị."
        ),
        "{out}"
    );
    assert!(
        out.contains("Tỉnh đạt tỷ lệ 50%. Có 01 đơn vị đạt tỷ lệ dưới 50%"),
        "{out}"
    );
    assert!(
        out.contains(
            "toàn tỉnh có 03 đơn vị và địa phương để xảy ra tình trạng hồ sơ TTHC quá hạn xử lý \
             (trong đó có 01 đơn vị có trên 02 hồ sơ quá hạn xử lý) với tổng số 05 hồ sơ quá hạn \
             xử lý. Chiếm tỷ lệ 45,45%"
        ),
        "{out}"
    );
    assert!(
        out.contains("(tỷ lệ giải quyết trước hạn, đúng hạn theo chỉ số 2.1: 54,55%)"),
        "{out}"
    );
    // Without a scoreboard the rank is a visible placeholder, and the table says it is an estimate.
    assert!(
        out.contains("| 2.1 | Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (đã và đang xử lý) | 54,55% |"),
        "{out}"
    );
    assert!(out.contains("Xếp hạng: [chưa có dữ liệu]"), "{out}");
    assert!(
        out.contains("vị trí xếp hạng của tỉnh: [chưa có bảng điểm Cổng DVCQG]"),
        "{out}"
    );
    assert!(out.contains("[chưa có tệp theo dõi công bố TTHC]"), "{out}");
}

#[test]
fn a_file_that_is_not_a_dossier_export_exits_2_naming_what_is_missing() {
    let p = fixture("khong-phai-ho-so.csv");
    let (code, out, err) = run(&["report", p.to_str().expect("path")]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("Ngày hẹn trả"), "{err}");
    assert!(err.contains("Ghi chú"), "found headers are listed: {err}");
    assert!(err.contains("not a dossier export"), "{err}");
}

#[test]
fn bad_arguments_exit_2() {
    let p = fixture("thang-05-2024.csv");
    let path = p.to_str().expect("path");
    assert_eq!(run(&["report", "--month", "2024-13", path]).0, 2);
    assert_eq!(
        run(&["report", "--from", "2024-05-31", "--to", "2024-05-01", path]).0,
        2
    );
    assert_eq!(run(&["report", "--format", "pdf", path]).0, 2);
    assert_eq!(run(&["report"]).0, 2);
    assert_eq!(run(&["report", "/nonexistent/file.csv"]).0, 2);
    assert_eq!(run(&["frobnicate"]).0, 2);
}

#[test]
fn default_period_is_the_main_month_of_the_data() {
    let p = fixture("thang-05-2024.csv");
    let (code, out, _) = run(&["report", p.to_str().expect("path")]);
    assert_eq!(code, 0);
    let r: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(r["period"]["from"], "2024-05-01");
}

/// The rule `--help` states: the latest month with at least half the busiest month's receipts.
/// Two in May against four in April is half: May, though April is busier; one in June (the
/// fixture's B5) against May's is not: May, though June holds the latest receipt.
#[test]
fn the_default_period_follows_the_rule_the_help_states() {
    let (code, help, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        help.contains("ít nhất bằng một nửa tháng nhiều")
            && help.contains("at least half the receipts of the busiest month"),
        "{help}"
    );
    let dir = std::env::temp_dir().join(format!("chiso766-default-month-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("ho-so.csv");
    let mut csv = String::from("Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Trạng thái\n");
    for (i, day) in [
        "02/04/2024",
        "03/04/2024",
        "04/04/2024",
        "05/04/2024",
        "02/05/2024",
        "03/05/2024",
    ]
    .iter()
    .enumerate()
    {
        csv.push_str(&format!("H{i};Sở Tư pháp;{day};20/06/2024;4\n"));
    }
    std::fs::write(&path, &csv).expect("write");
    let month = |path: &Path| {
        let (code, out, err) = run(&["report", path.to_str().expect("path")]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out).expect("JSON")["period"]["from"].clone()
    };
    assert_eq!(month(&path), "2024-05-01");
    std::fs::write(&path, csv.replacen("03/05/2024", "03/04/2024", 1)).expect("write");
    assert_eq!(
        month(&path),
        "2024-04-01",
        "one in May against five in April"
    );
    assert_eq!(month(&fixture("thang-05-2024.csv")), "2024-05-01");
}

/// The generator's province-month: figures are internally consistent and every block appears.
#[test]
fn generated_month_is_consistent() {
    let dir = std::env::temp_dir().join(format!("chiso766-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("mau.csv");
    let (code, _, err) = run(&[
        "generate",
        "--rows",
        "5000",
        "--month",
        "2024-05",
        "--out",
        path.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    let r = report(&path, &[]);
    let p = &r["province"];
    let c = &p["completed"];
    let handled = c["total"].as_u64().expect("n") + p["processing"]["total"].as_u64().expect("n");
    assert_eq!(p["handled"].as_u64(), Some(handled));
    let units = r["units"].as_array().expect("units");
    let sum: u64 = units
        .iter()
        .map(|u| u["overdue"].as_u64().expect("n"))
        .sum();
    assert_eq!(p["overdue"].as_u64(), Some(sum));
    for block in ["tinh", "huyen", "xa", "chi_nhanh"] {
        assert!(units.iter().any(|u| u["block"] == block), "{block}");
    }
    assert_eq!(r["unplaced_units"].as_array().map(Vec::len), Some(0));
    assert!(p["online_payment_rate"]
        .as_f64()
        .is_some_and(|x| x > 0.0 && x < 1.0));
}

#[test]
fn a_mapping_file_fixes_an_unrecognised_column() {
    let dir = std::env::temp_dir().join(format!("chiso766-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let data = dir.join("la.csv");
    std::fs::write(
        &data,
        "Mã hồ sơ;Nơi xử lý;Ngày tiếp nhận;Ngày hẹn trả\nHS1;Sở Tư pháp;02/05/2024;03/05/2024\n",
    )
    .expect("write");
    let path = data.to_str().expect("path");
    let (code, _, err) = run(&["report", path]);
    assert_eq!(code, 2);
    assert!(err.contains("Nơi xử lý"), "{err}");
    let mapping = dir.join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"kind": "chiso766-mapping", "fields": [["unit", "Nơi xử lý"]]}"#,
    )
    .expect("write");
    let (code, out, err) = run(&["report", "--mapping", mapping.to_str().expect("path"), path]);
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(r["units"][0]["name"], "Sở Tư pháp");
    std::fs::write(&mapping, r#"{"kind": "something-else"}"#).expect("write");
    let (code, _, err) = run(&["report", "--mapping", mapping.to_str().expect("path"), path]);
    assert_eq!(code, 2);
    assert!(err.contains("ánh xạ"), "{err}");
}

#[test]
fn a_windows_1258_export_gives_the_same_figures_as_utf8() {
    use unicode_normalization::UnicodeNormalization;
    let text = String::from_utf8(
        std::fs::read(fixture("thang-05-2024.csv")).expect("fixture")[3..].to_vec(),
    )
    .expect("UTF-8");
    // What Excel writes: letters with circumflex, breve, horn precomposed; tones combining.
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut form = String::new();
    for c in text.chars() {
        let d: Vec<char> = std::iter::once(c).nfd().collect();
        form.extend(
            d.iter()
                .filter(|m| !TONES.contains(m))
                .collect::<String>()
                .nfc(),
        );
        form.extend(d.iter().filter(|m| TONES.contains(m)));
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&form);
    assert!(!unmappable);
    let dir = std::env::temp_dir().join(format!("chiso766-1258-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("thang-05-2024.csv");
    std::fs::write(&path, &bytes).expect("write");
    let r = report(&path, &[]);
    let base = report(&fixture("thang-05-2024.csv"), &[]);
    assert_eq!(r["inputs"][0]["encoding"], "windows-1258");
    for key in [
        "province",
        "overdue",
        "digitization",
        "online_payment",
        "units",
    ] {
        assert_eq!(r[key], base[key], "{key}");
    }
}

/// A stored zip entry whose central directory declares `declared` uncompressed bytes.
fn zip_declaring(name: &str, declared: u32) -> Vec<u8> {
    let data = b"<x/>";
    let mut z = Vec::new();
    let le16 = |v: u16| v.to_le_bytes();
    let le32 = |v: u32| v.to_le_bytes();
    z.extend(le32(0x0403_4b50));
    z.extend(le16(20));
    z.extend(le16(0));
    z.extend(le16(0)); // stored
    z.extend(le32(0));
    z.extend(le32(0)); // crc (not checked before the size guard)
    z.extend(le32(data.len() as u32));
    z.extend(le32(declared));
    z.extend(le16(name.len() as u16));
    z.extend(le16(0));
    z.extend(name.as_bytes());
    z.extend(data);
    let cd_start = z.len() as u32;
    z.extend(le32(0x0201_4b50));
    z.extend(le16(20));
    z.extend(le16(20));
    z.extend(le16(0));
    z.extend(le16(0));
    z.extend(le32(0));
    z.extend(le32(0));
    z.extend(le32(data.len() as u32));
    z.extend(le32(declared));
    z.extend(le16(name.len() as u16));
    z.extend([0u8; 8]); // extra, comment, disk, internal attrs
    z.extend(le32(0)); // external attrs
    z.extend(le32(0)); // local header offset
    z.extend(name.as_bytes());
    let cd_len = z.len() as u32 - cd_start;
    z.extend(le32(0x0605_4b50));
    z.extend([0u8; 4]);
    z.extend(le16(1));
    z.extend(le16(1));
    z.extend(le32(cd_len));
    z.extend(le32(cd_start));
    z.extend(le16(0));
    z
}

/// Each unusable file gets a clear message naming it; loaded beside a good file it changes
/// nothing of the good file's figures.
#[test]
fn unusable_files_are_named_and_leave_the_rest_intact() {
    let dir = std::env::temp_dir().join(format!("chiso766-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut garbage = vec![0u8; 5000];
    let mut x: u32 = 7;
    for b in &mut garbage {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        *b = (x >> 16) as u8;
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("rong.csv", Vec::new(), "rỗng"),
        ("rac.bin", garbage, "không phải dạng văn bản"),
        (
            "chi-tieu-de.csv",
            "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả\n".into(),
            "chỉ có dòng tiêu đề",
        ),
        // An HTML page is read as the table it holds: this one has no dossier columns.
        (
            "la-html.xlsx",
            b"<html><body><table><tr><td>1</td></tr></table></body></html>".to_vec(),
            "thiếu cột",
        ),
        // Excel encrypts a workbook with a password into an OLE file holding an EncryptedPackage.
        (
            "mat-khau.xlsx",
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
                .iter()
                .copied()
                .chain([0u8; 504])
                .chain("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            "mật khẩu",
        ),
        // The workbook part declares 4 GB: refused before anything is inflated.
        (
            "bom.xlsx",
            zip_declaring("xl/workbook.xml", 0xFFFF_FFF0),
            "vượt giới hạn",
        ),
    ];
    let good = fixture("thang-05-2024.csv");
    let base = report(&good, &[]);
    for (name, bytes, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).expect("write");
        let p = path.to_str().expect("path");
        let (code, _, err) = run(&["report", "--month", "2024-05", p]);
        assert_eq!(code, 2, "{name} alone is unusable");
        assert!(err.contains(expected), "{name}: {err}");
        let (code, out, err) = run(&[
            "report",
            "--month",
            "2024-05",
            good.to_str().expect("path"),
            p,
        ]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(err.contains(name), "stderr names the file: {err}");
        let r: Value = serde_json::from_str(&out).expect("JSON");
        assert_eq!(r["province"], base["province"], "{name}");
        let bad = r["inputs"]
            .as_array()
            .expect("inputs")
            .iter()
            .find(|i| i["path"] == p)
            .expect("listed");
        assert_eq!(bad["kind"], "unusable");
        assert!(
            bad["problems"][0]["message"]
                .as_str()
                .unwrap_or("")
                .contains(expected),
            "{name}"
        );
    }
}

/// Per-unit scores from the dossiers (2.1 and 4.3 are the indicators this file feeds), by hand:
/// Sở Tư pháp 2.1 = 20 × 3/4 = 15, 4.3 = 6 × 2/2 = 6 → 21; Đồng Phú 20 × 1/4 = 5 and 0 → 5;
/// Tân Lập 20 and no fee-bearing dossier → full 6 → 26; chi nhánh 10 + 3 → 13. Indicators the
/// profile applies to other levels get full points: 6.3 (xã only, 2) for all but Tân Lập, and
/// 1.1 + 1.2 (cấp tỉnh only, 6 + 4) for all but Sở Tư pháp.
/// What-if for Đồng Phú's payment (0 of 2): one more reaches 50% (+3 points), two reach 100%.
#[test]
fn units_have_scores_ranks_and_what_if() {
    let r = report(&fixture("thang-05-2024.csv"), &[]);
    let units = r["units"].as_array().expect("units");
    let by = |name: &str| {
        units
            .iter()
            .find(|u| u["name"] == name)
            .expect("unit listed")["scores"]
            .clone()
    };
    for (name, total, max) in [
        ("Sở Tư pháp", 21.0 + 2.0, 26.0 + 2.0),
        ("UBND huyện Đồng Phú", 5.0 + 2.0 + 10.0, 26.0 + 12.0),
        ("UBND xã Tân Lập", 26.0 + 10.0, 26.0 + 10.0),
        (
            "Chi nhánh Văn phòng đăng ký đất đai Đồng Phú",
            13.0 + 12.0,
            26.0 + 12.0,
        ),
    ] {
        let s = by(name);
        close(&s["total"], total);
        close(&s["max_computed"], max);
        assert_eq!(s["partial"], true, "{name}: indicators without their files");
        assert_eq!(s["rank_in_block"], 1, "{name} is alone in its block");
    }
    let dp = by("UBND huyện Đồng Phú");
    let pay = dp["what_if"]
        .as_array()
        .expect("what_if")
        .iter()
        .find(|w| w["indicator"] == "4.3")
        .expect("4.3 what-if")
        .clone();
    assert_eq!(pay["steps"][0]["more"], 1);
    close(&pay["steps"][0]["rate"], 0.5);
    close(&pay["steps"][0]["points_gain"], 3.0);
    assert_eq!(pay["steps"][1]["more"], 2);
    assert_eq!(pay["steps"][1]["full_points"], true);
    close(&pay["steps"][1]["points_gain"], 6.0);
    let on_time = dp["what_if"]
        .as_array()
        .expect("what_if")
        .iter()
        .find(|w| w["indicator"] == "2.1")
        .expect("2.1 what-if")
        .clone();
    assert_eq!(on_time["steps"][0]["more"], 3);
    close(&on_time["steps"][0]["points_gain"], 15.0);
}

/// Four xã: two with the same total share rank 1, the next is 3rd (standard competition).
#[test]
fn ranks_within_a_block_share_ties() {
    let dir = std::env::temp_dir().join(format!("chiso766-rank-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("xa.csv");
    std::fs::write(
        &path,
        "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Ngày kết thúc xử lý;Trạng thái\n\
         1;UBND xã A;02/05/2024;10/05/2024;05/05/2024;10\n\
         2;UBND xã B;02/05/2024;10/05/2024;06/05/2024;10\n\
         3;UBND xã C;02/05/2024;10/05/2024;20/05/2024;10\n\
         4;UBND xã D;02/05/2024;10/05/2024;05/05/2024;10\n\
         5;UBND xã D;02/05/2024;10/05/2024;12/05/2024;10\n",
    )
    .expect("write");
    let r = report(&path, &[]);
    let rank = |name: &str| {
        r["units"]
            .as_array()
            .expect("units")
            .iter()
            .find(|u| u["name"] == name)
            .expect("unit")["scores"]["rank_in_block"]
            .clone()
    };
    assert_eq!(
        (
            rank("UBND xã A"),
            rank("UBND xã B"),
            rank("UBND xã D"),
            rank("UBND xã C")
        ),
        (1.into(), 1.into(), 3.into(), 4.into())
    );
}

#[test]
fn a_profile_file_changes_targets_and_a_bad_one_is_refused() {
    let dir = std::env::temp_dir().join(format!("chiso766-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut profile: Value =
        serde_json::from_str(include_str!("../profiles/dvcqg-2025.json")).expect("profile");
    // 4.3 at full points from 50%: the province's 3 of 6 paid online now earns all 6 points.
    profile["groups"][3]["indicators"][2]["target"] = 0.5.into();
    let path = dir.join("profile.json");
    std::fs::write(&path, profile.to_string()).expect("write");
    let r = report(
        &fixture("thang-05-2024.csv"),
        &["--profile", path.to_str().expect("path")],
    );
    let g4 = &r["scores"]["computed"]["groups"][3];
    close(&g4["indicators"][2]["points"], 6.0);
    let base = report(&fixture("thang-05-2024.csv"), &[]);
    close(
        &base["scores"]["computed"]["groups"][3]["indicators"][2]["points"],
        3.0,
    );

    profile["groups"][3]["indicators"][2]["target"] = 1.2.into();
    std::fs::write(&path, profile.to_string()).expect("write");
    let (code, _, err) = run(&[
        "report",
        "--profile",
        path.to_str().expect("path"),
        fixture("thang-05-2024.csv").to_str().expect("path"),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("groups[3].indicators[2].target (4.3)"),
        "{err}"
    );
}

/// The sample's seven files, written by `generate --all-inputs`, give a complete score and the
/// sample province's national rank.
#[test]
fn generated_inputs_give_the_whole_index() {
    let dir = std::env::temp_dir().join(format!("chiso766-all-{}", std::process::id()));
    let (code, out, err) = run(&[
        "generate",
        "--rows",
        "3000",
        "--all-inputs",
        dir.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    let files: Vec<&str> = out.lines().collect();
    assert_eq!(files.len(), 7);
    let mut args = vec!["report", "--province", "Bình Phước"];
    args.extend(&files);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(r["scores"]["computed"]["partial"], false);
    assert_eq!(r["national"]["of"], 63);
    assert!(r["national"]["previous_rank"].is_u64());
}

#[test]
fn a_large_file_read_by_two_threads_reports_as_one_reader_does() {
    // 60,000 rows (18 MB): the command line reads from about 53 % on in a second thread. Its
    // rows are taken over; then, with a last row repeating the first dossier (an id of the
    // second part that the first has seen), refused, and the first thread reads on. Both times
    // the report is the library's, reading the bytes in one go.
    let mut bytes = chiso766::sample::csv(&chiso766::sample::SampleOptions {
        rows: 60_000,
        ..Default::default()
    });
    assert!(
        bytes.len() > 16 << 20,
        "large enough for two readers: {}",
        bytes.len()
    );
    let dir = std::env::temp_dir().join(format!("chiso766-two-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("lon.csv");
    let name = path.to_str().expect("UTF-8 path");
    for refused in [false, true] {
        if refused {
            let first_row = bytes
                .split(|&b| b == b'\n')
                .nth(1)
                .expect("a data row")
                .to_vec();
            bytes.extend_from_slice(&first_row);
            bytes.push(b'\n');
        }
        std::fs::write(&path, &bytes).expect("written");
        let ours = report(&path, &[]);
        let mut loader = chiso766::ingest::Loader::new();
        loader.add_file(name, &bytes).expect("reads");
        let (store, others, inputs) = loader.finish_all();
        let period = chiso766::model::Period::month(2024, 5).expect("May");
        // Through text, as the command line's is (serde_json reads some floats a last digit off).
        let text = serde_json::to_string(&chiso766::report::build(
            &store,
            None,
            &others,
            &inputs,
            period,
            &chiso766::report::Options::default(),
        ))
        .expect("JSON");
        let one: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            ours["inputs"][0]["duplicates"],
            u64::from(refused),
            "refused: {refused}"
        );
        for key in [
            "inputs",
            "province",
            "units",
            "overdue_dossiers",
            "notice_text",
        ] {
            assert_eq!(
                first_difference(&ours[key], &one[key], key),
                None,
                "refused: {refused}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Where two JSON values first differ (a path and both values), for a message that fits a screen.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x.keys().chain(y.keys()).find_map(|k| {
            first_difference(
                &x[k],
                y.get(k).unwrap_or(&Value::Null),
                &format!("{path}.{k}"),
            )
        }),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]"))),
        _ => (a != b).then(|| {
            format!(
                "{path}: {} against {}",
                a.to_string().chars().take(200).collect::<String>(),
                b.to_string().chars().take(200).collect::<String>()
            )
        }),
    }
}
