//! The command line (outputs.md): argument parsing and the run, over the same core as the page.
//! Native only; `src/main.rs` calls [`run`] and exits with its status.
//!
//! Owns the arguments, the files' I/O (a large CSV's second part read by a thread of its own, as
//! `ingest::halves` says) and the output. Knows no reading or computing rule of its own.

use crate::ingest::decode::Encoding;
use crate::ingest::halves::{Halves, Next, SecondReader};
use crate::ingest::part::{Part, PartReader, SplitPlan};
use crate::ingest::sniff::{self, FileKind};
use crate::ingest::xlsx;
use crate::ingest::{Feeds, FileOptions, IngestError, Loader, MappingFile, SourceInfo};
use crate::messages;
use crate::model::{Date, Period};
use crate::profile::Profile;
use crate::report::notice::NoticeSettings;
use crate::report::{self, Options};
use crate::sample::{self, SampleOptions};
use std::io::Write;

pub const USAGE: &str = "\
chiso766 — phân tích chỉ số 766 / 766-index analyzer

  chiso766 report [--month YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD]
                  [--format json|text|docx|xlsx|unit-packs] [--out PATH] [--unmask]
                  [--as-of YYYY-MM-DD]
                  [--mapping MAPPING.json] [--encoding NAME] [--sheet NAME]
                  [--profile PROFILE.json] [--province TÊN] [--settings NOTICE.json]
                  [--national DVCQG.csv]... FILE...
  chiso766 transcode --encoding NAME [--delimiter ,|;|tab] [--out PATH] FILE
  chiso766 generate [--rows N] [--month YYYY-MM] [--seed N] [--delimiter ,|;|tab] [--xlsx] [--out \
  PATH]
  chiso766 generate --all-inputs DIR [--rows N] [--month YYYY-MM] [--seed N]

Không có --month/--from: tháng muộn nhất có số hồ sơ tiếp nhận ít nhất bằng một nửa tháng nhiều
  nhất (tệp tháng 5 có vài hồ sơ nhận đầu tháng 6 vẫn là tháng 5); không có tệp hồ sơ: tháng của
  bảng điểm mới nhất.
Without --month/--from: the latest month with at least half the receipts of the busiest month
  (a May export with a few dossiers received in early June gives May); without dossiers, the
  latest scoreboard's month.
--as-of: ngày tính cảnh báo sớm (early_warning: hồ sơ quá hạn, đến hạn, sắp đến hạn trong N ngày
  làm việc); mặc định ngày tiếp nhận hoặc kết thúc muộn nhất trong tệp.
  the early warning's day (overdue now, due today, due within N working days); default: the
  latest receipt or finish date in the files.
--format unit-packs --out THƯ_MỤC|GÓI.zip: mỗi đơn vị liên quan một công văn (.docx) và danh sách
  hồ sơ (.xlsx, điền «Lý do quá hạn», «Biện pháp khắc phục»), kèm danh-sach-don-vi.csv.
  a letter and a list to fill per unit concerned, with an index; into a folder or one .zip.
--settings: thêm scope = huyen, area = tên huyện (\"huyện Đồng Phú\") cho Văn phòng HĐND và UBND
  cấp huyện; add scope = huyen and area for a district's office.
Mã thoát / exit status: 0 thành công / success; 2 dữ liệu không dùng được / unusable input.";

/// A failure with its exit status and the message for stderr.
#[derive(Debug)]
pub struct Failure {
    pub status: i32,
    pub message: String,
}

fn usage_error(what: &str) -> Failure {
    Failure {
        status: 2,
        message: format!("Tham số không hợp lệ / invalid argument: {what}\n\n{USAGE}"),
    }
}

struct Args {
    flags: Vec<(String, String)>,
    switches: Vec<String>,
    files: Vec<String>,
}

const SWITCHES: [&str; 3] = ["--unmask", "--help", "--xlsx"];

fn parse(args: &[String]) -> Result<Args, Failure> {
    let mut out = Args {
        flags: Vec::new(),
        switches: Vec::new(),
        files: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if SWITCHES.contains(&a.as_str()) || a == "-h" {
            out.switches.push(a.clone());
        } else if let Some((k, v)) = a.split_once('=').filter(|_| a.starts_with("--")) {
            out.flags.push((k.to_string(), v.to_string()));
        } else if a.starts_with("--") {
            let v = it
                .next()
                .ok_or_else(|| usage_error(&format!("{a} cần một giá trị / needs a value")))?;
            out.flags.push((a.clone(), v.clone()));
        } else {
            out.files.push(a.clone());
        }
    }
    Ok(out)
}

impl Args {
    fn get(&self, k: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.as_str())
    }
    /// Every value of a flag that may repeat.
    fn all(&self, k: &str) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|(f, _)| f == k)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn check_known(&self, known: &[&str]) -> Result<(), Failure> {
        match self
            .flags
            .iter()
            .find(|(f, _)| !known.contains(&f.as_str()))
        {
            Some((f, _)) => Err(usage_error(f)),
            None => Ok(()),
        }
    }
}

