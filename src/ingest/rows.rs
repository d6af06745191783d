//! A table's rows → typed dossiers in the store, whatever the file format.
//!
//! Finds the header among the first rows (title rows and two- or three-row headers sit above it),
//! maps columns to fields (with the user's corrections), then parses each row's cells with one
//! date format per column, memoised categorical values, and reports every problem with its row
//! and column. Knows nothing of bytes, encodings or zip files: CSV and xlsx readers hand it rows.

use super::header::{self, Field, Mapping};
use super::value::{self, DateFormat};
use super::{IngestError, MappedColumn, Problem, SourceInfo, MAX_LISTED_PROBLEMS};
use crate::messages::{self, Text};
use crate::model::{flag, may_be_overdue, Block, Channel, Date, DossierStore, PersonalColumn, Status, StrColumn, Unit};
use crate::text::{nfc, tidy};
use std::borrow::Cow;
use crate::text::FastMap as HashMap;

/// What a second reader takes over from the first (see `FileRows::reading`): the column mapping,
/// the header's cells and the date columns' formats.
pub type Reading<'a> = (&'a Mapping, &'a [String], [Option<DateFormat>; 4]);

/// One row of cells, from a CSV record or a sheet.
pub trait Row {
    fn len(&self) -> usize;
    /// No cells at all (a blank row's cells are still counted by `len`: see `is_blank`).
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The cell's bytes (UTF-8), empty when the row is shorter.
    fn raw(&self, i: usize) -> &[u8];
    fn text(&self, i: usize) -> Cow<'_, str> {
        match std::str::from_utf8(self.raw(i)) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(self.raw(i)),
        }
    }
    fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.raw(i).iter().all(u8::is_ascii_whitespace))
    }
}

impl Row for Vec<String> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }
    fn raw(&self, i: usize) -> &[u8] {
        self.get(i).map_or(b"", |s| s.as_bytes())
    }
}

/// The user's corrections for one file (the mapping screen, `--mapping`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Corrections {
    /// (field, exact header text) pairs that override the automatic matching.
    pub fields: Vec<(Field, String)>,
    /// The 1-based line (CSV) or row (sheet) of the header, instead of searching for it.
    pub header_row: Option<u64>,
}

/// The loader's shared state a file's rows are added to.
pub struct Target<'a> {
    pub store: &'a mut DossierStore,
    pub unit_index: &'a mut HashMap<String, u32>,
    pub seen_ids: &'a mut SeenIds,
    pub inputs: &'a [SourceInfo],
    pub file_index: usize,
}

/// How many rows the header search looks at.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// One file's rows in progress: buffering until the header is found, then reading.
pub struct FileRows {
    pub info: SourceInfo,
    corrections: Corrections,
    head: Vec<(u64, Vec<String>)>,
    reader: Option<RowReader>,
    /// A file of another kind (a catalogue, a scoreboard…): its rows, kept whole.
    pub other: Option<super::other::Table>,
    data_rows_seen: usize,
}

impl FileRows {
    pub fn new(info: SourceInfo, corrections: Corrections) -> FileRows {
        FileRows { info, corrections, head: Vec::new(), reader: None, other: None, data_rows_seen: 0 }
    }

    pub fn push<R: Row + ?Sized>(&mut self, line: u64, row: &R, target: &mut Target<'_>) -> Result<(), IngestError> {
        if let Some(reader) = &mut self.reader {
            if !row.is_blank() {
                self.data_rows_seen += 1;
                let listed = self.info.problems.len();
                reader.read(row, line, &mut self.info, target);
                reader.mask_quotes(row.len(), &mut self.info.problems[listed..]);
            }
            return Ok(());
        }
        if let Some(table) = &mut self.other {
            if !row.is_blank() {
                self.data_rows_seen += 1;
                if table.rows.len() >= super::other::MAX_OTHER_ROWS {
                    return Err(IngestError::OtherTooLong(super::other::MAX_OTHER_ROWS));
                }
                table.rows.push((line, (0..row.len()).map(|i| tidy(&row.text(i)).into_owned()).collect()));
            }
            return Ok(());
        }
        if row.is_blank() {
            return Ok(());
        }
        let cells = (0..row.len()).map(|i| tidy(&row.text(i)).into_owned()).collect();
        self.head.push((line, cells));
        if self.head.len() >= HEADER_SEARCH_ROWS {
            self.start_reading(target)?;
        }
        Ok(())
    }

    /// A line the reader set aside for its length: reported, and counted as a row skipped.
    pub fn line_too_long(&mut self, line: u64) {
        self.data_rows_seen += 1;
        self.info.skipped_rows += 1;
        problem(&mut self.info, line, None, messages::line_too_long(super::csv_stream::MAX_LINE_BYTES));
    }

    /// A second reader of the same file (see `split`): it starts past the header, at a record
    /// boundary, with the first reader's columns and date formats.
    pub fn continuing(info: SourceInfo, plan: &super::split::SplitPlan, store: &mut DossierStore) -> FileRows {
        let mut reader = RowReader::new(plan.mapping.clone(), plan.headers.clone(), store);
        reader.dates = DateColumns(plan.dates);
        FileRows { info, corrections: Corrections::default(), head: Vec::new(), reader: Some(reader), other: None, data_rows_seen: 0 }
    }

