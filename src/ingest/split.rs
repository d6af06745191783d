//! One large CSV read in two parts at once (a second thread natively, a second worker in the
//! browser), with the same dossiers, counts and messages as one reader going straight through.
//!
//! The first reader finds the header and reads on up to a line end near the middle of the file;
//! meanwhile a [`PartReader`] reads from that line end to the end of the file into a store of its
//! own, with the first reader's columns ([`SplitPlan`]), and hands its rows over as bytes. The
//! first reader then takes them over ([`Loader::merge_part`]): their lines renumbered, their units
//! and procedures mapped to its own, their ids checked against its own. Where that could differ
//! from one reader going straight through, the merge is refused and the first reader reads the
//! rest of the file itself:
//!
//! - the cut fell inside a quoted cell (a line break within a cell), so the part read from the
//!   middle of a record;
//! - a dossier id of the part is already among the first reader's (the part would have kept a row
//!   one reader drops, with that row's messages and units);
//! - a date column's format was decided differently by the two readers.
//!
//! The part lists its first problems as one reader lists a file's (up to `MAX_LISTED_PROBLEMS`),
//! which is always enough to fill what the first reader's list has left.
//!
//! The bytes are a plain little-endian layout read back by the same build (two workers run one
//! wasm module); anything malformed is refused like the cases above.

use super::csv_stream::CsvStream;
use super::decode::Encoding;
use super::header::{Field, Mapping};
use super::rows::{FileRows, SeenIds, Target};
use super::value::DateFormat;
use super::{FileStream, Format, IngestError, Loader, Problem, SourceInfo, MAX_LISTED_PROBLEMS};
use crate::messages;
use crate::model::{Block, Channel, Date, DossierStore, Status, StrColumn, Unit};
use crate::text::FastMap;

/// Files smaller than this are read by one reader: a second one would save little.
const SPLIT_MIN_BYTES: u64 = 16 << 20;

/// What a second reader needs to read a file on from a line end: the first reader's decisions.
#[derive(Clone, Debug)]
pub struct SplitPlan {
    pub path: String,
    encoding: Encoding,
    delimiter: u8,
    pub(super) headers: Vec<String>,
    pub(super) mapping: Mapping,
    pub(super) dates: [Option<DateFormat>; 4],
}

/// Who reads the second part: the command line's second thread, or the page's second worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondReader {
    Thread,
    Worker,
}

/// Where the second reader should start in a file of `size` bytes (then moved to a line end,
/// [`line_start`]): a little past the middle, as it also writes its rows out for the first to
/// take over. `None` for a file one reader reads. The command line and the page's worker both
/// ask here.
pub fn cut_target(size: u64, second: SecondReader) -> Option<u64> {
    let percent = match second {
        SecondReader::Thread => CUT_PERCENT_THREAD,
        SecondReader::Worker => CUT_PERCENT_WORKER,
    };
    (size >= SPLIT_MIN_BYTES).then(|| size / 100 * percent)
}

/// The share of the file the first reader reads, in percent, with a second thread: the two then
/// finish together (1,000,000 dossiers: 0.54 s end to end at 53 %, 0.56 s at 56 %).
const CUT_PERCENT_THREAD: u64 = 53;

/// With a second worker, whose part also crosses to the first by message and whose wasm runs a
/// little slower on it: a repeated 100,000-row file read in 121-122 ms at 53 %, 114-117 ms at
/// 56 % (Chromium, 2 cores; 1,000,000 rows 0.96 s either way).
const CUT_PERCENT_WORKER: u64 = 56;

/// Where a second reader may start, given the bytes from the middle of the file on: just past
/// the first line end (`None` without one).
pub fn line_start(from_middle: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', from_middle).map(|i| i + 1)
}