/// Runs the command line; `Ok` holds the bytes for stdout (or nothing when `--out` was given).
pub fn run(args: &[String]) -> Result<Vec<u8>, Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(usage_error("thiếu lệnh / missing command"));
    };
    let parsed = parse(rest)?;
    if parsed.switches.iter().any(|s| s == "--help" || s == "-h")
        || command == "--help"
        || command == "-h"
    {
        return Ok(format!("{USAGE}\n").into_bytes());
    }
    let (output, written) = match command.as_str() {
        "report" => report_command(&parsed)?,
        "generate" => (generate_command(&parsed)?, false),
        "transcode" => (transcode_command(&parsed)?, false),
        other => return Err(usage_error(other)),
    };
    match parsed.get("--out") {
        // The units' packs went to their folder: what was written is printed.
        _ if written => Ok(output),
        Some(path) => {
            std::fs::write(path, &output).map_err(|e| Failure {
                status: 2,
                message: format!("Không ghi được tệp {path} / cannot write {path}: {e}"),
            })?;
            Ok(Vec::new())
        }
        None => Ok(output),
    }
}

fn period_from_args(a: &Args) -> Result<Option<Period>, Failure> {
    let bad = || Failure {
        status: 2,
        message: messages::bad_period().both(),
    };
    if let Some(m) = a.get("--month") {
        return Period::parse_month(m).map(Some).ok_or_else(bad);
    }
    match (a.get("--from"), a.get("--to")) {
        (None, None) => Ok(None),
        (Some(f), Some(t)) => {
            let from = Date::parse_iso(f).ok_or_else(bad)?;
            let to = Date::parse_iso(t).ok_or_else(bad)?;
            if from > to {
                return Err(bad());
            }
            Ok(Some(Period { from, to }))
        }
        _ => Err(bad()),
    }
}

