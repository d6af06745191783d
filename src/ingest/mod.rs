//! Files → typed dossiers: decode the bytes, find the table's shape and header, match columns to
//! fields, parse each cell, and fill the [`DossierStore`].
//!
//! Owns everything about files as users bring them (inputs.md) and the problems found in them.
//! Knows nothing of periods, rates or points: a row is read the same whatever the report asks.
//!
//! The stages follow the data: [`decode`] (bytes → UTF-8), [`sniff`] (delimiter), [`csv_stream`]
//! (records, pushed chunk by chunk) or [`xlsx`] (a sheet's rows), [`rows`] (header search and
//! typed rows), with [`header`] and [`value`] for matching and parsing. Several files may be added
//! to one [`Loader`]; an id seen twice is reported and counted once.

pub mod csv_stream;
pub mod decode;
pub mod header;
pub mod legacy;
pub mod other;
pub mod reply;
pub mod rows;
pub mod sniff;
pub mod split;
pub mod value;
pub mod xlsx;

use crate::messages::{self, Text};
use crate::model::other::Others;
use crate::model::{Block, DossierStore};
use decode::Encoding;
use header::Field;
pub use rows::Corrections;
use rows::{FileRows, Target};
use serde::Serialize;

/// A file that cannot be used at all.
#[derive(Clone, Debug, PartialEq)]
pub enum IngestError {
    Empty,
    Binary,
    /// `matched` is what the automatic matching did find, to start the mapping screen from.
    MissingColumns { missing: Vec<Field>, found: Vec<String>, matched: Vec<(Field, String)> },
    NoRows,
    Xlsx(xlsx::XlsxError),
    /// An .xlsx larger than the reader holds in memory (it must be unzipped whole).
    XlsxTooBig { size: u64, limit: u64 },
    NoSuchHeaderRow(u64),
    NoSuchColumn(String),
    /// A file of another kind longer than such files ever are.
    OtherTooLong(usize),
    /// The dossiers would exceed the memory the reader may use (the worker's ceiling).
    MemoryLimit { used: u64, limit: u64 },
    Cancelled,
}

impl IngestError {
    pub fn text(&self) -> Text {
        use xlsx::XlsxError as X;
        match self {
            IngestError::Empty => messages::empty_file(),
            IngestError::Binary => messages::binary_file(),
            IngestError::MissingColumns { missing, found, .. } => {
                let names: Vec<&str> = missing.iter().map(|f| f.label_vi()).collect();
                messages::missing_columns(&names, found)
            }
            IngestError::NoRows => messages::no_rows(),
            IngestError::Xlsx(X::EncryptedOrLegacy) => messages::xlsx_encrypted(),
            IngestError::Xlsx(X::Html) => messages::xlsx_is_html(),
            IngestError::Xlsx(X::NotWorkbook(detail)) => messages::xlsx_broken(detail),
            IngestError::Xlsx(X::TooLarge { uncompressed, limit }) => messages::xlsx_bomb(*uncompressed, *limit),
            IngestError::Xlsx(X::TooManySheets(n)) => messages::xlsx_too_many_sheets(*n),
            IngestError::Xlsx(X::NoSuchSheet(name)) => messages::xlsx_no_sheet(name),
            IngestError::Xlsx(X::Empty) => messages::empty_file(),
            IngestError::XlsxTooBig { size, limit } => messages::xlsx_too_big(*size, *limit),
            IngestError::NoSuchHeaderRow(line) => messages::no_such_header_row(*line),
            IngestError::NoSuchColumn(name) => messages::no_such_column(name),
            IngestError::OtherTooLong(n) => messages::other_too_long(*n),
            IngestError::MemoryLimit { used, limit } => messages::memory_limit(*used, *limit),
            IngestError::Cancelled => messages::cancelled(),
        }
    }
}

