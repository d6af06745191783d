//! Any number of files, chunk by chunk, into two datasets (the provincial dossiers and the
//! national portal's) and the other inputs, with what was understood of each file.
//!
//! Owns the [`Loader`] and a file in progress ([`FileStream`]): which format a file is (from its
//! first bytes), where its rows go, the memory ceiling, and dropping a file's rows again (Cancel,
//! an error part-way). Knows nothing of whether a second reader reads part of a file (`halves`
//! decides that and hands its part over through [`Loader::merge_part`]), nor of periods or
//! figures.

use super::csv_stream::CsvStream;
use super::dataset::{Dataset, Mark, Room};
use super::decode::Encoding;
use super::error::IngestError;
use super::html::HtmlTable;
use super::options::FileOptions;
use super::part::{PartBytes, SplitPlan};
use super::rows::{FileRows, Target};
use super::sniff::{self, FileKind};
use super::source::{InputKind, SourceFormat, SourceInfo};
use super::{header, other, workbook, xls, xlsx};
use crate::messages;
use crate::model::other::Others;
use crate::model::DossierStore;

/// The largest .xlsx held in memory to unzip (a CSV has no limit: it is streamed).
pub const MAX_XLSX_BYTES: u64 = 256 * 1024 * 1024;

/// Which dataset a file's dossiers go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feeds {
    /// The province's own dossiers: every figure is computed from them.
    Provincial,
    /// A DVCQG export of the same period, reconciled with the provincial dossiers and never
    /// mixed into their figures.
    National,
}

// One Format per file being read: boxing the CsvStream would add an indirection on every chunk
// fed, for nothing.
#[allow(clippy::large_enum_variant)]
enum Format {
    Undecided(Vec<u8>),
    Csv(CsvStream),
    Xlsx(Vec<u8>),
    /// An .xls or .ods, which calamine reads whole.
    Whole(xls::Kind, Vec<u8>),
    Html(HtmlTable),
    /// A workbook read by random access ([`Loader::add_workbook`]): nothing is fed.
    Fetched,
}

/// One file being read, chunk by chunk.
pub struct FileStream {
    options: FileOptions,
    format: Format,
    rows: FileRows,
    feeds: Feeds,
    /// Where the file's dossiers start: a cancelled file takes its rows, its personal columns
    /// and the columns it made known with it.
    start: Mark,
    file_index: usize,
    /// The room made for the file's rows ([`Loader::expect`]).
    room: Room,
}

impl FileStream {
    pub fn feeds(&self) -> Feeds {
        self.feeds
    }

    /// The plan for a second reader of this file, once its header is found: a dossier CSV in an
    /// encoding where every `\n` byte ends a line.
    pub fn split_plan(&self) -> Option<SplitPlan> {
        let Format::Csv(csv) = &self.format else {
            return None;
        };
        SplitPlan::new(
            &self.rows.info.path,
            csv.encoding()?,
            csv.delimiter(),
            self.rows.decided()?,
        )
    }

