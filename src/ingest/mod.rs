//! Files → typed dossiers: decode the bytes, find the table's shape and header, match columns to
//! fields, parse each cell, and fill the [`DossierStore`].
//!
//! Owns everything about files as users bring them (inputs.md) and the problems found in them.
//! Knows nothing of periods, rates or points: a row is read the same whatever the report asks.
//!
//! Several files may be added to one [`Loader`]; their dossiers are combined and an id seen twice
//! is reported and counted once. The loader takes a whole file's bytes today; the stages are
//! separate so that a chunked reader (for files larger than memory) can replace the first two.

pub mod decode;
pub mod header;
pub mod sniff;
pub mod value;

use crate::messages::{self, Text};
use crate::model::{flag, Block, Channel, Date, DossierStore, PersonalColumn, Status, Unit};
use crate::text::tidy;
use header::{Field, Mapping};
use serde::Serialize;
use std::collections::HashMap;
use value::DateFormat;

/// A file that cannot be used at all.
#[derive(Clone, Debug, PartialEq)]
pub enum IngestError {
    Empty,
    Binary,
    NotUtf8 { line: usize },
    MissingColumns { missing: Vec<Field>, found: Vec<String> },
    NoRows,
    Csv(String),
}

impl IngestError {
    pub fn text(&self) -> Text {
        match self {
            IngestError::Empty => messages::empty_file(),
            IngestError::Binary => messages::binary_file(),
            IngestError::NotUtf8 { line } => messages::not_utf8(*line),
            IngestError::MissingColumns { missing, found } => {
                let names: Vec<&str> = missing.iter().map(|f| f.label_vi()).collect();
                messages::missing_columns(&names, found)
            }
            IngestError::NoRows => messages::no_rows(),
            IngestError::Csv(detail) => messages::csv_error(detail),
        }
    }
}

/// A problem in one cell or row: reported, and the rest of the file still analysed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// 1-based line in the file (the header is on its own line), as a spreadsheet shows it.
    pub row: Option<u64>,
    pub column: Option<String>,
    pub message: String,
    pub message_en: String,
}

/// At most this many problems are listed per file; `problems_total` counts them all.
pub const MAX_LISTED_PROBLEMS: usize = 1000;

/// What was understood of one file, shown to the user and written to `inputs[]`.
#[derive(Clone, Debug, Serialize)]
pub struct SourceInfo {
    pub path: String,
    pub kind: &'static str,
    /// Dossiers taken from this file (after skipping unusable rows and duplicates).
    pub rows: usize,
    pub encoding: &'static str,
    pub delimiter: String,
    pub header_row: u64,
    pub mapping: Vec<MappedColumn>,
    pub personal_columns: Vec<String>,
    pub skipped_rows: usize,
    pub duplicates: usize,
    /// Rows kept but left out of progress figures (unreadable status or dates).
    pub rows_without_progress: usize,
    pub problems: Vec<Problem>,
    pub problems_total: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct MappedColumn {
    pub field: Field,
    pub label: &'static str,
    pub column: String,
}

/// Builds one [`DossierStore`] from any number of files.
#[derive(Default)]
pub struct Loader {
    store: DossierStore,
    unit_index: HashMap<String, u32>,
    /// Normalised id → (file index, row) of its first appearance.
    seen_ids: HashMap<String, (usize, u32)>,
    inputs: Vec<SourceInfo>,
}

/// A per-column memo of parsed categorical values: a million rows hold a few dozen distinct
/// statuses or yes/no spellings, so each is folded and parsed once.
struct Memo<T>(HashMap<Box<[u8]>, T>);

impl<T: Copy> Memo<T> {
    fn new() -> Self {
        Memo(HashMap::new())
    }