/// The report's bytes, and whether they were written already (the units' packs, whose `--out` is
/// a folder or a .zip: the bytes are then the list of files, for stdout).
fn report_command(a: &Args) -> Result<(Vec<u8>, bool), Failure> {
    a.check_known(&[
        "--month",
        "--from",
        "--to",
        "--format",
        "--out",
        "--province",
        "--mapping",
        "--encoding",
        "--sheet",
        "--profile",
        "--settings",
        "--national",
        "--as-of",
    ])?;
    let profile = match a.get("--profile") {
        Some(path) => {
            let text = read_text(path)?;
            Profile::from_json(&text).map_err(|t| Failure {
                status: 2,
                message: format!("{path}: {}", t.both()),
            })?
        }
        None => Profile::default_profile(),
    };
    let options = file_options(a)?;
    let format = a.get("--format").unwrap_or("json");
    if !["json", "text", "docx", "xlsx", "unit-packs"].contains(&format) {
        return Err(usage_error(&format!(
            "--format {format} (json|text|docx|xlsx|unit-packs)"
        )));
    }
    if ["docx", "xlsx", "unit-packs"].contains(&format) && a.get("--out").is_none() {
        return Err(usage_error(&format!(
            "--format {format} cần --out TỆP / needs --out PATH"
        )));
    }
    if a.files.is_empty() {
        return Err(usage_error("thiếu tệp hồ sơ / no input file"));
    }
    let period = period_from_args(a)?;
    let unmask = a.switches.iter().any(|s| s == "--unmask");
    let as_of = match a.get("--as-of") {
        Some(d) => Some(Date::parse_iso(d).ok_or_else(|| Failure {
            status: 2,
            message: messages::bad_as_of().both(),
        })?),
        None => None,
    };
    let mut loader = Loader::new();
    let mut failed = Vec::new();
    let national: Vec<&str> = a.all("--national");
    for (path, feeds) in a
        .files
        .iter()
        .map(|p| (p.as_str(), Feeds::Provincial))
        .chain(national.iter().map(|p| (*p, Feeds::National)))
    {
        if let Err(e) = read_file(&mut loader, path, options.clone(), feeds)? {
            eprintln!("{path}: {}", e.text().shown(unmask).both());
            failed.push(SourceInfo::failed(path, &e));
        }
    }
    let (mut store, national, others, mut inputs) = loader.finish_with_national();
    if store.is_empty() && others.is_empty() {
        // Each failed file was named above with its reason: not again. Files read without a
        // usable row say why, with their first problems.
        let unusable: Vec<String> = inputs
            .iter()
            .filter(|i| i.rows == 0)
            .map(|i| report::no_usable_rows(i, unmask).both())
            .collect();
        let message = match (unusable.is_empty(), failed.len()) {
            (false, _) => unusable.join("\n"),
            (true, 0) => messages::no_dossiers().both(),
            (true, n) => messages::no_usable_file(n).both(),
        };
        return Err(Failure { status: 2, message });
    }
    inputs.extend(failed);
    let Some(period) = period
        .or_else(|| report::default_period(&store))
        .or_else(|| report::scoreboard_period(&others))
    else {
        return Err(Failure {
            status: 2,
            message: messages::no_dossiers().both(),
        });
    };
    let notice = match a.get("--settings") {
        Some(path) => {
            let text = read_text(path)?;
            NoticeSettings::from_json(&text).map_err(|t| Failure {
                status: 2,
                message: format!("{path}: {}", t.both()),
            })?
        }
        None => NoticeSettings::default(),
    };
    // A district's run places its offices by its own rule (methodology §4, model::district).
    crate::model::district::place_units(
        &mut store.units,
        notice.scope == crate::report::notice::Scope::Huyen,
    );
    let opts = Options {
        unmask,
        profile,
        province: a.get("--province").map(str::to_string),
        notice,
    };
    let mut r = report::build(&store, national.as_ref(), &others, &inputs, period, &opts);
    // Day D: the one asked for, else the latest receipt or finish date in the files.
    let as_of = as_of.or_else(|| crate::indicators::early_warning::default_as_of(&store));
    r.early_warning = as_of
        .filter(|_| !store.is_empty())
        .map(|d| report::early_warning::build(&store, &others, d, &opts.profile, !opts.unmask));
    use crate::report::MissingFigure;
    for m in r.missing.iter().filter(|m| {
        [
            MissingFigure::National,
            MissingFigure::Period,
            MissingFigure::Dossiers,
        ]
        .contains(&m.figure)
    }) {
        eprintln!("{} / {}", m.message, m.message_en);
    }
    let export_error = |e: String| Failure {
        status: 2,
        message: format!("Không tạo được tệp / cannot write the file: {e}"),
    };
    if format == "unit-packs" {
        let out = a.get("--out").unwrap_or("."); // checked above: unit-packs needs --out
        return write_packs(&r, &opts.notice, out).map(|listing| (listing, true));
    }
    Ok((
        match format {
            "text" => r.notice_text.into_bytes(),
            "docx" => crate::export::docx::notice(
                &r.notice,
                &report::appendix::appendices(&r, &r.overdue_dossiers),
            )
            .map_err(export_error)?,
            "xlsx" => crate::export::xlsx::appendices(&report::appendix::appendices(
                &r,
                &r.overdue_dossiers,
            ))
            .map_err(export_error)?,
            _ => {
                let mut v = serde_json::to_vec_pretty(&r).map_err(|e| Failure {
                    status: 2,
                    message: e.to_string(),
                })?;
                v.push(b'\n');
                v
            }
        },
        false,
    ))
}

/// The units' packs into the folder `out` (made if need be), or as one .zip when `out` ends with
/// ".zip"; returns the files written, one per line.
fn write_packs(
    r: &report::Report,
    settings: &NoticeSettings,
    out: &str,
) -> Result<Vec<u8>, Failure> {
    let fail = |e: String| Failure {
        status: 2,
        message: format!("Không tạo được tệp / cannot write the file: {e}"),
    };
    let packs = report::unit_pack::build(r, r.early_warning.as_ref(), settings);
    let files = crate::export::packs::files(&packs, &mut |_, _| {}).map_err(fail)?;
    let mut listing = String::new();
    if out.to_ascii_lowercase().ends_with(".zip") {
        let day = Date::parse_iso(&packs.as_of).map(Date::ymd);
        std::fs::write(out, crate::export::packs::zip(&files, day).map_err(fail)?)
            .map_err(|e| fail(format!("{out}: {e}")))?;
        for (name, _) in &files {
            listing.push_str(&format!("{out}: {name}\n"));
        }
    } else {
        std::fs::create_dir_all(out).map_err(|e| fail(format!("{out}: {e}")))?;
        for (name, bytes) in &files {
            let path = std::path::Path::new(out).join(name);
            std::fs::write(&path, bytes).map_err(|e| fail(format!("{}: {e}", path.display())))?;
            listing.push_str(&format!("{}\n", path.display()));
        }
    }
    Ok(listing.into_bytes())
}