impl Loader {
    /// The plan for a second reader of the file `s` is reading, once its header is found: a
    /// dossier CSV (not a DVCQG export) in an encoding where every `\n` byte ends a line.
    pub fn split_plan(&self, s: &FileStream) -> Option<SplitPlan> {
        let Format::Csv(csv) = &s.format else { return None };
        if s.national {
            return None;
        }
        let encoding = csv.encoding()?;
        let splittable = match encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => true,
            Encoding::CodePage(e) => e.is_single_byte(),
            Encoding::Utf16Le | Encoding::Utf16Be | Encoding::Legacy(_) => false,
        };
        let (mapping, headers, dates) = s.rows.reading()?;
        splittable.then(|| SplitPlan { path: s.rows.info.path.clone(), encoding, delimiter: csv.delimiter(), headers: headers.to_vec(), mapping: mapping.clone(), dates })
    }

    /// Takes over the rows a [`PartReader`] read ([`Part::into_bytes`]) from where `s` stopped
    /// (every byte up to the part's start fed, none after). `false` when that would not give what
    /// reading on would (see the module's comment): nothing is changed then, and the caller feeds
    /// the rest of the file to `s` instead.
    pub fn merge_part(&mut self, s: &mut FileStream, bytes: &[u8]) -> bool {
        let Some(part) = PartBytes::parse(bytes) else { return false };
        let Format::Csv(csv) = &mut s.format else { return false };
        if !csv.between_records() || s.national {
            return false;
        }
        let Some(formats) = s.rows.date_formats().map(|f| *f) else { return false };
        if formats.iter().zip(&part.dates).any(|(a, b)| matches!((a, b), (Some(a), Some(b)) if a != b)) {
            return false;
        }
        // The ids first: one already seen refuses the merge, before anything changes.
        self.seen_ids.put_pending(&self.store);
        if (0..part.len).any(|i| self.seen_ids.find(&self.store, part.id(i)).is_some()) {
            return false;
        }

        let offset = csv.line() - 1;
        let before = self.store.len();
        if let Some(formats) = s.rows.date_formats() {
            for (f, d) in formats.iter_mut().zip(&part.dates) {
                *f = f.or(*d);
            }
        }
        csv.add_replaced(part.replaced);
        let file_index = s.file_index;
        let mut target = Target { store: &mut self.store, unit_index: &mut self.unit_index, seen_ids: &mut self.seen_ids, inputs: &self.inputs, file_index };
        let units: Vec<u32> = part
            .units
            .iter()
            .map(|u| super::rows::unit_index(&mut target, &u.name, (u.block_source == "column").then_some(u.block), u.code.as_deref().unwrap_or("")))
            .collect();
        let st = &mut self.store;
        let procedures: Vec<u32> = part.procedures.iter().map(|p| st.procedures.intern(p)).collect();
        let codes: Vec<u32> = part.codes.iter().map(|p| st.procedure_codes.intern(p)).collect();
        st.id.append_parts(part.id_text, u32s(part.id_ends));
        st.file.extend(std::iter::repeat_n(u16::try_from(file_index).unwrap_or(u16::MAX), part.len));
        st.row.extend(u32s(part.row).map(|r| u32::try_from(u64::from(r) + offset).unwrap_or(u32::MAX)));
        st.unit.extend(u32s(part.unit).map(|u| units[u as usize]));
        st.procedure.extend(u32s(part.procedure).map(|i| procedures[i as usize]));
        st.procedure_code.extend(u32s(part.procedure_code).map(|i| codes[i as usize]));
        st.received.extend(u32s(part.received).map(|v| Date(v as i32)));
        st.due.extend(u32s(part.due).map(date_from));
        st.ended.extend(u32s(part.ended).map(date_from));
        st.status.extend(part.status.iter().filter_map(|&v| Status::from_code(u32::from(v))));
        st.channel.extend(part.channel.iter().filter_map(|&v| channel_from(v)));
        st.flags.extend(part.flags.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])));
        st.personal_rows.extend(u32s(part.personal_rows).map(|r| u32::try_from(before + r as usize).unwrap_or(u32::MAX)));
        // Columns placed as the first reader placed this file's (`DossierStore::personal_column`).
        let mut used: Vec<usize> = Vec::new();
        for (header, text, ends) in &part.personal {
            if let Some(i) = st.personal_column(header, &used) {
                used.push(i);
                st.personal[i].values.append_parts(text, u32s(ends));
            }
        }
        let kept = st.personal_rows.len();
        for c in &mut st.personal {
            c.values.pad_to(kept);
        }
        self.seen_ids.defer(before as u32..st.len() as u32);

        let info = &mut s.rows.info;
        info.skipped_rows += part.info.skipped_rows;
        info.duplicates += part.info.duplicates;
        info.rows_without_progress += part.info.rows_without_progress;
        info.header_repeats += part.info.header_repeats;
        info.problems_total += part.info.problems_total;
        let renumbered: FastMap<usize, &(usize, String, u32)> = part.info.duplicate_refs.iter().map(|r| (r.0, r)).collect();
        for (i, mut problem) in part.info.problems.into_iter().enumerate() {
            if info.problems.len() >= MAX_LISTED_PROBLEMS {
                break;
            }
            problem.row = problem.row.map(|r| r + offset);
            if let Some((_, id, first)) = renumbered.get(&i) {
                let first_row = self.store.row[before + *first as usize];
                let text = messages::duplicate_id(id, &info.path, first_row);
                (problem.message, problem.message_en, problem.unmasked) = (text.vi, text.en, text.unmasked);
                info.duplicate_refs.push((info.problems.len(), id.clone(), before as u32 + first));
            }
            info.problems.push(problem);
        }
        s.rows.add_data_rows(part.data_rows);
        true
    }
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// Reads a file from a line end on, into a store of its own (see the module's comment).
pub struct PartReader {
    csv: CsvStream,
    rows: FileRows,
    store: DossierStore,
    unit_index: FastMap<String, u32>,
    seen_ids: SeenIds,
    /// The room made for the part's rows (as [`Loader::expect`]).
    room: super::Room,
    /// The most its store may hold (as [`Loader::set_memory_limit`]).
    memory_limit: Option<u64>,
}