    fn get(&mut self, raw: &[u8], parse: impl Fn(&str) -> T) -> T {
        if let Some(v) = self.0.get(raw) {
            return *v;
        }
        let v = parse(std::str::from_utf8(raw).unwrap_or(""));
        if self.0.len() < 10_000 {
            self.0.insert(raw.into(), v);
        }
        v
    }
}

/// The date columns' formats, inferred from each column's first readable cell.
#[derive(Default)]
struct DateColumns(HashMap<Field, DateFormat>);

impl DateColumns {
    /// `Ok(None)` for an empty cell.
    fn parse(&mut self, field: Field, cell: &str) -> Result<Option<Date>, Text> {
        let cell = cell.trim();
        if cell.is_empty() {
            return Ok(None);
        }
        let format = match self.0.get(&field) {
            Some(f) => *f,
            None => match DateFormat::detect(cell) {
                Some(f) => *self.0.entry(field).or_insert(f),
                None => return Err(messages::bad_date(cell)),
            },
        };
        match format.parse(cell) {
            Some(d) => Ok(Some(d)),
            None if DateFormat::detect(cell).is_some() => Err(messages::date_format_differs(cell, format_name(format))),
            None => Err(messages::bad_date(cell)),
        }
    }
}

fn format_name(f: DateFormat) -> &'static str {
    match f {
        DateFormat::DayFirst => "dd/mm/yyyy",
        DateFormat::Iso => "yyyy-mm-dd",
        DateFormat::ExcelSerial => "số ngày Excel",
    }
}

fn id_key(id: &str) -> String {
    id.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

/// What reading one row may touch: the store, the loader's indexes, and this file's report.
struct Ctx<'a> {
    store: &'a mut DossierStore,
    unit_index: &'a mut HashMap<String, u32>,
    seen_ids: &'a mut HashMap<String, (usize, u32)>,
    inputs: &'a [SourceInfo],
    info: &'a mut SourceInfo,
    file_index: usize,
}

impl Ctx<'_> {
    fn problem(&mut self, row: u64, column: Option<&str>, text: Text) {
        self.info.problems_total += 1;
        if self.info.problems.len() < MAX_LISTED_PROBLEMS {
            self.info.problems.push(Problem {
                row: Some(row),
                column: column.map(str::to_owned),
                message: text.vi,
                message_en: text.en,
            });
        }
    }
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

    pub fn finish(self) -> (DossierStore, Vec<SourceInfo>) {
        (self.store, self.inputs)
    }

    /// Reads one dossier export. Every error is found before the first row is stored, so a file
    /// that fails leaves the loader as it was.
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> Result<&SourceInfo, IngestError> {
        let (text, encoding) = decode::decode(bytes)?;
        let (delimiter, start) = sniff::sniff(&text);
        let body = &text.as_bytes()[start..];
        let start_line = text[..start].matches('\n').count() as u64;

        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(body);

        // The header is the row among the first ones that names the most fields: exports put
        // title rows ("THEO DÕI …", "Từ ngày … đến ngày …") above it.
        const HEADER_SEARCH_ROWS: usize = 20;
        let mut head: Vec<csv::ByteRecord> = Vec::new();
        for rec in reader.byte_records().take(HEADER_SEARCH_ROWS) {
            head.push(rec.map_err(|e| IngestError::Csv(e.to_string()))?);
        }
        let decoded_head: Vec<Vec<String>> = head
            .iter()
            .map(|r| r.iter().map(|f| tidy(&String::from_utf8_lossy(f))).collect())
            .collect();
        let (header_at, mapping) = decoded_head
            .iter()
            .enumerate()
            .map(|(i, h)| (i, header::match_headers(h)))
            .max_by_key(|(i, m)| (4 - m.missing_required().len(), m.fields.len(), std::cmp::Reverse(*i)))
            .ok_or(IngestError::Empty)?;
        let headers = &decoded_head[header_at];
        let missing = mapping.missing_required();
        if !missing.is_empty() {
            let found = headers.iter().filter(|h| !h.is_empty()).cloned().collect();
            return Err(IngestError::MissingColumns { missing, found });
        }
        // The csv crate's line numbers drift on CRLF files, so lines are counted from byte offsets.
        let mut lines = LineCounter { text: body, pos: 0, line: 1 + start_line };
        let header_line = lines.line_at(head[header_at].position().map_or(0, |p| p.byte()));

        let file_index = self.inputs.len();
        let mut info = SourceInfo {
            path: path.to_string(),
            kind: "dossiers",
            rows: 0,
            encoding: encoding.name(),
            delimiter: (delimiter as char).to_string(),
            header_row: header_line,
            mapping: sorted_by_column(&mapping.fields)
                .iter()
                .map(|(f, c)| MappedColumn { field: *f, label: f.label_vi(), column: headers[*c].clone() })
                .collect(),
            personal_columns: mapping.personal.iter().map(|&c| headers[c].clone()).collect(),
            skipped_rows: 0,
            duplicates: 0,
            rows_without_progress: 0,
            problems: Vec::new(),
            problems_total: 0,
        };
        let before = self.store.len();
        let mut rows = RowReader::new(&mapping, headers, &mut self.store);
        let mut report = Ctx {
            store: &mut self.store,
            unit_index: &mut self.unit_index,
            seen_ids: &mut self.seen_ids,
            inputs: &self.inputs,
            info: &mut info,
            file_index,
        };
        let mut seen_any = false;
        let buffered = head.into_iter().skip(header_at + 1).map(Ok);
        for rec in buffered.chain(reader.byte_records()) {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    let row = lines.line_at(e.position().map_or(0, |p| p.byte()));
                    report.problem(row, None, messages::csv_error(&e.to_string()));
                    report.info.skipped_rows += 1;
                    continue;
                }
            };
            if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            seen_any = true;
            let line = lines.line_at(rec.position().map_or(0, |p| p.byte()));
            rows.read(&rec, line, &mut report);
        }
        let added = self.store.len() - before;
        if !seen_any {
            return Err(IngestError::NoRows);
        }
        info.rows = added;
        self.inputs.push(info);
        Ok(&self.inputs[file_index])
    }
}

