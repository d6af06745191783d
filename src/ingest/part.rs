//! A second reader of one large CSV: from a line end near the middle to the end of the file, into
//! a dataset of its own, handed to the first reader as bytes.
//!
//! Owns the [`SplitPlan`] (what the first reader decided, for the second to read on with), the
//! [`PartReader`] and its [`Part`], and both as bytes (between threads, or between workers of
//! one wasm module). Knows nothing of when a file is split or where (`halves`), nor of the
//! loader it is merged into: the loader takes a [`PartBytes`] over (`Loader::merge_part`).
//!
//! The first reader takes the part over only where that gives what one reader going straight
//! through gives, to the message; otherwise it reads the rest itself:
//!
//! - the cut fell inside a quoted cell (a line break within a cell), so the part read from the
//!   middle of a record;
//! - a dossier id of the part is already among the first reader's (the part would have kept a row
//!   one reader drops, with that row's messages and units);
//! - a date column's format was decided differently by the two readers.
//!
//! The part lists its first problems as one reader lists a file's (up to `MAX_LISTED_PROBLEMS`),
//! which is always enough to fill what the first reader's list has left.

use super::csv_stream::CsvStream;
use super::dataset::{Dataset, DatasetBytes, Room};
use super::decode::Encoding;
use super::error::IngestError;
use super::rows::{date_formats, Counted, Decided, FileRows, Target};
use super::source::{Problem, SourceInfo};
use super::value::DateFormat;
use crate::messages::Text;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a second reader needs to read a file on from a line end: the first reader's decisions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitPlan {
    magic: [u8; 8],
    pub(super) path: String,
    #[serde(
        serialize_with = "encoding_name",
        deserialize_with = "encoding_by_name"
    )]
    pub(super) encoding: Encoding,
    pub(super) delimiter: u8,
    pub(super) decided: Decided,
}

/// A tag and version at the start of a plan's and a part's bytes, so bytes from anything else
/// (or from another build's layout) are refused.
const MAGIC: [u8; 8] = *b"chiso1p\x04";

fn encoding_name<S: Serializer>(e: &Encoding, s: S) -> Result<S::Ok, S::Error> {
    e.name().serialize(s)
}

fn encoding_by_name<'de, D: Deserializer<'de>>(d: D) -> Result<Encoding, D::Error> {
    let name = <&str>::deserialize(d)?;
    Encoding::from_name(name).ok_or_else(|| serde::de::Error::custom("unknown encoding"))
}