/// `--mapping` (a file saved by the page's mapping screen), then `--encoding` and `--sheet`.
fn file_options(a: &Args) -> Result<FileOptions, Failure> {
    let mut options = match a.get("--mapping") {
        Some(path) => {
            let json = read_text(path)?;
            MappingFile::parse(&json).map_err(|t| Failure {
                status: 2,
                message: format!("{path}: {}", t.both()),
            })?
        }
        None => FileOptions::default(),
    };
    if let Some(name) = a.get("--encoding") {
        options.encoding = Some(
            Encoding::from_name(name).ok_or_else(|| usage_error(&format!("--encoding {name}")))?,
        );
    }
    if let Some(sheet) = a.get("--sheet") {
        options.sheet = Some(sheet.to_string());
    }
    Ok(options)
}

/// Streams a file into the loader in chunks, as the browser does: memory stays near the size of
/// the dataset, not of the file. A large CSV is read in two parts at once, the second by a thread
/// of its own: `ingest::halves` decides when and where; this only reads bytes and carries the
/// part. The outer error is an I/O failure, the inner one unusable content.
fn read_file(
    loader: &mut Loader,
    path: &str,
    options: FileOptions,
    feeds: Feeds,
) -> Result<Result<(), IngestError>, Failure> {
    use std::io::{Read, Seek, SeekFrom};
    let io_error = |e: std::io::Error| Failure {
        status: 2,
        message: messages::cannot_open(path, &e.to_string()).both(),
    };
    let mut file = open_input(path)?;
    let size = file.metadata().map_err(io_error)?.len();
    let head = read_at(path, 0, sniff::KIND_BYTES).map_err(io_error)?;
    if sniff::file_kind(&head) == FileKind::Xlsx {
        let mut source = SeekableFile { file, size, path };
        return Ok(loader
            .add_workbook(path, &mut source, options, feeds)
            .map(|_| ()));
    }
    let mut stream = loader.begin_into(path, options, feeds);
    loader.expect(&mut stream, size);
    let mut halves = Halves::new(size, Some(SecondReader::Thread));
    let mut buf = vec![0u8; CHUNK];
    // A small first chunk: the second reader starts once it is parsed.
    let mut chunk = FIRST_CHUNK;
    std::thread::scope(|scope| {
        let mut second: Option<std::thread::ScopedJoinHandle<'_, std::io::Result<Vec<u8>>>> = None;
        let mut next = Next::Feed;
        loop {
            next = match next {
                Next::Feed => {
                    let want = halves.until().map_or(chunk, |n| {
                        chunk.min(usize::try_from(n).unwrap_or(usize::MAX))
                    });
                    let n = file.read(&mut buf[..want]).map_err(io_error)?;
                    chunk = CHUNK;
                    if n == 0 {
                        halves.bytes_ended()
                    } else {
                        match halves.feed(loader, &mut stream, &buf[..n]) {
                            Ok(next) => next,
                            Err(e) => {
                                loader.cancel(stream);
                                return Ok(Err(e));
                            }
                        }
                    }
                }
                Next::Look { at, len } => halves.look(&read_at(path, at, len).unwrap_or_default()),
                Next::StartSecond { cut, plan } => {
                    second = Some(scope.spawn(move || read_part(path, &plan, cut)));
                    halves.started(true)
                }
                Next::Part => {
                    // A part that failed is none: the first reader then reads the rest itself.
                    let part = second
                        .take()
                        .and_then(|h| h.join().ok())
                        .and_then(Result::ok);
                    let next = halves.part(loader, &mut stream, part.as_deref());
                    // Freeing a hundred megabytes takes the system a while: not on the way.
                    std::thread::spawn(move || drop(part));
                    next
                }
                Next::ReadFrom { at } => {
                    file.seek(SeekFrom::Start(at)).map_err(io_error)?;
                    Next::Feed
                }
                Next::End => break,
            };
        }
        Ok(loader.end(stream).map(|_| ()))
    })
}