/// Line numbers from byte offsets, counted forward only (offsets arrive in increasing order).
struct LineCounter<'t> {
    text: &'t [u8],
    pos: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut byte = (byte as usize).min(self.text.len());
        // On CRLF files the reported offset can point at the previous line's '\n': a record
        // never starts with a line break, so step over any.
        while matches!(self.text.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        if byte > self.pos {
            self.line += self.text[self.pos..byte].iter().filter(|&&b| b == b'\n').count() as u64;
            self.pos = byte;
        }
        self.line
    }
}

fn sorted_by_column(fields: &[(Field, usize)]) -> Vec<(Field, usize)> {
    let mut v = fields.to_vec();
    v.sort_by_key(|(_, c)| *c);
    v
}

/// Reads data rows of one file into the store.
struct RowReader<'m> {
    mapping: &'m Mapping,
    headers: &'m [String],
    dates: DateColumns,
    status: Memo<Option<Status>>,
    channel: Memo<Option<Channel>>,
    online: Memo<Option<bool>>,
    flags: [Memo<Option<bool>>; 5],
    fee: Memo<Option<(bool, bool)>>,
    paid: Memo<Option<bool>>,
    /// Index into `store.personal` for each personal column of this file.
    personal_slots: Vec<usize>,
}

fn field<'r>(rec: &'r csv::ByteRecord, col: Option<usize>) -> &'r str {
    col.and_then(|c| rec.get(c)).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
}

const FLAG_FIELDS: [(Field, u8); 5] = [
    (Field::Digitised, flag::DIGITISED),
    (Field::EResult, flag::E_RESULT),
    (Field::Reused, flag::REUSED),
    (Field::Synced, flag::SYNCED),
    (Field::Exempt, 0), // read into the fee obligation below
];

impl<'m> RowReader<'m> {
    fn new(mapping: &'m Mapping, headers: &'m [String], store: &mut DossierStore) -> Self {
        let known = &mut store.known;
        known.status |= mapping.column(Field::Status).is_some();
        known.channel |= mapping.column(Field::Channel).is_some() || mapping.column(Field::OnlineFlag).is_some();
        known.digitised |= mapping.column(Field::Digitised).is_some();
        known.e_result |= mapping.column(Field::EResult).is_some();
        known.reused |= mapping.column(Field::Reused).is_some();
        known.fee |= mapping.column(Field::Fee).is_some();
        known.paid_online |= mapping.column(Field::PaidOnline).is_some();
        known.synced |= mapping.column(Field::Synced).is_some();

        let existing = store.len();
        let personal_slots = mapping
            .personal
            .iter()
            .map(|&c| {
                let header = &headers[c];
                match store.personal.iter().position(|p| &p.header == header) {
                    Some(i) => i,
                    None => {
                        store.personal.push(PersonalColumn { header: header.clone(), values: vec![String::new(); existing] });
                        store.personal.len() - 1
                    }
                }
            })
            .collect();
        RowReader {
            mapping,
            headers,
            dates: DateColumns::default(),
            status: Memo::new(),
            channel: Memo::new(),
            online: Memo::new(),
            flags: [Memo::new(), Memo::new(), Memo::new(), Memo::new(), Memo::new()],
            fee: Memo::new(),
            paid: Memo::new(),
            personal_slots,
        }
    }