/// A problem in one cell or row: reported, and the rest of the file still analysed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// 1-based line in the file (CSV) or row in the sheet (xlsx), as the user's program shows it.
    pub row: Option<u64>,
    pub column: Option<String>,
    pub message: String,
    pub message_en: String,
    /// The message quoting the cell as written, where `message` masks a personal value: for
    /// the user who unmasks (`report` puts it in place), never serialised otherwise.
    #[serde(skip)]
    pub unmasked: Option<Box<Text>>,
}

impl Problem {
    pub fn new(row: Option<u64>, column: Option<String>, text: Text) -> Problem {
        Problem { row, column, message: text.vi, message_en: text.en, unmasked: text.unmasked }
    }
}

/// At most this many problems are listed per file; `problems_total` counts them all.
pub const MAX_LISTED_PROBLEMS: usize = 1000;

/// What was understood of one file, shown to the user and written to `inputs[]`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SourceInfo {
    pub path: String,
    pub kind: &'static str,
    /// "csv" or "xlsx".
    pub format: &'static str,
    /// Dossiers taken from this file (after skipping unusable rows and duplicates).
    pub rows: usize,
    pub encoding: &'static str,
    pub delimiter: String,
    /// The sheet read, and all the workbook's sheets (xlsx).
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub header_row: u64,
    /// Every header cell, in order (for the mapping screen).
    pub columns: Vec<String>,
    pub mapping: Vec<MappedColumn>,
    /// For inputs other than dossiers: (what the column was read as, its header).
    pub read_as: Vec<(&'static str, String)>,
    pub personal_columns: Vec<String>,
    pub skipped_rows: usize,
    pub duplicates: usize,
    /// Rows kept but left out of progress figures (unreadable status or dates).
    pub rows_without_progress: usize,
    /// Rows repeating the header in the middle of the file (exports joined): skipped quietly.
    pub header_repeats: usize,
    pub warnings: Vec<String>,
    /// Required fields more than one column could hold: (field, the columns), the first taken.
    pub ambiguous: Vec<(Field, Vec<String>)>,
    pub problems: Vec<Problem>,
    pub problems_total: usize,
    /// The listed duplicate-id problems: (index in `problems`, the id as written, the dossier it
    /// repeats), for a second reader's messages to be written again with the file's row numbers.
    #[serde(skip)]
    pub duplicate_refs: Vec<(usize, String, u32)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MappedColumn {
    pub field: Field,
    pub label: &'static str,
    pub column: String,
    /// "exact" (the whole header is a known spelling), "partial" (it contains one), or "user".
    pub confidence: &'static str,
}

impl SourceInfo {
    fn new(path: &str) -> SourceInfo {
        SourceInfo { path: path.to_string(), kind: "dossiers", format: "csv", ..SourceInfo::default() }
    }

    /// The entry for a file that could not be used, so the report still says what happened to it.
    pub fn failed(path: &str, error: &IngestError) -> SourceInfo {
        let text = error.text();
        SourceInfo {
            kind: "unusable",
            problems: vec![Problem::new(None, None, text)],
            problems_total: 1,
            ..SourceInfo::new(path)
        }
    }
}

/// Choices for one file: an encoding or sheet the user picked, and column corrections.
#[derive(Clone, Debug, Default)]
pub struct FileOptions {
    pub encoding: Option<Encoding>,
    pub sheet: Option<String>,
    pub corrections: Corrections,
}

/// A confirmed mapping as a small file: saved on the machine by the page, exported and imported,
/// and read by the command line (`--mapping FILE`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MappingFile {
    /// Always "chiso766-mapping".
    pub kind: String,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    #[serde(flatten)]
    pub corrections: Corrections,
}

impl MappingFile {
    pub const KIND: &'static str = "chiso766-mapping";

