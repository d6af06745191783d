//! The period against the one before, on `tests/fixtures/hai-thang/thang-04-05-2024.csv`, by hand:
//! - Sở Công Thương: April A1 early, A2 on time → 2.1 = 100%, 20 points (+2 for 6.3, which does
//!   not apply to cấp tỉnh) = 22; May A3 early, A4 late → 50%, 10 + 2 = 12: down 10.
//! - UBND xã Tân Hưng: April B1 late → 0%, 0 + 10 (1.1 and 1.2 do not apply to xã) = 10; May B2
//!   on time, B3 early → 100%, 20 + 10 = 30: up 20.
//! - Province: April 2 of 3 on time, May 3 of 4; overdue 1 and 1.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_chiso766"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hai-thang/thang-04-05-2024.csv")
        .to_str()
        .expect("path")
        .to_string()
}

#[test]
fn month_over_month_deltas_match_hand_computation() {
    let (code, out, err) = run(&["report", "--month", "2024-05", &fixture()]);
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).expect("JSON");
    let c = &r["comparison"];
    assert_eq!(c["previous_label"], "tháng 4/2024");
    assert_eq!(
        c["province"]["on_time_rate"],
        serde_json::json!([2.0 / 3.0, 0.75])
    );
    assert_eq!(c["province"]["overdue"], serde_json::json!([1, 1]));
    let unit = |name: &str| {
        c["units"]
            .as_array()
            .expect("units")
            .iter()
            .find(|u| u["name"] == name)
            .expect("unit")
            .clone()
    };
    let so = unit("Sở Công Thương");
    assert_eq!(so["on_time_rate"], serde_json::json!([1.0, 0.5]));
    assert_eq!(so["score"], serde_json::json!([22.0, 12.0]));
    assert_eq!(so["overdue"], serde_json::json!([0, 1]));
    let xa = unit("UBND xã Tân Hưng");
    assert_eq!(xa["score"], serde_json::json!([10.0, 30.0]));
    assert_eq!(c["improved"][0]["name"], "UBND xã Tân Hưng");
    assert_eq!(c["improved"][0]["score_change"], 20.0);
    assert_eq!(c["worsened"][0]["name"], "Sở Công Thương");
    assert_eq!(c["worsened"][0]["score_change"], -10.0);
    // April has no March before it in the file: no comparison.
    let (_, out, _) = run(&["report", "--month", "2024-04", &fixture()]);
    let april: Value = serde_json::from_str(&out).expect("JSON");
    assert!(april["comparison"].is_null());
    // The notice says it.
    let (_, text, _) = run(&[
        "report",
        "--month",
        "2024-05",
        "--format",
        "text",
        &fixture(),
    ]);
    assert!(
        text.contains(
            "So với tháng 4/2024 (01 hồ sơ quá hạn), số hồ sơ quá hạn không thay đổi; đơn vị giảm \
             điểm nhiều nhất: Sở Công Thương (-10); đơn vị tăng điểm nhiều nhất: UBND xã Tân Hưng \
             (+20)."
        ),
        "{text}"
    );
}

#[test]
fn files_of_different_months_are_named_with_the_period_computed() {
    let dir = std::env::temp_dir().join(format!("chiso766-months-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let text = std::fs::read_to_string(fixture()).expect("fixture");
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    let (april, may): (Vec<&str>, Vec<&str>) = lines.partition(|l| l.contains("/04/2024;"));
    let a = dir.join("thang-4.csv");
    let b = dir.join("thang-5.csv");
    std::fs::write(&a, format!("{header}\n{}\n", april.join("\n"))).expect("write");
    std::fs::write(&b, format!("{header}\n{}\n", may.join("\n"))).expect("write");
    let (code, out, err) = run(&[
        "report",
        a.to_str().expect("path"),
        b.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).expect("JSON");
    let m = r["missing"]
        .as_array()
        .expect("missing")
        .iter()
        .find(|m| m["figure"] == "periods")
        .expect("mixed periods said")
        .clone();
    let msg = m["message"].as_str().unwrap_or("");
    assert!(
        msg.contains("thang-4.csv (tháng 4/2024)")
            && msg.contains("thang-5.csv (tháng 5/2024)")
            && msg.contains("Đang tính tháng 5/2024"),
        "{msg}"
    );
}

#[test]
fn a_file_named_for_another_month_than_its_data_is_pointed_out() {
    let dir = std::env::temp_dir().join(format!("chiso766-named-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let misnamed = dir.join("ho-so-thang-03-2024.csv");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/day-du/ho-so-thang-05-2024.csv"),
        &misnamed,
    )
    .expect("copy");
    let (code, out, err) = run(&["report", misnamed.to_str().expect("path")]);
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).expect("JSON");
    let said = r["missing"].to_string();
    assert!(
        said.contains("tên tệp: tháng 3/2024, dữ liệu: tháng 5/2024"),
        "{said}"
    );
    assert_eq!(
        r["period"]["from"], "2024-05-01",
        "the data decides the default period"
    );
}
