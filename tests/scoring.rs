//! The whole 766 index on a small hand-written set of every input (`tests/fixtures/day-du/`):
//! dossiers of May 2024, the procedure and units catalogues, PAKN, publication tracking and two
//! national scoreboards. Every expected figure is worked out by hand below.
//!
//! Dossiers (period 01–31/05/2024; "on time" counts early + on time + processing within):
//! - Sở Tư pháp: S1 early (P4, paid online), S2 late (P4, rated "không hài lòng"), S3 and S4
//!   processing overdue (P1). Received 4, online S1 S3, digitised S1 S2 S4, fee due S1 S2 S3 (paid
//!   S1 S3), synced S1 S2 S4, reused S1 S4, data store S1 S4, population S1 S3.
//! - UBND xã An Bình: A1 and A2 on time, A3 early. Digitised A1 A2, e-result A1, reused A1, fee
//!   due A2 (not paid), synced A1 A2, data store A1, population A1 A2. No negative rating.
//! - UBND xã Tân Lập: T1 early, T2 late (rated "không hài lòng", paid online), T3 processing
//!   within (due on the last day; procedure P9 is not in the catalogue). Digitised T1 T2,
//!   e-result T1, synced T1 T2, data store T2, population T1.
//!
//! Catalogue: P1 toàn trình, eligible, fee, integrated, paper result, fully published, population;
//! P2 toàn trình, eligible, no fee, paper result, published; P3 một phần, fee, not integrated, no
//! paper result, not published; P4 no online service, fee, integrated, paper result, published.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/day-du")
}

fn files(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| dir().join(n).to_str().expect("UTF-8 path").to_string())
        .collect()
}

const ALL: [&str; 7] = [
    "bang-diem-thang-05-2024.csv",
    "pakn.csv",
    "ho-so-thang-05-2024.csv",
    "danh-muc-tthc.csv",
    "bang-diem-truoc.csv",
    "danh-muc-don-vi.csv",
    "cong-bo-tthc.csv",
];

fn run(args: &[String]) -> (i32, String, String) {
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

fn report(extra: &[&str], names: &[&str]) -> Value {
    let mut args: Vec<String> = ["report", "--month", "2024-05"]
        .iter()
        .chain(extra)
        .map(|s| s.to_string())
        .collect();
    args.extend(files(names));
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).expect("JSON on stdout")
}

fn close(v: &Value, expected: f64, what: &str) {
    let x = v
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: {v} is not a number"));
    assert!((x - expected).abs() < 1e-9, "{what}: {x} != {expected}");
}

fn indicators(groups: &Value) -> Vec<Value> {
    groups
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| g["indicators"].as_array().expect("indicators").clone())
        .collect()
}

fn find<'a>(list: &'a [Value], id: &str) -> &'a Value {
    list.iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("indicator {id}"))
}

/// (id, numerator, denominator, points) for the province, by hand:
/// 1.1/1.2 publication lines due in May: Sở Tư pháp's two (one on time, one late) and Sở Y tế's
/// (not submitted); the June line is not due yet; 1.3 P1 P2 P4 of 4; 1.4 7 of 10 synced;
/// 2.1 (3 early + 2 on time + 1 within) of 10; 3.1 eligible (P1, P2) dossiers S3 S4 A1 A3 T1,
/// online S3 A1 T1; 3.a P1 P2 P3 offer online service; 3.b 5 of 10 online; 4.1 fee procedures
/// P1 P3 P4, integrated P1 P4; 4.2 each has an online payment (S3, T2, S1); 4.3 3 of 5 paid;
/// 5.1 PA1 on time, PA2 late, PA3 open past due (PA4 handled in April); 5.2 PA1 of PA1 PA2;
/// 5.3 10 − 4 overdue − 2 unhappy; 6.1 S1 A1 T1 of 7 completed; 6.2 S1 A1 A2 T1 T2 (A2, T2: P3
/// has no paper result); 6.3 xã An Bình and Tân Hưng of 3 in the units catalogue; 6.4 S1 S4 A1;
/// 6.5 S1 S4 A1 T2 of 7 digitised; 6.6 S1 S3 A1 A2 T1; 6.7 P1 by the catalogue, P2 P3 P4 by a
/// dossier using population data.
const PROVINCE: [(&str, u32, u32, f64); 21] = [
    ("1.1", 1, 3, 6.0 / 3.0),
    ("1.2", 1, 3, 4.0 / 3.0),
    ("1.3", 3, 4, 2.0 * 0.75),
    ("1.4", 7, 10, 6.0 * 0.7),
    ("2.1", 6, 10, 20.0 * 0.6),
    ("3.1", 3, 5, 12.0), // 60% ≥ the 50% target: capped
    ("3.a", 3, 4, 0.0),
    ("3.b", 5, 10, 0.0),
    ("4.1", 2, 3, 2.0 * (2.0 / 3.0) / 0.8),
    ("4.2", 3, 3, 2.0),
    ("4.3", 3, 5, 6.0 * 0.6),
    ("5.1", 1, 3, 6.0 / 3.0),
    ("5.2", 1, 2, 3.0),
    ("5.3", 4, 10, 6.0 * 0.4 / 0.9),
    ("6.1", 3, 7, 6.0 * 3.0 / 7.0),
    ("6.2", 5, 7, 4.0 * 5.0 / 7.0),
    ("6.3", 2, 3, 2.0 * 2.0 / 3.0),
    ("6.4", 3, 10, 2.0 * 0.3 / 0.8),
    ("6.5", 4, 7, 4.0 * 4.0 / 7.0),
    ("6.6", 5, 10, 1.0),
    ("6.7", 4, 4, 2.0),
];