    pub fn parse(json: &str) -> Result<FileOptions, Text> {
        let m: MappingFile = serde_json::from_str(json).map_err(|e| messages::bad_mapping_file(&e.to_string()))?;
        if m.kind != Self::KIND {
            return Err(messages::bad_mapping_file("kind ≠ chiso766-mapping"));
        }
        let encoding = match &m.encoding {
            Some(name) => Some(Encoding::from_name(name).ok_or_else(|| messages::bad_mapping_file(&format!("encoding {name}")))?),
            None => None,
        };
        Ok(FileOptions { encoding, sheet: m.sheet, corrections: m.corrections })
    }
}

/// The largest .xlsx held in memory to unzip (a CSV has no limit: it is streamed).
pub const MAX_XLSX_BYTES: u64 = 256 * 1024 * 1024;

// One Format per file being read: boxing the CsvStream would add an indirection on every chunk
// fed, for nothing.
#[allow(clippy::large_enum_variant)]
enum Format {
    Undecided(Vec<u8>),
    Csv(csv_stream::CsvStream),
    Xlsx(Vec<u8>),
}

/// One file being read, chunk by chunk.
pub struct FileStream {
    options: FileOptions,
    format: Format,
    rows: FileRows,
    store_len_before: usize,
    /// The personal columns before it: one this file adds goes if the file's rows go.
    personal_before: usize,
    /// The columns known before this file: a cancelled file must not leave its columns "known".
    known_before: crate::model::Known,
    file_index: usize,
    /// A DVCQG export, read into its own store for reconciliation.
    national: bool,
    /// The room made for the file's rows ([`Loader::expect`]).
    room: Room,
}

/// The dossiers of DVCQG exports: a store of their own, never merged with the provincial one.
#[derive(Default)]
struct NationalParts {
    store: DossierStore,
    unit_index: crate::text::FastMap<String, u32>,
    seen_ids: rows::SeenIds,
}

/// Builds one [`DossierStore`] from any number of files.
#[derive(Default)]
pub struct Loader {
    store: DossierStore,
    unit_index: crate::text::FastMap<String, u32>,
    seen_ids: rows::SeenIds,
    inputs: Vec<SourceInfo>,
    others: Others,
    national: NationalParts,
    /// The most the dossier stores may hold, in bytes (`None`: no ceiling).
    memory_limit: Option<u64>,
}

/// A file's size where known, the bytes fed so far, and whether the store has been given room
/// for the rest: a file's rows, read by the loader or by a second reader, are estimated from its
/// size once the first of them show the bytes a row takes, and the columns are allocated once
/// instead of doubling their way there (each doubling copies a column and, in a browser, leaves
/// the old room unused for good).
#[derive(Default)]
struct Room {
    expected: u64,
    fed: u64,
    reserved: bool,
}

/// Rows of a file read before its size tells how many more to make room for.
const ROWS_BEFORE_RESERVING: usize = 2000;

impl Room {
    /// Counts `n` more bytes fed to `store`, whose rows from `since` on are this file's; with
    /// enough of them, makes room for the rest. An estimate is no reason to stop a file: room
    /// that would pass the memory ceiling (`over`) is given back, and the columns grow as they go.
    fn fed(&mut self, n: usize, store: &mut DossierStore, since: usize, over: impl Fn(&DossierStore) -> bool) {
        self.fed += n as u64;
        let rows = store.len() - since;
        if self.reserved || self.expected == 0 || rows < ROWS_BEFORE_RESERVING {
            return;
        }
        self.reserved = true;
        store.reserve_like(since, rows_in(self.expected.saturating_sub(self.fed), rows, self.fed));
        if over(store) {
            store.shrink();
        }
    }
}

/// The rows `bytes` more bytes hold, at the rate `rows` took `fed`, with a little to spare: an
/// estimate short by one row would double every column at the very end.
fn rows_in(bytes: u64, rows: usize, fed: u64) -> usize {
    let estimate = bytes as f64 * rows as f64 / fed.max(1) as f64;
    (estimate * 1.03) as usize + 256
}