const CHUNK: usize = 8 << 20;
/// Enough to find the header and decide the dates' formats (the split plan), and more than the
/// bytes the encoding is decided from (`decode::DETECT_BYTES`).
const FIRST_CHUNK: usize = 1 << 20;

/// A workbook read by random access: only its zip directory and the parts needed are read, a
/// piece at a time.
struct SeekableFile<'a> {
    file: std::fs::File,
    size: u64,
    path: &'a str,
}

impl xlsx::Source for SeekableFile<'_> {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&mut self, at: u64, len: usize) -> Result<Vec<u8>, String> {
        use std::io::{Read, Seek, SeekFrom};
        self.file
            .seek(SeekFrom::Start(at))
            .map_err(|e| e.to_string())?;
        // What a damaged directory claims is not allocated ahead: the file's bytes are.
        let mut buf = Vec::with_capacity(len.min(xlsx::READ_CHUNK));
        (&mut self.file)
            .take(len as u64)
            .read_to_end(&mut buf)
            .map_err(|e| e.to_string())?;
        Ok(buf)
    }

    /// The file opened again: a handle of its own, whose reads do not move this one's place.
    fn another(&self) -> Option<Box<dyn xlsx::Source + Send + '_>> {
        let file = std::fs::File::open(self.path).ok()?;
        Some(Box::new(SeekableFile {
            file,
            size: self.size,
            path: self.path,
        }))
    }
}

/// Up to `len` bytes of the file from `at` on.
fn read_at(path: &str, at: u64, len: usize) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(at))?;
    let mut buf = Vec::with_capacity(len);
    file.take(len as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The second reader: from `cut` to the end of the file, its rows as bytes.
fn read_part(path: &str, plan: &SplitPlan, cut: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    file.seek(SeekFrom::Start(cut))?;
    let mut reader = PartReader::new(plan, size.saturating_sub(cut));
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        reader
            .feed(&buf[..n])
            .map_err(|e| std::io::Error::other(e.text().en))?;
    }
    reader
        .finish()
        .map(Part::into_bytes)
        .map_err(|e| std::io::Error::other(e.text().en))
}

fn delimiter_arg(d: &str) -> Result<u8, Failure> {
    match d {
        "tab" | "\\t" => Ok(b'\t'),
        "," | ";" | "|" => Ok(d.as_bytes()[0]),
        _ => Err(usage_error("--delimiter")),
    }
}

/// Re-saves a CSV in another encoding and delimiter, as Excel or a portal would: test data for
/// the readers, from one UTF-8 source.
fn transcode_command(a: &Args) -> Result<Vec<u8>, Failure> {
    a.check_known(&["--encoding", "--delimiter", "--out"])?;
    let [path] = a.files.as_slice() else {
        return Err(usage_error("transcode FILE"));
    };
    let name = a
        .get("--encoding")
        .ok_or_else(|| usage_error("--encoding"))?;
    let encoding =
        Encoding::from_name(name).ok_or_else(|| usage_error(&format!("--encoding {name}")))?;
    let bytes = read_bytes(path)?;
    let (text, _) = crate::ingest::decode::decode_all(&bytes).map_err(|e| Failure {
        status: 2,
        message: format!("{path}: {}", e.text().both()),
    })?;
    let text = match a.get("--delimiter") {
        None => text,
        Some(d) => {
            let to = delimiter_arg(d)?;
            let (from, skip) = crate::ingest::sniff::sniff(&text);
            let mut r = csv::ReaderBuilder::new()
                .delimiter(from)
                .has_headers(false)
                .flexible(true)
                .from_reader(&text.as_bytes()[skip..]);
            let mut w = csv::WriterBuilder::new()
                .delimiter(to)
                .flexible(true)
                .from_writer(Vec::new());
            let csv_error = |e: &dyn std::fmt::Display| Failure {
                status: 2,
                message: format!("{path}: {}", messages::csv_error(&e.to_string()).both()),
            };
            for rec in r.records() {
                let rec = rec.map_err(|e| csv_error(&e))?;
                w.write_record(&rec).map_err(|e| csv_error(&e))?;
            }
            String::from_utf8_lossy(&w.into_inner().map_err(|e| csv_error(&e))?).into_owned()
        }
    };
    crate::sample::encode_as(&text, encoding).map_err(|_| {
        // The first character the encoding lacks, named for the user.
        let lacking = text
            .chars()
            .find(|c| !c.is_ascii() && crate::sample::encode_as(&c.to_string(), encoding).is_err());
        Failure {
            status: 2,
            message: messages::cannot_encode(encoding.name(), lacking).both(),
        }
    })
}