impl PartReader {
    /// A reader of the `bytes` bytes from a line end to the end of the file (0: not known).
    pub fn new(plan: &SplitPlan, bytes: u64) -> PartReader {
        let mut store = DossierStore::default();
        let rows = FileRows::continuing(SourceInfo::new(&plan.path), plan, &mut store);
        let csv = CsvStream::continuing(plan.encoding, plan.delimiter);
        PartReader { csv, rows, store, unit_index: FastMap::default(), seen_ids: SeenIds::default(), room: super::Room { expected: bytes, ..Default::default() }, memory_limit: None }
    }

    /// Stops reading with [`IngestError::MemoryLimit`] past `bytes` (the first reader then reads
    /// on itself, and stops there with its own message).
    pub fn set_memory_limit(&mut self, bytes: Option<u64>) {
        self.memory_limit = bytes;
    }

    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), IngestError> {
        self.push(chunk, false)?;
        let limit = self.memory_limit;
        self.room.fed(chunk.len(), &mut self.store, 0, |st| limit.is_some_and(|l| st.heap_bytes() as u64 > l));
        match limit.filter(|&l| self.store.heap_bytes() as u64 > l) {
            Some(limit) => Err(IngestError::MemoryLimit { used: self.store.heap_bytes() as u64, limit }),
            None => Ok(()),
        }
    }

    fn push(&mut self, chunk: &[u8], last: bool) -> Result<(), IngestError> {
        let mut target = Target { store: &mut self.store, unit_index: &mut self.unit_index, seen_ids: &mut self.seen_ids, inputs: &[], file_index: 0 };
        let rows = &mut self.rows;
        self.csv.feed(chunk, last, &mut |line, rec| rows.push(line, rec, &mut target))?;
        for line in self.csv.take_long_lines() {
            self.rows.line_too_long(line);
        }
        Ok(())
    }

    /// The rows read, after the file's last bytes.
    pub fn finish(mut self) -> Result<Part, IngestError> {
        self.push(&[], true)?;
        let mut rows = self.rows;
        let dates = rows.date_formats().map(|d| *d).unwrap_or_default();
        Ok(Part { data_rows: rows.data_rows_seen(), store: self.store, info: rows.info, dates, replaced: self.csv.replaced() })
    }
}

/// What a [`PartReader`] read: its dossiers (lines counted from the part's start), problems and
/// counts, and the date formats it decided.
#[derive(Debug)]
pub struct Part {
    store: DossierStore,
    info: SourceInfo,
    data_rows: usize,
    dates: [Option<DateFormat>; 4],
    replaced: usize,
}

#[derive(Default)]
struct Out(Vec<u8>);

impl Out {
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.0.push(1);
                self.bytes(s.as_bytes());
            }
            None => self.0.push(0),
        }
    }
    /// Values of `width` bytes each, after their count.
    fn values<const W: usize, T>(&mut self, v: &[T], le: impl Fn(&T) -> [u8; W]) {
        self.u64(v.len() as u64);
        let start = self.0.len();
        self.0.resize(start + v.len() * W, 0);
        for (to, x) in self.0[start..].chunks_exact_mut(W).zip(v) {
            to.copy_from_slice(&le(x));
        }
    }
    fn strs<'a>(&mut self, v: impl ExactSizeIterator<Item = &'a str>) {
        self.u64(v.len() as u64);
        for s in v {
            self.bytes(s.as_bytes());
        }
    }
    fn column(&mut self, c: &StrColumn) {
        let (text, ends) = c.parts();
        self.bytes(text);
        self.values(ends, |e| e.to_le_bytes());
    }
}

const NO_DATE: u32 = i32::MIN as u32;

fn date_code(d: Option<Date>) -> u32 {
    d.map_or(NO_DATE, |d| d.0 as u32)
}

fn date_from(v: u32) -> Option<Date> {
    (v != NO_DATE).then_some(Date(v as i32))
}

fn format_code(f: Option<DateFormat>) -> u8 {
    match f {
        None => 0,
        Some(DateFormat::DayFirst) => 1,
        Some(DateFormat::Iso) => 2,
        Some(DateFormat::ExcelSerial) => 3,
    }
}

fn format_from(v: u8) -> Option<Option<DateFormat>> {
    Some(match v {
        0 => None,
        1 => Some(DateFormat::DayFirst),
        2 => Some(DateFormat::Iso),
        3 => Some(DateFormat::ExcelSerial),
        _ => return None,
    })
}

fn channel_from(v: u8) -> Option<Channel> {
    Some(match v {
        0 => Channel::Unknown,
        1 => Channel::TrucTiep,
        2 => Channel::TrucTuyen,
        3 => Channel::BuuChinh,
        _ => return None,
    })
}

fn block_source(s: &str) -> Option<&'static str> {
    ["column", "name", "none", "catalogue"].into_iter().find(|k| *k == s)
}

/// A format tag and version at the start, so bytes from anything else are refused.
const MAGIC: &[u8; 8] = b"chiso1p\x03";

impl Part {
    pub fn dossiers(&self) -> usize {
        self.store.len()
    }