fn is_zip(b: &[u8]) -> bool {
    b.starts_with(b"PK\x03\x04")
}

fn is_cfb(b: &[u8]) -> bool {
    b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

fn is_html(b: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&b[..b.len().min(4096)]).to_ascii_lowercase();
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('<') && (t.contains("<html") || t.contains("<table"))
}

impl Loader {
    pub fn new() -> Loader {
        Loader::default()
    }

    pub fn inputs(&self) -> &[SourceInfo] {
        &self.inputs
    }

    pub fn store(&self) -> &DossierStore {
        &self.store
    }

    /// Sets the most the dossiers may hold in memory: a file that would pass it stops with a
    /// clear message, its rows dropped, before the browser tab runs out of memory.
    pub fn set_memory_limit(&mut self, bytes: Option<u64>) {
        self.memory_limit = bytes;
    }

    /// Bytes the loaded dossiers hold (both stores).
    pub fn memory_used(&self) -> u64 {
        (self.store.heap_bytes() + self.national.store.heap_bytes()) as u64
    }

    /// The dossiers of DVCQG exports, if any were loaded (`begin_national`).
    pub fn national(&self) -> Option<&DossierStore> {
        (!self.national.store.is_empty()).then_some(&self.national.store)
    }

    /// Starts a DVCQG export (dossiers of the national portal, for reconciliation).
    pub fn begin_national(&mut self, path: &str, options: FileOptions) -> FileStream {
        self.swap_national();
        let mut s = self.begin(path, options);
        self.swap_national();
        s.national = true;
        s
    }

    /// Puts the national store where the provincial one is (and back): every reading step then
    /// works on it unchanged.
    fn swap_national(&mut self) {
        std::mem::swap(&mut self.store, &mut self.national.store);
        std::mem::swap(&mut self.unit_index, &mut self.national.unit_index);
        std::mem::swap(&mut self.seen_ids, &mut self.national.seen_ids);
    }

    /// The catalogues, feedback, scoreboards and publication tracking loaded so far.
    /// The units, for a run that places them by rules of its own (a district's:
    /// `model::district`).
    pub fn units_mut(&mut self) -> &mut [crate::model::Unit] {
        &mut self.store.units
    }

    pub fn others(&self) -> &Others {
        &self.others
    }

    pub fn finish(self) -> (DossierStore, Vec<SourceInfo>) {
        (self.store, self.inputs)
    }

    /// Everything read: dossiers, other inputs, and what was understood of each file.
    pub fn finish_all(self) -> (DossierStore, Others, Vec<SourceInfo>) {
        (self.store, self.others, self.inputs)
    }

    /// Everything read, with the DVCQG exports' dossiers apart.
    pub fn finish_with_national(self) -> (DossierStore, Option<DossierStore>, Others, Vec<SourceInfo>) {
        let national = (!self.national.store.is_empty()).then_some(self.national.store);
        (self.store, national, self.others, self.inputs)
    }

    /// Reads one whole file.
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> Result<&SourceInfo, IngestError> {
        self.add_file_with(path, bytes, FileOptions::default())
    }

    pub fn add_file_with(&mut self, path: &str, bytes: &[u8], options: FileOptions) -> Result<&SourceInfo, IngestError> {
        let s = self.begin(path, options);
        self.add_stream(s, bytes)
    }

    /// Reads one whole DVCQG export (for reconciliation).
    pub fn add_national_file(&mut self, path: &str, bytes: &[u8], options: FileOptions) -> Result<&SourceInfo, IngestError> {
        let s = self.begin_national(path, options);
        self.add_stream(s, bytes)
    }

    fn add_stream(&mut self, mut s: FileStream, bytes: &[u8]) -> Result<&SourceInfo, IngestError> {
        if let Err(e) = self.feed(&mut s, bytes) {
            self.cancel(s);
            return Err(e);
        }
        self.end(s)
    }