    /// Adds a chunk (`last`: the file's end) to the file's rows in `target`.
    fn push(
        &mut self,
        chunk: &[u8],
        last: bool,
        target: &mut Target<'_>,
    ) -> Result<(), IngestError> {
        if let Format::Undecided(head) = &mut self.format {
            head.extend_from_slice(chunk);
            if head.len() < sniff::KIND_BYTES && !last {
                return Ok(());
            }
            let head = std::mem::take(head);
            let encoding = self.options.encoding;
            self.format = match sniff::file_kind(&head) {
                FileKind::Xlsx => Format::Xlsx(Vec::new()),
                FileKind::Ods => Format::Whole(xls::Kind::Ods, Vec::new()),
                FileKind::Ole => Format::Whole(xls::Kind::Xls, Vec::new()),
                FileKind::Html => Format::Html(HtmlTable::new(encoding)),
                FileKind::Text => Format::Csv(CsvStream::new(encoding)),
            };
            return self.push(&head, last, target);
        }
        match &mut self.format {
            Format::Csv(csv) => {
                let rows = &mut self.rows;
                csv.feed(chunk, last, &mut |line, rec| rows.push(line, rec, target))?;
                for line in csv.take_long_lines() {
                    rows.line_too_long(line);
                }
                let info = &mut self.rows.info;
                info.encoding = csv.encoding();
                info.delimiter = Some(csv.delimiter());
            }
            Format::Xlsx(bytes) => {
                if (bytes.len() + chunk.len()) as u64 > MAX_XLSX_BYTES {
                    return Err(IngestError::XlsxTooBig {
                        size: (bytes.len() + chunk.len()) as u64,
                        limit: MAX_XLSX_BYTES,
                    });
                }
                bytes.extend_from_slice(chunk);
                if last {
                    let (rows, options) = (&mut self.rows, &self.options);
                    let mut held: &[u8] = bytes;
                    workbook::read_xlsx(&mut held, rows, options, self.start, target)?;
                }
            }
            Format::Whole(kind, bytes) => {
                if (bytes.len() + chunk.len()) as u64 > MAX_XLSX_BYTES {
                    return Err(IngestError::XlsxTooBig {
                        size: (bytes.len() + chunk.len()) as u64,
                        limit: MAX_XLSX_BYTES,
                    });
                }
                bytes.extend_from_slice(chunk);
                if last {
                    let (rows, options) = (&mut self.rows, &self.options);
                    workbook::read_whole(*kind, bytes, rows, options, self.start, target)?;
                }
            }
            Format::Html(page) => {
                let rows = &mut self.rows;
                page.feed(chunk, last, &mut |line, row| rows.push(line, row, target))?;
                rows.info.format = SourceFormat::Html;
                rows.info.encoding = page.encoding();
            }
            Format::Undecided(_) | Format::Fetched => {}
        }
        Ok(())
    }
}

/// Builds the datasets from any number of files.
#[derive(Default)]
pub struct Loader {
    provincial: Dataset,
    national: Dataset,
    inputs: Vec<SourceInfo>,
    others: Others,
    /// The most the datasets may hold, in bytes (`None`: no ceiling).
    memory_limit: Option<u64>,
}

impl Loader {
    pub fn new() -> Loader {
        Loader::default()
    }

    pub fn inputs(&self) -> &[SourceInfo] {
        &self.inputs
    }

    /// The provincial dossiers.
    pub fn store(&self) -> &DossierStore {
        self.provincial.store()
    }

    /// The dossiers of DVCQG exports, if any were loaded ([`Feeds::National`]).
    pub fn national(&self) -> Option<&DossierStore> {
        (!self.national.is_empty()).then(|| self.national.store())
    }

    /// The provincial units, for a run that places them by rules of its own (a district's:
    /// `model::district`).
    pub fn units_mut(&mut self) -> &mut [crate::model::Unit] {
        &mut self.provincial.store.units
    }

    /// The catalogues, feedback, scoreboards and publication tracking loaded so far.
    pub fn others(&self) -> &Others {
        &self.others
    }

    fn data(&mut self, feeds: Feeds) -> &mut Dataset {
        self.split_mut(feeds).0
    }

    /// A dataset, and the rest of the loader beside it.
    fn split_mut(&mut self, feeds: Feeds) -> (&mut Dataset, &[SourceInfo], &Others) {
        let data = match feeds {
            Feeds::Provincial => &mut self.provincial,
            Feeds::National => &mut self.national,
        };
        (data, &self.inputs, &self.others)
    }