    fn header(&self, f: Field) -> Option<&str> {
        self.mapping.column(f).map(|c| self.headers[c].as_str())
    }

    fn read(&mut self, rec: &csv::ByteRecord, line: u64, report: &mut Ctx<'_>) {
        let m = self.mapping;
        let id = field(rec, m.column(Field::Id)).trim();
        if id.is_empty() {
            report.problem(line, self.header(Field::Id), messages::missing_value("mã hồ sơ"));
            report.info.skipped_rows += 1;
            return;
        }
        let unit_name = tidy(field(rec, m.column(Field::Unit)));
        if unit_name.is_empty() {
            report.problem(line, self.header(Field::Unit), messages::missing_value("đơn vị"));
            report.info.skipped_rows += 1;
            return;
        }
        let received = match self.dates.parse(Field::Received, field(rec, m.column(Field::Received))) {
            Ok(Some(d)) => d,
            Ok(None) => {
                report.problem(line, self.header(Field::Received), messages::missing_value("ngày tiếp nhận"));
                report.info.skipped_rows += 1;
                return;
            }
            Err(_) => {
                let raw = field(rec, m.column(Field::Received)).trim();
                report.problem(line, self.header(Field::Received), messages::bad_date_received(raw));
                report.info.skipped_rows += 1;
                return;
            }
        };
        let key = id_key(id);
        if let Some(&(first_file, first_row)) = report.seen_ids.get(&key) {
            let first_path = report.inputs.get(first_file).map_or(report.info.path.as_str(), |i| i.path.as_str());
            let text = messages::duplicate_id(id, first_path, first_row);
            report.problem(line, self.header(Field::Id), text);
            report.info.duplicates += 1;
            return;
        }

        let mut progress_ok = true;
        let mut date = |this: &mut Self, f: Field, report: &mut Ctx<'_>| -> Option<Date> {
            match this.dates.parse(f, field(rec, m.column(f))) {
                Ok(d) => d,
                Err(text) => {
                    report.problem(line, this.header(f), text);
                    progress_ok = false;
                    None
                }
            }
        };
        let due = date(self, Field::Due, report);
        let finished = date(self, Field::Finished, report);
        let returned = date(self, Field::Returned, report);
        let ended = finished.or(returned);

        let status = match m.column(Field::Status) {
            Some(c) => {
                let raw = rec.get(c).unwrap_or(b"");
                match self.status.get(raw, value::parse_status) {
                    Some(s) => s,
                    None => {
                        let raw = String::from_utf8_lossy(raw);
                        report.problem(line, self.header(Field::Status), messages::bad_status(raw.trim()));
                        progress_ok = false;
                        Status::DangXuLy
                    }
                }
            }
            // Without a status column a dossier with an end date is taken as finished [D].
            None if ended.is_some() => Status::DaXuLyXong,
            None => Status::DangXuLy,
        };
        if status.is_final() && ended.is_none() && progress_ok {
            report.problem(line, self.header(Field::Finished).or(self.header(Field::Status)), messages::final_without_end_date());
            progress_ok = false;
        }

        let channel = if let Some(c) = m.column(Field::Channel) {
            let raw = rec.get(c).unwrap_or(b"");
            self.channel.get(raw, value::parse_channel).unwrap_or_else(|| {
                report.problem(line, self.header(Field::Channel), messages::bad_value(&String::from_utf8_lossy(raw), "kênh nộp"));
                Channel::Unknown
            })
        } else if let Some(c) = m.column(Field::OnlineFlag) {
            let raw = rec.get(c).unwrap_or(b"");
            match self.online.get(raw, value::parse_bool) {
                Some(true) => Channel::TrucTuyen,
                Some(false) => Channel::TrucTiep,
                None => {
                    report.problem(line, self.header(Field::OnlineFlag), messages::bad_value(&String::from_utf8_lossy(raw), "trực tuyến"));
                    Channel::Unknown
                }
            }
        } else {
            Channel::Unknown
        };

