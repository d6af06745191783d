//! A CSV with one enormous line, 2 GB of NUL bytes after good rows, streamed in 8 MB chunks as the
//! command line and the page feed a file (never written to disk): the line is reported, the rows
//! before and after it are kept, and the reader's memory stays bounded by its 16 MB line limit.
//! A test binary of its own, so that the process's peak memory is this test's alone.
#![cfg(target_os = "linux")]

use chiso766::ingest::{FileOptions, Loader};

/// The process's peak resident memory so far, in bytes (Linux's VmHWM).
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kb.expect("VmHWM") * 1024
}

#[test]
fn two_gigabytes_of_nul_bytes_after_good_rows_take_bounded_memory() {
    let head = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Trạng thái\n";
    let rows: String = (1..=50)
        .map(|i| format!("HS{i};Sở Tư pháp;02/05/2024;10/05/2024;4\n"))
        .collect();
    let mut loader = Loader::new();
    let mut s = loader.begin("nul.csv", FileOptions::default());
    loader
        .feed(&mut s, format!("{head}{rows}").as_bytes())
        .expect("the good rows");
    let zeros = vec![0u8; 8 << 20];
    for _ in 0..256 {
        loader
            .feed(&mut s, &zeros)
            .expect("NUL bytes are read, not refused");
    }
    loader
        .feed(
            &mut s,
            b"\nHS-sau;S\xE1\xBB\x9F T\xC6\xB0 ph\xC3\xA1p;03/05/2024;10/05/2024;4\n",
        )
        .expect("the row after");
    let info = loader.end(s).expect("the file ends").clone();
    assert_eq!(
        (info.rows, info.skipped_rows),
        (51, 1),
        "{:?}",
        info.problems
    );
    assert!(
        info.problems
            .iter()
            .any(|p| p.row == Some(52) && p.message.contains("16 MB")),
        "{:?}",
        info.problems
    );
    let peak = peak_memory();
    assert!(
        peak < 160 << 20,
        "2 GB of one line took {} MB at the peak",
        peak >> 20
    );
}