    /// The columns and date formats a second reader needs, once the header is found (dossier
    /// files only).
    pub fn reading(&self) -> Option<Reading<'_>> {
        self.reader.as_ref().map(|r| (&r.mapping, r.headers.as_slice(), r.dates.0))
    }

    /// The date formats so far, to check and take over another reader's.
    pub fn date_formats(&mut self) -> Option<&mut [Option<DateFormat>; 4]> {
        self.reader.as_mut().map(|r| &mut r.dates.0)
    }

    pub fn data_rows_seen(&self) -> usize {
        self.data_rows_seen
    }

    pub fn add_data_rows(&mut self, n: usize) {
        self.data_rows_seen += n;
    }

    /// Ends the file: the counts are final.
    pub fn finish(mut self, target: &mut Target<'_>) -> Result<(SourceInfo, Option<super::other::Table>), IngestError> {
        if self.reader.is_none() && self.other.is_none() {
            if self.head.is_empty() {
                return Err(IngestError::Empty);
            }
            self.start_reading(target)?;
        }
        if self.data_rows_seen == 0 {
            return Err(IngestError::NoRows);
        }
        Ok((self.info, self.other))
    }

    fn start_reading(&mut self, target: &mut Target<'_>) -> Result<(), IngestError> {
        let (header_at, header_rows, mut headers) = self.find_header()?;
        let mut mapping = header::match_headers(&headers);
        apply_corrections(&mut mapping, &headers, &self.corrections)?;
        let missing = mapping.missing_required();
        let other_kind = !matches!(header::recognise(&headers), header::Kind::Dossiers | header::Kind::Unknown);
        if (!missing.is_empty() || other_kind) && self.corrections.fields.is_empty() {
            if let Some((at, span, headers, kind)) = self.find_other_header() {
                self.info.header_row = self.head[at].0;
                let titles = self.head[..at].iter().map(|(_, cells)| cells.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" ")).collect();
                let rows: Vec<(u64, Vec<String>)> = self.head.drain(..).skip(at + span).collect();
                self.data_rows_seen += rows.len();
                self.other = Some(super::other::Table { kind: Some(kind), headers, titles, rows });
                return Ok(());
            }
        }
        if !missing.is_empty() {
            let found = headers.iter().filter(|h| !h.is_empty()).cloned().collect();
            let matched = mapping.fields.iter().map(|(f, c)| (*f, headers[*c].clone())).chain(mapping.personal.iter().map(|&c| (Field::Personal, headers[c].clone()))).collect();
            return Err(IngestError::MissingColumns { missing, found, matched });
        }
        // Header cells may be blank where a data column has no title: name them by position.
        for (i, h) in headers.iter_mut().enumerate() {
            if h.is_empty() {
                *h = format!("(cột {})", i + 1);
            }
        }
        self.info.header_row = self.head[header_at].0;
        let mut fields = mapping.fields.clone();
        fields.sort_by_key(|(_, c)| *c);
        let corrected: Vec<Field> = self.corrections.fields.iter().map(|(f, _)| *f).collect();
        self.info.mapping = fields
            .iter()
            .map(|(f, c)| MappedColumn {
                field: *f,
                label: f.label_vi(),
                column: headers[*c].clone(),
                confidence: if corrected.contains(f) {
                    "user"
                } else if mapping.exact.contains(f) {
                    "exact"
                } else {
                    "partial"
                },
            })
            .collect();
        if self.corrections.fields.is_empty() {
            for (f, cols) in &mapping.ambiguous {
                let names: Vec<String> = cols.iter().map(|&c| headers[c].clone()).collect();
                self.info.warnings.push(messages::ambiguous_column(f.label_vi(), &names).vi);
                self.info.ambiguous.push((*f, names));
            }
        }
        self.info.personal_columns = mapping.personal.iter().map(|&c| headers[c].clone()).collect();
        self.info.columns = headers.clone();
        let mut reader = RowReader::new(mapping, headers, target.store);
        let buffered = std::mem::take(&mut self.head);
        for (line, cells) in buffered.into_iter().skip(header_at + header_rows) {
            self.data_rows_seen += 1;
            let listed = self.info.problems.len();
            reader.read(&cells, line, &mut self.info, target);
            reader.mask_quotes(cells.len(), &mut self.info.problems[listed..]);
        }
        self.reader = Some(reader);
        Ok(())
    }

    /// The header of a file of another kind: the row (or two) recognised as one, with the most
    /// named columns.
    fn find_other_header(&self) -> Option<(usize, usize, Vec<String>, header::Kind)> {
        // Most named columns, then fewest rows (a title row joined above adds none).
        type Found = (usize, usize, Vec<String>, header::Kind);
        let mut best: Option<((usize, std::cmp::Reverse<usize>), Found)> = None;
        for at in 0..self.head.len() {
            for span in 1..=2.min(self.head.len() - at) {
                // Catalogues and scoreboards have rows of numbers and codes, not dates: a row
                // whose cells are mostly numbers is data, never a second header row.
                if span > 1 && (looks_like_data(&self.head[at + 1].1) || mostly_numbers(&self.head[at + 1].1)) {
                    break;
                }
                let rows: Vec<Vec<String>> = self.head[at..at + span].iter().map(|(_, c)| c.clone()).collect();
                let headers = if span == 1 { rows[0].clone() } else { combine_header_rows(&rows) };
                let kind = header::recognise(&headers);
                if matches!(kind, header::Kind::Dossiers | header::Kind::Unknown) {
                    continue;
                }
                let key = (headers.iter().filter(|h| !h.is_empty()).count(), std::cmp::Reverse(span));
                if best.as_ref().is_none_or(|(k, _)| key > *k) {
                    best = Some((key, (at, span, headers, kind)));
                }
            }
        }
        best.map(|(_, b)| b)
    }

    /// (index of the first header row, how many rows it spans, the combined header cells).
    fn find_header(&self) -> Result<(usize, usize, Vec<String>), IngestError> {
        if let Some(line) = self.corrections.header_row {
            let at = self.head.iter().position(|(l, _)| *l == line).ok_or(IngestError::NoSuchHeaderRow(line))?;
            return Ok((at, 1, self.head[at].1.clone()));
        }
        // Best: most required fields, then most fields, then fewest rows, then earliest.
        let mut best: Option<(usize, usize, Vec<String>)> = None;
        let mut best_key = (0, 0, std::cmp::Reverse(0), std::cmp::Reverse(0));
        for at in 0..self.head.len() {
            // A header row never holds a date: a row that does is data, not a header (nor the
            // first of its rows), and joining it to the header would swallow the first dossier.
            // Data rows are most of the rows looked at: matching their cells against every
            // known header spelling was 0.6 ms a file natively, 3 ms in the browser.
            if looks_like_data(&self.head[at].1) {
                continue;
            }
            for span in 1..=3.min(self.head.len() - at) {
                if span > 1 && self.head[at + 1..at + span].iter().any(|(_, cells)| looks_like_data(cells)) {
                    break;
                }
                let rows: Vec<Vec<String>> = self.head[at..at + span].iter().map(|(_, c)| c.clone()).collect();
                let headers = if span == 1 { rows[0].clone() } else { combine_header_rows(&rows) };
                let m = header::match_headers(&headers);
                let key = (4 - m.missing_required().len(), m.fields.len(), std::cmp::Reverse(span), std::cmp::Reverse(at));
                if best.is_none() || key > best_key {
                    best_key = key;
                    best = Some((at, span, headers));
                }
            }
        }
        best.ok_or(IngestError::Empty)
    }
}