    /// Starts a file that will arrive in chunks.
    pub fn begin(&mut self, path: &str, options: FileOptions) -> FileStream {
        let corrections = options.corrections.clone();
        FileStream {
            options,
            format: Format::Undecided(Vec::new()),
            rows: FileRows::new(SourceInfo::new(path), corrections),
            store_len_before: self.store.len(),
            personal_before: self.store.personal.len(),
            known_before: self.store.known,
            file_index: self.inputs.len(),
            national: false,
            room: Room::default(),
        }
    }

    /// Says how many bytes the file `s` has in all: once its first rows are read, the store
    /// makes room for the rest at once, estimated from the bytes they took.
    pub fn expect(&mut self, s: &mut FileStream, bytes: u64) {
        s.room.expected = bytes;
    }

    /// Adds the next chunk. On error, call [`Loader::cancel`].
    pub fn feed(&mut self, s: &mut FileStream, chunk: &[u8]) -> Result<(), IngestError> {
        if s.national {
            self.swap_national();
        }
        let r = self.push(s, chunk, false);
        if s.national {
            self.swap_national();
        }
        r?;
        if !s.national {
            let (limit, national) = (self.memory_limit, self.national.store.heap_bytes());
            s.room.fed(chunk.len(), &mut self.store, s.store_len_before, |st| limit.is_some_and(|l| (st.heap_bytes() + national) as u64 > l));
        }
        match self.memory_limit {
            Some(limit) if self.memory_used() > limit => Err(IngestError::MemoryLimit { used: self.memory_used(), limit }),
            _ => Ok(()),
        }
    }

    fn push(&mut self, s: &mut FileStream, chunk: &[u8], last: bool) -> Result<(), IngestError> {
        if let Format::Undecided(head) = &mut s.format {
            head.extend_from_slice(chunk);
            if head.len() < 8 && !last {
                return Ok(());
            }
            let head = std::mem::take(head);
            s.format = if is_zip(&head) {
                Format::Xlsx(Vec::new())
            } else if is_cfb(&head) {
                return Err(IngestError::Xlsx(xlsx::XlsxError::EncryptedOrLegacy));
            } else if is_html(&head) {
                return Err(IngestError::Xlsx(xlsx::XlsxError::Html));
            } else {
                Format::Csv(csv_stream::CsvStream::new(s.options.encoding))
            };
            return self.push(s, &head, last);
        }
        let mut target = self.target(s.file_index);
        match &mut s.format {
            Format::Csv(csv) => {
                let rows = &mut s.rows;
                csv.feed(chunk, last, &mut |line, rec| rows.push(line, rec, &mut target))?;
                for line in csv.take_long_lines() {
                    s.rows.line_too_long(line);
                }
                let info = &mut s.rows.info;
                info.encoding = csv.encoding().map_or("", Encoding::name);
                info.delimiter = (csv.delimiter() as char).to_string();
            }
            Format::Xlsx(bytes) => {
                if (bytes.len() + chunk.len()) as u64 > MAX_XLSX_BYTES {
                    return Err(IngestError::XlsxTooBig { size: (bytes.len() + chunk.len()) as u64, limit: MAX_XLSX_BYTES });
                }
                bytes.extend_from_slice(chunk);
                if last {
                    let rows = &mut s.rows;
                    rows.info.format = "xlsx";
                    rows.info.sheets = xlsx::sheet_names(bytes).unwrap_or_default();
                    // Rows go straight into the store: the sheet is never held as a table.
                    let meta = xlsx::for_each_row(bytes, s.options.sheet.as_deref(), |line, cells| rows.push(u64::from(line), &cells.to_vec(), &mut target))
                        .map_err(IngestError::Xlsx)??;
                    rows.info.sheet = Some(meta.name);
                }
            }
            Format::Undecided(_) => {}
        }
        Ok(())
    }

