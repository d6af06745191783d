//! The month of `tests/fixtures/day-du` (May 2024, Bình Phước, every kind of input) as the
//! command line is given it, shared by the tests of the units' packs and of their replies.

// Each test file uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The month's files, in the order both tests give them.
pub const FILES: [&str; 7] = [
    "ho-so-thang-05-2024.csv",
    "danh-muc-tthc.csv",
    "danh-muc-don-vi.csv",
    "pakn.csv",
    "cong-bo-tthc.csv",
    "bang-diem-thang-05-2024.csv",
    "bang-diem-truoc.csv",
];

pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/day-du")
}

/// A file of the fixture as an argument.
pub fn fixture(name: &str) -> String {
    dir().join(name).to_str().expect("path").to_string()
}

/// `report` for May 2024 with the fixture's notice settings, `flags`, then the month's files.
pub fn report_args(flags: &[String]) -> Vec<String> {
    let mut args: Vec<String> = ["report", "--month", "2024-05", "--province", "Bình Phước"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.push("--settings".into());
    args.push(fixture("thiet-lap-thong-bao.json"));
    args.extend(flags.iter().cloned());
    args.extend(FILES.iter().map(|f| fixture(f)));
    args
}

/// Runs the command line, which must succeed; its standard output.
pub fn run(args: &[String]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_chiso766"))
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}