        let mut flags = 0u8;
        let mut exempt = false;
        for (i, (f, bit)) in FLAG_FIELDS.iter().enumerate() {
            let Some(c) = m.column(*f) else { continue };
            let raw = rec.get(c).unwrap_or(b"");
            match self.flags[i].get(raw, value::parse_bool) {
                Some(true) if *f == Field::Exempt => exempt = true,
                Some(true) => flags |= bit,
                Some(false) => {}
                None => report.problem(line, self.header(*f), messages::bad_value(&String::from_utf8_lossy(raw), f.label_vi())),
            }
        }
        if let Some(c) = m.column(Field::Fee) {
            let raw = rec.get(c).unwrap_or(b"");
            match self.fee.get(raw, value::parse_fee) {
                Some((due, ex)) => {
                    if due && !ex && !exempt {
                        flags |= flag::FEE_DUE;
                    }
                }
                None => report.problem(line, self.header(Field::Fee), messages::bad_value(&String::from_utf8_lossy(raw), "phí, lệ phí")),
            }
        }
        if let Some(c) = m.column(Field::PaidOnline) {
            let raw = rec.get(c).unwrap_or(b"");
            match self.paid.get(raw, value::parse_paid_online) {
                Some(true) => flags |= flag::PAID_ONLINE,
                Some(false) => {}
                None => report.problem(line, self.header(Field::PaidOnline), messages::bad_value(&String::from_utf8_lossy(raw), "thanh toán trực tuyến")),
            }
        }
        if !progress_ok {
            flags |= flag::NO_PROGRESS;
            report.info.rows_without_progress += 1;
        }

        let unit = self.unit(&unit_name, rec, report);
        let procedure_name = field(rec, m.column(Field::ProcedureName)).trim();
        let procedure_code = field(rec, m.column(Field::ProcedureCode)).trim();
        let procedure = if procedure_name.is_empty() { procedure_code } else { procedure_name };

        report.seen_ids.insert(key, (report.file_index, line as u32));
        let store = &mut *report.store;
        for (slot, &col) in self.personal_slots.iter().zip(&m.personal) {
            store.personal[*slot].values.push(field(rec, Some(col)).trim().to_string());
        }
        // Personal columns this file lacks but an earlier file had stay aligned with the rows.
        let rows = store.id.len() + 1;
        for p in &mut store.personal {
            p.values.resize(rows, String::new());
        }
        store.procedure.push(store.procedures.intern(procedure));
        store.id.push(id.to_string());
        store.row.push(line as u32);
        store.unit.push(unit);
        store.received.push(received);
        store.due.push(due);
        store.ended.push(ended);
        store.status.push(status);
        store.channel.push(channel);
        store.flags.push(flags);
    }

    /// The unit's index, creating it on first sight; its block comes from the block column where
    /// the file has one, else from its name (methodology §4).
    fn unit(&mut self, name: &str, rec: &csv::ByteRecord, ctx: &mut Ctx<'_>) -> u32 {
        let from_column = self.mapping.column(Field::Block).map(|c| field(rec, Some(c))).and_then(Block::from_column);
        let code = field(rec, self.mapping.column(Field::UnitCode)).trim();
        let store = &mut *ctx.store;
        let index = match ctx.unit_index.get(name) {
            Some(&i) => i,
            None => {
                let (block, source) = match Block::from_name(name) {
                    Some(b) => (b, "name"),
                    None => (Block::UNKNOWN, "none"),
                };
                store.units.push(Unit { name: name.to_string(), code: None, block, block_source: source });
                let i = (store.units.len() - 1) as u32;
                ctx.unit_index.insert(name.to_string(), i);
                i
            }
        };
        let unit = &mut store.units[index as usize];
        if let Some(block) = from_column {
            if unit.block_source != "column" {
                unit.block = block;
                unit.block_source = "column";
            }
        }
        if unit.code.is_none() && !code.is_empty() {
            unit.code = Some(code.to_string());
        }
        index
    }
}

impl SourceInfo {
    /// The entry for a file that could not be used, so the report still says what happened to it.
    pub fn failed(path: &str, error: &IngestError) -> SourceInfo {
        let text = error.text();
        SourceInfo {
            path: path.to_string(),
            kind: "unusable",
            rows: 0,
            encoding: "",
            delimiter: String::new(),
            header_row: 0,
            mapping: Vec::new(),
            personal_columns: Vec::new(),
            skipped_rows: 0,
            duplicates: 0,
            rows_without_progress: 0,
            problems: vec![Problem { row: None, column: None, message: text.vi, message_en: text.en }],
            problems_total: 1,
        }
    }
}