    /// The part as bytes for [`Loader::merge_part`]. Each column is freed once written, so the
    /// bytes take the room the columns leave (what a worker's memory peaks at).
    pub fn into_bytes(mut self) -> Vec<u8> {
        let s = &mut self.store;
        let size = s.id.heap_bytes() + s.len() * 34 + s.personal_rows.len() * 4 + s.personal.iter().map(|p| p.values.heap_bytes()).sum::<usize>() + 4096;
        let mut o = Out(Vec::with_capacity(size));
        o.0.extend_from_slice(MAGIC);
        o.u64(s.units.len() as u64);
        for u in &s.units {
            o.bytes(u.name.as_bytes());
            o.opt_str(u.code.as_deref());
            o.0.push(u.block.0);
            o.bytes(u.block_source.as_bytes());
        }
        o.strs(s.procedures.values.iter().map(String::as_str));
        o.strs(s.procedure_codes.values.iter().map(String::as_str));
        o.column(&std::mem::take(&mut s.id));
        o.values(&std::mem::take(&mut s.row), |v| v.to_le_bytes());
        o.values(&std::mem::take(&mut s.unit), |v| v.to_le_bytes());
        o.values(&std::mem::take(&mut s.procedure), |v| v.to_le_bytes());
        o.values(&std::mem::take(&mut s.procedure_code), |v| v.to_le_bytes());
        o.values(&std::mem::take(&mut s.received), |d| date_code(Some(*d)).to_le_bytes());
        o.values(&std::mem::take(&mut s.due), |d| date_code(*d).to_le_bytes());
        o.values(&std::mem::take(&mut s.ended), |d| date_code(*d).to_le_bytes());
        o.values(&std::mem::take(&mut s.status), |x| [x.code()]);
        o.values(&std::mem::take(&mut s.channel), |x| [*x as u8]);
        o.values(&std::mem::take(&mut s.flags), |x| x.to_le_bytes());
        o.u64(s.personal.len() as u64);
        o.values(&std::mem::take(&mut s.personal_rows), |v| v.to_le_bytes());
        for p in std::mem::take(&mut s.personal) {
            o.bytes(p.header.as_bytes());
            o.column(&p.values);
        }
        let i = &self.info;
        for v in [i.skipped_rows, i.duplicates, i.rows_without_progress, i.problems_total, self.data_rows, self.replaced, i.header_repeats] {
            o.u64(v as u64);
        }
        o.u64(i.problems.len() as u64);
        for p in &i.problems {
            o.u64(p.row.unwrap_or(u64::MAX));
            o.opt_str(p.column.as_deref());
            o.bytes(p.message.as_bytes());
            o.bytes(p.message_en.as_bytes());
        }
        o.u64(i.duplicate_refs.len() as u64);
        for (at, id, first) in &i.duplicate_refs {
            o.u64(*at as u64);
            o.bytes(id.as_bytes());
            o.u64(u64::from(*first));
        }
        o.0.extend(self.dates.iter().map(|f| format_code(*f)));
        o.0
    }
}

struct In<'a>(&'a [u8]);

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
    /// A count of items at least `unit` bytes each: never more than the bytes left, so a bad
    /// count cannot ask for a huge allocation.
    fn count(&mut self, unit: usize) -> Option<usize> {
        let n = self.usize()?;
        (n.checked_mul(unit)? <= self.0.len()).then_some(n)
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.count(1)?;
        self.take(n)
    }
    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }
    fn opt_string(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }
    /// `n` values of `width` bytes, as they are.
    fn values(&mut self, n: usize, width: usize) -> Option<&'a [u8]> {
        (self.usize()? == n).then_some(())?;
        self.take(n.checked_mul(width)?)
    }
    fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.count(8)?;
        (0..n).map(|_| self.string()).collect()
    }
    /// A text column's text and ends, checked as [`StrColumn::from_parts`] would.
    fn column(&mut self, n: Option<usize>) -> Option<(&'a [u8], &'a [u8])> {
        let text = self.bytes()?;
        let len = match n {
            Some(n) => n,
            None => self.count(4)?,
        };
        let ends = if n.is_some() { self.values(len, 4)? } else { self.take(len * 4)? };
        let ordered = u32s(ends).try_fold(0u32, |prev, e| (prev <= e).then_some(e)).is_some_and(|last| last as usize <= text.len());
        ordered.then_some((text, ends))
    }
}

/// A part's bytes, checked and read in place: the columns are copied once, into the store.
struct PartBytes<'a> {
    len: usize,
    units: Vec<Unit>,
    procedures: Vec<String>,
    codes: Vec<String>,
    id_text: &'a [u8],
    id_ends: &'a [u8],
    row: &'a [u8],
    unit: &'a [u8],
    procedure: &'a [u8],
    procedure_code: &'a [u8],
    received: &'a [u8],
    due: &'a [u8],
    ended: &'a [u8],
    status: &'a [u8],
    channel: &'a [u8],
    flags: &'a [u8],
    personal_rows: &'a [u8],
    personal: Vec<(String, &'a [u8], &'a [u8])>,
    info: SourceInfo,
    data_rows: usize,
    dates: [Option<DateFormat>; 4],
    replaced: usize,
}

