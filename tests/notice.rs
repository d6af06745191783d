//! The notice and its exports on the hand-computed fixture set (`tests/fixtures/day-du/`): the
//! text draft against an expected text checked line by line against the hand computations of
//! `tests/scoring.rs`; the .docx unzipped and its XML checked; the .xlsx read back cell by cell.

use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/day-du")
}

const INPUTS: [&str; 7] = [
    "ho-so-thang-05-2024.csv",
    "danh-muc-tthc.csv",
    "danh-muc-don-vi.csv",
    "pakn.csv",
    "cong-bo-tthc.csv",
    "bang-diem-thang-05-2024.csv",
    "bang-diem-truoc.csv",
];

fn run(extra: &[&str]) -> (i32, Vec<u8>, String) {
    let settings = dir().join("thiet-lap-thong-bao.json");
    let mut args: Vec<String> = ["report", "--month", "2024-05", "--province", "Bình Phước", "--settings"].iter().map(|s| s.to_string()).collect();
    args.push(settings.to_str().expect("path").into());
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(INPUTS.iter().map(|n| dir().join(n).to_str().expect("path").to_string()));
    let out = Command::new(env!("CARGO_BIN_EXE_chiso766")).args(&args).output().expect("runs");
    (out.status.code().unwrap_or(-1), out.stdout, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Every figure of the expected text was checked against the hand computations: I.1 S1 A1 T1 of
/// 3 online completed on time; I.2 the national groups of the May board and the rates of
/// tests/scoring.rs, rank 5/5 → 3/5, +3,09; I.3 70% with no unit under 50%, payment 60% with An
/// Bình at 0%; I.4 Sở Tư pháp (3) and Tân Lập (1), 4 of 10; I.5 the three lines due in May; II the
/// unit over 2 overdue and the two late agencies, reply by the settings' 11/06/2024.
#[test]
fn the_text_draft_equals_the_expected_text() {
    let (code, out, err) = run(&["--format", "text"]);
    assert_eq!(code, 0, "{err}");
    let expected = std::fs::read_to_string(dir().join("thong-bao-thang-05-2024.txt")).expect("expected text");
    let got = String::from_utf8(out).expect("UTF-8");
    if got != expected {
        for (i, (a, b)) in got.lines().zip(expected.lines()).enumerate() {
            assert_eq!(a, b, "line {}", i + 1);
        }
        assert_eq!(got.lines().count(), expected.lines().count());
    }
}
