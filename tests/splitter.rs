//! The CSV splitter's fast path (a record's fields found sixteen bytes at a time) against
//! csv-core, natively; tests/wasm.rs runs the generated lines in the browser too.

#[path = "support/csv_cases.rs"]
mod csv_cases;

#[test]
fn the_plain_line_path_splits_as_csv_core_does() {
    // Plain lines (the fast path) between quoted ones, a lone CR ending a record, empty
    // fields, a trailing delimiter, CRLF and LF, a last line without its newline.
    let data = b"id,unit,note\r\nA1,S\xe1\xbb\x9f,\r\nA2,,x,\nA3,\"q,\"\"q\"\"\",z\nA4,a\rA5,b\n,,\
        \n A6 ,c,d";
    let ours = csv_cases::by_chiso766(data);
    assert_eq!(ours, csv_cases::by_csv_crate(data));
    assert_eq!(ours.len(), 8);
}

#[test]
fn generated_lines_split_as_csv_core_does() {
    let data = csv_cases::generated_lines(3000);
    let (ours, reference) = (
        csv_cases::by_chiso766(&data),
        csv_cases::by_csv_crate(&data),
    );
    assert_eq!(ours.len(), reference.len());
    for (k, (a, b)) in ours.iter().zip(&reference).enumerate() {
        assert_eq!(a, b, "record {k}");
    }
}
