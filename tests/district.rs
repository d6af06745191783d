//! District mode (issue #24): a district's office (Văn phòng HĐND và UBND huyện) runs the notice
//! and the units' packs for its own offices and communes, on `tests/fixtures/huyen/` (a district's
//! May 2024, 11 dossiers) with `thiet-lap-huyen.json` (scope "huyen", area "huyện Đồng Phú").
//!
//! By hand: completed on time or early TP1, TN2, TL1, TH1, TH2, TT1; late TP2 (2 days), TL2 (4);
//! processing within TN1, overdue TP3 (due 27/05) and TT2 (paused, due 24/05): 2.1 = 7/11 =
//! 63,64%, 04 overdue dossiers in 03 units (Phòng Tư pháp 2, Tân Lập 1, Tân Phú 1), 36,36%.
//! Online completed TP1, TN2, TL1, TT1, all on time: 100%. Số hóa 7/11 = 63,64%, Tân Hưng 0/2
//! under 50%; payment 3 of 5 = 60%, Tân Lập 0/1 under 50% and under 2%. "Phòng Tư pháp" and
//! "Phòng Tài nguyên và Môi trường" name no level: the district's offices here, cấp tỉnh in a
//! province's run.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/huyen")
        .join(name)
        .to_str()
        .expect("path")
        .to_string()
}

fn run(extra: &[&str], district: bool) -> String {
    let mut args: Vec<String> = ["report", "--month", "2024-05"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if district {
        args.extend(["--settings".to_string(), fixture("thiet-lap-huyen.json")]);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push(fixture("ho-so-thang-05-2024.csv"));
    let out = Command::new(env!("CARGO_BIN_EXE_chiso766"))
        .args(&args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The whole draft against the expected text, checked line by line against the figures above:
/// the district's header block (UBND HUYỆN ĐỒNG PHÚ, VĂN PHÒNG HĐND VÀ UBND, /TB-VP, Đồng Phú),
/// "toàn huyện", "Huyện đạt tỷ lệ", the offices and communes counted apart, the district's
/// recipients, and the reply to the district's office by the settings' 10/06/2024.
#[test]
fn the_districts_notice_equals_the_expected_text() {
    let got = run(&["--format", "text"], true);
    let expected = std::fs::read_to_string(fixture("thong-bao-huyen-thang-05-2024.txt"))
        .expect("expected text");
    for (i, (a, b)) in got.lines().zip(expected.lines()).enumerate() {
        assert_eq!(a, b, "line {}", i + 1);
    }
    assert_eq!(got.lines().count(), expected.lines().count());
    for phrase in [
        "UBND HUYỆN ĐỒNG PHÚ\nVĂN PHÒNG HĐND VÀ UBND\nSố:      /TB-VP",
        "Đồng Phú, ngày 05 tháng 6 năm 2024",
        "Văn phòng HĐND và UBND huyện thông báo kết quả",
        "Huyện đạt tỷ lệ 63,64%. Trong đó có 01 đơn vị đạt tỷ lệ dưới 50%, gồm: cấp xã có 01 đơn \
         vị.",
        "toàn huyện có 03 đơn vị",
        "tổng số 04 hồ sơ quá hạn xử lý. Chiếm tỷ lệ 36,36%",
        "(Phòng Tư pháp, UBND thị trấn Tân Phú, UBND xã Tân Lập)",
        "Báo cáo kết quả về Văn phòng HĐND và UBND huyện trước ngày 10/06/2024 để tổng hợp báo cáo \
         Chủ tịch UBND huyện.",
        "- CT, các PCT UBND huyện;",
    ] {
        assert!(got.contains(phrase), "{phrase}");
    }
    assert!(!got.contains("UBND tỉnh"), "no provincial wording");
}

#[test]
fn offices_without_a_level_are_the_districts_in_its_run_only() {
    let block_of = |json: &str, name: &str| -> String {
        let r: Value = serde_json::from_str(json).expect("JSON");
        r["units"]
            .as_array()
            .expect("units")
            .iter()
            .find(|u| u["name"] == name)
            .expect("unit")["block"]
            .as_str()
            .expect("block")
            .to_string()
    };
    let district = run(&[], true);
    let province = run(&[], false);
    for office in ["Phòng Tư pháp", "Phòng Tài nguyên và Môi trường"] {
        assert_eq!(block_of(&district, office), "huyen");
        assert_eq!(block_of(&province, office), "tinh");
    }
    assert_eq!(block_of(&district, "UBND thị trấn Tân Phú"), "xa");
    let r: Value = serde_json::from_str(&district).expect("JSON");
    let blocks: Vec<&str> = r["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .map(|b| b["key"].as_str().expect("key"))
        .collect();
    assert_eq!(blocks, ["huyen", "xa"]);
    // Rank within the district's offices: two of them.
    let tu_phap = r["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["name"] == "Phòng Tư pháp")
        .expect("unit");
    assert_eq!(tu_phap["scores"]["of_in_block"], 2);
}

/// The district's packs: its offices and communes concerned, letters from the district's office.
#[test]
fn the_districts_packs_come_from_its_office() {
    let out = std::env::temp_dir().join(format!("chiso766-huyen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    run(
        &[
            "--format",
            "unit-packs",
            "--out",
            out.to_str().expect("path"),
        ],
        true,
    );
    let index = std::fs::read_to_string(out.join("danh-sach-don-vi.csv")).expect("index");
    let units: Vec<&str> = index
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).expect("name"))
        .collect();
    assert_eq!(
        units,
        [
            "Phòng Tư pháp",
            "UBND thị trấn Tân Phú",
            "UBND xã Tân Hưng",
            "UBND xã Tân Lập"
        ]
    );
    assert!(
        index.contains("Phòng Tư pháp,\"cơ quan, đơn vị cấp huyện\",hồ sơ quá hạn,2"),
        "{index}"
    );
    let letter = out.join("01-phong-tu-phap.docx");
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(&letter).expect("letter")).expect("a .docx");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("document"),
        &mut xml,
    )
    .expect("XML");
    for phrase in [
        "UBND HUYỆN ĐỒNG PHÚ",
        "VĂN PHÒNG HĐND VÀ UBND",
        "Số:      /VP",
        "Văn phòng HĐND và UBND huyện",
        "Toàn huyện",
        "10/06/2024",
    ] {
        assert!(xml.contains(phrase), "{phrase}");
    }
}