    /// Ends a file: its dossiers stay, and what was understood of it is returned.
    pub fn end(&mut self, s: FileStream) -> Result<&SourceInfo, IngestError> {
        let (len_before, personal_before, known_before, national) = (s.store_len_before, s.personal_before, s.known_before, s.national);
        self.end_unchecked(s)?;
        // The last rows of a file (or all of a small one) are read here: the ceiling again.
        if let Some(limit) = self.memory_limit.filter(|&l| self.memory_used() > l) {
            let used = self.memory_used();
            if national {
                self.swap_national();
            }
            self.truncate(len_before, personal_before);
            self.store.shrink();
            self.store.known = known_before;
            if national {
                self.swap_national();
            }
            self.inputs.pop();
            return Err(IngestError::MemoryLimit { used, limit });
        }
        Ok(&self.inputs[self.inputs.len() - 1])
    }

    fn end_unchecked(&mut self, s: FileStream) -> Result<&SourceInfo, IngestError> {
        if !s.national {
            return self.end_file(s);
        }
        self.swap_national();
        let r = self.end_file(s).map(|_| ());
        self.swap_national();
        match r {
            Ok(()) => {
                let last = self.inputs.len() - 1;
                if self.inputs[last].kind == "dossiers" {
                    self.inputs[last].kind = "national_dossiers";
                }
                Ok(&self.inputs[last])
            }
            Err(e) => Err(e),
        }
    }

    fn end_file(&mut self, mut s: FileStream) -> Result<&SourceInfo, IngestError> {
        if let Err(e) = self.push(&mut s, &[], true) {
            self.cancel(s);
            return Err(e);
        }
        let known_before = s.known_before;
        let (store_len_before, personal_before, replaced) = (s.store_len_before, s.personal_before, match &s.format {
            Format::Csv(c) => c.replaced(),
            _ => 0,
        });
        let mut target = self.target(s.file_index);
        match s.rows.finish(&mut target) {
            Ok((mut info, Some(table))) => {
                other::read(&table, &mut self.others, &mut info);
                if table.kind == Some(header::Kind::Units) {
                    self.place_units();
                }
                self.inputs.push(info);
                Ok(&self.inputs[self.inputs.len() - 1])
            }
            Ok((mut info, None)) => {
                info.rows = self.store.len() - store_len_before;
                if self.others.has_units {
                    self.place_units();
                }
                if replaced > 0 {
                    info.warnings.push(messages::replaced_bytes(replaced).vi);
                }
                if info.header_repeats > 0 {
                    info.warnings.push(messages::header_repeated(info.header_repeats).vi);
                }
                if let Some(w) = messages::encoding_warning(info.encoding) {
                    info.warnings.push(w.vi);
                }
                self.inputs.push(info);
                Ok(&self.inputs[self.inputs.len() - 1])
            }
            Err(e) => {
                self.truncate(store_len_before, personal_before);
                self.store.known = known_before;
                Err(e)
            }
        }
    }

    /// Gives units the block the units catalogue states (methodology §4: the catalogue comes
    /// first), matched by code, else by name.
    fn place_units(&mut self) {
        let by_name: crate::text::FastMap<String, Block> =
            self.others.units.iter().filter_map(|e| e.block.map(|b| (crate::text::fold_key(&e.name), b))).collect();
        let by_code: crate::text::FastMap<String, Block> =
            self.others.units.iter().filter(|e| !e.code.is_empty()).filter_map(|e| e.block.map(|b| (e.code.to_uppercase(), b))).collect();
        for u in &mut self.store.units {
            let found = u.code.as_ref().and_then(|c| by_code.get(&c.to_uppercase())).or_else(|| by_name.get(&crate::text::fold_key(&u.name)));
            if let Some(&b) = found {
                u.block = b;
                u.block_source = "catalogue";
            }
        }
    }