fn generate_command(a: &Args) -> Result<Vec<u8>, Failure> {
    a.check_known(&[
        "--rows",
        "--month",
        "--seed",
        "--delimiter",
        "--out",
        "--all-inputs",
    ])?;
    let mut o = SampleOptions::default();
    if let Some(r) = a.get("--rows") {
        let rows: u64 = r.parse().map_err(|_| usage_error("--rows"))?;
        // Refused before anything is allocated: a huge N would abort the program, not stop it.
        let limit = if a.switches.iter().any(|s| s == "--xlsx") {
            MAX_XLSX_ROWS
        } else {
            MAX_GENERATED_ROWS
        };
        if rows > limit {
            return Err(Failure {
                status: 2,
                message: messages::too_many_rows(rows, limit).both(),
            });
        }
        o.rows = usize::try_from(rows).map_err(|_| usage_error("--rows"))?;
    }
    if let Some(m) = a.get("--month") {
        o.period = Period::parse_month(m).ok_or_else(|| usage_error("--month"))?;
    }
    if let Some(s) = a.get("--seed") {
        o.seed = s.parse().map_err(|_| usage_error("--seed"))?;
    }
    if let Some(d) = a.get("--delimiter") {
        o.delimiter = delimiter_arg(d)?;
    }
    if let Some(dir) = a.get("--all-inputs") {
        // The built-in sample's seven files (dossiers, catalogues, PAKN, publication, scoreboards).
        std::fs::create_dir_all(dir).map_err(|e| Failure {
            status: 2,
            message: format!("Không tạo được thư mục {dir} / cannot create {dir}: {e}"),
        })?;
        let mut listing = String::new();
        for (name, bytes) in sample::others::files(&o) {
            let path = std::path::Path::new(dir).join(&name);
            std::fs::write(&path, bytes).map_err(|e| Failure {
                status: 2,
                message: format!("Không ghi được tệp {name} / cannot write {name}: {e}"),
            })?;
            listing.push_str(&format!("{}\n", path.display()));
        }
        return Ok(listing.into_bytes());
    }
    if a.switches.iter().any(|s| s == "--xlsx") {
        return sample::xlsx(&o).map_err(|e| Failure {
            status: 2,
            message: format!("Không tạo được tệp Excel / cannot write the workbook: {e}"),
        });
    }
    Ok(sample::csv(&o))
}

/// The most dossiers `generate` writes: a year of a large province several times over (about
/// 2.6 GB of CSV), and the most an .xlsx sheet holds below its title and two-row header.
pub const MAX_GENERATED_ROWS: u64 = 10_000_000;
pub const MAX_XLSX_ROWS: u64 = 1_048_576 - 4;

/// Opens a file the user named. What is not a regular file is refused: a FIFO or a terminal
/// would keep the command waiting for ever.
fn open_input(path: &str) -> Result<std::fs::File, Failure> {
    let cannot = |e: std::io::Error| Failure {
        status: 2,
        message: messages::cannot_open(path, &e.to_string()).both(),
    };
    if !std::fs::metadata(path).map_err(cannot)?.is_file() {
        return Err(Failure {
            status: 2,
            message: messages::not_regular_file(path).both(),
        });
    }
    std::fs::File::open(path).map_err(cannot)
}

fn read_bytes(path: &str) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let mut bytes = Vec::new();
    open_input(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| Failure {
            status: 2,
            message: messages::cannot_open(path, &e.to_string()).both(),
        })?;
    Ok(bytes)
}

fn read_text(path: &str) -> Result<String, Failure> {
    String::from_utf8(read_bytes(path)?).map_err(|e| Failure {
        status: 2,
        message: messages::cannot_open(path, &e.to_string()).both(),
    })
}

/// Writes to stdout. A closed pipe (`chiso766 … | head`) is no error; any other failure (a full
/// disk, `> /dev/full`) is: the output is incomplete, and the exit status must say so.
pub fn print(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure {
            status: 2,
            message: messages::cannot_write_output(&e.to_string()).both(),
        }),
        _ => Ok(()),
    }
}