#[test]
fn every_indicator_of_the_province_matches_hand_computation() {
    let r = report(&["--province", "Bình Phước"], &ALL);
    let kinds: Vec<(&str, &str)> = r["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap_or(""),
                i["kind"].as_str().unwrap_or(""),
            )
        })
        .collect();
    for (name, kind) in [
        ("pakn.csv", "feedback"),
        ("danh-muc-tthc.csv", "procedures"),
        ("danh-muc-don-vi.csv", "units"),
        ("cong-bo-tthc.csv", "publication"),
        ("bang-diem-truoc.csv", "scoreboard"),
        ("ho-so-thang-05-2024.csv", "dossiers"),
    ] {
        assert!(
            kinds.iter().any(|(p, k)| p.ends_with(name) && *k == kind),
            "{name} read as {kind}: {kinds:?}"
        );
    }
    let c = &r["scores"]["computed"];
    let list = indicators(&c["groups"]);
    let mut total = 0.0;
    for (id, n, d, points) in PROVINCE {
        let i = find(&list, id);
        assert_eq!(
            (i["numerator"].as_u64(), i["denominator"].as_u64()),
            (Some(u64::from(n)), Some(u64::from(d))),
            "{id}"
        );
        close(&i["points"], points, id);
        assert!(i["missing"].is_null(), "{id}: {}", i["missing"]);
        total += points;
    }
    close(&c["total"], total, "total");
    assert_eq!(c["partial"], false);
    assert_eq!(r["scores"]["band"], "Trung bình"); // 60.76
    close(
        &c["groups"][0]["points"],
        2.0 + 4.0 / 3.0 + 1.5 + 4.2,
        "group 1",
    );
    // T3's procedure P9 is not in the catalogue: said, not silently dropped.
    let m = r["missing"]
        .as_array()
        .expect("missing")
        .iter()
        .find(|m| m["figure"] == "catalogue")
        .expect("unmatched procedures named")
        .clone();
    assert!(m["message"].as_str().unwrap_or("").ends_with(": P9"), "{m}");
}