impl<'a> PartBytes<'a> {
    fn parse(bytes: &'a [u8]) -> Option<PartBytes<'a>> {
        let mut r = In(bytes);
        (r.take(MAGIC.len())? == MAGIC).then_some(())?;
        let mut units = Vec::new();
        for _ in 0..r.count(1)? {
            let name = r.string()?;
            let code = r.opt_string()?;
            let block = Some(Block(r.u8()?)).filter(|b| b.0 <= Block::UNKNOWN.0)?;
            let source = block_source(&r.string()?)?;
            units.push(Unit { name, code, block, block_source: source });
        }
        let procedures = r.strings()?;
        let codes = r.strings()?;
        let (id_text, id_ends) = r.column(None)?;
        let len = id_ends.len() / 4;
        let indices = |r: &mut In<'a>, below: usize| r.values(len, 4).filter(|v| u32s(v).all(|i| (i as usize) < below));
        let row = r.values(len, 4)?;
        let unit = indices(&mut r, units.len())?;
        let procedure = indices(&mut r, procedures.len())?;
        let procedure_code = indices(&mut r, codes.len())?;
        let received = r.values(len, 4).filter(|v| u32s(v).all(|d| d != NO_DATE))?;
        let due = r.values(len, 4)?;
        let ended = r.values(len, 4)?;
        let status = r.values(len, 1).filter(|v| v.iter().all(|&c| Status::from_code(u32::from(c)).is_some()))?;
        let channel = r.values(len, 1).filter(|v| v.iter().all(|&c| channel_from(c).is_some()))?;
        let flags = r.values(len, 2)?;
        let mut personal = Vec::new();
        let columns = r.count(1)?;
        let kept = r.count(4)?;
        let personal_rows = r.take(kept * 4)?;
        // Ascending dossiers of the part, as the store keeps them.
        u32s(personal_rows).try_fold(None, |prev: Option<u32>, v| (prev.is_none_or(|p| p < v) && (v as usize) < len).then_some(Some(v)))?;
        for _ in 0..columns {
            let header = r.string()?;
            let (text, ends) = r.column(Some(kept))?;
            personal.push((header, text, ends));
        }
        // Counts and rows within what a file can hold: never an overflow when they are added.
        let mut counts = [0usize; 7];
        for c in &mut counts {
            *c = r.usize().filter(|&v| v <= u32::MAX as usize)?;
        }
        let [skipped_rows, duplicates, rows_without_progress, problems_total, data_rows, replaced, header_repeats] = counts;
        let mut info = SourceInfo { skipped_rows, duplicates, rows_without_progress, problems_total, header_repeats, ..SourceInfo::default() };
        for _ in 0..r.count(1)? {
            let row = match r.u64()? {
                u64::MAX => None,
                v if v <= u64::from(u32::MAX) => Some(v),
                _ => return None,
            };
            let column = r.opt_string()?;
            let message = r.string()?;
            let message_en = r.string()?;
            info.problems.push(Problem { row, column, message, message_en, unmasked: None });
        }
        for _ in 0..r.count(1)? {
            let at = r.usize()?;
            let id = r.string()?;
            let first = u32::try_from(r.u64()?).ok()?;
            (at < info.problems.len() && (first as usize) < len).then_some(())?;
            info.duplicate_refs.push((at, id, first));
        }
        let mut dates = [None; 4];
        for d in &mut dates {
            *d = format_from(r.u8()?)?;
        }
        r.0.is_empty().then_some(PartBytes {
            len,
            units,
            procedures,
            codes,
            id_text,
            id_ends,
            row,
            unit,
            procedure,
            procedure_code,
            received,
            due,
            ended,
            status,
            channel,
            flags,
            personal_rows,
            personal,
            info,
            data_rows,
            dates,
            replaced,
        })
    }

    /// The `i`th dossier's id ("" for bytes that are not UTF-8, which no reader writes).
    fn id(&self, i: usize) -> &'a str {
        let end = |k: usize| u32s(&self.id_ends[k * 4..k * 4 + 4]).next().unwrap_or(0) as usize;
        let start = if i == 0 { 0 } else { end(i - 1) };
        std::str::from_utf8(&self.id_text[start..end(i)]).unwrap_or("")
    }
}