/// At least a third of the row's filled cells are numbers ("1", "17,5", "P1" is not).
fn mostly_numbers(cells: &[String]) -> bool {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    !filled.is_empty() && filled.iter().filter(|c| value::parse_number(c).is_some()).count() * 3 >= filled.len()
}

fn looks_like_data(cells: &[String]) -> bool {
    cells.iter().any(|c| !c.is_empty() && DateFormat::detect(c).is_some_and(|f| f != DateFormat::ExcelSerial))
}

/// Joins two or three header rows column by column ("Ngày" merged over "tiếp nhận" | "hẹn trả"),
/// not repeating a part equal to the one above it (a cell merged down two rows).
pub fn combine_header_rows(rows: &[Vec<String>]) -> Vec<String> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..width)
        .map(|c| {
            let mut parts: Vec<&str> = Vec::new();
            for r in rows {
                let cell = r.get(c).map_or("", |s| s.trim());
                if !cell.is_empty() && parts.last() != Some(&cell) {
                    parts.push(cell);
                }
            }
            parts.join(" ")
        })
        .collect()
}

fn apply_corrections(mapping: &mut Mapping, headers: &[String], c: &Corrections) -> Result<(), IngestError> {
    for (field, header) in &c.fields {
        let wanted = tidy(header);
        let col = headers.iter().position(|h| *h == wanted).ok_or_else(|| IngestError::NoSuchColumn(header.clone()))?;
        mapping.fields.retain(|(f, c)| f != field && *c != col);
        mapping.ambiguous.retain(|(f, _)| f != field);
        mapping.personal.retain(|p| *p != col);
        if *field == Field::Personal {
            mapping.personal.push(col);
        } else {
            mapping.fields.push((*field, col));
        }
    }
    Ok(())
}

/// A per-column memo of parsed categorical values: a million rows hold a few dozen distinct
/// statuses or yes/no spellings, so each is folded and parsed once. The first few spellings are
/// found by comparing bytes (faster than hashing for two or three short values), the rest by hash.
/// Bytes are compared with [`same`], not `==`: wasm's `memcmp` goes a byte at a time, and was a
/// tenth of reading a row.
struct Memo<T> {
    few: Vec<(Box<[u8]>, T)>,
    /// By the spelling's hash; two spellings with one hash keep the first (the second is parsed
    /// each time).
    many: HashMap<u64, (Box<[u8]>, T)>,
}

/// Spellings compared directly before the hash map is used.
const MEMO_FEW: usize = 8;
/// A memo stops growing here: a column of all-different values is parsed each time.
const MEMO_MAX: usize = 10_000;

impl<T: Copy> Memo<T> {
    fn new() -> Self {
        Memo { few: Vec::new(), many: HashMap::default() }
    }

    fn find(&self, raw: &[u8]) -> Option<T> {
        if let Some((_, v)) = self.few.iter().find(|(k, _)| same(k, raw)) {
            return Some(*v);
        }
        if self.many.is_empty() {
            return None;
        }
        self.many.get(&hash64(raw)).filter(|(k, _)| same(k, raw)).map(|(_, v)| *v)
    }

    fn remember(&mut self, raw: &[u8], v: T) {
        if self.few.len() < MEMO_FEW {
            self.few.push((raw.into(), v));
        } else if self.many.len() < MEMO_MAX {
            self.many.entry(hash64(raw)).or_insert_with(|| (raw.into(), v));
        }
    }

    fn get(&mut self, raw: &[u8], parse: impl Fn(&str) -> T) -> T {
        if let Some(v) = self.find(raw) {
            return v;
        }
        let v = parse(&String::from_utf8_lossy(raw));
        self.remember(raw, v);
        v
    }
}

/// 2000-01-01 and 2100-12-31 in days since 1970: dossiers of the 766 era. A year outside
/// 2000–2100 is a typing error, never guessed; compared as days, without turning each date back
/// into a year.
const FIRST_DAY: i32 = 10_957;
const LAST_DAY: i32 = 47_846;

fn in_766_era(d: Date) -> bool {
    (FIRST_DAY..=LAST_DAY).contains(&d.0)
}

/// The date columns' formats, inferred from each column's first readable cell.
#[derive(Default)]
struct DateColumns([Option<DateFormat>; 4]);

fn date_slot(f: Field) -> usize {
    match f {
        Field::Received => 0,
        Field::Due => 1,
        Field::Finished => 2,
        _ => 3,
    }
}

impl DateColumns {
    /// A cell's date straight from its bytes when it is written in the column's format (nearly
    /// every cell); anything else (blank, another format, a bad day) takes `parse` for its
    /// message.
    fn parse_raw(&mut self, field: Field, raw: &[u8]) -> Result<Option<Date>, Text> {
        // An open dossier's end dates are blank: the commonest cell after a date.
        if raw.iter().all(|&b| b == b' ' || b == b'\t') {
            return Ok(None);
        }
        if let Some(format) = self.0[date_slot(field)] {
            if let Some(d) = format.parse_bytes(raw).filter(|&d| in_766_era(d)) {
                return Ok(Some(d));
            }
        }
        self.parse(field, &String::from_utf8_lossy(raw))
    }

