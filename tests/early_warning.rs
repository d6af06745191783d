//! The early warning (`report --as-of`, `early_warning` in the JSON) on a small month written by
//! the test itself, every figure worked out by hand below. Friday 26/04/2024 is D; the profile
//! lists 29/04, 30/04 and 01/05/2024 as holidays, so the three working days after D are Thursday
//! 02/05, Friday 03/05 and Monday 06/05.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// By hand, as of Friday 26/04/2024:
/// - UBND xã An Bình: A1 due 25/04, processing: overdue now (1 day). A2 due 26/04: due today.
///   A3 paused (status 5), due Thursday 02/05: due soon, 1 working day left. A4 finished 03/05,
///   after D: open on D, due 06/05: due soon, 3 working days left. A5 due 07/05: past the window.
///   A6 withdrawn (7): never open. A7 finished 09/04 before its due date: early. A8 received
///   27/04, after D: not open.
/// - Sở Tư pháp: S1 paused (status 8), due 03/05: due soon, 2 working days left. S2 finished
///   25/04 after its due date 24/04: late, not open. S3 rejected (3): excluded everywhere.
///   S4 due 08/05: past the window.
///
/// 2.1 of April so far (01/04–26/04, finish dates after D ignored): An Bình handled A1–A7 = 7,
/// on time A2–A7 = 6 (A1 is overdue); Sở Tư pháp handled S1, S2, S4 = 3, on time 2.
/// At risk in April (due today or soon, due before 30/04): A2 only; A3, A4, S1 fall due in May,
/// after April's end. Projected An Bình 5/7, points lost 20 × 1/7; the province 8/10 → 7/10,
/// 2 points.
const CSV: &str = "\
Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Ngày kết thúc xử lý;Trạng thái;Chủ hồ sơ
A1;UBND xã An Bình;20/04/2024;25/04/2024;;4;Nguyễn Văn An
A2;UBND xã An Bình;22/04/2024;26/04/2024;;4;Trần Thị Bình
A3;UBND xã An Bình;22/04/2024;02/05/2024;;5;Lê Văn Cường
A4;UBND xã An Bình;23/04/2024;06/05/2024;03/05/2024;10;Phạm Thị Dung
A5;UBND xã An Bình;23/04/2024;07/05/2024;;4;Hoàng Văn Em
A6;UBND xã An Bình;10/04/2024;29/04/2024;28/04/2024;7;Vũ Thị Giang
A7;UBND xã An Bình;02/04/2024;10/04/2024;09/04/2024;10;Đỗ Văn Hùng
A8;UBND xã An Bình;27/04/2024;29/04/2024;;4;Ngô Thị Lan
S1;Sở Tư pháp;15/04/2024;03/05/2024;;8;Bùi Văn Minh
S2;Sở Tư pháp;15/04/2024;24/04/2024;25/04/2024;10;Hồ Thị Nga
S3;Sở Tư pháp;01/03/2024;20/03/2024;;3;Đặng Văn Phong
S4;Sở Tư pháp;16/04/2024;08/05/2024;;4;Phan Thị Quỳnh
";

/// A file of its own for each call: the tests run at once.
fn temp(name: &str, text: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let p = std::env::temp_dir().join(format!("chiso766-ew-{}-{n}-{name}", std::process::id()));
    std::fs::write(&p, text).expect("temp file");
    p
}

/// The default profile with the given holidays.
fn profile(holidays: &[&str]) -> PathBuf {
    let mut p: Value =
        serde_json::from_str(chiso766::profile::DEFAULT_JSON).expect("default profile");
    p["holidays"] = holidays.iter().map(|h| Value::from(*h)).collect();
    temp(&format!("profile-{}.json", holidays.len()), &p.to_string())
}

fn warning(extra: &[&str]) -> Value {
    let csv = temp("ho-so.csv", CSV);
    let mut args: Vec<String> = ["report", "--month", "2024-04"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push(csv.to_str().expect("path").into());
    let out = Command::new(env!("CARGO_BIN_EXE_chiso766"))
        .args(&args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    r["early_warning"].clone()
}

fn close(v: &Value, expected: f64) {
    let x = v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"));
    assert!((x - expected).abs() < 1e-12, "{x} != {expected}");
}

fn kinds(w: &Value) -> Vec<(String, String, i64, Option<i64>)> {
    w["dossiers"]
        .as_array()
        .expect("dossiers")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().expect("id").to_string(),
                d["kind"].as_str().expect("kind").to_string(),
                d["days_left"].as_i64().expect("days"),
                d["working_days_left"].as_i64(),
            )
        })
        .collect()
}