impl SplitPlan {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut o = Out::default();
        o.0.extend_from_slice(MAGIC);
        o.bytes(self.path.as_bytes());
        o.bytes(self.encoding.name().as_bytes());
        o.0.push(self.delimiter);
        o.strs(self.headers.iter().map(String::as_str));
        let m = &self.mapping;
        o.values(&m.fields, |(f, c)| {
            let c = (*c as u32).to_le_bytes();
            [*f as u8, c[0], c[1], c[2], c[3]]
        });
        o.values(&m.personal, |&c| (c as u32).to_le_bytes());
        o.0.extend(self.dates.iter().map(|f| format_code(*f)));
        o.0
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<SplitPlan> {
        let mut r = In(bytes);
        (r.take(MAGIC.len())? == MAGIC).then_some(())?;
        let path = r.string()?;
        let encoding = Encoding::from_name(&r.string()?)?;
        let delimiter = r.u8()?;
        let headers = r.strings()?;
        let n = r.count(5)?;
        let fields = r.take(n * 5)?.chunks_exact(5).map(|c| Some((Field::from_index(u32::from(c[0]))?, u32s(&c[1..]).next()? as usize))).collect::<Option<Vec<_>>>()?;
        let n = r.count(4)?;
        let personal: Vec<usize> = u32s(r.take(n * 4)?).map(|c| c as usize).collect();
        (fields.iter().map(|(_, c)| c).chain(&personal).all(|&c| c < headers.len())).then_some(())?;
        let mut dates = [None; 4];
        for d in &mut dates {
            *d = format_from(r.u8()?)?;
        }
        let mapping = Mapping { fields, personal, ..Mapping::default() };
        r.0.is_empty().then_some(SplitPlan { path, encoding, delimiter, headers, mapping, dates })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{self, SampleOptions};

    /// A generated month with the rows that make a merge hard: duplicates within and across the
    /// halves, unreadable cells, a title row, a quoted line break, a unit seen only late.
    fn messy_file() -> Vec<u8> {
        // Past the 256 KiB a reader looks at before deciding the encoding.
        let text = String::from_utf8(sample::csv(&SampleOptions { rows: 1500, ..SampleOptions::default() })).expect("utf-8");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let id = |l: &str| l.split(',').next().unwrap_or("").to_string();
        lines.insert(0, "Báo cáo hồ sơ tháng 5/2024,,,".to_string());
        // Repeats of earlier rows (one in other case), then a repeat within the rows after them.
        let (early, middle) = (lines[1005].clone(), lines[1200].clone());
        lines.insert(DUPLICATES_END - 2, early.replace(&id(&early), &id(&early).to_lowercase()));
        lines.insert(DUPLICATES_END - 1, middle);
        let again = lines[1400].clone();
        lines.insert(1450, again);
        // An unreadable date, an unknown status, a quoted line break, a row shifted by one cell.
        lines.insert(1360, lines[1365].replace("/2024", "/2O24"));
        lines.insert(1380, lines[1381].replacen(&id(&lines[1381]), "HS-MOI-1", 1).replace(",10,", ",99,"));
        lines.insert(1430, lines[1431].replacen(&id(&lines[1431]), "HS-MOI-2", 1).replacen(",Có,", ",\"Có\nhay không\",", 1));
        lines.insert(1470, lines[1471].replacen(&id(&lines[1471]), "HS-MOI-3", 1).replacen(",", ",\"UBND\nmới\",x,", 1));
        let mut out = lines.join("\n");
        out.push('\n');
        out.into_bytes()
    }

    /// The line (0-based) before which the rows repeating earlier ones end.
    const DUPLICATES_END: usize = 1350;

    fn line_start(bytes: &[u8], line: usize) -> usize {
        if line == 0 {
            return 0;
        }
        memchr::memchr_iter(b'\n', bytes).nth(line - 1).expect("so many lines") + 1
    }

    /// The file read before the one split.
    const FIRST: &[u8] = b"Ma ho so,Don vi,Ngay tiep nhan,Ngay hen tra\nX1,So Tu phap,02/05/2024,03/05/2024\n";

    fn read_whole(bytes: &[u8]) -> Loader {
        read_whole_after(FIRST, bytes)
    }

    fn read_whole_after(first: &[u8], bytes: &[u8]) -> Loader {
        let mut l = Loader::new();
        let _ = l.add_file("a.csv", first);
        let _ = l.add_file("b.csv", bytes);
        let _ = l.add_file("c.csv", &later_file(bytes));
        l
    }

    /// A file read after the split one, repeating ids of both its ends.
    fn later_file(bytes: &[u8]) -> Vec<u8> {
        let text = String::from_utf8_lossy(bytes);
        let lines: Vec<&str> = text.lines().collect();
        format!("{}\n{}\n{}\n", lines[1], lines[10], lines[lines.len() - 3]).into_bytes()
    }

    /// Reads `bytes` as the command line and the worker do: the first part to `cut` here, the rest
    /// by a part reader (through its bytes, as between workers), then merged or read on.
    fn read_split(bytes: &[u8], cut: usize) -> (Loader, bool) {
        read_split_after(FIRST, bytes, cut)
    }

    fn read_split_after(first: &[u8], bytes: &[u8], cut: usize) -> (Loader, bool) {
        let mut l = Loader::new();
        let _ = l.add_file("a.csv", first);
        let mut s = l.begin("b.csv", super::super::FileOptions::default());
        l.expect(&mut s, bytes.len() as u64);
        l.feed(&mut s, &bytes[..cut]).expect("feeds");
        let plan = SplitPlan::from_bytes(&l.split_plan(&s).expect("a plan").to_bytes()).expect("the plan reads back");
        let mut part = PartReader::new(&plan, (bytes.len() - cut) as u64);
        for chunk in bytes[cut..].chunks(1000) {
            part.feed(chunk).expect("the part feeds");
        }
        let merged = l.merge_part(&mut s, &part.finish().expect("the part ends").into_bytes());
        if !merged {
            l.feed(&mut s, &bytes[cut..]).expect("feeds the rest");
        }
        l.end(s).expect("ends");
        let _ = l.add_file("c.csv", &later_file(bytes));
        (l, merged)
    }

    fn same(a: &Loader, b: &Loader, what: &str) {
        let (x, y) = (a.store(), b.store());
        assert_eq!(x.id.iter().collect::<Vec<_>>(), y.id.iter().collect::<Vec<_>>(), "{what}: ids");
        assert_eq!((&x.file, &x.row, &x.unit, &x.procedure, &x.procedure_code), (&y.file, &y.row, &y.unit, &y.procedure, &y.procedure_code), "{what}");
        assert_eq!((&x.received, &x.due, &x.ended, &x.status, &x.channel, &x.flags), (&y.received, &y.due, &y.ended, &y.status, &y.channel, &y.flags), "{what}");
        assert_eq!(x.units, y.units, "{what}: units");
        assert_eq!((&x.procedures.values, &x.procedure_codes.values, x.known), (&y.procedures.values, &y.procedure_codes.values, y.known), "{what}");
        let personal = |s: &DossierStore| s.personal.iter().map(|p| (p.header.clone(), (0..p.values.len()).map(|i| p.values.text(i).into_owned()).collect::<Vec<_>>())).collect::<Vec<_>>();
        assert_eq!(personal(x), personal(y), "{what}: personal columns");
        assert_eq!(x.personal_rows, y.personal_rows, "{what}: dossiers with personal values");
        let json = |l: &Loader| serde_json::to_string(l.inputs()).expect("json");
        assert_eq!(json(a), json(b), "{what}: what the files said");
    }

    #[test]
    fn large_files_are_cut_a_little_past_the_middle_small_ones_not_at_all() {
        for second in [SecondReader::Thread, SecondReader::Worker] {
            assert_eq!(cut_target(SPLIT_MIN_BYTES - 1, second), None, "{second:?}");
            for size in [SPLIT_MIN_BYTES, 300_000_000, 4_000_000_000] {
                let cut = cut_target(size, second).expect("a large file is cut");
                assert!(cut > size / 2 && cut < size / 100 * 60, "{second:?}: {cut} of {size}");
            }
        }
        // The second worker's part also crosses by message: it gets less than a thread's.
        assert!(cut_target(SPLIT_MIN_BYTES, SecondReader::Worker) > cut_target(SPLIT_MIN_BYTES, SecondReader::Thread));
    }

    #[test]
    fn any_cut_reads_as_one_reader_does() {
        let bytes = messy_file();
        let whole = read_whole(&bytes);
        let info = &whole.inputs()[1];
        assert!(info.duplicates >= 2 && info.skipped_rows >= 1 && info.problems_total >= 4, "the file has what it should: {info:?}");
        assert_eq!(whole.inputs()[2].duplicates, 2, "the later file repeats two ids");
        let kept = whole.store().personal_rows.len();
        assert!(kept > 10 && kept < whole.store().len() / 2, "personal values kept for some dossiers, not all: {kept}");
        let (mut merged, mut refused) = (0, 0);
        // Every line start past the header, and cuts inside a quoted line break.
        let starts = (line_start(&bytes, 1000)..bytes.len()).filter(|&i| bytes[i - 1] == b'\n');
        for cut in starts {
            let (split, was_merged) = read_split(&bytes, cut);
            same(&whole, &split, &format!("cut at {cut}"));
            if was_merged { merged += 1 } else { refused += 1 }
        }
        // Cuts before the repeats of earlier rows are refused, cuts after them merged.
        assert!(merged > 100 && refused > 100, "merged {merged}, refused {refused}");
    }

    #[test]
    fn a_cut_inside_a_quoted_cell_or_an_id_seen_before_refuses_the_merge() {
        let bytes = messy_file();
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        let inside = text.find("hay không").expect("the quoted break");
        let cut = text[..inside].rfind('\n').expect("a line end") + 1;
        assert!(!read_split(&bytes, cut).1, "a cut inside quotes");
        assert!(!read_split(&bytes, line_start(&bytes, DUPLICATES_END - 2)).1, "an id already seen");
        assert!(read_split(&bytes, line_start(&bytes, DUPLICATES_END)).1, "ids not seen before");
    }

    #[test]
    fn two_personal_columns_with_one_header_stay_apart_and_merge() {
        // The phone column renamed "Địa chỉ", as the address after it.
        let text = String::from_utf8(sample::csv(&SampleOptions { rows: 1500, ..SampleOptions::default() })).expect("utf-8");
        let bytes = text.replacen("Số điện thoại", "Địa chỉ", 1).into_bytes();
        let whole = read_whole(&bytes);
        let st = whole.store();
        let addresses: Vec<_> = st.personal.iter().filter(|c| c.header == "Địa chỉ").collect();
        assert_eq!(addresses.len(), 2);
        assert_eq!(addresses[0].values.len(), st.personal_rows.len());
        assert_eq!(addresses[1].values.len(), st.personal_rows.len());
        assert!(addresses[0].values.text(0).starts_with('0'), "the phone numbers: {}", addresses[0].values.text(0));
        assert!(!addresses[1].values.text(0).starts_with('0'), "the addresses: {}", addresses[1].values.text(0));
        let (split, merged) = read_split(&bytes, line_start(&bytes, 1000));
        assert!(merged);
        same(&whole, &split, "two columns named alike");
    }

    #[test]
    fn a_file_without_personal_columns_after_one_with_keeps_none_however_read() {
        let first = "Ma ho so,Don vi,Ngay tiep nhan,Ngay hen tra,Chủ hồ sơ\nX1,So Tu phap,02/05/2024,03/05/2024,An\n".as_bytes();
        let text = String::from_utf8(sample::csv(&SampleOptions { rows: 1500, ..SampleOptions::default() })).expect("utf-8");
        let bytes = text.replacen("Chủ hồ sơ", "Cột A", 1).replacen("Số điện thoại", "Cột B", 1).replacen("Địa chỉ", "Cột C", 1).into_bytes();
        let whole = read_whole_after(first, &bytes);
        let st = whole.store();
        assert_eq!(st.personal.len(), 1, "the first file's column only");
        assert_eq!(st.personal_rows, vec![0], "the first file's dossier only");
        let (split, merged) = read_split_after(first, &bytes, line_start(&bytes, 1000));
        assert!(merged);
        same(&whole, &split, "a file without personal columns");
    }

    #[test]
    fn bytes_from_elsewhere_are_refused() {
        let bytes = messy_file();
        let mut l = Loader::new();
        let mut s = l.begin("b.csv", super::super::FileOptions::default());
        l.feed(&mut s, &bytes[..line_start(&bytes, 1400)]).expect("feeds");
        let plan = l.split_plan(&s).expect("a plan");
        let mut part = PartReader::new(&plan, 0);
        part.feed("HS9,Sở Tư pháp,000.00.01.H10,1.1,Thủ tục,Trực tiếp,02/05/2024,03/05/2024,,,4,Có,Không,0,Không,,,,,,An,0912,Xã\n".as_bytes()).expect("feeds");
        let good = part.finish().expect("ends").into_bytes();
        assert!(PartBytes::parse(&good).is_some_and(|p| p.len == 1 && p.id(0) == "HS9"));
        for cut in [0, 7, 20, good.len() / 2, good.len() - 1] {
            assert!(PartBytes::parse(&good[..cut]).is_none(), "cut at {cut}");
            assert!(!l.merge_part(&mut s, &good[..cut]), "cut at {cut}");
        }
        let mut bad = good.clone();
        let at = bad.len() - 2;
        bad[at] = 9; // a date format that does not exist
        assert!(PartBytes::parse(&bad).is_none());
        // A block that does not exist (the byte after the first unit's name and code).
        let name = "Sở Tư pháp".as_bytes();
        let at = good.windows(name.len()).position(|w| w == name).expect("the unit's name") + name.len();
        let mut bad = good.clone();
        let code_len = u64::from_le_bytes(bad[at + 1..at + 9].try_into().expect("8 bytes")) as usize;
        bad[at + 9 + code_len] = 9;
        assert!(PartBytes::parse(&bad).is_none(), "block 9");
        bad[at + 9 + code_len] = Block::UNKNOWN.0;
        assert!(PartBytes::parse(&bad).is_some(), "the unknown block is one");
        assert!(SplitPlan::from_bytes(&good).is_none());
        assert!(!l.store().id.iter().any(|id| id == "HS9"), "nothing merged");
        assert!(l.merge_part(&mut s, &good), "the good part merges");
        assert_eq!(l.store().id.iter().last(), Some("HS9"));
    }

    #[test]
    fn a_part_past_the_memory_ceiling_stops_and_the_first_reader_reads_on() {
        let bytes = messy_file();
        let cut = line_start(&bytes, DUPLICATES_END);
        let mut l = Loader::new();
        let mut s = l.begin("b.csv", super::super::FileOptions::default());
        l.feed(&mut s, &bytes[..cut]).expect("feeds");
        let plan = l.split_plan(&s).expect("a plan");
        let mut part = PartReader::new(&plan, (bytes.len() - cut) as u64);
        part.set_memory_limit(Some(4096));
        let stopped = bytes[cut..].chunks(1000).map(|c| part.feed(c)).find_map(Result::err);
        assert!(matches!(stopped, Some(IngestError::MemoryLimit { .. })), "{stopped:?}");
        // What the worker does then: the first reader reads the rest, as if alone.
        l.feed(&mut s, &bytes[cut..]).expect("feeds the rest");
        l.end(s).expect("ends");
        let mut whole = Loader::new();
        whole.add_file("b.csv", &bytes).expect("reads");
        assert_eq!(l.store().len(), whole.store().len());
    }

    #[test]
    fn the_rest_of_a_file_in_another_encoding_is_read_alike() {
        let text = String::from_utf8(messy_file()).expect("utf-8");
        let bytes = encoding_rs::WINDOWS_1258.encode(&sample::windows_1258_form(&text)).0.into_owned();
        let whole = read_whole(&bytes);
        let cut = line_start(&bytes, DUPLICATES_END + 30);
        let (split, merged) = read_split(&bytes, cut);
        assert!(merged);
        same(&whole, &split, "windows-1258");
        assert_eq!(whole.inputs()[1].encoding, "windows-1258");
    }
}
