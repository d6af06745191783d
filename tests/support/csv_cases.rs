//! CSV text to split both ways, shared by the native tests (tests/splitter.rs) and the browser's
//! (tests/wasm.rs): the page's splitter uses wasm's vector instructions, the command line's
//! 64-bit words, and both must split as csv-core does.

/// Records as csv-core reads them (the `csv` crate, flexible, no header).
pub fn by_csv_crate(data: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data)
        .records()
        .map(|r| r.expect("parses").iter().map(str::to_owned).collect())
        .collect()
}

/// Records as chiso766 reads them, in one chunk.
pub fn by_chiso766(data: &[u8]) -> Vec<Vec<String>> {
    chiso766::ingest::csv_stream::collect_records(&[data], None)
        .expect("parses")
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

/// `lines` lines of fields short and past a sixteen-byte block, empty, quoted with delimiters,
/// doubled quotes and line breaks inside, quotes inside unquoted fields; CRLF and LF. From a
/// fixed pseudo-random sequence.
pub fn generated_lines(lines: usize) -> Vec<u8> {
    let cells = [
        "",
        "a",
        "HS-000.00.93.H10-240327",
        "\"x, y\"",
        "\"\"",
        "\"q\"\"q\"",
        "ab\"c",
        "\"l\nm\"",
        "Sở Tư pháp tỉnh Bình Phước",
        "\"\"x",
        "1234567890123456",
    ];
    let mut x: u32 = 0x9E37_79B9;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    let mut data = Vec::new();
    for _ in 0..lines {
        let n = 1 + next() % 6;
        let line: Vec<&str> = (0..n)
            .map(|_| cells[(next() % cells.len() as u32) as usize])
            .collect();
        data.extend_from_slice(line.join(",").as_bytes());
        data.extend_from_slice(if next() % 3 == 0 { b"\r\n" } else { b"\n" });
    }
    data
}