    fn target(&mut self, file_index: usize) -> Target<'_> {
        Target { store: &mut self.store, unit_index: &mut self.unit_index, seen_ids: &mut self.seen_ids, inputs: &self.inputs, file_index }
    }

    /// Drops a file in progress and every dossier it added (Cancel, or an error part-way).
    pub fn cancel(&mut self, s: FileStream) {
        if s.national {
            self.swap_national();
        }
        self.truncate(s.store_len_before, s.personal_before);
        self.store.shrink();
        self.store.known = s.known_before;
        if s.national {
            self.swap_national();
        }
    }

    /// Drops the dossiers from the `len`th on, and the personal columns from the `personal`th.
    fn truncate(&mut self, len: usize, personal: usize) {
        if self.store.len() > len {
            self.seen_ids.truncate(len);
            self.store.truncate(len);
        }
        self.store.personal.truncate(personal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả\nHS1;Sở Tư pháp;02/05/2024;03/05/2024\nHS2;UBND xã Tân Lập;02/05/2024;03/05/2024\n";

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
            assert_eq!(l.store().id.iter().collect::<Vec<_>>(), whole.store().id.iter().collect::<Vec<_>>());
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
        let b = format!("{head}\nHS5;Sở Tư pháp;02/05/2024;10/05/2024;;4\nHS6;Sở Tư pháp;02/05/2024;10/05/2024;09/05/2024;9\n");
        let c = format!("{head};Số điện thoại\nHS7;Sở Tư pháp;02/05/2024;10/05/2024;;4;0901111222\n");
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
            (0..c.values.len()).map(|k| c.values.text(k).into_owned()).collect::<Vec<_>>()
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
        let rows: String = (0..6000).map(|i| format!("X{i};Sở Tư pháp;02/05/2024;10/05/2024;;4;0901111222\n")).collect();
        let mut s = l2.begin("c.csv", FileOptions::default());
        l2.feed(&mut s, format!("{head};Số điện thoại\n{rows}").as_bytes()).expect("feeds");
        assert_eq!(l2.store().personal.len(), 2);
        l2.cancel(s);
        assert_eq!(l2.store().personal.iter().map(|p| p.header.as_str()).collect::<Vec<_>>(), ["Chủ hồ sơ"]);
    }

    #[test]
    fn cancel_drops_what_the_file_added() {
        let mut l = Loader::new();
        l.add_file("a.csv", CSV.as_bytes()).expect("reads");
        let known = l.store().known;
        let mut s = l.begin("b.csv", FileOptions::default());
        let other = CSV.replace("HS", "X").replace("Ngày hẹn trả\n", "Ngày hẹn trả;Số hóa\n").replace("03/05/2024\n", "03/05/2024;Có\n");
        l.feed(&mut s, other.as_bytes()).expect("feeds");
        l.cancel(s);
        assert_eq!(l.store().len(), 2);
        assert_eq!(l.store().known, known, "the cancelled file's columns are not known");
        assert!(!known.digitised);
        // The ids of the cancelled file can come again.
        l.add_file("b.csv", other.as_bytes()).expect("reads again");
        assert_eq!(l.store().len(), 4);
        assert_eq!(l.inputs()[1].duplicates, 0);
    }

    #[test]
    fn the_memory_ceiling_stops_a_file_and_frees_its_rows() {
        let rows: String = (0..5000).map(|i| format!("HS{i};Sở Tư pháp;02/05/2024;03/05/2024\n")).collect();
        let big = format!("Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả\n{rows}");
        let mut l = Loader::new();
        l.add_file("a.csv", CSV.as_bytes()).expect("reads");
        let before = l.memory_used();
        l.set_memory_limit(Some(before + 50_000));
        let err = l.add_file("lon.csv", big.as_bytes()).expect_err("over the ceiling");
        assert!(matches!(err, IngestError::MemoryLimit { .. }));
        assert!(err.text().vi.contains("bộ nhớ"), "{}", err.text().vi);
        assert_eq!(l.store().len(), 2, "the big file's rows are dropped");
        assert!(l.memory_used() <= before + 50_000, "and their memory given back");
        // The loader still works.
        l.add_file("b.csv", CSV.replace("HS", "X").as_bytes()).expect("reads");
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
        let even: String = (0..20_000).map(|i| format!("HS{i};Sở Tư pháp;02/05/2024;03/05/2024;\n")).collect();
        let even = format!("{header}{even}");
        let (_, len, growths) = read(&even, None, true).expect("reads");
        assert_eq!(len, 20_000);
        assert!(growths <= 2, "room made once, not doubled chunk after chunk: {growths} capacities");
        let (_, _, doublings) = read(&even, None, false).expect("reads");
        assert!(doublings > growths);

        // Short rows first, then long notes (not kept): the estimate takes far too many rows.
        let note = "x".repeat(2000);
        let uneven: String = (0..6000).map(|i| format!("HS{i};Sở Tư pháp;02/05/2024;03/05/2024;{}\n", if i < 3000 { "" } else { &note })).collect();
        let uneven = format!("{header}{uneven}");
        let (without, _, _) = read(&uneven, None, false).expect("reads");
        let (with, _, _) = read(&uneven, None, true).expect("reads");
        assert!(with > without, "the estimate over-reserves here ({with} against {without})");
        // Under a ceiling the rows fit: the estimate is dropped, not the file.
        let (_, len, _) = read(&uneven, Some(without), true).expect("the estimate does not stop the file");
        assert_eq!(len, 6000);
    }

    #[test]
    fn title_rows_and_sep_line() {
        let csv = format!("sep=;\nTHEO DÕI HỒ SƠ;;;\nTừ ngày 01/05/2024 đến ngày 31/05/2024;;;\n{CSV}");
        let mut l = Loader::new();
        let info = l.add_file("t.csv", csv.as_bytes()).expect("reads").clone();
        assert_eq!(info.header_row, 4);
        assert_eq!(info.rows, 2);
        assert_eq!(info.delimiter, ";");
    }

    #[test]
    fn corrections_override_the_matching() {
        let csv = "Mã hồ sơ;Nơi xử lý;Ngày tiếp nhận;Ngày hẹn trả\nHS1;Sở Tư pháp;02/05/2024;03/05/2024\n";
        let mut l = Loader::new();
        assert!(matches!(l.add_file("a.csv", csv.as_bytes()), Err(IngestError::MissingColumns { .. })));
        let options = FileOptions { corrections: Corrections { fields: vec![(Field::Unit, "Nơi xử lý".into())], header_row: None }, ..FileOptions::default() };
        let info = l.add_file_with("a.csv", csv.as_bytes(), options).expect("reads with the correction");
        assert_eq!(info.rows, 1);
        assert_eq!(l.store().units[0].name, "Sở Tư pháp");
    }

    #[test]
    fn ragged_rows_are_reported_not_guessed() {
        let csv = "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả\nHS1;Sở Tư pháp;02/05/2024\nHS2;Sở Tư pháp;02/05/2024;03/05/2024\n";
        let mut l = Loader::new();
        let info = l.add_file("r.csv", csv.as_bytes()).expect("reads").clone();
        assert_eq!(info.rows, 1);
        assert_eq!(info.skipped_rows, 1);
        assert_eq!(info.problems[0].row, Some(2));
        assert!(info.problems[0].message.contains("3 ô"));
    }

    #[test]
    fn html_and_encrypted_workbooks_are_named() {
        let mut l = Loader::new();
        assert_eq!(l.add_file("x.xls", b"<html><table><tr><td>1</td></tr></table></html>").err(), Some(IngestError::Xlsx(xlsx::XlsxError::Html)));
        let cfb = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(l.add_file("x.xlsx", &cfb).err(), Some(IngestError::Xlsx(xlsx::XlsxError::EncryptedOrLegacy)));
        assert!(l.store().is_empty());
    }
}