/// Units, by hand (every indicator of a unit counts only its own dossiers, lines and procedures):
/// - Sở Tư pháp (cấp tỉnh): 1.1 3 (1 of 2), 1.2 2, 1.3 2 (P1 P4 published), 1.4 4.5, 2.1 5,
///   3.1 12 (S3 of S3 S4: 50%), 4.1 2, 4.2 2, 4.3 4 (2 of 3), 5.1 3, 5.2 3, 5.3 0 (4 − 3 − 1),
///   6.1 3, 6.2 2, 6.3 2 (not applicable: full), 6.4 1.25, 6.5 8/3, 6.6 1, 6.7 2 → 56.41(6).
/// - An Bình: 1.1 + 1.2 not applicable 10, 1.3 1, 1.4 4, 2.1 20, 3.1 12, 4.1 0, 4.2 0, 4.3 0,
///   5.1 0 (PA3 open past due), 5.2 full 6 (nothing answered), 5.3 6, 6.1 2, 6.2 8/3, 6.3 2,
///   6.4 5/6, 6.5 2, 6.6 4/3, 6.7 2 → 71.8(3).
/// - Tân Lập: 10, 1.3 1, 1.4 4, 2.1 40/3, 3.1 12, 4.1 0, 4.2 2, 4.3 6, no PAKN 6 + 6, 5.3
///   6 × (1/3)/0.9, 6.1 3, 6.2 4, 6.3 0, 6.4 0, 6.5 2, 6.6 2/3, 6.7 1 → 73.2(2).
#[test]
fn units_are_scored_ranked_and_classified_within_their_block() {
    let r = report(&[], &ALL);
    let units = r["units"].as_array().expect("units");
    let unit = |name: &str| {
        units
            .iter()
            .find(|u| u["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let so = unit("Sở Tư pháp");
    let an_binh = unit("UBND xã An Bình");
    let tan_lap = unit("UBND xã Tân Lập");
    close(
        &so["scores"]["total"],
        3.0 + 2.0
            + 2.0
            + 4.5
            + 5.0
            + 12.0
            + 2.0
            + 2.0
            + 4.0
            + 3.0
            + 3.0
            + 0.0
            + 3.0
            + 2.0
            + 2.0
            + 1.25
            + 8.0 / 3.0
            + 1.0
            + 2.0,
        "Sở",
    );
    close(
        &an_binh["scores"]["total"],
        10.0 + 1.0
            + 4.0
            + 20.0
            + 12.0
            + 0.0
            + 6.0
            + 6.0
            + 2.0
            + 8.0 / 3.0
            + 2.0
            + 5.0 / 6.0
            + 2.0
            + 4.0 / 3.0
            + 2.0,
        "An Bình",
    );
    let tl_total = 10.0
        + 1.0
        + 4.0
        + 40.0 / 3.0
        + 12.0
        + 2.0
        + 6.0
        + 6.0
        + 6.0
        + 6.0 * (1.0 / 3.0) / 0.9
        + 3.0
        + 4.0
        + 2.0
        + 2.0 / 3.0
        + 1.0;
    close(&tan_lap["scores"]["total"], tl_total, "Tân Lập");
    for u in [&so, &an_binh, &tan_lap] {
        assert_eq!(u["scores"]["partial"], false, "{}", u["name"]);
        assert_eq!(
            u["block_source"], "catalogue",
            "the units catalogue places {}",
            u["name"]
        );
    }
    // Ranks within the xã block, and bands (xếp loại) of complete totals.
    assert_eq!(
        (
            tan_lap["scores"]["rank_in_block"].as_u64(),
            an_binh["scores"]["rank_in_block"].as_u64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(tan_lap["scores"]["of_in_block"], 2);
    assert_eq!(so["scores"]["rank_in_block"], 1);
    assert_eq!(an_binh["scores"]["band"], "Khá");
    assert_eq!(so["scores"]["band"], "Trung bình");

    let so_list = indicators(&so["scores"]["groups"]);
    let tl_list = indicators(&tan_lap["scores"]["groups"]);
    let ab_list = indicators(&an_binh["scores"]["groups"]);
    // Not applicable at the unit's level: full points, no rate.
    let na = find(&so_list, "6.3");
    assert_eq!(
        (na["applies"].as_bool(), na["rate"].is_null()),
        (Some(false), true)
    );
    close(&na["points"], 2.0, "6.3 at a sở");
    assert_eq!(find(&ab_list, "1.1")["applies"], false);
    // No PAKN at all, and PAKN without an answer: full points, said so.
    for (list, id) in [(&tl_list, "5.1"), (&tl_list, "5.2"), (&ab_list, "5.2")] {
        let i = find(list, id);
        close(&i["points"], 6.0, id);
        assert_eq!(i["denominator"], 0);
        assert!(
            i["missing"]
                .as_str()
                .unwrap_or("")
                .contains("đạt điểm tối đa"),
            "{id}: {}",
            i["missing"]
        );
    }
    close(&find(&ab_list, "5.1")["points"], 0.0, "An Bình 5.1");
    // A target cap: 3.1 at 100% (1 of 1) earns 12, not 24.
    close(&find(&tl_list, "3.1")["rate"], 1.0, "Tân Lập 3.1 rate");
    close(&find(&tl_list, "3.1")["points"], 12.0, "Tân Lập 3.1");
    // What-if: Sở Tư pháp's 2.1 is 1 of 4, so 3 more on time reach full points (+15).
    let what_if = so["scores"]["what_if"].as_array().expect("what_if");
    let w = what_if
        .iter()
        .find(|w| w["indicator"] == "2.1")
        .expect("2.1 what-if");
    assert_eq!(w["steps"][0]["more"], 3);
    close(&w["steps"][0]["points_gain"], 15.0, "2.1 gain");
    let w = what_if
        .iter()
        .find(|w| w["indicator"] == "4.3")
        .expect("4.3 what-if");
    assert_eq!(w["steps"][0]["more"], 1); // 3 of 3
    close(&w["steps"][0]["points_gain"], 2.0, "4.3 gain");
}

/// Blocks: the xã block sums An Bình and Tân Lập (6 dossiers, 1 overdue); its procedures are the
/// union P2 P3, so 1.3 is 1 of 2.
#[test]
fn blocks_have_their_own_sums_and_scores() {
    let r = report(&[], &ALL);
    let xa = r["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .find(|b| b["key"] == "xa")
        .expect("xã block")
        .clone();
    assert_eq!(xa["units"], 2);
    assert_eq!(xa["handled"], 6);
    assert_eq!(xa["overdue"], 1);
    let list = indicators(&xa["scores"]["groups"]);
    let p13 = find(&list, "1.3");
    assert_eq!(
        (p13["numerator"].as_u64(), p13["denominator"].as_u64()),
        (Some(1), Some(2))
    );
    // Levels apply to blocks as to units: 1.1 is for cấp tỉnh, so the xã block has full points.
    assert_eq!(find(&list, "1.1")["applies"], false);
    close(&find(&list, "1.1")["points"], 6.0, "1.1 at the xã block");
    close(&find(&list, "2.1")["rate"], 5.0 / 6.0, "xã 2.1");
}

/// May: Bình Phước 78,59 ties Đồng Nai for 3rd of 5 (Quảng Ninh 96, Bình Dương 90); April (period
/// from its title row, the file named only "truoc") had it 5th with 75,5: up 2, +3,09 points.
#[test]
fn the_national_scoreboard_gives_rank_change_and_the_computed_difference() {
    let r = report(&["--province", "Bình Phước"], &ALL);
    let n = &r["national"];
    assert_eq!(n["name"], "Tỉnh Bình Phước");
    close(&n["total"], 78.59, "total");
    assert_eq!((n["rank"].as_u64(), n["of"].as_u64()), (Some(3), Some(5)));
    assert_eq!(n["period"], "05/2024");
    assert_eq!(n["previous_period"], "04/2024");
    assert_eq!(n["previous_rank"], 5);
    assert_eq!(n["rank_change"], 2);
    close(&n["total_change"], 78.59 - 75.5, "total change");
    assert_eq!(n["band"], "Khá");
    let computed = r["scores"]["computed"]["total"]
        .as_f64()
        .expect("computed total");
    close(&n["difference"], 78.59 - computed, "difference");
    let g1 = &n["groups"][0];
    close(&g1["points"], 11.1, "group 1 national");
    close(
        &g1["difference"],
        11.1 - (2.0 + 4.0 / 3.0 + 1.5 + 4.2),
        "group 1 difference",
    );
    // The same with the files in another order.
    let mut reversed = ALL;
    reversed.reverse();
    let again = report(&["--province", "Tỉnh Bình Phước"], &reversed);
    assert_eq!(again["national"]["previous_rank"], 5);
    assert_eq!(again["national"]["rank"], 3);
}

/// Bình Định was 4th of 5 in April and is 5th in May: the notice says its rank fell *down to* 5/5.
#[test]
fn a_falling_rank_is_written_down_to_its_new_place() {
    let mut args: Vec<String> = [
        "report",
        "--month",
        "2024-05",
        "--format",
        "text",
        "--province",
        "Bình Định",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(files(&ALL));
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "stderr: {err}");
    assert!(
        out.contains("giảm từ vị trí 4/5 (tháng 4/2024) xuống vị trí 5/5"),
        "{out}"
    );
    assert!(!out.contains("lên vị trí"), "{out}");
}

#[test]
fn a_province_missing_from_the_scoreboard_is_named_with_the_closest_names() {
    let mut args: Vec<String> = ["report", "--month", "2024-05", "--province", "Bình Phướt"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(files(&[
        "ho-so-thang-05-2024.csv",
        "bang-diem-thang-05-2024.csv",
    ]));
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "the rest is still analysed: {err}");
    assert!(
        err.contains("không có «Bình Phướt»") && err.contains("Tỉnh Bình Phước"),
        "{err}"
    );
    let r: Value = serde_json::from_str(&out).expect("JSON");
    assert!(r["national"].is_null());
    let m = r["missing"]
        .as_array()
        .expect("missing")
        .iter()
        .find(|m| m["figure"] == "national")
        .expect("said in the report")
        .clone();
    assert!(
        m["message"]
            .as_str()
            .unwrap_or("")
            .contains("Tên gần nhất: Tỉnh Bình Phước"),
        "{m}"
    );
    // Without --province, a scoreboard of several provinces asks for one.
    let r = report(
        &[],
        &["ho-so-thang-05-2024.csv", "bang-diem-thang-05-2024.csv"],
    );
    assert!(r["national"].is_null());
    assert!(
        r["missing"].to_string().contains("--province"),
        "{}",
        r["missing"]
    );
}

/// Dossiers alone: the indicators that need other files say which file, and the total is partial.
#[test]
fn without_the_other_files_the_total_is_partial_and_says_what_is_missing() {
    let r = report(&[], &["ho-so-thang-05-2024.csv"]);
    let c = &r["scores"]["computed"];
    assert_eq!(c["partial"], true);
    let list = indicators(&c["groups"]);
    let missing = |id: &str| {
        find(&list, id)["missing"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert!(
        missing("1.1").contains("tệp theo dõi công bố TTHC"),
        "{}",
        missing("1.1")
    );
    assert!(missing("1.3").contains("danh mục TTHC"));
    assert!(missing("5.1").contains("PAKN"));
    assert!(missing("6.3").contains("danh mục đơn vị"));
    assert!(find(&list, "1.1")["points"].is_null(), "never a silent 0");
    // What the dossiers alone give is unchanged: 2.1, 4.3, 5.3, 6.x from its columns.
    close(&find(&list, "2.1")["points"], 12.0, "2.1");
    close(&find(&list, "6.6")["points"], 1.0, "6.6");
    let computed: f64 = list.iter().filter_map(|i| i["points"].as_f64()).sum();
    close(&c["total"], computed, "partial total");
    assert!(c["max_computed"].as_f64().expect("max") < 100.0);
    assert!(r["scores"]["band"].is_null(), "no band for a partial total");
}

/// Export the default profile, raise 3.1's target to 80%, import it: the province's 3.1 (60%)
/// falls from 12 to 12 × 0.6/0.8 = 9, Sở Tư pháp's (50%) to 7.5. A bad edit is refused, naming
/// the field.
#[test]
fn a_profile_round_trip_changes_the_figures_as_computed_by_hand() {
    let tmp = std::env::temp_dir().join(format!("chiso766-scoring-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let mut profile: Value =
        serde_json::from_str(include_str!("../profiles/dvcqg-2025.json")).expect("profile");
    assert_eq!(profile["groups"][2]["indicators"][0]["id"], "3.1");
    profile["groups"][2]["indicators"][0]["target"] = 0.8.into();
    let path = tmp.join("profile.json");
    std::fs::write(&path, serde_json::to_string_pretty(&profile).expect("JSON")).expect("write");
    let r = report(&["--profile", path.to_str().expect("path")], &ALL);
    close(
        &find(&indicators(&r["scores"]["computed"]["groups"]), "3.1")["points"],
        9.0,
        "province 3.1",
    );
    let so = r["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["name"] == "Sở Tư pháp")
        .expect("Sở")
        .clone();
    close(
        &find(&indicators(&so["scores"]["groups"]), "3.1")["points"],
        7.5,
        "Sở 3.1",
    );

    profile["groups"][5]["indicators"][2]["levels"] = serde_json::json!(["thon"]);
    std::fs::write(&path, profile.to_string()).expect("write");
    let mut args: Vec<String> = vec![
        "report".into(),
        "--profile".into(),
        path.to_str().expect("path").into(),
    ];
    args.extend(files(&["ho-so-thang-05-2024.csv"]));
    let (code, _, err) = run(&args);
    assert_eq!(code, 2);
    assert!(
        err.contains("groups[5].indicators[2].levels (6.3)")
            && err.contains("khối «thon» không có (tinh, huyen, xa, chi_nhanh) / unknown block"),
        "{err}"
    );
}

/// The built-in profile with group 4's indicators changed by `edit`, written as `profile.json` in
/// a temporary folder of its own (`name`): the folder, to remove, and the file.
fn profile_with_group_4(
    name: &str,
    edit: impl FnOnce(&mut Vec<Value>),
) -> (std::path::PathBuf, std::path::PathBuf) {
    let tmp = std::env::temp_dir().join(format!("chiso766-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let mut profile: Value =
        serde_json::from_str(include_str!("../profiles/dvcqg-2025.json")).expect("profile");
    edit(
        profile["groups"][3]["indicators"]
            .as_array_mut()
            .expect("group 4"),
    );
    let path = tmp.join("profile.json");
    std::fs::write(&path, serde_json::to_string_pretty(&profile).expect("JSON")).expect("write");
    (tmp, path)
}

/// A profile adds an indicator of its own from a computation the tool has: 4.3's 6 points split
/// into 4.3 (4 points, target 100%) and a new 4.3b (2 points for reaching 50%), both from
/// `online_payment`. By hand: the province pays 3 of 5 online (60%): 4.3 4 × 0.6 = 2.4, 4.3b
/// full 2 (60% ≥ 50%), the total 0.8 above the default profile's; An Bình pays 0 of 1:
/// 4.3b 0, one more payment reaches it (+2). The new indicator is listed wherever indicators
/// are: the JSON's score trees, the what-if, the notice. One without a computation is refused,
/// in both languages, naming the field.
#[test]
fn a_profile_adds_an_indicator_built_from_an_existing_computation() {
    let (tmp, path) = profile_with_group_4("new-indicator", |group| {
        assert_eq!(group[2]["id"], "4.3");
        group[2]["max"] = 4.into();
        let mut half = group[2].clone();
        half["id"] = "4.3b".into();
        half["label"] = "Tỷ lệ thanh toán trực tuyến đạt một nửa".into();
        half["max"] = 2.into();
        half["target"] = 0.5.into();
        group.push(half);
    });
    let r = report(&["--profile", path.to_str().expect("path")], &ALL);

    let province = indicators(&r["scores"]["computed"]["groups"]);
    let new = find(&province, "4.3b");
    assert_eq!(
        (new["numerator"].as_u64(), new["denominator"].as_u64()),
        (Some(3), Some(5))
    );
    close(&new["points"], 2.0, "province 4.3b");
    close(&find(&province, "4.3")["points"], 2.4, "province 4.3");
    let default_total: f64 = PROVINCE.iter().map(|i| i.3).sum();
    close(
        &r["scores"]["computed"]["total"],
        default_total + 0.8,
        "total",
    );
    let an_binh = r["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["name"] == "UBND xã An Bình")
        .expect("An Bình")
        .clone();
    close(
        &find(&indicators(&an_binh["scores"]["groups"]), "4.3b")["points"],
        0.0,
        "An Bình 4.3b",
    );
    let what_if = an_binh["scores"]["what_if"]
        .as_array()
        .expect("what-if")
        .iter()
        .find(|w| w["indicator"] == "4.3b")
        .expect("4.3b what-if")
        .clone();
    assert_eq!(what_if["steps"][0]["more"], 1);
    close(
        &what_if["steps"][0]["points_gain"],
        2.0,
        "An Bình 4.3b gain",
    );
    let block = &r["blocks"].as_array().expect("blocks")[0]["scores"]["groups"];
    assert!(
        indicators(block).iter().any(|i| i["id"] == "4.3b"),
        "a block's tree lists it"
    );
    let notice = r["notice_text"].as_str().expect("notice text");
    assert!(
        notice.contains("4.3b") && notice.contains("Tỷ lệ thanh toán trực tuyến đạt một nửa"),
        "{notice}"
    );

    // The same profile, its new indicator renamed 4.4 and left without a computation.
    let mut profile: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
    let group = profile["groups"][3]["indicators"]
        .as_array_mut()
        .expect("group 4");
    group[3]["id"] = "4.4".into();
    group[3]
        .as_object_mut()
        .expect("indicator")
        .remove("computation");
    std::fs::write(&path, profile.to_string()).expect("write");
    let mut args: Vec<String> = vec![
        "report".into(),
        "--profile".into(),
        path.to_str().expect("path").into(),
    ];
    args.extend(files(&["ho-so-thang-05-2024.csv"]));
    let (code, out, err) = run(&args);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("groups[3].indicators[3].computation (4.4)"),
        "{err}"
    );
    assert!(
        err.contains("chỉ số «4.4» không có trong Bộ chỉ số 766 mặc định nên cần «computation»"),
        "{err}"
    );
    assert!(
        err.contains(
            "indicator \"4.4\" is not in the built-in 766 index, so it needs a \"computation\": \
             one of"
        ),
        "{err}"
    );
    std::fs::remove_dir_all(&tmp).ok();
}

/// A profile that adds 5 points (4.3b beside 4.3, which keeps its 6) scores out of 105: the JSON
/// says so beside each total (the page reads it there) and the notice's table prints "/105",
/// with the national board and, without it, the estimate.
#[test]
fn totals_are_out_of_the_profiles_maximum() {
    let (tmp, path) = profile_with_group_4("max", |group| {
        let mut more = group[2].clone();
        more["id"] = "4.3b".into();
        more["max"] = 5.into();
        group.push(more);
    });
    let profile_arg = [
        "--province",
        "Bình Phước",
        "--profile",
        path.to_str().expect("path"),
    ];

    let r = report(&profile_arg, &ALL);
    close(&r["scores"]["computed"]["max"], 105.0, "computed max");
    // The portal scores provinces out of 100 whatever the profile adds: only our estimate grows.
    close(&r["national"]["max"], 100.0, "national max");
    for u in r["units"].as_array().expect("units") {
        close(&u["scores"]["max"], 105.0, "a unit's max");
    }
    let notice = r["notice_text"].as_str().expect("notice text");
    let national = format!(
        "{}/100 Xếp hạng",
        r["national"]["total"].as_f64().expect("total")
    );
    assert!(
        notice.contains(&national.replace('.', ",")),
        "{national}: {notice}"
    );
    assert!(!notice.contains("/100 ("), "{notice}");

    let without_board: Vec<&str> = ALL
        .iter()
        .copied()
        .filter(|n| !n.starts_with("bang-diem"))
        .collect();
    let r = report(&profile_arg, &without_board);
    assert!(r["national"].is_null());
    let notice = r["notice_text"].as_str().expect("notice text");
    assert!(notice.contains("/105 (ước tính)"), "{notice}");
    let r = report(&[], &without_board);
    close(
        &r["scores"]["computed"]["max"],
        100.0,
        "the built-in profile's max",
    );
    let notice = r["notice_text"].as_str().expect("notice text");
    assert!(notice.contains("/100 (ước tính)"), "{notice}");
    std::fs::remove_dir_all(&tmp).ok();
}

/// Group numbering and labels belong to the profile: renumbered groups (as the seed notice numbers
/// them) still find their scoreboard columns, by the profile's `scoreboard` words.
#[test]
fn renumbered_groups_still_find_their_scoreboard_columns() {
    let tmp = std::env::temp_dir().join(format!("chiso766-renumber-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let mut profile: Value =
        serde_json::from_str(include_str!("../profiles/dvcqg-2025.json")).expect("profile");
    let groups = profile["groups"].as_array_mut().expect("groups");
    groups.reverse();
    for (i, g) in groups.iter_mut().enumerate() {
        g["id"] = format!("G{}", i + 1).into();
    }
    let path = tmp.join("renumbered.json");
    std::fs::write(&path, profile.to_string()).expect("write");
    let r = report(
        &[
            "--province",
            "Bình Phước",
            "--profile",
            path.to_str().expect("path"),
        ],
        &ALL,
    );
    let groups = r["national"]["groups"].as_array().expect("groups");
    assert_eq!(groups[0]["id"], "G1");
    assert_eq!(groups[0]["name"], "Số hóa hồ sơ");
    close(&groups[0]["points"], 15.69, "số hóa, first now");
    close(&groups[5]["points"], 11.1, "công khai, last now");
}

fn write_variant(name: &str, from: &str, edit: impl Fn(String) -> String) -> String {
    let tmp = std::env::temp_dir().join(format!("chiso766-variant-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let text = std::fs::read_to_string(dir().join(from)).expect("fixture");
    let path = tmp.join(name);
    std::fs::write(&path, edit(text)).expect("write");
    path.to_str().expect("path").to_string()
}

fn report_paths(extra: &[&str], paths: &[String]) -> Value {
    let mut args: Vec<String> = ["report"]
        .iter()
        .chain(extra)
        .map(|s| s.to_string())
        .collect();
    args.extend(paths.iter().cloned());
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).expect("JSON on stdout")
}

/// Found in review: an empty denominator must not become full points for the province. Without
/// any dossier file the dossier indicators need that file; in a month without dossiers the
/// province has no rate, its total is partial and unclassified.
#[test]
fn nothing_to_count_is_not_full_points_for_the_province() {
    let r = report(
        &[],
        &[
            "pakn.csv",
            "danh-muc-tthc.csv",
            "danh-muc-don-vi.csv",
            "cong-bo-tthc.csv",
        ],
    );
    let list = indicators(&r["scores"]["computed"]["groups"]);
    assert!(find(&list, "2.1")["points"].is_null());
    assert!(find(&list, "2.1")["missing"]
        .as_str()
        .unwrap_or("")
        .contains("tệp danh sách hồ sơ"));
    let march = report_paths(&["--month", "2024-03"], &files(&ALL));
    let c = &march["scores"]["computed"];
    assert_eq!(c["partial"], true);
    assert!(march["scores"]["band"].is_null());
    let list = indicators(&c["groups"]);
    assert!(
        find(&list, "2.1")["points"].is_null(),
        "no dossier handled in March"
    );
    // PAKN keeps its [C] rule: none in March, full points.
    close(&find(&list, "5.1")["points"], 6.0, "no PAKN");
}

/// Found in review: a commune missing from the units catalogue has no 6.3 (not full points), and
/// PAKN lines naming no unit of the dossiers are listed.
#[test]
fn names_the_other_files_do_not_match_are_listed() {
    let units = write_variant("dv.csv", "danh-muc-don-vi.csv", |t| {
        t.lines()
            .filter(|l| !l.contains("Tân Lập"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let pakn = write_variant("pakn.csv", "pakn.csv", |t| {
        t.replace("PA1;Sở Tư pháp", "PA1;Sở Tư pháp tỉnh Bình Phước")
    });
    let mut paths = files(&["ho-so-thang-05-2024.csv", "danh-muc-tthc.csv"]);
    paths.push(units);
    paths.push(pakn);
    let r = report_paths(&["--month", "2024-05"], &paths);
    let tan_lap = r["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["name"] == "UBND xã Tân Lập")
        .expect("Tân Lập")
        .clone();
    let e63 = find(&indicators(&tan_lap["scores"]["groups"]), "6.3").clone();
    assert!(e63["points"].is_null(), "{e63}");
    let missing = r["missing"].to_string();
    assert!(missing.contains("UBND xã Tân Lập"), "{missing}");
    assert!(missing.contains("Sở Tư pháp tỉnh Bình Phước"), "{missing}");
}

/// Found in review: a procedure listed twice in the catalogue is counted once, and said.
#[test]
fn a_procedure_listed_twice_counts_once() {
    let cat = write_variant("tthc.csv", "danh-muc-tthc.csv", |t| {
        format!("{t}P1;Cấp bản sao trích lục hộ tịch;Toàn trình;Có;Có;Có;Có;Có;Có\n")
    });
    let mut paths = files(&["ho-so-thang-05-2024.csv"]);
    paths.push(cat);
    let r = report_paths(&["--month", "2024-05"], &paths);
    let list = indicators(&r["scores"]["computed"]["groups"]);
    assert_eq!(
        (
            find(&list, "4.2")["numerator"].as_u64(),
            find(&list, "4.2")["denominator"].as_u64()
        ),
        (Some(3), Some(3))
    );
    assert_eq!(r["inputs"][1]["duplicates"], 1);
}

/// Found in review: a blank header cell, a summary row, a "Xếp loại" column and three-decimal
/// scores in a scoreboard.
#[test]
fn scoreboards_with_blank_headers_summary_rows_bands_and_three_decimals() {
    let board = write_variant(
        "bang-diem-thang-05-2024.csv",
        "bang-diem-thang-05-2024.csv",
        |t| {
            let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
            lines[0] = lines[0].replacen("STT", "", 1) + ";Xếp loại";
            for l in lines.iter_mut().skip(1) {
                l.push_str(";Khá");
            }
            lines.push(";Trung bình cả nước;12;17;8;9;17;15;78,00;;".into());
            lines.join("\n").replace("78,59", "78,595")
        },
    );
    let r = report_paths(
        &["--month", "2024-05", "--province", "Quảng Ninh"],
        std::slice::from_ref(&board),
    );
    assert_eq!(
        r["national"]["name"], "Quảng Ninh",
        "the first row is data, not a header"
    );
    assert_eq!(
        (r["national"]["rank"].as_u64(), r["national"]["of"].as_u64()),
        (Some(1), Some(5))
    );
    assert_eq!(
        r["inputs"][0]["problems_total"], 0,
        "{}",
        r["inputs"][0]["problems"]
    );
    let r = report_paths(
        &["--month", "2024-05", "--province", "Bình Phước"],
        &[board],
    );
    close(
        &r["national"]["total"],
        78.595,
        "three decimals are decimals",
    );
    assert_eq!(r["national"]["rank"], 3);
}