#[test]
fn holidays_in_the_window_a_paused_dossier_and_a_finish_after_d() {
    let p = profile(&["2024-04-29", "2024-04-30", "2024-05-01"]);
    let w = warning(&[
        "--as-of",
        "2024-04-26",
        "--profile",
        p.to_str().expect("path"),
    ]);
    assert_eq!(w["as_of"], "2024-04-26");
    assert_eq!(w["working_days"], 3);
    assert_eq!(w["horizon"], "2024-05-06");
    assert_eq!(
        w["holidays_in_window"],
        serde_json::json!(["2024-04-29", "2024-04-30", "2024-05-01"])
    );
    assert_eq!(w["calendar_note"], Value::Null);
    assert_eq!(
        (
            w["overdue_now"].as_u64(),
            w["due_today"].as_u64(),
            w["due_soon"].as_u64()
        ),
        (Some(1), Some(1), Some(3))
    );
    // Sở Tư pháp is a tỉnh unit and listed first; within a unit the most urgent first.
    assert_eq!(
        kinds(&w),
        vec![
            ("S1".into(), "due_soon".into(), 7, Some(2)),
            ("A1".into(), "overdue_now".into(), -1, None),
            ("A2".into(), "due_today".into(), 0, None),
            ("A3".into(), "due_soon".into(), 6, Some(1)),
            ("A4".into(), "due_soon".into(), 10, Some(3)),
        ]
    );
    // Personal columns masked as in overdue_dossiers.
    assert_eq!(
        w["dossiers"][1]["personal"][0],
        serde_json::json!(["Chủ hồ sơ", "Nguyễn V** A*"])
    );
    assert_eq!(w["month"]["from"], "2024-04-01");
    assert_eq!(w["month"]["to"], "2024-04-26");
    close(&w["on_time_rate"], 8.0 / 10.0);
    close(&w["projected_on_time_rate"], 7.0 / 10.0);
    close(&w["points_lost"], 2.0);
    let units = w["units"].as_array().expect("units");
    assert_eq!(units.len(), 2);
    let an_binh = &units[0];
    assert_eq!(an_binh["name"], "UBND xã An Bình");
    assert_eq!(
        (
            an_binh["due_soon"].as_u64(),
            an_binh["due_today"].as_u64(),
            an_binh["overdue_now"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    close(&an_binh["on_time_rate"], 6.0 / 7.0);
    close(&an_binh["projected_on_time_rate"], 5.0 / 7.0);
    close(&an_binh["points_lost"], 20.0 / 7.0);
    let so = &units[1];
    assert_eq!(so["name"], "Sở Tư pháp");
    assert_eq!(so["block"], "tinh");
    assert_eq!(so["due_soon"], 1);
    close(&so["on_time_rate"], 2.0 / 3.0);
    close(&so["points_lost"], 0.0);
}

/// Without the holidays, the three working days after Friday 26/04 are 29/04, 30/04 and 01/05:
/// A3 (02/05), A4 (06/05) and S1 (03/05) are then past the window; the profile lists no holiday
/// of 2024, which the warning says.
#[test]
fn without_holidays_the_window_ends_earlier_and_says_why() {
    let p = profile(&[]);
    let w = warning(&[
        "--as-of",
        "2024-04-26",
        "--profile",
        p.to_str().expect("path"),
    ]);
    assert_eq!(w["horizon"], "2024-05-01");
    assert_eq!(w["due_soon"], 0);
    assert_eq!(
        kinds(&w).iter().map(|k| k.0.as_str()).collect::<Vec<_>>(),
        ["A1", "A2"]
    );
    assert!(
        w["calendar_note"]
            .as_str()
            .is_some_and(|n| n.contains("2024")),
        "{}",
        w["calendar_note"]
    );
}

/// D defaults to the latest receipt or finish date in the files: A4's finish date 03/05/2024.
/// Then A4 has ended; A3 (due 02/05) and S1 (due 03/05: due today) are open, A5 (07/05) and S4
/// (08/05) fall within Monday 06/05 – Wednesday 08/05 (the default profile's 2024 holidays are
/// all before).
#[test]
fn d_defaults_to_the_latest_date_in_the_files() {
    let w = warning(&[]);
    assert_eq!(w["as_of"], "2024-05-03");
    assert_eq!(w["horizon"], "2024-05-08");
    let got: Vec<(String, String)> = kinds(&w).into_iter().map(|k| (k.0, k.1)).collect();
    let expect = [
        ("S1", "due_today"),
        ("S4", "due_soon"),
        ("A1", "overdue_now"),
        ("A2", "overdue_now"),
        ("A8", "overdue_now"),
        ("A3", "overdue_now"),
        ("A5", "due_soon"),
    ];
    assert_eq!(
        got,
        expect
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_bad_day_is_refused() {
    let csv = temp("bad.csv", CSV);
    let out = Command::new(env!("CARGO_BIN_EXE_chiso766"))
        .args([
            "report",
            "--as-of",
            "26/04/2024",
            csv.to_str().expect("path"),
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--as-of"));
}

#[test]
fn a_profile_with_an_unreadable_holiday_is_refused_naming_it() {
    let mut p: Value =
        serde_json::from_str(chiso766::profile::DEFAULT_JSON).expect("default profile");
    p["holidays"] = serde_json::json!(["2024-04-30", "30/04/2024"]);
    let path = temp("bad-profile.json", &p.to_string());
    let csv = temp("h.csv", CSV);
    let out = Command::new(env!("CARGO_BIN_EXE_chiso766"))
        .args([
            "report",
            "--profile",
            path.to_str().expect("path"),
            csv.to_str().expect("path"),
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("holidays[1]"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