    /// `Ok(None)` for an empty cell.
    fn parse(&mut self, field: Field, cell: &str) -> Result<Option<Date>, Text> {
        let cell = cell.trim();
        if cell.is_empty() {
            return Ok(None);
        }
        let slot = &mut self.0[date_slot(field)];
        let format = match *slot {
            Some(f) => f,
            None => match DateFormat::detect(cell) {
                Some(f) => *slot.insert(f),
                None => return Err(messages::bad_date(cell)),
            },
        };
        match format.parse(cell) {
            Some(d) if !in_766_era(d) => Err(messages::date_out_of_range(cell)),
            Some(d) => Ok(Some(d)),
            None if DateFormat::detect(cell).is_some() => Err(messages::date_format_differs(cell, format.name())),
            None => Err(messages::bad_date(cell)),
        }
    }
}

fn problem(info: &mut SourceInfo, row: u64, column: Option<&str>, text: Text) {
    info.problems_total += 1;
    if info.problems.len() < MAX_LISTED_PROBLEMS {
        info.problems.push(Problem::new(Some(row), column.map(str::to_owned), text));
    }
}

/// An id as compared for duplicates: without case, white space or invisible characters (a
/// zero-width space, a BOM), in NFC, `Ð` as `Đ` ("hs-c1 " = "HS-C1"; an id written in NFD or
/// with a zero-width space inside is the same id).
fn id_key(id: &str) -> impl Iterator<Item = char> + '_ {
    use unicode_normalization::UnicodeNormalization;
    id.chars().filter(|&c| !c.is_whitespace() && !crate::text::is_invisible(c)).map(|c| crate::text::as_d(c).unwrap_or(c)).nfc().flat_map(char::to_uppercase)
}

/// The hash of an id's key (`id_key`), stable across runs. Nearly every id is printable ASCII
/// without lower case: its bytes are its key, hashed eight at a time (a byte at a time was a
/// twentieth of reading a row).
fn id_hash(id: &str) -> u32 {
    let b = id.as_bytes();
    // Printable ASCII without lower case or white space: the id is its own key.
    let plain = b.iter().fold(true, |ok, &c| ok & (c > b' ' && c < 0x7F && !c.is_ascii_lowercase()));
    if plain {
        return hash_key(b);
    }
    if id.is_ascii() && b.len() <= 64 {
        let mut key = [0u8; 64];
        let mut n = 0;
        // White space and control characters, as `id_key` drops them.
        for c in b.iter().filter(|c| c.is_ascii_graphic()) {
            key[n] = c.to_ascii_uppercase();
            n += 1;
        }
        return hash_key(&key[..n]);
    }
    hash_key(id_key(id).collect::<String>().as_bytes())
}

/// Whether two byte strings are equal, eight bytes at a time.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or_default());
    (&mut x).zip(&mut y).all(|(p, q)| word(p) == word(q)) && x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

fn hash_key(key: &[u8]) -> u32 {
    (hash64(key) >> 32) as u32
}

/// A hash of bytes, eight at a time, stable across runs.
fn hash64(key: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(29);
    let mut words = key.chunks_exact(8);
    let mut h = (&mut words).fold(key.len() as u64, |h, w| step(h, u64::from_le_bytes(w.try_into().unwrap_or_default())));
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = step(h, u64::from_le_bytes(w));
    }
    (h ^ (h >> 29)).wrapping_mul(K)
}

/// The ids seen so far, as hashes pointing at their first dossier: 8 bytes an id instead of a
/// second copy of it. A hash shared by different ids (a few in a million) is told apart by
/// comparing them.
#[derive(Default)]
pub struct SeenIds {
    first: HashMap<u32, u32>,
    /// Different ids whose hash an earlier id already took.
    collided: HashMap<String, u32>,
    /// Dossiers whose ids are known to be new but not yet in the table: a second reader's rows,
    /// put in only when another id is looked up (most loads are one file, and never need it).
    pending: Vec<std::ops::Range<u32>>,
}

impl SeenIds {
    /// Where this id first appeared, or `None` after noting it as the dossier `index` (the
    /// next one stored): one look in the table for the common case of a new id.
    pub(super) fn first_or_insert(&mut self, store: &DossierStore, id: &str, index: u32) -> Option<u32> {
        if !self.pending.is_empty() {
            self.put_pending(store);
        }
        match self.first.entry(id_hash(id)) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(index);
                None
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                let first = *e.get();
                if id_key(store.id.get(first as usize)).eq(id_key(id)) {
                    return Some(first);
                }
                let key: String = id_key(id).collect();
                match self.collided.get(&key) {
                    Some(&i) => Some(i),
                    None => {
                        self.collided.insert(key, index);
                        None
                    }
                }
            }
        }
    }

    /// Where this id first appeared, if it did (nothing noted). The pending dossiers must have
    /// been put in (`put_pending`).
    pub(super) fn find(&self, store: &DossierStore, id: &str) -> Option<u32> {
        let &first = self.first.get(&id_hash(id))?;
        if id_key(store.id.get(first as usize)).eq(id_key(id)) {
            return Some(first);
        }
        self.collided.get(&id_key(id).collect::<String>()).copied()
    }

    /// Notes the dossiers `range` (already in the store) as having ids none before them had, nor
    /// each other.
    pub(super) fn defer(&mut self, range: std::ops::Range<u32>) {
        self.pending.push(range);
    }

    /// Puts the deferred dossiers' ids in the table.
    pub(super) fn put_pending(&mut self, store: &DossierStore) {
        let pending = std::mem::take(&mut self.pending);
        self.first.reserve(pending.iter().map(|r| r.len()).sum());
        for index in pending.into_iter().flatten() {
            self.first_or_insert(store, store.id.get(index as usize), index);
        }
    }

    /// Forgets the ids of dossiers from `len` on (a cancelled file).
    pub fn truncate(&mut self, len: usize) {
        let len32 = u32::try_from(len).unwrap_or(u32::MAX);
        self.first.retain(|_, i| (*i as usize) < len);
        self.collided.retain(|_, i| (*i as usize) < len);
        for r in &mut self.pending {
            r.end = r.end.min(len32);
        }
        self.pending.retain(|r| !r.is_empty());
    }
}