impl SplitPlan {
    /// The plan for the rest of a file read from its start in `encoding`, once its header is
    /// found: `None` for an encoding where a `\n` byte may not end a line.
    pub(super) fn new(
        path: &str,
        encoding: Encoding,
        delimiter: u8,
        decided: Decided,
    ) -> Option<SplitPlan> {
        let splittable = match encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => true,
            Encoding::CodePage(e) => e.is_single_byte(),
            Encoding::Utf16Le | Encoding::Utf16Be | Encoding::Legacy(_) => false,
        };
        splittable.then(|| SplitPlan {
            magic: MAGIC,
            path: path.to_string(),
            encoding,
            delimiter,
            decided,
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        // A plan is a few strings and numbers: it always serialises.
        postcard::to_allocvec(self).unwrap_or_default()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<SplitPlan> {
        let plan: SplitPlan = postcard::from_bytes(bytes).ok()?;
        (plan.magic == MAGIC && plan.decided.is_consistent()).then_some(plan)
    }
}

/// Reads a file from a line end on, into a dataset of its own (see the module's comment).
pub struct PartReader {
    csv: CsvStream,
    rows: FileRows,
    data: Dataset,
    /// The room made for the part's rows (as `Loader::expect`).
    room: Room,
    /// The most its dataset may hold (as `Loader::set_memory_limit`).
    memory_limit: Option<u64>,
}

impl PartReader {
    /// A reader of the `bytes` bytes from a line end to the end of the file (0: not known).
    pub fn new(plan: &SplitPlan, bytes: u64) -> PartReader {
        let mut data = Dataset::default();
        let rows = FileRows::continuing(SourceInfo::new(&plan.path), &plan.decided, &mut data);
        let csv = CsvStream::continuing(plan.encoding, plan.delimiter);
        PartReader {
            csv,
            rows,
            data,
            room: Room::expecting(bytes),
            memory_limit: None,
        }
    }

    /// Stops reading with [`IngestError::MemoryLimit`] past `bytes` (the first reader then reads
    /// on itself, and stops there with its own message).
    pub fn set_memory_limit(&mut self, bytes: Option<u64>) {
        self.memory_limit = bytes;
    }

    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), IngestError> {
        self.push(chunk, false)?;
        let limit = self.memory_limit;
        self.room.fed(chunk.len(), &mut self.data, 0, |d| {
            limit.is_some_and(|l| d.heap_bytes() as u64 > l)
        });
        match limit.filter(|&l| self.data.heap_bytes() as u64 > l) {
            Some(limit) => Err(IngestError::MemoryLimit {
                used: self.data.heap_bytes() as u64,
                limit,
            }),
            None => Ok(()),
        }
    }

    fn push(&mut self, chunk: &[u8], last: bool) -> Result<(), IngestError> {
        let mut target = Target {
            data: &mut self.data,
            inputs: &[],
            file_index: 0,
        };
        let rows = &mut self.rows;
        self.csv.feed(chunk, last, &mut |line, rec| {
            rows.push(line, rec, &mut target)
        })?;
        for line in self.csv.take_long_lines() {
            self.rows.line_too_long(line);
        }
        Ok(())
    }

    /// The rows read, after the file's last bytes.
    pub fn finish(mut self) -> Result<Part, IngestError> {
        self.push(&[], true)?;
        Ok(Part {
            data: self.data,
            counted: self.rows.counted(),
            replaced: self.csv.replaced(),
        })
    }
}

/// What a [`PartReader`] read: its dossiers (lines counted from the part's start), problems and
/// counts, and the date formats it decided.
pub struct Part {
    data: Dataset,
    counted: Counted,
    replaced: usize,
}

/// A part's head: what its reader counted and reported. Its dataset's bytes follow.
#[derive(Serialize, Deserialize)]
struct Head {
    magic: [u8; 8],
    skipped_rows: u32,
    duplicates: u32,
    rows_without_progress: u32,
    problems_total: u32,
    data_rows: u32,
    replaced: u32,
    header_repeats: u32,
    problems: Vec<Problem>,
    /// Each problem's message quoting the cell, where it masks one (`Problem::unmasked`, which
    /// the report's JSON never holds): the user who unmasks sees both parts' alike.
    unmasked: Vec<Option<(String, String)>>,
    /// (index in `problems`, the id as written, the dossier of the part it repeats).
    duplicate_refs: Vec<(u32, String, u32)>,
    #[serde(with = "date_formats")]
    dates: [Option<DateFormat>; 4],
}

/// Counts past what a file holds are refused: never an overflow when they are added.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Part {
    pub fn dossiers(&self) -> usize {
        self.data.store().len()
    }

    /// The part as bytes for `Loader::merge_part` ([`PartBytes::parse`] reads them back).
    pub fn into_bytes(self) -> Vec<u8> {
        let i = &self.counted.info;
        let head = Head {
            magic: MAGIC,
            skipped_rows: count(i.skipped_rows),
            duplicates: count(i.duplicates),
            rows_without_progress: count(i.rows_without_progress),
            problems_total: count(i.problems_total),
            data_rows: count(self.counted.data_rows),
            replaced: count(self.replaced),
            header_repeats: count(i.header_repeats),
            problems: i.problems.clone(),
            unmasked: i
                .problems
                .iter()
                .map(|p| p.unmasked.as_ref().map(|t| (t.vi.clone(), t.en.clone())))
                .collect(),
            duplicate_refs: i
                .duplicate_refs
                .iter()
                .map(|(at, id, first)| (count(*at), id.clone(), *first))
                .collect(),
            dates: self.counted.dates,
        };
        // Strings, numbers and a dataset held in memory: serialising them cannot fail short of
        // memory, and empty bytes are refused by the merge like any bad part.
        let Ok(mut out) = postcard::to_allocvec(&head) else {
            return Vec::new();
        };
        match self.data.into_bytes(&mut out) {
            Ok(()) => out,
            Err(_) => Vec::new(),
        }
    }
}

/// A part's bytes, checked and read in place.
pub struct PartBytes<'a> {
    pub(super) dossiers: DatasetBytes<'a>,
    pub(super) counted: Counted,
    pub(super) replaced: usize,
}