    /// Where a file's rows go: its dataset, beside the files read before it.
    fn target(&mut self, s: &FileStream) -> Target<'_> {
        let (data, inputs, _) = self.split_mut(s.feeds);
        Target {
            data,
            inputs,
            file_index: s.file_index,
        }
    }

    /// Sets the most the dossiers may hold in memory: a file that would pass it stops with a
    /// clear message, its rows dropped, before the browser tab runs out of memory.
    pub fn set_memory_limit(&mut self, bytes: Option<u64>) {
        self.memory_limit = bytes;
    }

    /// Bytes the loaded dossiers hold (both datasets).
    pub fn memory_used(&self) -> u64 {
        (self.provincial.heap_bytes() + self.national.heap_bytes()) as u64
    }

    /// Everything read: the provincial dossiers, other inputs, and what was understood of each
    /// file.
    pub fn finish_all(self) -> (DossierStore, Others, Vec<SourceInfo>) {
        (self.provincial.into_store(), self.others, self.inputs)
    }

    /// Everything read, with the DVCQG exports' dossiers apart.
    pub fn finish_with_national(
        self,
    ) -> (DossierStore, Option<DossierStore>, Others, Vec<SourceInfo>) {
        let national = (!self.national.is_empty()).then(|| self.national.into_store());
        (
            self.provincial.into_store(),
            national,
            self.others,
            self.inputs,
        )
    }

    /// Reads one whole file.
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> Result<&SourceInfo, IngestError> {
        self.add_file_with(path, bytes, FileOptions::default())
    }

    pub fn add_file_with(
        &mut self,
        path: &str,
        bytes: &[u8],
        options: FileOptions,
    ) -> Result<&SourceInfo, IngestError> {
        let mut s = self.begin(path, options);
        if let Err(e) = self.feed(&mut s, bytes) {
            self.cancel(s);
            return Err(e);
        }
        self.end(s)
    }

    /// Reads an .xlsx by random access (`source`: a seekable file natively, `File.slice` in the
    /// page's worker): the zip's directory and the parts needed are fetched and inflated a piece
    /// at a time and the rest of the file is never read, so the workbook's size has no cap and
    /// is never held.
    pub fn add_workbook(
        &mut self,
        path: &str,
        source: &mut dyn xlsx::Source,
        options: FileOptions,
        feeds: Feeds,
    ) -> Result<&SourceInfo, IngestError> {
        let mut s = self.begin_into(path, options, feeds);
        s.format = Format::Fetched;
        let mut target = self.target(&s);
        let read = workbook::read_xlsx(source, &mut s.rows, &s.options, s.start, &mut target);
        if let Err(e) = read {
            self.cancel(s);
            return Err(e);
        }
        self.end(s)
    }

    /// Starts a provincial file that will arrive in chunks.
    pub fn begin(&mut self, path: &str, options: FileOptions) -> FileStream {
        self.begin_into(path, options, Feeds::Provincial)
    }

    /// Starts a file that will arrive in chunks, its dossiers going to `feeds`.
    pub fn begin_into(&mut self, path: &str, options: FileOptions, feeds: Feeds) -> FileStream {
        let corrections = options.corrections.clone();
        FileStream {
            options,
            format: Format::Undecided(Vec::new()),
            rows: FileRows::new(SourceInfo::new(path), corrections),
            feeds,
            start: self.data(feeds).mark(),
            file_index: self.inputs.len(),
            room: Room::default(),
        }
    }

    /// Says how many bytes the file `s` has in all: once its first rows are read, its dataset
    /// makes room for the rest at once, estimated from the bytes they took.
    pub fn expect(&mut self, s: &mut FileStream, bytes: u64) {
        s.room = Room::expecting(bytes);
    }

    /// Adds the next chunk. On error, call [`Loader::cancel`].
    pub fn feed(&mut self, s: &mut FileStream, chunk: &[u8]) -> Result<(), IngestError> {
        s.push(chunk, false, &mut self.target(s))?;
        // Room made ahead is given back if it would pass the ceiling with the other dataset.
        let limit = self.memory_limit;
        let other = match s.feeds {
            Feeds::Provincial => self.national.heap_bytes(),
            Feeds::National => self.provincial.heap_bytes(),
        };
        let data = self.data(s.feeds);
        s.room.fed(chunk.len(), data, s.start.dossiers(), |d| {
            limit.is_some_and(|l| (d.heap_bytes() + other) as u64 > l)
        });
        match self.memory_limit {
            Some(limit) if self.memory_used() > limit => Err(IngestError::MemoryLimit {
                used: self.memory_used(),
                limit,
            }),
            _ => Ok(()),
        }
    }

    /// Takes over the rows a second reader read ([`super::part::Part::into_bytes`]) from where
    /// `s` stopped (every byte up to the part's start fed, none after). `false` when that would
    /// not give what reading on would (see `part`): nothing is changed then, and the caller
    /// feeds the rest of the file to `s` instead.
    pub fn merge_part(&mut self, s: &mut FileStream, bytes: &[u8]) -> bool {
        let Some(part) = PartBytes::parse(bytes) else {
            return false;
        };
        let Format::Csv(csv) = &mut s.format else {
            return false;
        };
        if !csv.between_records() || !s.rows.dates_agree(&part.counted.dates) {
            return false;
        }
        let offset = csv.line() - 1;
        let file = u16::try_from(s.file_index).unwrap_or(u16::MAX);
        let data = self.data(s.feeds);
        let Some(first) = data.append(&part.dossiers, file, offset) else {
            return false;
        };
        csv.add_replaced(part.replaced);
        s.rows.take_over(part.counted, offset, data.store(), first);
        true
    }

    /// Ends a file: its dossiers stay, and what was understood of it is returned.
    pub fn end(&mut self, s: FileStream) -> Result<&SourceInfo, IngestError> {
        let (start, feeds) = (s.start, s.feeds);
        self.end_file(s)?;
        debug_assert!(
            self.data(feeds).store().columns_agree(),
            "a column the rows did not fill"
        );
        // The last rows of a file (or all of a small one) are read here: the ceiling again.
        if let Some(limit) = self.memory_limit.filter(|&l| self.memory_used() > l) {
            let used = self.memory_used();
            self.data(feeds).back_to(start, true);
            self.inputs.pop();
            return Err(IngestError::MemoryLimit { used, limit });
        }
        Ok(&self.inputs[self.inputs.len() - 1])
    }

    fn end_file(&mut self, mut s: FileStream) -> Result<(), IngestError> {
        if let Err(e) = s.push(&[], true, &mut self.target(&s)) {
            self.cancel(s);
            return Err(e);
        }
        let replaced = match &s.format {
            Format::Csv(c) => c.replaced(),
            Format::Html(page) => page.replaced(),
            _ => 0,
        };
        let (start, feeds) = (s.start, s.feeds);
        let mut target = self.target(&s);
        let info = match s.rows.finish(&mut target) {
            Ok((mut info, Some(table))) => {
                other::read(&table, &mut self.others, &mut info);
                if table.kind == Some(header::Kind::Units) {
                    let (data, _, others) = self.split_mut(feeds);
                    data.place_units(&others.units);
                }
                info
            }
            Ok((mut info, None)) => {
                info.rows = self.data(feeds).since(start);
                if self.others.has_units {
                    let (data, _, others) = self.split_mut(feeds);
                    data.place_units(&others.units);
                }
                if replaced > 0 {
                    info.warnings.push(messages::replaced_bytes(replaced).vi);
                }
                if info.header_repeats > 0 {
                    info.warnings
                        .push(messages::header_repeated(info.header_repeats).vi);
                }
                if let Some(w) =
                    messages::encoding_warning(info.encoding.map_or("", Encoding::name))
                {
                    info.warnings.push(w.vi);
                }
                if feeds == Feeds::National {
                    info.kind = InputKind::NationalDossiers;
                }
                info
            }
            Err(e) => {
                self.data(feeds).back_to(start, false);
                return Err(e);
            }
        };
        self.inputs.push(info);
        Ok(())
    }

    /// Drops a file in progress and every dossier it added (Cancel, or an error part-way).
    pub fn cancel(&mut self, s: FileStream) {
        self.data(s.feeds).back_to(s.start, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::header::Field;
    use crate::ingest::rows::Corrections;
    use crate::ingest::xlsx;

    const CSV: &str = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả\nHS1;Sở Tư \
        pháp;02/05/2024;03/05/2024\nHS2;UBND xã Tân Lập;02/05/2024;03/05/2024\n";

    #[test]
    fn chunked_reading_equals_whole_reading() {
        let mut whole = Loader::new();
        whole.add_file("a.csv", CSV.as_bytes()).expect("reads");
        for size in [1, 2, 3, 7, 64] {
            let mut l = Loader::new();
            let mut s = l.begin("a.csv", FileOptions::default());
            for chunk in CSV.as_bytes().chunks(size) {
                l.feed(&mut s, chunk).expect("feeds");
            }
            l.end(s).expect("ends");
            assert_eq!(
                l.store().id.iter().collect::<Vec<_>>(),
                whole.store().id.iter().collect::<Vec<_>>()
            );
            assert_eq!(l.store().received, whole.store().received);
            assert_eq!(l.inputs()[0].rows, 2);
        }
    }

    #[test]
    fn personal_values_are_kept_only_for_dossiers_that_can_be_overdue() {
        let head = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Ngày kết thúc xử lý;Trạng thái";
        let a = format!(
            "{head};Chủ hồ sơ\n\
             HS1;Sở Tư pháp;02/05/2024;10/05/2024;08/05/2024;10;Nguyễn Văn An\n\
             HS2;Sở Tư pháp;02/05/2024;10/05/2024;12/05/2024;10;Trần Thị Bình\n\
             HS3;Sở Tư pháp;02/05/2024;10/05/2024;;4;Lê Văn Cường\n\
             HS4;Sở Tư pháp;02/05/2024;không rõ;;4;Phạm Văn Dũng\n"
        );
        // A later file without the column, and one with another.
        let b = format!(
            "{head}\nHS5;Sở Tư pháp;02/05/2024;10/05/2024;;4\nHS6;Sở Tư \
             pháp;02/05/2024;10/05/2024;09/05/2024;9\n"
        );
        let c =
            format!("{head};Số điện thoại\nHS7;Sở Tư pháp;02/05/2024;10/05/2024;;4;0901111222\n");
        let mut l = Loader::new();
        for (name, text) in [("a.csv", &a), ("b.csv", &b), ("c.csv", &c)] {
            l.add_file(name, text.as_bytes()).expect("reads");
        }
        let st = l.store();
        assert_eq!(st.len(), 7);
        // On time (HS1, HS6), unreadable dates (HS4), a file without the columns (HS5): nothing
        // personal held.
        assert_eq!(st.personal_rows, vec![1, 2, 6]);
        assert_eq!(st.personal_at(0), None);
        assert_eq!(st.personal_at(3), None);
        assert_eq!(st.personal_at(4), None);
        let column = |h: &str| {
            let c = st.personal.iter().find(|c| c.header == h).expect("column");
            (0..c.values.len())
                .map(|k| c.values.text(k).into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(column("Chủ hồ sơ"), ["Trần Thị Bình", "Lê Văn Cường", ""]);
        assert_eq!(column("Số điện thoại"), ["", "", "0901111222"]);
        assert_eq!(st.personal_at(6), Some(2));
        // A cancelled file takes its kept values with it.
        let mut l2 = Loader::new();
        l2.add_file("a.csv", a.as_bytes()).expect("reads");
        let mut s = l2.begin("b.csv", FileOptions::default());
        l2.feed(&mut s, b.as_bytes()).expect("feeds");
        l2.cancel(s);
        assert_eq!(l2.store().personal_rows, vec![1, 2]);
        assert_eq!(l2.store().personal[0].values.len(), 2);
        // A cancelled file's own personal column goes with it (past the 256 KB that decide the
        // encoding, so the header is settled and the column made before the Cancel).
        let rows: String = (0..6000)
            .map(|i| format!("X{i};Sở Tư pháp;02/05/2024;10/05/2024;;4;0901111222\n"))
            .collect();
        let mut s = l2.begin("c.csv", FileOptions::default());
        l2.feed(&mut s, format!("{head};Số điện thoại\n{rows}").as_bytes())
            .expect("feeds");
        assert_eq!(l2.store().personal.len(), 2);
        l2.cancel(s);
        assert_eq!(
            l2.store()
                .personal
                .iter()
                .map(|p| p.header.as_str())
                .collect::<Vec<_>>(),
            ["Chủ hồ sơ"]
        );
    }

    #[test]
    fn cancel_drops_what_the_file_added() {
        let mut l = Loader::new();
        l.add_file("a.csv", CSV.as_bytes()).expect("reads");
        let known = l.store().known;
        let mut s = l.begin("b.csv", FileOptions::default());
        let other = CSV
            .replace("HS", "X")
            .replace("Ngày hẹn trả\n", "Ngày hẹn trả;Số hóa\n")
            .replace("03/05/2024\n", "03/05/2024;Có\n");
        l.feed(&mut s, other.as_bytes()).expect("feeds");
        l.cancel(s);
        assert_eq!(l.store().len(), 2);
        assert_eq!(
            l.store().known,
            known,
            "the cancelled file's columns are not known"
        );
        assert!(!known.digitised);
        // The ids of the cancelled file can come again.
        l.add_file("b.csv", other.as_bytes()).expect("reads again");
        assert_eq!(l.store().len(), 4);
        assert_eq!(l.inputs()[1].duplicates, 0);
    }

    #[test]
    fn the_memory_ceiling_stops_a_file_and_frees_its_rows() {
        let rows: String = (0..5000)
            .map(|i| format!("HS{i};Sở Tư pháp;02/05/2024;03/05/2024\n"))
            .collect();
        let big = format!("Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả\n{rows}");
        let mut l = Loader::new();
        l.add_file("a.csv", CSV.as_bytes()).expect("reads");
        let before = l.memory_used();
        l.set_memory_limit(Some(before + 50_000));
        let err = l
            .add_file("lon.csv", big.as_bytes())
            .expect_err("over the ceiling");
        assert!(matches!(err, IngestError::MemoryLimit { .. }));
        assert!(err.text().vi.contains("bộ nhớ"), "{}", err.text().vi);
        assert_eq!(l.store().len(), 2, "the big file's rows are dropped");
        assert!(
            l.memory_used() <= before + 50_000,
            "and their memory given back"
        );
        // The loader still works.
        l.add_file("b.csv", CSV.replace("HS", "X").as_bytes())
            .expect("reads");
        assert_eq!(l.store().len(), 4);
    }

    #[test]
    fn a_file_of_known_size_gets_room_at_once_and_never_a_false_stop() {
        let read = |text: &str, limit: Option<u64>, expect: bool| {
            let mut l = Loader::new();
            l.set_memory_limit(limit);
            let mut s = l.begin("a.csv", FileOptions::default());
            if expect {
                l.expect(&mut s, text.len() as u64);
            }
            let mut capacities = std::collections::BTreeSet::new();
            for chunk in text.as_bytes().chunks(64 * 1024) {
                l.feed(&mut s, chunk).map_err(|e| e.text().en)?;
                capacities.insert(l.store().received.capacity());
            }
            l.end(s).map_err(|e| e.text().en)?;
            Ok::<_, String>((l.memory_used(), l.store().len(), capacities.len()))
        };
        let header = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Ghi chú\n";
        let even: String = (0..20_000)
            .map(|i| format!("HS{i};Sở Tư pháp;02/05/2024;03/05/2024;\n"))
            .collect();
        let even = format!("{header}{even}");
        let (_, len, growths) = read(&even, None, true).expect("reads");
        assert_eq!(len, 20_000);
        assert!(
            growths <= 2,
            "room made once, not doubled chunk after chunk: {growths} capacities"
        );
        let (_, _, doublings) = read(&even, None, false).expect("reads");
        assert!(doublings > growths);

        // Short rows first, then long notes (not kept): the estimate takes far too many rows.
        let note = "x".repeat(2000);
        let uneven: String = (0..6000)
            .map(|i| {
                format!(
                    "HS{i};Sở Tư pháp;02/05/2024;03/05/2024;{}\n",
                    if i < 3000 { "" } else { &note }
                )
            })
            .collect();
        let uneven = format!("{header}{uneven}");
        let (without, _, _) = read(&uneven, None, false).expect("reads");
        let (with, _, _) = read(&uneven, None, true).expect("reads");
        assert!(
            with > without,
            "the estimate over-reserves here ({with} against {without})"
        );
        // Under a ceiling the rows fit: the estimate is dropped, not the file.
        let (_, len, _) =
            read(&uneven, Some(without), true).expect("the estimate does not stop the file");
        assert_eq!(len, 6000);
    }

    #[test]
    fn title_rows_and_sep_line() {
        let csv =
            format!("sep=;\nTHEO DÕI HỒ SƠ;;;\nTừ ngày 01/05/2024 đến ngày 31/05/2024;;;\n{CSV}");
        let mut l = Loader::new();
        let info = l.add_file("t.csv", csv.as_bytes()).expect("reads").clone();
        assert_eq!(info.header_row, 4);
        assert_eq!(info.rows, 2);
        assert_eq!(info.delimiter, Some(b';'));
    }

    #[test]
    fn corrections_override_the_matching() {
        let csv = "Mã hồ sơ;Nơi xử lý;Ngày tiếp nhận;Ngày hẹn trả\nHS1;Sở Tư \
            pháp;02/05/2024;03/05/2024\n";
        let mut l = Loader::new();
        assert!(matches!(
            l.add_file("a.csv", csv.as_bytes()),
            Err(IngestError::MissingColumns { .. })
        ));
        let options = FileOptions {
            corrections: Corrections {
                fields: vec![(Field::Unit, "Nơi xử lý".into())],
                header_row: None,
            },
            ..FileOptions::default()
        };
        let info = l
            .add_file_with("a.csv", csv.as_bytes(), options)
            .expect("reads with the correction");
        assert_eq!(info.rows, 1);
        assert_eq!(l.store().units[0].name, "Sở Tư pháp");
    }

    #[test]
    fn ragged_rows_are_reported_not_guessed() {
        let csv = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả\nHS1;Sở Tư pháp;02/05/2024\nHS2;Sở \
            Tư pháp;02/05/2024;03/05/2024\n";
        let mut l = Loader::new();
        let info = l.add_file("r.csv", csv.as_bytes()).expect("reads").clone();
        assert_eq!(info.rows, 1);
        assert_eq!(info.skipped_rows, 1);
        assert_eq!(info.problems[0].row, Some(2));
        assert!(info.problems[0].message.contains("3 ô"));
    }

    #[test]
    fn html_pages_are_read_and_encrypted_workbooks_named() {
        let mut l = Loader::new();
        let page = "<html><table><tr><th>Mã hồ sơ</th><th>Đơn vị</th><th>Ngày tiếp nhận</th>\
                    <th>Ngày hẹn trả</th></tr><tr><td>HS1</td><td>Sở Tư pháp</td>\
                    <td>02/05/2024</td><td>03/05/2024</td></tr></table></html>";
        let info = l
            .add_file("x.xls", page.as_bytes())
            .expect("an HTML table is read")
            .clone();
        assert_eq!((info.format, info.rows), (SourceFormat::Html, 1));
        let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        cfb.resize(1024, 0);
        cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            l.add_file("x.xlsx", &cfb).err(),
            Some(IngestError::Xlsx(xlsx::XlsxError::EncryptedOrLegacy))
        );
        assert_eq!(l.store().len(), 1);
    }
}