const FLAG_FIELDS: [(Field, u16); 7] = [
    (Field::Digitised, flag::DIGITISED),
    (Field::EResult, flag::E_RESULT),
    (Field::Reused, flag::REUSED),
    (Field::Synced, flag::SYNCED),
    (Field::DataStore, flag::DATA_STORE),
    (Field::Population, flag::POPULATION),
    (Field::Exempt, 0), // read into the fee obligation below
];

const FIELD_COUNT: usize = Field::Personal as usize + 1;

/// Reads the data rows of one file into the store.
struct RowReader {
    mapping: Mapping,
    /// Each field's column, by the field's number: looked up twenty times a row.
    columns: [Option<usize>; FIELD_COUNT],
    headers: Vec<String>,
    dates: DateColumns,
    status: Memo<Option<Status>>,
    channel: Memo<Option<Channel>>,
    online: Memo<Option<bool>>,
    flags: [Memo<Option<bool>>; 7],
    rating: Memo<Option<bool>>,
    fee: Memo<Option<(bool, bool)>>,
    paid: Memo<Option<bool>>,
    block: Memo<Option<Block>>,
    /// A unit cell as written → its unit: tidied, normalised and looked up once per spelling.
    units: Memo<u32>,
    /// The procedure's name and code cells as written (joined by 0xFF, never in UTF-8) → their
    /// interned indices.
    procedures: Memo<(u32, u32)>,
    key: Vec<u8>,
    /// Index into `store.personal` for each personal column of this file.
    personal_slots: Vec<usize>,
}

impl RowReader {
    fn new(mapping: Mapping, headers: Vec<String>, store: &mut DossierStore) -> Self {
        let has = |f: Field| mapping.column(f).is_some();
        let known = &mut store.known;
        known.dossiers = true;
        known.status |= has(Field::Status);
        known.channel |= has(Field::Channel) || has(Field::OnlineFlag);
        known.digitised |= has(Field::Digitised);
        known.e_result |= has(Field::EResult);
        known.reused |= has(Field::Reused);
        known.fee |= has(Field::Fee);
        known.paid_online |= has(Field::PaidOnline);
        known.synced |= has(Field::Synced);
        known.data_store |= has(Field::DataStore);
        known.population |= has(Field::Population);
        known.rating |= has(Field::Rating);
        known.procedure |= has(Field::ProcedureCode) || has(Field::ProcedureName);

        let mut personal_slots: Vec<usize> = Vec::new();
        for &c in &mapping.personal {
            let header = &headers[c];
            let slot = match store.personal_column(header, &personal_slots) {
                Some(i) => i,
                None => {
                    let mut values = StrColumn::default();
                    values.pad_to(store.personal_rows.len());
                    store.personal.push(PersonalColumn { header: header.clone(), values });
                    store.personal.len() - 1
                }
            };
            personal_slots.push(slot);
        }
        let mut columns = [None; FIELD_COUNT];
        for &(f, c) in &mapping.fields {
            columns[f as usize] = Some(c);
        }
        RowReader {
            mapping,
            columns,
            headers,
            dates: DateColumns::default(),
            status: Memo::new(),
            channel: Memo::new(),
            online: Memo::new(),
            flags: std::array::from_fn(|_| Memo::new()),
            rating: Memo::new(),
            fee: Memo::new(),
            paid: Memo::new(),
            block: Memo::new(),
            units: Memo::new(),
            procedures: Memo::new(),
            key: Vec::new(),
            personal_slots,
        }
    }

    /// Masks every value a row's problems quote when the row has more cells than the header
    /// (a stray delimiter slid its cells under other headers: an owner's name or phone may be
    /// in any of them), and those of a column whose header names personal data.
    fn mask_quotes(&self, cells: usize, problems: &mut [Problem]) {
        let shifted = cells > self.headers.len();
        for p in problems {
            let personal = p.column.as_ref().is_some_and(|h| header::match_headers(&[h]).personal == [0]);
            if shifted || personal {
                let text = Text { vi: std::mem::take(&mut p.message), en: std::mem::take(&mut p.message_en), unmasked: p.unmasked.take() }.masking_quotes();
                (p.message, p.message_en, p.unmasked) = (text.vi, text.en, text.unmasked);
            }
        }
    }

    fn header(&self, f: Field) -> Option<&str> {
        self.mapping.column(f).map(|c| self.headers[c].as_str())
    }

