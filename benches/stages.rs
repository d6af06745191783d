//! `cargo bench --bench stages`: each stage of reading a dossier export on its own, on the same
//! generated month (100,000 dossiers, UTF-8 CSV), in MB/s of the file:
//!   decode   a windows-1258 copy of the file to UTF-8 (UTF-8 files skip this stage)
//!   parse    the CSV split into records, no store
//!   store    the whole reader: detection, records, typed dossiers in the store
//!   compute  every indicator for every unit, then the whole report (notice included), then
//!            the page's report (no overdue list) as JSON text
//!   command line end to end
//!            `chiso766 report` on the same month written to a file, in this process (the
//!            library's `cli::run`, as the binary calls it): the file read (two threads), the
//!            report written as JSON
//! and, on a year's file (1,000,000 dossiers), a large file's second part crossing between its
//! two readers (`halves`): written as bytes, and taken over by the first reader.
//! `npm run bench` times the command line on its larger files, beside native DuckDB.

use chiso766::indicators::Analysis;
use chiso766::ingest::csv_stream::CsvStream;
use chiso766::ingest::decode::{Decoder, Encoding};
use chiso766::ingest::Loader;
use chiso766::model::Period;
use chiso766::report;
use chiso766::sample::{self, SampleOptions};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;

const ROWS: usize = 100_000;
const CHUNK: usize = 8 << 20;

fn stages(c: &mut Criterion) {
    let csv = sample::csv(&SampleOptions {
        rows: ROWS,
        ..SampleOptions::default()
    });
    let windows_1258 = Encoding::from_name("windows-1258").expect("a known code page");
    let legacy =
        sample::encode_as(&String::from_utf8_lossy(&csv), windows_1258).expect("windows-1258 form");
    let period = Period::month(2024, 5).expect("a month");
    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(csv.len() as u64));

    g.bench_function("decode windows-1258", |b| {
        b.iter(|| {
            let mut d = Decoder::new(windows_1258);
            let mut out = Vec::with_capacity(legacy.len() * 2);
            let n = legacy.chunks(CHUNK).count();
            for (i, chunk) in legacy.chunks(CHUNK).enumerate() {
                d.decode(chunk, i + 1 == n, &mut out);
            }
            black_box(out.len())
        })
    });
    g.bench_function("parse", |b| {
        b.iter(|| {
            let mut s = CsvStream::new(None);
            let mut fields = 0usize;
            let n = csv.chunks(CHUNK).count();
            for (i, chunk) in csv.chunks(CHUNK).enumerate() {
                s.feed(chunk, i + 1 == n, &mut |_, r| {
                    fields += chiso766::ingest::rows::Row::len(r);
                    Ok(())
                })
                .expect("parses");
            }
            black_box(fields)
        })
    });
    let load = || {
        let mut l = Loader::new();
        let mut s = l.begin("bench.csv", Default::default());
        for chunk in csv.chunks(CHUNK) {
            l.feed(&mut s, chunk).expect("reads");
        }
        l.end(s).expect("ends");
        l
    };
    g.bench_function("store", |b| b.iter(|| black_box(load().store().len())));

    let (store, others, inputs) = load().finish_all();
    g.bench_function("compute indicators", |b| {
        b.iter(|| black_box(Analysis::compute(&store, &others, period).units.len()))
    });
    let opts = report::Options::default();
    g.bench_function("compute report", |b| {
        b.iter(|| {
            black_box(
                report::build(&store, None, &others, &inputs, period, &opts)
                    .units
                    .len(),
            )
        })
    });
    // What the page is sent: the report without its overdue list, as JSON text.
    g.bench_function("report as JSON", |b| {
        b.iter(|| {
            black_box(
                serde_json::to_string(&report::summary(
                    &store, None, &others, &inputs, period, &opts,
                ))
                .map(|j| j.len()),
            )
        })
    });

    // The command line as users run it, on the same month as a file (removed after).
    let dir = std::env::temp_dir().join(format!("chiso766-stages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let (file, out) = (dir.join("ho-so.csv"), dir.join("bao-cao.json"));
    std::fs::write(&file, &csv).expect("the month written");
    g.bench_function("command line end to end", |b| {
        b.iter(|| {
            let args = [
                "report",
                "--month",
                "2024-05",
                "--out",
                path(&out),
                path(&file),
            ]
            .map(String::from);
            black_box(
                chiso766::cli::run(&args)
                    .map_err(|f| f.message)
                    .expect("chiso766 report runs"),
            )
        })
    });
    let _ = std::fs::remove_dir_all(&dir);
    g.finish();
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("a temporary path in UTF-8")
}

/// A large file's second part handed from the second reader to the first (`ingest::part`), on
/// a year's file (1,000,000 dossiers): the part written as bytes, and the bytes taken over by the
/// first reader. Each iteration starts from freshly read halves (not timed).
fn halves(c: &mut Criterion) {
    use chiso766::ingest::part::PartReader;
    let csv = sample::csv(&SampleOptions {
        rows: 1_000_000,
        ..SampleOptions::default()
    });
    let at = csv.len() / 100 * 53;
    let cut = at
        + 1
        + csv[at..]
            .iter()
            .position(|&b| b == b'\n')
            .expect("a line end past the middle");
    let first_half = || {
        let mut l = Loader::new();
        let mut s = l.begin("bench.csv", Default::default());
        l.expect(&mut s, csv.len() as u64);
        for chunk in csv[..cut].chunks(CHUNK) {
            l.feed(&mut s, chunk).expect("reads");
        }
        (l, s)
    };
    let (_, s) = first_half();
    let plan = s.split_plan().expect("a plan");
    let second_half = || {
        let mut part = PartReader::new(&plan, (csv.len() - cut) as u64);
        for chunk in csv[cut..].chunks(CHUNK) {
            part.feed(chunk).expect("reads");
        }
        part.finish().expect("ends")
    };
    let mut g = c.benchmark_group("halves");
    g.sample_size(10);
    g.throughput(Throughput::Bytes((csv.len() - cut) as u64));
    g.bench_function("part to bytes", |b| {
        b.iter_batched(
            second_half,
            |part| black_box(part.into_bytes().len()),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("part taken over", |b| {
        b.iter_batched(
            || (first_half(), second_half().into_bytes()),
            |((mut l, mut s), bytes)| {
                assert!(l.merge_part(&mut s, &bytes), "the part merges");
                (l, s, bytes)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, stages, halves);
criterion_main!(benches);
