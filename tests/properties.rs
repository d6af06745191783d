//! Property tests of the readers: results never depend on where a file is cut into chunks, and
//! the number and date parsers agree with how the values were written.
#![cfg(not(target_arch = "wasm32"))]

use chiso766::ingest::csv_stream::collect_records;
use chiso766::ingest::decode::Encoding;
use chiso766::ingest::value::{parse_number, DateFormat};
use chiso766::ingest::{FileOptions, Loader};
use chiso766::model::Date;
use proptest::prelude::*;

fn records(chunks: &[&[u8]], encoding: Option<Encoding>) -> Vec<(u64, Vec<String>)> {
    collect_records(chunks, encoding).expect("parses")
}

/// Fields with the characters that make CSV hard: delimiters, quotes, CR/LF, Vietnamese letters.
fn field() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just(";"),
            Just("\""),
            Just("\r\n"),
            Just("\n"),
            Just("ư"),
            Just("Đồng"),
            Just("a"),
            Just("1"),
            Just(" ")
        ],
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn csv_records_do_not_depend_on_chunk_boundaries(
        rows in proptest::collection::vec(proptest::collection::vec(field(), 3), 1..8),
        cuts in proptest::collection::vec(0usize..400, 0..6),
        encoding in prop_oneof![Just("utf-8"), Just("utf-16le"), Just("windows-1258")],
    ) {
        let mut all = vec![vec!["Mã".to_string(), "Đơn vị".into(), "Ghi chú".into()]];
        all.extend(rows);
        let text = csv_text(&all);
        let enc = Encoding::from_name(encoding).expect("known");
        let bytes = chiso766::sample::encode_as(&text, enc).expect("encodable");
        let whole = records(&[&bytes], Some(enc));
        let mut points: Vec<usize> = cuts.into_iter().map(|c| c % (bytes.len() + 1)).collect();
        points.sort_unstable();
        let mut chunks = Vec::new();
        let mut last = 0;
        for p in points {
            chunks.push(&bytes[last..p]);
            last = p;
        }
        chunks.push(&bytes[last..]);
        prop_assert_eq!(records(&chunks, Some(enc)), whole.clone());
        // And the records are the rows written (NFC: windows-1258 stores tones apart).
        use unicode_normalization::UnicodeNormalization;
        let got: Vec<Vec<String>> = whole
            .into_iter()
            .map(|(_, r)| r.into_iter().map(|f| f.nfc().collect()).collect())
            .collect();
        prop_assert_eq!(got, all);
    }

    #[test]
    fn loader_figures_do_not_depend_on_chunk_size(size in 1usize..5000) {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/thang-05-2024.csv");
        let bytes = std::fs::read(path).expect("fixture");
        let mut whole = Loader::new();
        whole.add_file("f.csv", &bytes).expect("reads");
        let mut l = Loader::new();
        let mut s = l.begin("f.csv", FileOptions::default());
        for c in bytes.chunks(size) {
            l.feed(&mut s, c).expect("feeds");
        }
        let info = l.end(s).expect("ends").clone();
        prop_assert_eq!(info.rows, whole.inputs()[0].rows);
        prop_assert_eq!(&info.problems, &whole.inputs()[0].problems);
        prop_assert_eq!(&l.store().ended, &whole.store().ended);
        prop_assert_eq!(&l.store().flags, &whole.store().flags);
    }

    #[test]
    fn vietnamese_numbers_round_trip(n in 0u64..10_000_000_000, cents in 0u32..100) {
        let grouped = chiso766::report::format::thousands(n);
        prop_assert_eq!(parse_number(&grouped), Some(n as f64));
        let with_decimals = format!("{grouped},{cents:02}");
        let expected = n as f64 + f64::from(cents) / 100.0;
        let got = parse_number(&with_decimals).expect("parses");
        prop_assert!(
            (got - expected).abs() < 1e-6 * expected.max(1.0),
            "{} → {}",
            with_decimals,
            got
        );
    }

    #[test]
    fn dates_round_trip_in_every_format(days in -25_000i32..60_000, h in 0u32..24, m in 0u32..60) {
        let d = Date(days);
        let (y, mo, da) = d.ymd();
        prop_assume!((1900..=2200).contains(&y));
        prop_assert_eq!(DateFormat::DayFirst.parse(&format!("{da:02}/{mo:02}/{y}")), Some(d));
        let day_first = format!("{da}/{mo}/{y} {h:02}:{m:02}");
        prop_assert_eq!(DateFormat::DayFirst.parse(&day_first), Some(d));
        let iso = format!("{y:04}-{mo:02}-{da:02}T{h:02}:{m:02}:00Z");
        prop_assert_eq!(DateFormat::Iso.parse(&iso), Some(d));
        let serial = d.0 - Date::from_ymd(1899, 12, 30).expect("valid").0;
        if serial > 60 {
            prop_assert_eq!(DateFormat::ExcelSerial.parse(&format!("{serial}.5")), Some(d));
        }
    }

    #[test]
    fn parsers_never_panic(s in "\\PC{0,40}") {
        let _ = parse_number(&s);
        let _ = DateFormat::detect(&s);
        let _ = chiso766::ingest::value::parse_status(&s);
        let _ = chiso766::ingest::value::parse_fee(&s);
        let _ = chiso766::ingest::header::match_headers(&[s.as_str()]);
    }
}