    fn cell<'r, R: Row + ?Sized>(&self, row: &'r R, f: Field) -> Cow<'r, str> {
        match self.columns[f as usize] {
            Some(c) => row.text(c),
            None => Cow::Borrowed(""),
        }
    }

    fn raw<'r, R: Row + ?Sized>(&self, row: &'r R, f: Field) -> Option<&'r [u8]> {
        self.columns[f as usize].map(|c| row.raw(c))
    }

    /// Whether the row repeats the header: its id, unit and received cells are those columns'
    /// header cells, or spellings of the same fields.
    fn is_header_again<R: Row + ?Sized>(&self, row: &R) -> bool {
        [Field::Id, Field::Unit, Field::Received].iter().all(|&f| match self.columns[f as usize] {
            Some(c) => {
                let cell = row.text(c);
                let key = crate::text::fold_key(&cell);
                !key.is_empty() && (key == crate::text::fold_key(&self.headers[c]) || header::match_headers(&[cell.as_ref()]).column(f) == Some(0))
            }
            None => true,
        })
    }

    fn read<R: Row + ?Sized>(&mut self, row: &R, line: u64, info: &mut SourceInfo, t: &mut Target<'_>) {
        // A ragged CSV row: its cells may have slid under the wrong headers, so it is not guessed
        // at. (A sheet's rows are cells by position: a short one only lacks trailing blanks.)
        if info.format == "csv" && row.len() < self.headers.len() && self.mapping.fields.iter().any(|(_, c)| *c >= row.len()) {
            problem(info, line, None, messages::ragged_row(row.len(), self.headers.len()));
            info.skipped_rows += 1;
            return;
        }
        // Bytes that are not UTF-8 in the id or the unit (in a file read as UTF-8 they stay bytes;
        // rows held for the header search, and other encodings, have them as U+FFFD): a replaced
        // letter would make another dossier or another unit, so the row is set aside [D].
        let Some(id) = std::str::from_utf8(self.raw(row, Field::Id).unwrap_or(b"")).ok().filter(|s| !s.contains(char::REPLACEMENT_CHARACTER)).map(str::trim) else {
            problem(info, line, self.header(Field::Id), messages::not_utf8("mã hồ sơ", true));
            info.skipped_rows += 1;
            return;
        };
        if id.is_empty() {
            problem(info, line, self.header(Field::Id), messages::missing_value("mã hồ sơ"));
            info.skipped_rows += 1;
            return;
        }
        // A unit spelled as before is known without tidying its name again; a new spelling is
        // tidied here and becomes a unit only once the row is kept.
        let unit_raw = self.raw(row, Field::Unit).unwrap_or(b"");
        let known_unit = self.units.find(unit_raw);
        let unit_name = match (known_unit, std::str::from_utf8(unit_raw)) {
            (Some(_), _) => String::new(),
            (None, Ok(name)) if !name.contains(char::REPLACEMENT_CHARACTER) => nfc(&tidy(name)).into_owned(),
            (None, _) => {
                problem(info, line, self.header(Field::Unit), messages::not_utf8("đơn vị", true));
                info.skipped_rows += 1;
                return;
            }
        };
        if known_unit.is_none() && unit_name.is_empty() {
            problem(info, line, self.header(Field::Unit), messages::missing_value("đơn vị"));
            info.skipped_rows += 1;
            return;
        }
        let received_raw = self.raw(row, Field::Received).unwrap_or(b"");
        let received = match self.dates.parse_raw(Field::Received, received_raw) {
            Ok(Some(d)) => d,
            Ok(None) => {
                problem(info, line, self.header(Field::Received), messages::missing_value("ngày tiếp nhận"));
                info.skipped_rows += 1;
                return;
            }
            // The header again (exports joined page by page): skipped quietly, counted.
            Err(_) if self.is_header_again(row) => {
                info.header_repeats += 1;
                return;
            }
            Err(_) => {
                problem(info, line, self.header(Field::Received), messages::bad_date_received(String::from_utf8_lossy(received_raw).trim()));
                info.skipped_rows += 1;
                return;
            }
        };
        // From here on the row is kept (as dossier `store.len()`) unless its id was seen.
        if let Some(first) = t.seen_ids.first_or_insert(t.store, id, t.store.len() as u32) {
            let (first_file, first_row) = (t.store.file[first as usize] as usize, t.store.row[first as usize]);
            let first_path = t.inputs.get(first_file).map_or(info.path.as_str(), |i| i.path.as_str()).to_string();
            if info.problems.len() < MAX_LISTED_PROBLEMS {
                info.duplicate_refs.push((info.problems.len(), id.to_string(), first));
            }
            problem(info, line, self.header(Field::Id), messages::duplicate_id(id, &first_path, first_row));
            info.duplicates += 1;
            return;
        }

        let mut progress_ok = true;
        let mut date = |this: &mut Self, f: Field, info: &mut SourceInfo| -> Option<Date> {
            let raw = this.raw(row, f)?;
            match this.dates.parse_raw(f, raw) {
                Ok(d) => d,
                Err(text) => {
                    problem(info, line, this.header(f), text);
                    progress_ok = false;
                    None
                }
            }
        };
        let due = date(self, Field::Due, info);
        let finished = date(self, Field::Finished, info);
        let returned = date(self, Field::Returned, info);
        let ended = finished.or(returned);
        // Kept and judged as written, but said: the export or the typing is wrong somewhere.
        if let Some(d) = due.filter(|d| *d < received) {
            problem(info, line, self.header(Field::Due), messages::due_before_received(d, received));
        }

        let status = match self.raw(row, Field::Status) {
            Some(raw) => match self.status.get(raw, value::parse_status) {
                Some(s) => s,
                None => {
                    problem(info, line, self.header(Field::Status), messages::bad_status(String::from_utf8_lossy(raw).trim()));
                    progress_ok = false;
                    Status::DangXuLy
                }
            },
            // Without a status column a dossier with an end date is taken as finished [D].
            None if ended.is_some() => Status::DaXuLyXong,
            None => Status::DangXuLy,
        };
        if status.is_final() && ended.is_none() && progress_ok {
            problem(info, line, self.header(Field::Finished).or(self.header(Field::Status)), messages::final_without_end_date());
            progress_ok = false;
        }

        let channel = if let Some(raw) = self.raw(row, Field::Channel) {
            self.channel.get(raw, value::parse_channel).unwrap_or_else(|| {
                problem(info, line, self.header(Field::Channel), messages::bad_value(&String::from_utf8_lossy(raw), "kênh nộp"));
                Channel::Unknown
            })
        } else if let Some(raw) = self.raw(row, Field::OnlineFlag) {
            match self.online.get(raw, value::parse_bool) {
                Some(true) => Channel::TrucTuyen,
                Some(false) => Channel::TrucTiep,
                None => {
                    problem(info, line, self.header(Field::OnlineFlag), messages::bad_value(&String::from_utf8_lossy(raw), "trực tuyến"));
                    Channel::Unknown
                }
            }
        } else {
            Channel::Unknown
        };

        let mut flags = 0u16;
        let mut exempt = false;
        for (i, (f, bit)) in FLAG_FIELDS.iter().enumerate() {
            let Some(raw) = self.raw(row, *f) else { continue };
            match self.flags[i].get(raw, value::parse_bool) {
                Some(true) if *f == Field::Exempt => exempt = true,
                Some(true) => flags |= bit,
                Some(false) => {}
                None => problem(info, line, self.header(*f), messages::bad_value(&String::from_utf8_lossy(raw), f.label_vi())),
            }
        }
        if let Some(raw) = self.raw(row, Field::Fee) {
            match self.fee.get(raw, value::parse_fee) {
                Some((due, ex)) if due && !ex && !exempt => flags |= flag::FEE_DUE,
                Some(_) => {}
                None => problem(info, line, self.header(Field::Fee), messages::bad_value(&String::from_utf8_lossy(raw), "phí, lệ phí")),
            }
        }
        if let Some(raw) = self.raw(row, Field::PaidOnline) {
            match self.paid.get(raw, value::parse_paid_online) {
                Some(true) => flags |= flag::PAID_ONLINE,
                Some(false) => {}
                None => problem(info, line, self.header(Field::PaidOnline), messages::bad_value(&String::from_utf8_lossy(raw), "thanh toán trực tuyến")),
            }
        }
        // A blank rating is "not rated", not "not satisfied".
        if let Some(raw) = self.raw(row, Field::Rating).filter(|r| !r.iter().all(u8::is_ascii_whitespace)) {
            match self.rating.get(raw, super::other::parse_satisfied) {
                Some(false) => flags |= flag::NEGATIVE_RATING,
                Some(true) => {}
                None => problem(info, line, self.header(Field::Rating), messages::bad_value(&String::from_utf8_lossy(raw), "đánh giá")),
            }
        }
        if !progress_ok {
            flags |= flag::NO_PROGRESS;
            info.rows_without_progress += 1;
        }

        let block = self.raw(row, Field::Block).and_then(|raw| self.block.get(raw, Block::from_column));
        let unit = match known_unit {
            Some(unit) => {
                let u = &mut t.store.units[unit as usize];
                // The code cell is read only while the unit still lacks one.
                let code = if u.code.is_none() { self.cell(row, Field::UnitCode) } else { Cow::Borrowed("") };
                note_unit(u, block, code.trim());
                unit
            }
            None => {
                let unit = unit_index(t, &unit_name, block, self.cell(row, Field::UnitCode).trim());
                self.units.remember(unit_raw, unit);
                unit
            }
        };
        self.key.clear();
        self.key.extend_from_slice(self.raw(row, Field::ProcedureName).unwrap_or(b""));
        self.key.push(0xFF);
        self.key.extend_from_slice(self.raw(row, Field::ProcedureCode).unwrap_or(b""));
        let (procedure, code) = match self.procedures.find(&self.key) {
            Some(known) => known,
            None => {
                if [Field::ProcedureName, Field::ProcedureCode].iter().any(|&f| self.raw(row, f).is_some_and(|r| !std::str::from_utf8(r).is_ok_and(|s| !s.contains(char::REPLACEMENT_CHARACTER)))) {
                    let column = self.header(Field::ProcedureName).or(self.header(Field::ProcedureCode));
                    problem(info, line, column, messages::not_utf8("thủ tục", false));
                }
                let procedure_name = self.cell(row, Field::ProcedureName);
                let procedure_code = self.cell(row, Field::ProcedureCode);
                let procedure = if procedure_name.trim().is_empty() { nfc(procedure_code.trim()) } else { nfc(procedure_name.trim()) };
                let known = (t.store.procedures.intern(&procedure), t.store.procedure_codes.intern(&nfc(procedure_code.trim())));
                self.procedures.remember(&self.key, known);
                known
            }
        };

        let store = &mut *t.store;
        let index = store.len();
        // Only a file with personal columns keeps values (a file without has none to keep, and a
        // second reader of it, whose store has no such column, keeps none either).
        if !self.personal_slots.is_empty() && flags & flag::NO_PROGRESS == 0 && may_be_overdue(status, due, ended) {
            store.personal_rows.push(u32::try_from(index).unwrap_or(u32::MAX));
            for (slot, &col) in self.personal_slots.iter().zip(&self.mapping.personal) {
                store.personal[*slot].values.push_raw(row.raw(col).trim_ascii());
            }
            // Personal columns this file lacks but an earlier file had stay aligned.
            let kept = store.personal_rows.len();
            for p in &mut store.personal {
                p.values.pad_to(kept);
            }
        }
        store.procedure.push(procedure);
        store.procedure_code.push(code);
        store.id.push(id);
        store.file.push(u16::try_from(t.file_index).unwrap_or(u16::MAX));
        store.row.push(u32::try_from(line).unwrap_or(u32::MAX));
        store.unit.push(unit);
        store.received.push(received);
        store.due.push(due);
        store.ended.push(ended);
        store.status.push(status);
        store.channel.push(channel);
        store.flags.push(flags);
    }
}