impl<'a> PartBytes<'a> {
    /// `None` for bytes [`Part::into_bytes`] does not write.
    pub fn parse(bytes: &'a [u8]) -> Option<PartBytes<'a>> {
        let (head, rest): (Head, _) = postcard::take_from_bytes(bytes).ok()?;
        (head.magic == MAGIC).then_some(())?;
        let dossiers = DatasetBytes::parse(rest)?;
        let problems = head.problems.len();
        let refs_ok = head
            .duplicate_refs
            .iter()
            .all(|(at, _, first)| (*at as usize) < problems && (*first as usize) < dossiers.len());
        let rows_ok = head
            .problems
            .iter()
            .all(|p| p.row.is_none_or(|r| r <= u64::from(u32::MAX)));
        (refs_ok && rows_ok && head.unmasked.len() == problems).then_some(())?;
        let mut problems = head.problems;
        for (p, unmasked) in problems.iter_mut().zip(head.unmasked) {
            p.unmasked = unmasked.map(|(vi, en)| {
                Box::new(Text {
                    vi,
                    en,
                    unmasked: None,
                })
            });
        }
        let info = SourceInfo {
            skipped_rows: head.skipped_rows as usize,
            duplicates: head.duplicates as usize,
            rows_without_progress: head.rows_without_progress as usize,
            problems_total: head.problems_total as usize,
            header_repeats: head.header_repeats as usize,
            problems,
            duplicate_refs: head
                .duplicate_refs
                .into_iter()
                .map(|(at, id, first)| (at as usize, id, first))
                .collect(),
            ..SourceInfo::default()
        };
        let counted = Counted {
            info,
            data_rows: head.data_rows as usize,
            dates: head.dates,
        };
        Some(PartBytes {
            dossiers,
            counted,
            replaced: head.replaced as usize,
        })
    }

    pub fn len(&self) -> usize {
        self.dossiers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dossiers.is_empty()
    }

    /// The `i`th dossier's id.
    pub fn id(&self, i: usize) -> &'a str {
        self.dossiers.id(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{FileOptions, IngestError, Loader};
    use crate::model::DossierStore;
    use crate::sample::{self, SampleOptions};

    /// A generated month with the rows that make a merge hard: duplicates within and across the
    /// halves, unreadable cells, a title row, a quoted line break, a unit seen only late.
    fn messy_file() -> Vec<u8> {
        // Past the 256 KiB a reader looks at before deciding the encoding.
        let text = String::from_utf8(sample::csv(&SampleOptions {
            rows: 1500,
            ..SampleOptions::default()
        }))
        .expect("utf-8");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let id = |l: &str| l.split(',').next().unwrap_or("").to_string();
        lines.insert(0, "Báo cáo hồ sơ tháng 5/2024,,,".to_string());
        // Repeats of earlier rows (one in other case), then a repeat within the rows after them.
        let (early, middle) = (lines[1005].clone(), lines[1200].clone());
        lines.insert(
            DUPLICATES_END - 2,
            early.replace(&id(&early), &id(&early).to_lowercase()),
        );
        lines.insert(DUPLICATES_END - 1, middle);
        let again = lines[1400].clone();
        lines.insert(1450, again);
        // An unreadable date, an unknown status, a quoted line break, a row shifted by one cell.
        lines.insert(1360, lines[1365].replace("/2024", "/2O24"));
        lines.insert(
            1380,
            lines[1381]
                .replacen(&id(&lines[1381]), "HS-MOI-1", 1)
                .replace(",10,", ",99,"),
        );
        lines.insert(
            1430,
            lines[1431]
                .replacen(&id(&lines[1431]), "HS-MOI-2", 1)
                .replacen(",Có,", ",\"Có\nhay không\",", 1),
        );
        lines.insert(
            1470,
            lines[1471]
                .replacen(&id(&lines[1471]), "HS-MOI-3", 1)
                .replacen(",", ",\"UBND\nmới\",x,", 1),
        );
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
        memchr::memchr_iter(b'\n', bytes)
            .nth(line - 1)
            .expect("so many lines")
            + 1
    }

    /// The file read before the one split.
    const FIRST: &[u8] =
        b"Ma ho so,Don vi,Ngay tiep nhan,Ngay hen tra\nX1,So Tu phap,02/05/2024,03/05/2024\n";

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
        let mut s = l.begin("b.csv", FileOptions::default());
        l.expect(&mut s, bytes.len() as u64);
        l.feed(&mut s, &bytes[..cut]).expect("feeds");
        let plan = SplitPlan::from_bytes(&s.split_plan().expect("a plan").to_bytes())
            .expect("the plan reads back");
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
        assert_eq!(
            x.id.iter().collect::<Vec<_>>(),
            y.id.iter().collect::<Vec<_>>(),
            "{what}: ids"
        );
        assert_eq!(
            (&x.file, &x.row, &x.unit, &x.procedure, &x.procedure_code),
            (&y.file, &y.row, &y.unit, &y.procedure, &y.procedure_code),
            "{what}"
        );
        assert_eq!(
            (
                &x.received,
                &x.due,
                &x.ended,
                &x.status,
                &x.channel,
                &x.flags
            ),
            (
                &y.received,
                &y.due,
                &y.ended,
                &y.status,
                &y.channel,
                &y.flags
            ),
            "{what}"
        );
        assert_eq!(x.units, y.units, "{what}: units");
        assert_eq!(
            (&x.procedures.values, &x.procedure_codes.values, x.known),
            (&y.procedures.values, &y.procedure_codes.values, y.known),
            "{what}"
        );
        let personal = |s: &DossierStore| {
            s.personal
                .iter()
                .map(|p| {
                    (
                        p.header.clone(),
                        (0..p.values.len())
                            .map(|i| p.values.text(i).into_owned())
                            .collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(personal(x), personal(y), "{what}: personal columns");
        assert_eq!(
            x.personal_rows, y.personal_rows,
            "{what}: dossiers with personal values"
        );
        let json = |l: &Loader| serde_json::to_string(l.inputs()).expect("json");
        assert_eq!(json(a), json(b), "{what}: what the files said");
        // And what they said quoting cells as written, for the user who unmasks.
        let unmasked = |l: &Loader| {
            l.inputs()
                .iter()
                .flat_map(|i| &i.problems)
                .map(|p| p.unmasked.as_ref().map(|t| t.vi.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(unmasked(a), unmasked(b), "{what}: the unmasked messages");
    }

    #[test]
    fn any_cut_reads_as_one_reader_does() {
        let bytes = messy_file();
        let whole = read_whole(&bytes);
        let info = &whole.inputs()[1];
        assert!(
            info.duplicates >= 2 && info.skipped_rows >= 1 && info.problems_total >= 4,
            "the file has what it should: {info:?}"
        );
        assert_eq!(
            whole.inputs()[2].duplicates,
            2,
            "the later file repeats two ids"
        );
        assert!(
            info.problems.iter().any(|p| p.unmasked.is_some()),
            "a quote masked (the shifted row)"
        );
        let kept = whole.store().personal_rows.len();
        assert!(
            kept > 10 && kept < whole.store().len() / 2,
            "personal values kept for some dossiers, not all: {kept}"
        );
        let (mut merged, mut refused) = (0, 0);
        // Every line start past the header, and cuts inside a quoted line break.
        let starts = (line_start(&bytes, 1000)..bytes.len()).filter(|&i| bytes[i - 1] == b'\n');
        for cut in starts {
            let (split, was_merged) = read_split(&bytes, cut);
            same(&whole, &split, &format!("cut at {cut}"));
            if was_merged {
                merged += 1
            } else {
                refused += 1
            }
        }
        // Cuts before the repeats of earlier rows are refused, cuts after them merged.
        assert!(
            merged > 100 && refused > 100,
            "merged {merged}, refused {refused}"
        );
    }

    #[test]
    fn a_cut_inside_a_quoted_cell_or_an_id_seen_before_refuses_the_merge() {
        let bytes = messy_file();
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        let inside = text.find("hay không").expect("the quoted break");
        let cut = text[..inside].rfind('\n').expect("a line end") + 1;
        assert!(!read_split(&bytes, cut).1, "a cut inside quotes");
        assert!(
            !read_split(&bytes, line_start(&bytes, DUPLICATES_END - 2)).1,
            "an id already seen"
        );
        assert!(
            read_split(&bytes, line_start(&bytes, DUPLICATES_END)).1,
            "ids not seen before"
        );
    }

    #[test]
    fn two_personal_columns_with_one_header_stay_apart_and_merge() {
        // The phone column renamed "Địa chỉ", as the address after it.
        let text = String::from_utf8(sample::csv(&SampleOptions {
            rows: 1500,
            ..SampleOptions::default()
        }))
        .expect("utf-8");
        let bytes = text.replacen("Số điện thoại", "Địa chỉ", 1).into_bytes();
        let whole = read_whole(&bytes);
        let st = whole.store();
        let addresses: Vec<_> = st
            .personal
            .iter()
            .filter(|c| c.header == "Địa chỉ")
            .collect();
        assert_eq!(addresses.len(), 2);
        assert_eq!(addresses[0].values.len(), st.personal_rows.len());
        assert_eq!(addresses[1].values.len(), st.personal_rows.len());
        assert!(
            addresses[0].values.text(0).starts_with('0'),
            "the phone numbers: {}",
            addresses[0].values.text(0)
        );
        assert!(
            !addresses[1].values.text(0).starts_with('0'),
            "the addresses: {}",
            addresses[1].values.text(0)
        );
        let (split, merged) = read_split(&bytes, line_start(&bytes, 1000));
        assert!(merged);
        same(&whole, &split, "two columns named alike");
    }

    #[test]
    fn a_file_without_personal_columns_after_one_with_keeps_none_however_read() {
        let first = "Ma ho so,Don vi,Ngay tiep nhan,Ngay hen tra,Chủ hồ sơ\nX1,So Tu \
            phap,02/05/2024,03/05/2024,An\n"
            .as_bytes();
        let text = String::from_utf8(sample::csv(&SampleOptions {
            rows: 1500,
            ..SampleOptions::default()
        }))
        .expect("utf-8");
        let bytes = text
            .replacen("Chủ hồ sơ", "Cột A", 1)
            .replacen("Số điện thoại", "Cột B", 1)
            .replacen("Địa chỉ", "Cột C", 1)
            .into_bytes();
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
        let mut s = l.begin("b.csv", FileOptions::default());
        l.feed(&mut s, &bytes[..line_start(&bytes, 1400)])
            .expect("feeds");
        let plan = s.split_plan().expect("a plan");
        let mut part = PartReader::new(&plan, 0);
        part.feed(
            "HS9,Sở Tư pháp,000.00.01.H10,1.1,Thủ tục,Trực \
             tiếp,02/05/2024,03/05/2024,,,4,Có,Không,0,Không,,,,,,An,0912,Xã\n"
                .as_bytes(),
        )
        .expect("feeds");
        let good = part.finish().expect("ends").into_bytes();
        assert!(PartBytes::parse(&good).is_some_and(|p| p.len() == 1 && p.id(0) == "HS9"));
        for cut in [0, 7, 20, good.len() / 2, good.len() - 1] {
            assert!(PartBytes::parse(&good[..cut]).is_none(), "cut at {cut}");
            assert!(!l.merge_part(&mut s, &good[..cut]), "cut at {cut}");
        }
        // A date format that does not exist (the head's last byte, after the 4th date's tag).
        let (_, rest): (Head, &[u8]) = postcard::take_from_bytes(&good).expect("a head");
        let head_len = good.len() - rest.len();
        assert_eq!(
            good[head_len - 2],
            1,
            "the last date column's format is decided"
        );
        let mut bad = good.clone();
        bad[head_len - 1] = 9;
        assert!(PartBytes::parse(&bad).is_none());
        // Any byte changed: refused or read, never a panic.
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x5A;
            let _ = PartBytes::parse(&bad);
        }
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
        let mut s = l.begin("b.csv", FileOptions::default());
        l.feed(&mut s, &bytes[..cut]).expect("feeds");
        let plan = s.split_plan().expect("a plan");
        let mut part = PartReader::new(&plan, (bytes.len() - cut) as u64);
        part.set_memory_limit(Some(4096));
        let stopped = bytes[cut..]
            .chunks(1000)
            .map(|c| part.feed(c))
            .find_map(Result::err);
        assert!(
            matches!(stopped, Some(IngestError::MemoryLimit { .. })),
            "{stopped:?}"
        );
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
        let bytes = encoding_rs::WINDOWS_1258
            .encode(&sample::windows_1258_form(&text))
            .0
            .into_owned();
        let whole = read_whole(&bytes);
        let cut = line_start(&bytes, DUPLICATES_END + 30);
        let (split, merged) = read_split(&bytes, cut);
        assert!(merged);
        same(&whole, &split, "windows-1258");
        assert_eq!(
            whole.inputs()[1].encoding.map(Encoding::name),
            Some("windows-1258")
        );
    }
}
