//! Any bytes after a zip signature, as an .xlsx: never a panic, never an unbounded allocation.
#![no_main]
use chiso766::ingest::Loader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(data);
    let mut loader = Loader::new();
    let _ = loader.add_file("f.xlsx", &bytes);
    let _ = loader.add_file("g.xlsx", data);
});