/// The unit's index, creating it on first sight; its block comes from the block column where the
/// file has one, else from its name (methodology §4).
pub(super) fn unit_index(t: &mut Target<'_>, name: &str, from_column: Option<Block>, code: &str) -> u32 {
    let store = &mut *t.store;
    let index = match t.unit_index.get(name) {
        Some(&i) => i,
        None => {
            let (block, source) = match Block::from_name(name) {
                Some(b) => (b, "name"),
                None => (Block::UNKNOWN, "none"),
            };
            store.units.push(Unit { name: name.to_string(), code: None, block, block_source: source });
            let i = (store.units.len() - 1) as u32;
            t.unit_index.insert(name.to_string(), i);
            i
        }
    };
    note_unit(&mut store.units[index as usize], from_column, code);
    index
}

/// What any row can tell of its unit: the block its file's column gives (over one inferred from
/// the name), and a code where the unit has none yet.
fn note_unit(unit: &mut Unit, from_column: Option<Block>, code: &str) {
    if let Some(block) = from_column {
        if unit.block_source != "column" {
            unit.block = block;
            unit.block_source = "column";
        }
    }
    if unit.code.is_none() && !code.is_empty() {
        unit.code = Some(code.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_bounds_are_those_parse_checks() {
        assert_eq!(Date::from_ymd(2000, 1, 1), Some(Date(FIRST_DAY)));
        assert_eq!(Date::from_ymd(2100, 12, 31), Some(Date(LAST_DAY)));
    }

    #[test]
    fn id_hash_ignores_case_and_spaces_on_both_paths() {
        assert_eq!(id_hash(" hs-c1 "), id_hash("HS-C1"));
        assert_eq!(id_hash("hs\u{a0}đ1"), id_hash("HSĐ1"));
        assert_ne!(id_hash("HS-C1"), id_hash("HS-C2"));
        // The three ways to the key agree: plain, ASCII to fold, and past 64 bytes or not ASCII.
        let long = "000.00.93.h10-240327-000001/".repeat(3);
        assert!(long.len() > 64);
        assert_eq!(id_hash(&long), id_hash(&long.to_uppercase()));
        assert_eq!(id_hash("000.00.93.h10-240327 000001"), id_hash("000.00.93.H10-240327000001"));
        assert_eq!(id_hash("hs-đ 1"), id_hash("HS-Đ1"));
        assert_eq!(id_hash("HS\u{b}1"), id_hash("HS1"), "a vertical tab is white space to the key too");
        assert_eq!(id_hash("hs\u{b}1"), id_hash("HS1"));
        // NFD, a zero-width space, a BOM, a control character, `Ð`: the same id.
        for same in ["HS-Ð1", "hs-\u{111}1", "HS\u{200b}-Đ1", "\u{feff}HS-Đ1", "HS-Đ\u{1}1"] {
            assert_eq!(id_hash(same), id_hash("HS-Đ1"), "{same:?}");
        }
        assert_eq!(id_hash("HO\u{302}\u{300}-1"), id_hash("HỒ-1"));
        assert_ne!(id_hash("HÔ-1"), id_hash("HỒ-1"));
        // Ids that differ in one place, at any place, hash apart (in a million, a handful share).
        let ids: Vec<String> = (0..200_000).map(|i| format!("000.00.93.H10-2405{:02}-{:06}", i % 31, i)).collect();
        let distinct: std::collections::HashSet<u32> = ids.iter().map(|id| id_hash(id)).collect();
        assert!(distinct.len() >= ids.len() - 20, "{} of {}", distinct.len(), ids.len());
    }

    #[test]
    fn same_is_byte_equality() {
        let text = b"Chi nhanh Van phong dang ky dat dai Hon Quan";
        for a in 0..text.len() {
            for b in a..text.len() {
                let x = &text[a..b];
                assert!(same(x, x), "{a}..{b}");
                let mut y = x.to_vec();
                for k in 0..y.len() {
                    y[k] ^= 1;
                    assert!(!same(x, &y), "{a}..{b}, byte {k}");
                    y[k] ^= 1;
                }
                if b < text.len() {
                    assert!(!same(x, &text[a..b + 1]), "{a}..{b} against one byte longer");
                }
            }
        }
    }

    #[test]
    fn ids_sharing_a_hash_are_still_told_apart() {
        // Find two different ids with one hash (the birthday bound: about 100,000 tries).
        let mut seen = HashMap::default();
        let (a, b) = (0u32..)
            .find_map(|i| {
                let id = format!("HS-{i}");
                seen.insert(id_hash(&id), id.clone()).map(|other| (other, id))
            })
            .expect("a shared hash");
        let csv = format!("Mã hồ sơ,Đơn vị,Ngày tiếp nhận,Ngày hẹn trả\n{a},Sở Tư pháp,02/05/2024,09/05/2024\n{b},Sở Tư pháp,02/05/2024,09/05/2024\n{b},Sở Tư pháp,03/05/2024,09/05/2024\n");
        let mut l = crate::ingest::Loader::new();
        let info = l.add_file("h.csv", csv.as_bytes()).expect("reads").clone();
        assert_eq!((info.rows, info.duplicates), (2, 1), "{a} and {b} are two dossiers; {b} again is a repeat");
    }

    #[test]
    fn the_first_data_row_is_not_taken_for_a_second_header_row() {
        let csv = "Mã hồ sơ,Đơn vị,Ngày tiếp nhận,Ngày hẹn trả,Ngày kết thúc xử lý,Trạng thái,Nguồn\n\
                   A1,Sở Tư pháp,02/05/2024,10/05/2024,,Đang xử lý,Trực tuyến\n\
                   A2,Sở Tư pháp,02/05/2024,31/05/2024,,Đang xử lý,\n";
        let mut l = crate::ingest::Loader::new();
        let info = l.add_file("h.csv", csv.as_bytes()).expect("reads").clone();
        assert_eq!(info.header_row, 1);
        assert_eq!(info.rows, 2);
    }

    #[test]
    fn a_title_row_with_a_date_is_passed_over_and_the_header_below_found() {
        // Rows holding a date are never header candidates: not the title above the header, and
        // not a header whose cells only speak of dates.
        let csv = "Báo cáo hồ sơ,31/05/2024,,,\n\
                   Mã hồ sơ,Đơn vị,Ngày tiếp nhận (dd/mm/yyyy),Ngày hẹn trả (dd/mm/yyyy),Trạng thái\n\
                   A1,Sở Tư pháp,02/05/2024,10/05/2024,Đang xử lý\n\
                   A2,Sở Tư pháp,03/05/2024,31/05/2024,Đang xử lý\n";
        let mut l = crate::ingest::Loader::new();
        let info = l.add_file("h.csv", csv.as_bytes()).expect("reads").clone();
        assert_eq!(info.header_row, 2);
        assert_eq!(info.rows, 2);
    }

    #[test]
    fn two_row_headers_combine() {
        let rows = vec![
            vec!["Mã hồ sơ".to_string(), "Ngày".into(), "Ngày".into(), "Đơn vị".into()],
            vec!["".to_string(), "tiếp nhận".into(), "hẹn trả".into(), "Đơn vị".into()],
        ];
        assert_eq!(combine_header_rows(&rows), vec!["Mã hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Đơn vị"]);
    }
}
