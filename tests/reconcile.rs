//! Reconciliation with a DVCQG export: `tests/fixtures/doi-chieu/dvcqg-thang-05-2024.csv` is the
//! provincial fixture `day-du/ho-so-thang-05-2024.csv` as the national portal might hold it, with
//! known differences, worked out by hand:
//! - "s 1", "S-2": the same ids written differently (case, spaces, separators) — matched;
//! - S2: stale finish date 10/05 (provincial 12/05), so on time nationally, late provincially;
//! - S3: finished (status 10, 15/05) nationally, still processing (4, overdue) provincially;
//! - S4: missing nationally (not synced);
//! - T1: paid online nationally, not provincially; T2: channel online nationally, direct
//!   provincially;
//! - N1: only nationally.
//!
//! So: only in provincial 1, only in national 1, matched 9, differing 4 (S2 S3 T1 T2); by field
//! status 1, finish date 2, on time 2, channel 1, paid online 1. Online on-time: provincially S1
//! A1 T1 of 3 completed online = 100%; nationally S1 S3 A1 T1 of S1 S3 A1 T1 T2 = 80%.

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

fn fixture(p: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(p)
        .to_str()
        .expect("path")
        .to_string()
}

fn reconciled(extra: &[&str]) -> Value {
    let national = fixture("doi-chieu/dvcqg-thang-05-2024.csv");
    let provincial = fixture("day-du/ho-so-thang-05-2024.csv");
    let mut args = vec!["report", "--month", "2024-05", "--national", &national];
    args.extend_from_slice(extra);
    args.push(&provincial);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("JSON")
}

#[test]
fn differences_are_counted_as_worked_out_by_hand() {
    let r = reconciled(&[]);
    let rc = &r["reconciliation"];
    assert_eq!(rc["only_in_provincial"], 1);
    assert_eq!(rc["only_in_national"], 1);
    assert_eq!(rc["matched"], 9);
    assert_eq!(rc["differing"], 4);
    let f = &rc["by_field"];
    assert_eq!(
        [
            &f["status"],
            &f["finish_date"],
            &f["on_time"],
            &f["channel"],
            &f["paid_online"]
        ],
        [1, 2, 2, 1, 1]
    );
    assert_eq!(rc["provincial"]["online_on_time_rate"], 1.0);
    assert_eq!(rc["national"]["online_on_time_rate"], 0.8);
    // Per unit, and the dossiers behind the counts.
    let units = rc["units"].as_array().expect("units");
    let so = units
        .iter()
        .find(|u| u["name"] == "Sở Tư pháp")
        .expect("Sở Tư pháp");
    assert_eq!(
        (so["only_in_provincial"].as_u64(), so["differing"].as_u64()),
        (Some(1), Some(2))
    );
    let ids: Vec<(&str, &str)> = rc["dossiers"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap_or(""),
                d["kind"].as_str().unwrap_or(""),
            )
        })
        .collect();
    for expected in [
        ("S2", "differs"),
        ("S3", "differs"),
        ("S4", "only_in_provincial"),
        ("T1", "differs"),
        ("T2", "differs"),
        ("N1", "only_in_national"),
    ] {
        assert!(ids.contains(&expected), "{expected:?} in {ids:?}");
    }
    // Each figure's difference, explained by dossiers: I.1 by S3 (finished online nationally)
    // and T2 (online nationally, late); 2.1 (60% vs 80%) by S2 and S3 (verdicts), S4 and N1
    // (one side only); payment by none (T1's flag differs, but it has no fee).
    let gap = |f: &str| {
        rc["gaps"]
            .as_array()
            .expect("gaps")
            .iter()
            .find(|g| g["figure"] == f)
            .expect("gap")
            .clone()
    };
    assert_eq!(
        gap("online_on_time_rate")["ids"],
        serde_json::json!(["S3", "T2"])
    );
    let g21 = gap("on_time_rate");
    assert_eq!(
        (g21["provincial"].as_f64(), g21["national"].as_f64()),
        (Some(0.6), Some(0.8))
    );
    assert_eq!(
        (
            g21["only_in_provincial"].as_u64(),
            g21["only_in_national"].as_u64(),
            g21["differing"].as_u64()
        ),
        (Some(1), Some(1), Some(2))
    );
    assert_eq!(gap("online_payment_rate")["differing"], 0);
    // The provincial figures are those of the provincial file alone.
    let alone = {
        let (code, out, err) = run(&[
            "report",
            "--month",
            "2024-05",
            &fixture("day-du/ho-so-thang-05-2024.csv"),
        ]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out).expect("JSON")
    };
    assert_eq!(
        r["province"], alone["province"],
        "the national file never mixes into the provincial figures"
    );
    let kinds: Vec<&str> = r["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| i["kind"].as_str().unwrap_or(""))
        .collect();
    assert!(kinds.contains(&"national_dossiers"), "{kinds:?}");
}

#[test]
fn the_notice_says_both_figures_and_the_differences_are_exported() {
    let national = fixture("doi-chieu/dvcqg-thang-05-2024.csv");
    let provincial = fixture("day-du/ho-so-thang-05-2024.csv");
    let (code, text, err) = run(&[
        "report",
        "--month",
        "2024-05",
        "--format",
        "text",
        "--national",
        &national,
        &provincial,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains(
            "Kết quả hồ sơ xử lý đúng hạn đạt 80% (DVC tỉnh đạt 100%); hồ sơ trễ hạn chiếm tỷ lệ \
             20%."
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "01 hồ sơ chỉ có trên Cổng DVC tỉnh, 01 hồ sơ chỉ có trên Cổng DVCQG, 04 hồ sơ lệch dữ \
             liệu"
        ),
        "{text}"
    );
    assert!(
        text.contains("chênh lệch tỷ lệ đúng hạn hồ sơ trực tuyến do 02 hồ sơ: S3, T2"),
        "{text}"
    );
    assert!(
        text.contains(
            "(Qua kiểm tra, đối chiếu dữ liệu thanh toán trực tuyến Cổng DVC tỉnh chưa đồng bộ, \
             thống nhất với Cổng DVCQG)."
        ),
        "{text}"
    );
    // The list as a sheet of the workbook.
    let out = std::env::temp_dir().join(format!("chiso766-doi-chieu-{}.xlsx", std::process::id()));
    let (code, _, err) = run(&[
        "report",
        "--month",
        "2024-05",
        "--format",
        "xlsx",
        "--out",
        out.to_str().expect("path"),
        "--national",
        &national,
        &provincial,
    ]);
    assert_eq!(code, 0, "{err}");
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&out).expect("opens");
    let sheet = wb
        .worksheet_range("Đối chiếu DVCQG")
        .expect("the reconciliation sheet");
    let ids: Vec<String> = (3..sheet.height())
        .filter_map(|r| sheet.get((r, 2)).map(Data::to_string))
        .collect();
    assert_eq!(ids.len(), 6, "{ids:?}");
    let s3 = (3..sheet.height())
        .find(|&r| sheet.get((r, 2)).is_some_and(|c| *c == "S3"))
        .expect("S3 listed");
    assert_eq!(
        sheet.get((s3, 5)).map(Data::to_string).as_deref(),
        Some(
            "trạng thái: 4 → 10; ngày kết thúc:  → 15/05/2024; tiến độ: đang xử lý quá hạn → đã xử \
             lý đúng hạn"
        )
    );
}
