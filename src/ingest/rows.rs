//! A table's rows → typed dossiers in a dataset, whatever the file format.
//!
//! Finds the header among the first rows (title rows and two- or three-row headers sit above it),
//! maps columns to fields (with the user's corrections), then parses each row's cells with one
//! date format per column, memoised categorical values, and reports every problem with its row
//! and column. Owns [`FileRows`] (one file's rows in progress) and the [`Row`] trait the readers
//! hand rows through. Knows nothing of bytes, encodings or zip files: CSV and xlsx readers hand
//! it rows; nor of how many readers a file has (`part`): a second one starts from [`Decided`].

use super::dataset::Dataset;
use super::error::IngestError;
use super::header::{self, Field, Mapping};
use super::ids::{hash64, same};
pub use super::row::Row;
use super::source::{
    Confidence, MappedColumn, Problem, SourceFormat, SourceInfo, MAX_LISTED_PROBLEMS,
};
use super::value::{self, DateFormat};
use crate::messages::{self, Text};
use crate::model::{
    flag, may_be_overdue, Block, Channel, Date, DossierStore, PersonalColumn, Status, StrColumn,
};
use crate::text::FastMap as HashMap;
use crate::text::{nfc, tidy};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// What the first reader of a file decided from its header, for a second reader to read on
/// from a line end with: the columns matched to fields, the header's cells, and the date
/// columns' formats so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decided {
    fields: Vec<(Field, usize)>,
    personal: Vec<usize>,
    headers: Vec<String>,
    #[serde(with = "date_formats")]
    dates: [Option<DateFormat>; 4],
}

impl Decided {
    /// Whether every column it names is in its header (a plan from elsewhere may not be).
    pub fn is_consistent(&self) -> bool {
        self.fields
            .iter()
            .map(|(_, c)| c)
            .chain(&self.personal)
            .all(|&c| c < self.headers.len())
    }
}

/// `DateFormat` (owned by `value`) as serde sees it: by name.
pub(super) mod date_formats {
    use super::DateFormat;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    enum Format {
        DayFirst,
        Iso,
        ExcelSerial,
    }

    pub fn serialize<S: Serializer>(
        dates: &[Option<DateFormat>; 4],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        dates
            .map(|d| {
                d.map(|d| match d {
                    DateFormat::DayFirst => Format::DayFirst,
                    DateFormat::Iso => Format::Iso,
                    DateFormat::ExcelSerial => Format::ExcelSerial,
                })
            })
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<[Option<DateFormat>; 4], D::Error> {
        let formats = <[Option<Format>; 4]>::deserialize(d)?;
        Ok(formats.map(|f| {
            f.map(|f| match f {
                Format::DayFirst => DateFormat::DayFirst,
                Format::Iso => DateFormat::Iso,
                Format::ExcelSerial => DateFormat::ExcelSerial,
            })
        }))
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

/// Where a file's rows go: a dataset, and the files read before (a repeated id's message names
/// the file it was first seen in).
pub struct Target<'a> {
    pub data: &'a mut Dataset,
    pub inputs: &'a [SourceInfo],
    pub file_index: usize,
}

/// What a second reader of a file counted, reported and decided: its file entry's counts and
/// problems (lines counted from its start), its data rows and its date formats.
#[derive(Debug)]
pub struct Counted {
    pub info: SourceInfo,
    pub data_rows: usize,
    pub dates: [Option<DateFormat>; 4],
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
    /// The rows the header was decided from, and the line of the header's last row: a sheet
    /// whose merged header cells are known only at its end is read again if spreading them
    /// would have decided otherwise ([`FileRows::decides_alike`]).
    decided_on: Vec<(u64, Vec<String>)>,
    header_end: u64,
}

/// What a file's header search decided, to compare two searches by.
#[derive(Debug, PartialEq)]
pub struct Decision {
    header_row: u64,
    header_end: u64,
    columns: Vec<String>,
    mapping: Vec<(Field, String, Confidence)>,
    personal: Vec<String>,
    ambiguous: Vec<(Field, Vec<String>)>,
    other: Option<(Option<header::Kind>, Vec<String>, Vec<String>)>,
}

impl FileRows {
    pub fn new(info: SourceInfo, corrections: Corrections) -> FileRows {
        FileRows {
            info,
            corrections,
            head: Vec::new(),
            reader: None,
            other: None,
            data_rows_seen: 0,
            decided_on: Vec::new(),
            header_end: 0,
        }
    }

    pub fn push<R: Row + ?Sized>(
        &mut self,
        line: u64,
        row: &R,
        target: &mut Target<'_>,
    ) -> Result<(), IngestError> {
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
                table.rows.push((
                    line,
                    (0..row.len())
                        .map(|i| tidy(&row.text(i)).into_owned())
                        .collect(),
                ));
            }
            return Ok(());
        }
        if row.is_blank() {
            return Ok(());
        }
        let cells = (0..row.len())
            .map(|i| tidy(&row.text(i)).into_owned())
            .collect();
        self.head.push((line, cells));
        if self.head.len() >= HEADER_SEARCH_ROWS {
            self.start_reading(target)?;
        }
        Ok(())
    }

    /// A sheet cell that could not be read (`cell`: its reference): reported; the row is read
    /// with the cell blank.
    pub fn cell_problem(
        &mut self,
        line: u64,
        cell: &str,
        kind: &super::xlsx::sheet::CellProblemKind,
    ) {
        use super::xlsx::sheet::CellProblemKind as K;
        use messages::XlsxCellFault as F;
        let fault = match kind {
            K::SharedString(_) => F::SharedString,
            K::Number(_) => F::Number,
            K::Boolean(_) => F::Boolean,
            K::Type(_) => F::Type,
        };
        problem(
            &mut self.info,
            line,
            None,
            messages::xlsx_cell_unreadable(cell, fault),
        );
    }

    /// Runs the header search on the rows held, if it has not run yet: a sheet's header is
    /// decided at the sheet's end, so another sheet can be tried when it has none.
    pub fn settle(&mut self, target: &mut Target<'_>) -> Result<(), IngestError> {
        if self.reader.is_none() && self.other.is_none() && !self.head.is_empty() {
            self.start_reading(target)?;
        }
        Ok(())
    }

    /// A line the reader set aside for its length: reported, and counted as a row skipped.
    pub fn line_too_long(&mut self, line: u64) {
        self.data_rows_seen += 1;
        self.info.skipped_rows += 1;
        problem(
            &mut self.info,
            line,
            None,
            messages::line_too_long(super::csv_stream::MAX_LINE_BYTES),
        );
    }

    /// A second reader of a delimited file: it starts past the header, at a record boundary,
    /// with the first reader's columns and date formats.
    pub fn continuing(info: SourceInfo, decided: &Decided, data: &mut Dataset) -> FileRows {
        let mapping = Mapping {
            fields: decided.fields.clone(),
            personal: decided.personal.clone(),
            ..Mapping::default()
        };
        let mut reader = RowReader::new(
            mapping,
            decided.headers.clone(),
            &mut data.store,
            SourceFormat::Csv,
        );
        reader.dates = DateColumns(decided.dates);
        FileRows {
            info,
            corrections: Corrections::default(),
            head: Vec::new(),
            reader: Some(reader),
            other: None,
            data_rows_seen: 0,
            decided_on: Vec::new(),
            header_end: 0,
        }
    }

    /// What a second reader needs, once the header of a dossier file is found.
    pub fn decided(&self) -> Option<Decided> {
        self.reader.as_ref().map(|r| Decided {
            fields: r.mapping.fields.clone(),
            personal: r.mapping.personal.clone(),
            headers: r.headers.clone(),
            dates: r.dates.0,
        })
    }

    /// The date formats so far (a second reader's, when it ends).
    pub fn date_formats(&self) -> [Option<DateFormat>; 4] {
        self.reader.as_ref().map(|r| r.dates.0).unwrap_or_default()
    }

    /// Whether another reader of the file decided no date column's format otherwise.
    pub fn dates_agree(&self, other: &[Option<DateFormat>; 4]) -> bool {
        let Some(r) = &self.reader else { return false };
        !r.dates
            .0
            .iter()
            .zip(other)
            .any(|(a, b)| matches!((a, b), (Some(a), Some(b)) if a != b))
    }

    pub fn data_rows_seen(&self) -> usize {
        self.data_rows_seen
    }

    /// Takes over what a second reader of the file counted, reported and decided, once its
    /// dossiers were appended to `store` from `first` on: its lines are `offset` on from its own.
    pub fn take_over(&mut self, part: Counted, offset: u64, store: &DossierStore, first: usize) {
        if let Some(r) = &mut self.reader {
            for (f, d) in r.dates.0.iter_mut().zip(&part.dates) {
                *f = f.or(*d);
            }
        }
        self.data_rows_seen += part.data_rows;
        let info = &mut self.info;
        let theirs = part.info;
        info.skipped_rows += theirs.skipped_rows;
        info.duplicates += theirs.duplicates;
        info.rows_without_progress += theirs.rows_without_progress;
        info.header_repeats += theirs.header_repeats;
        info.problems_total += theirs.problems_total;
        let renumbered: HashMap<usize, &(usize, String, u32)> =
            theirs.duplicate_refs.iter().map(|r| (r.0, r)).collect();
        for (i, mut problem) in theirs.problems.into_iter().enumerate() {
            if info.problems.len() >= MAX_LISTED_PROBLEMS {
                break;
            }
            problem.row = problem.row.map(|r| r + offset);
            // A repeat within their rows names the line where the file first has the id.
            if let Some((_, id, first_of_theirs)) = renumbered.get(&i) {
                let first_row = store.row[first + *first_of_theirs as usize];
                let text = messages::duplicate_id(id, &info.path, first_row);
                (problem.message, problem.message_en, problem.unmasked) =
                    (text.vi, text.en, text.unmasked);
                info.duplicate_refs.push((
                    info.problems.len(),
                    id.clone(),
                    first as u32 + first_of_theirs,
                ));
            }
            info.problems.push(problem);
        }
    }

    /// What this reader counted, reported and decided, for the first reader (`take_over`).
    pub fn counted(self) -> Counted {
        Counted {
            dates: self.date_formats(),
            data_rows: self.data_rows_seen,
            info: self.info,
        }
    }

    /// Ends the file: the counts are final.
    pub fn finish(
        mut self,
        target: &mut Target<'_>,
    ) -> Result<(SourceInfo, Option<super::other::Table>), IngestError> {
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

    /// What the header search decided (once it has).
    pub fn decision(&self) -> Decision {
        Decision {
            header_row: self.info.header_row,
            header_end: self.header_end,
            columns: self.info.columns.clone(),
            mapping: self
                .info
                .mapping
                .iter()
                .map(|m| (m.field, m.column.clone(), m.confidence))
                .collect(),
            personal: self.info.personal_columns.clone(),
            ambiguous: self.info.ambiguous.clone(),
            other: self
                .other
                .as_ref()
                .map(|t| (t.kind, t.headers.clone(), t.titles.clone())),
        }
    }

    /// Whether the header search, had the first rows been `replaced` (1-based line, cells as
    /// the sheet shows them), would decide as it did, and no data row would differ: the
    /// search is run again on a scratch dataset.
    pub fn decides_alike(&self, replaced: &[(u64, Vec<String>)]) -> bool {
        let tidied: Vec<(u64, Vec<String>)> = replaced
            .iter()
            .map(|(line, cells)| (*line, cells.iter().map(|c| tidy(c).into_owned()).collect()))
            .collect();
        let changed = |line: u64, cells: &Vec<String>| {
            self.decided_on
                .iter()
                .find(|(l, _)| *l == line)
                .is_none_or(|(_, before)| before != cells)
        };
        if tidied
            .iter()
            .any(|(line, cells)| *line > self.header_end && changed(*line, cells))
        {
            return false;
        }
        let mut rows: std::collections::BTreeMap<u64, Vec<String>> =
            self.decided_on.iter().cloned().collect();
        rows.extend(
            tidied
                .into_iter()
                .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty())),
        );
        let mut again = FileRows::new(SourceInfo::new(&self.info.path), self.corrections.clone());
        again.info.format = self.info.format;
        again.head = rows.into_iter().take(HEADER_SEARCH_ROWS).collect();
        let mut data = Dataset::default();
        let mut scratch = Target {
            data: &mut data,
            inputs: &[],
            file_index: 0,
        };
        again.start_reading(&mut scratch).is_ok() && again.decision() == self.decision()
    }

    fn start_reading(&mut self, target: &mut Target<'_>) -> Result<(), IngestError> {
        self.decided_on.clone_from(&self.head);
        let (header_at, header_rows, mut headers) = self.find_header()?;
        let mut mapping = header::match_headers(&headers);
        apply_corrections(&mut mapping, &headers, &self.corrections)?;
        let missing = mapping.missing_required();
        let other_kind = !matches!(
            header::recognise(&headers),
            header::Kind::Dossiers | header::Kind::Unknown
        );
        if (!missing.is_empty() || other_kind) && self.corrections.fields.is_empty() {
            if let Some((at, span, headers, kind)) = self.find_other_header() {
                self.info.header_row = self.head[at].0;
                self.header_end = self.head[at + span - 1].0;
                let titles = self.head[..at]
                    .iter()
                    .map(|(_, cells)| {
                        cells
                            .iter()
                            .filter(|c| !c.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                let rows: Vec<(u64, Vec<String>)> = self.head.drain(..).skip(at + span).collect();
                self.data_rows_seen += rows.len();
                self.other = Some(super::other::Table {
                    kind: Some(kind),
                    headers,
                    titles,
                    rows,
                });
                return Ok(());
            }
        }
        if !missing.is_empty() {
            let found = headers.iter().filter(|h| !h.is_empty()).cloned().collect();
            let matched = mapping
                .fields
                .iter()
                .map(|(f, c)| (*f, headers[*c].clone()))
                .chain(
                    mapping
                        .personal
                        .iter()
                        .map(|&c| (Field::Personal, headers[c].clone())),
                )
                .collect();
            return Err(IngestError::MissingColumns {
                missing,
                found,
                matched,
                sheet: None,
                sheets: Vec::new(),
            });
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
                    Confidence::User
                } else if mapping.exact.contains(f) {
                    Confidence::Exact
                } else {
                    Confidence::Partial
                },
            })
            .collect();
        if self.corrections.fields.is_empty() {
            for (f, cols) in &mapping.ambiguous {
                let names: Vec<String> = cols.iter().map(|&c| headers[c].clone()).collect();
                self.info
                    .warnings
                    .push(messages::ambiguous_column(f.label_vi(), &names).vi);
                self.info.ambiguous.push((*f, names));
            }
        }
        self.info.personal_columns = mapping
            .personal
            .iter()
            .map(|&c| headers[c].clone())
            .collect();
        self.info.columns = headers.clone();
        self.header_end = self.head[header_at + header_rows - 1].0;
        let mut reader = RowReader::new(mapping, headers, &mut target.data.store, self.info.format);
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
                if span > 1
                    && (looks_like_data(&self.head[at + 1].1)
                        || mostly_numbers(&self.head[at + 1].1))
                {
                    break;
                }
                let headers = self.header_cells(at, span);
                let kind = header::recognise(&headers);
                if matches!(kind, header::Kind::Dossiers | header::Kind::Unknown) {
                    continue;
                }
                let key = (
                    headers.iter().filter(|h| !h.is_empty()).count(),
                    std::cmp::Reverse(span),
                );
                if best.as_ref().is_none_or(|(k, _)| key > *k) {
                    best = Some((key, (at, span, headers, kind)));
                }
            }
        }
        best.map(|(_, b)| b)
    }

    /// The header cells of `span` rows from the `at`th held, combined.
    fn header_cells(&self, at: usize, span: usize) -> Vec<String> {
        if span == 1 {
            return self.head[at].1.clone();
        }
        let rows: Vec<Vec<String>> = self.head[at..at + span]
            .iter()
            .map(|(_, c)| c.clone())
            .collect();
        combine_header_rows(&rows)
    }

    /// (index of the first header row, how many rows it spans, the combined header cells).
    fn find_header(&self) -> Result<(usize, usize, Vec<String>), IngestError> {
        if let Some(line) = self.corrections.header_row {
            let at = self
                .head
                .iter()
                .position(|(l, _)| *l == line)
                .ok_or(IngestError::NoSuchHeaderRow(line))?;
            return Ok((at, 1, self.head[at].1.clone()));
        }
        // Best: most required fields, then most fields, then fewest rows, then earliest.
        let mut best: Option<(usize, usize, Vec<String>)> = None;
        let mut best_key = (0, 0, std::cmp::Reverse(0), std::cmp::Reverse(0));
        for at in 0..self.head.len() {
            // A header row never holds a date: a row that does is data, not a header (nor the
            // first of its rows), and joining it to the header would swallow the first dossier.
            // Data rows are most of the rows looked at, and matching their cells against every
            // known header spelling is the search's main cost: they are passed over at once.
            if looks_like_data(&self.head[at].1) {
                continue;
            }
            for span in 1..=3.min(self.head.len() - at) {
                if span > 1
                    && self.head[at + 1..at + span]
                        .iter()
                        .any(|(_, cells)| looks_like_data(cells))
                {
                    break;
                }
                let headers = self.header_cells(at, span);
                let m = header::match_headers(&headers);
                let key = (
                    4 - m.missing_required().len(),
                    m.fields.len(),
                    std::cmp::Reverse(span),
                    std::cmp::Reverse(at),
                );
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
    !filled.is_empty()
        && filled
            .iter()
            .filter(|c| value::parse_number(c).is_some())
            .count()
            * 3
            >= filled.len()
}

fn looks_like_data(cells: &[String]) -> bool {
    cells.iter().any(|c| {
        !c.is_empty() && DateFormat::detect(c).is_some_and(|f| f != DateFormat::ExcelSerial)
    })
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

fn apply_corrections(
    mapping: &mut Mapping,
    headers: &[String],
    c: &Corrections,
) -> Result<(), IngestError> {
    for (field, header) in &c.fields {
        let wanted = tidy(header);
        let col = headers
            .iter()
            .position(|h| *h == wanted)
            .ok_or_else(|| IngestError::NoSuchColumn(header.clone()))?;
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
/// Bytes are compared with [`same`], not `==`: wasm's `memcmp` goes a byte at a time, which is
/// felt on every row.
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
        Memo {
            few: Vec::new(),
            many: HashMap::default(),
        }
    }

    fn find(&self, raw: &[u8]) -> Option<T> {
        if let Some((_, v)) = self.few.iter().find(|(k, _)| same(k, raw)) {
            return Some(*v);
        }
        if self.many.is_empty() {
            return None;
        }
        self.many
            .get(&hash64(raw))
            .filter(|(k, _)| same(k, raw))
            .map(|(_, v)| *v)
    }

    fn remember(&mut self, raw: &[u8], v: T) {
        if self.few.len() < MEMO_FEW {
            self.few.push((raw.into(), v));
        } else if self.many.len() < MEMO_MAX {
            self.many
                .entry(hash64(raw))
                .or_insert_with(|| (raw.into(), v));
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
            None if DateFormat::detect(cell).is_some() => {
                Err(messages::date_format_differs(cell, format.name()))
            }
            None => Err(messages::bad_date(cell)),
        }
    }
}

fn problem(info: &mut SourceInfo, row: u64, column: Option<&str>, text: Text) {
    info.problems_total += 1;
    if info.problems.len() < MAX_LISTED_PROBLEMS {
        info.problems
            .push(Problem::new(Some(row), column.map(str::to_owned), text));
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
    /// The file's format: what a row's shape says (`shape_fits`).
    format: SourceFormat,
}

impl RowReader {
    fn new(
        mapping: Mapping,
        headers: Vec<String>,
        store: &mut DossierStore,
        format: SourceFormat,
    ) -> Self {
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
                    store.personal.push(PersonalColumn {
                        header: header.clone(),
                        values,
                    });
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
            format,
        }
    }

    /// Masks every value a row's problems quote when the row has more cells than the header
    /// (a stray delimiter slid its cells under other headers: an owner's name or phone may be
    /// in any of them), and those of a column whose header names personal data.
    fn mask_quotes(&self, cells: usize, problems: &mut [Problem]) {
        let shifted = cells > self.headers.len();
        for p in problems {
            let personal = p
                .column
                .as_ref()
                .is_some_and(|h| header::match_headers(&[h]).personal == [0]);
            if shifted || personal {
                let text = Text {
                    vi: std::mem::take(&mut p.message),
                    en: std::mem::take(&mut p.message_en),
                    unmasked: p.unmasked.take(),
                }
                .masking_quotes();
                (p.message, p.message_en, p.unmasked) = (text.vi, text.en, text.unmasked);
            }
        }
    }

    /// Whether the row repeats the header: its id, unit and received cells are those columns'
    /// header cells, or spellings of the same fields.
    fn is_header_again<R: Row + ?Sized>(&self, row: &R) -> bool {
        [Field::Id, Field::Unit, Field::Received]
            .iter()
            .all(|&f| match self.columns[f as usize] {
                Some(c) => {
                    let cell = row.text(c);
                    let key = crate::text::fold_key(&cell);
                    !key.is_empty()
                        && (key == crate::text::fold_key(&self.headers[c])
                            || header::match_headers(&[cell.as_ref()]).column(f) == Some(0))
                }
                None => true,
            })
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

    /// Reads one data row: a dossier kept, or skipped with its problem; either way its problems
    /// are listed with its line.
    fn read<R: Row + ?Sized>(
        &mut self,
        row: &R,
        line: u64,
        info: &mut SourceInfo,
        t: &mut Target<'_>,
    ) {
        let mut at = At { line, info };
        if !self.shape_fits(row, &mut at) {
            return;
        }
        let Some(key) = self.key(row, &mut at, t) else {
            return;
        };
        let progress = self.progress(row, &mut at, key.received);
        let channel = self.channel(row, &mut at);
        let mut flags = self.flags(row, &mut at);
        if !progress.readable {
            flags |= flag::NO_PROGRESS;
            at.info.rows_without_progress += 1;
        }
        let unit = self.unit(row, key.unit, t);
        let (procedure, code) = self.procedure(row, &mut at, t);

        let store = &mut t.data.store;
        let index = store.len();
        // Only a file with personal columns keeps values (a file without has none to keep, and a
        // second reader of it, whose store has no such column, keeps none either).
        if !self.personal_slots.is_empty()
            && flags & flag::NO_PROGRESS == 0
            && may_be_overdue(progress.status, progress.due, progress.ended)
        {
            store
                .personal_rows
                .push(u32::try_from(index).unwrap_or(u32::MAX));
            for (slot, &col) in self.personal_slots.iter().zip(&self.mapping.personal) {
                store.personal[*slot]
                    .values
                    .push_raw(row.raw(col).trim_ascii());
            }
            // Personal columns this file lacks but an earlier file had stay aligned.
            let kept = store.personal_rows.len();
            for p in &mut store.personal {
                p.values.pad_to(kept);
            }
        }
        store.procedure.push(procedure);
        store.procedure_code.push(code);
        store.id.push(key.id);
        store
            .file
            .push(u16::try_from(t.file_index).unwrap_or(u16::MAX));
        store.row.push(u32::try_from(line).unwrap_or(u32::MAX));
        store.unit.push(unit);
        store.received.push(key.received);
        store.due.push(progress.due);
        store.ended.push(progress.ended);
        store.status.push(progress.status);
        store.channel.push(channel);
        store.flags.push(flags);
    }

    /// Whether the row has the cells its format promises. A delimited row shorter than the header
    /// may have its cells slid under the wrong headers, so it is not guessed at; a sheet's rows
    /// are cells by position, and a short one only lacks trailing blanks.
    fn shape_fits<R: Row + ?Sized>(&self, row: &R, at: &mut At<'_>) -> bool {
        let short = row.len() < self.headers.len()
            && self.mapping.fields.iter().any(|(_, c)| *c >= row.len());
        match self.format {
            SourceFormat::Csv if short => {
                at.skip(None, messages::ragged_row(row.len(), self.headers.len()));
                false
            }
            // An HTML table's cells are placed by position as a sheet's are (spans included).
            SourceFormat::Csv
            | SourceFormat::Xlsx
            | SourceFormat::Xls
            | SourceFormat::Ods
            | SourceFormat::Html => true,
        }
    }

    /// What a dossier cannot be kept without (its id, unit and receipt), or `None` with the row
    /// skipped: one of them missing or unreadable, or an id seen before.
    fn key<'r, R: Row + ?Sized>(
        &mut self,
        row: &'r R,
        at: &mut At<'_>,
        t: &mut Target<'_>,
    ) -> Option<Key<'r>> {
        // Bytes that are not UTF-8 in the id or the unit (in a file read as UTF-8 they stay bytes;
        // rows held for the header search, and other encodings, have them as U+FFFD): a replaced
        // letter would make another dossier or another unit, so the row is set aside [D].
        let id = std::str::from_utf8(self.raw(row, Field::Id).unwrap_or(b""))
            .ok()
            .filter(|s| !s.contains(char::REPLACEMENT_CHARACTER))
            .map(str::trim);
        let Some(id) = id else {
            at.skip(self.header(Field::Id), messages::not_utf8("mã hồ sơ", true));
            return None;
        };
        if id.is_empty() {
            at.skip(self.header(Field::Id), messages::missing_value("mã hồ sơ"));
            return None;
        }
        // A unit spelled as before is known without tidying its name again; a new spelling is
        // tidied here and becomes a unit only once the row is kept.
        let raw = self.raw(row, Field::Unit).unwrap_or(b"");
        let unit = match self.units.find(raw) {
            Some(known) => UnitCell::Known(known),
            None => {
                let name = match std::str::from_utf8(raw) {
                    Ok(name) if !name.contains(char::REPLACEMENT_CHARACTER) => {
                        nfc(&tidy(name)).into_owned()
                    }
                    _ => {
                        at.skip(self.header(Field::Unit), messages::not_utf8("đơn vị", true));
                        return None;
                    }
                };
                if name.is_empty() {
                    at.skip(self.header(Field::Unit), messages::missing_value("đơn vị"));
                    return None;
                }
                UnitCell::New { raw, name }
            }
        };
        let received_raw = self.raw(row, Field::Received).unwrap_or(b"");
        let received = match self.dates.parse_raw(Field::Received, received_raw) {
            Ok(Some(d)) => d,
            Ok(None) => {
                at.skip(
                    self.header(Field::Received),
                    messages::missing_value("ngày tiếp nhận"),
                );
                return None;
            }
            // The header again (exports joined page by page): skipped quietly, counted.
            Err(_) if self.is_header_again(row) => {
                at.info.header_repeats += 1;
                return None;
            }
            Err(_) => {
                at.skip(
                    self.header(Field::Received),
                    messages::bad_date_received(String::from_utf8_lossy(received_raw).trim()),
                );
                return None;
            }
        };
        // From here on the row is kept (as dossier `store.len()`) unless its id was seen.
        let data = &mut *t.data;
        if let Some(first) = data
            .seen
            .first_or_insert(&data.store, id, data.store.len() as u32)
        {
            let (first_file, first_row) = (
                data.store.file[first as usize] as usize,
                data.store.row[first as usize],
            );
            let first_path = t
                .inputs
                .get(first_file)
                .map_or(at.info.path.as_str(), |i| i.path.as_str())
                .to_string();
            if at.info.problems.len() < MAX_LISTED_PROBLEMS {
                at.info
                    .duplicate_refs
                    .push((at.info.problems.len(), id.to_string(), first));
            }
            at.problem(
                self.header(Field::Id),
                messages::duplicate_id(id, &first_path, first_row),
            );
            at.info.duplicates += 1;
            return None;
        }
        Some(Key { id, unit, received })
    }

    /// The dates and status that place a dossier in the progress figures (methodology §2), and
    /// whether they could all be read.
    fn progress<R: Row + ?Sized>(&mut self, row: &R, at: &mut At<'_>, received: Date) -> Progress {
        let mut readable = true;
        let mut date = |this: &mut Self, f: Field, at: &mut At<'_>| -> Option<Date> {
            let raw = this.raw(row, f)?;
            match this.dates.parse_raw(f, raw) {
                Ok(d) => d,
                Err(text) => {
                    at.problem(this.header(f), text);
                    readable = false;
                    None
                }
            }
        };
        let due = date(self, Field::Due, at);
        let finished = date(self, Field::Finished, at);
        let returned = date(self, Field::Returned, at);
        let ended = finished.or(returned);
        // Kept and judged as written, but said: the export or the typing is wrong somewhere.
        if let Some(d) = due.filter(|d| *d < received) {
            at.problem(
                self.header(Field::Due),
                messages::due_before_received(d, received),
            );
        }
        let status = match self.raw(row, Field::Status) {
            Some(raw) => match self.status.get(raw, value::parse_status) {
                Some(s) => s,
                None => {
                    at.problem(
                        self.header(Field::Status),
                        messages::bad_status(String::from_utf8_lossy(raw).trim()),
                    );
                    readable = false;
                    Status::DangXuLy
                }
            },
            // Without a status column a dossier with an end date is taken as finished [D].
            None if ended.is_some() => Status::DaXuLyXong,
            None => Status::DangXuLy,
        };
        if status.is_final() && ended.is_none() && readable {
            at.problem(
                self.header(Field::Finished).or(self.header(Field::Status)),
                messages::final_without_end_date(),
            );
            readable = false;
        }
        Progress {
            due,
            ended,
            status,
            readable,
        }
    }

    /// How the dossier was submitted: the channel column, else an online yes/no column.
    fn channel<R: Row + ?Sized>(&mut self, row: &R, at: &mut At<'_>) -> Channel {
        if let Some(raw) = self.raw(row, Field::Channel) {
            self.channel
                .get(raw, value::parse_channel)
                .unwrap_or_else(|| {
                    at.problem(
                        self.header(Field::Channel),
                        messages::bad_value(&String::from_utf8_lossy(raw), "kênh nộp"),
                    );
                    Channel::Unknown
                })
        } else if let Some(raw) = self.raw(row, Field::OnlineFlag) {
            match self.online.get(raw, value::parse_bool) {
                Some(true) => Channel::TrucTuyen,
                Some(false) => Channel::TrucTiep,
                None => {
                    at.problem(
                        self.header(Field::OnlineFlag),
                        messages::bad_value(&String::from_utf8_lossy(raw), "trực tuyến"),
                    );
                    Channel::Unknown
                }
            }
        } else {
            Channel::Unknown
        }
    }

    /// The one-bit facts (`model::flag`): yes/no columns, the fee owed, paid online, a bad rating.
    fn flags<R: Row + ?Sized>(&mut self, row: &R, at: &mut At<'_>) -> u16 {
        let mut flags = 0u16;
        let mut exempt = false;
        for (i, (f, bit)) in FLAG_FIELDS.iter().enumerate() {
            let Some(raw) = self.raw(row, *f) else {
                continue;
            };
            match self.flags[i].get(raw, value::parse_bool) {
                Some(true) if *f == Field::Exempt => exempt = true,
                Some(true) => flags |= bit,
                Some(false) => {}
                None => at.problem(
                    self.header(*f),
                    messages::bad_value(&String::from_utf8_lossy(raw), f.label_vi()),
                ),
            }
        }
        if let Some(raw) = self.raw(row, Field::Fee) {
            match self.fee.get(raw, value::parse_fee) {
                Some((due, ex)) if due && !ex && !exempt => flags |= flag::FEE_DUE,
                Some(_) => {}
                None => at.problem(
                    self.header(Field::Fee),
                    messages::bad_value(&String::from_utf8_lossy(raw), "phí, lệ phí"),
                ),
            }
        }
        if let Some(raw) = self.raw(row, Field::PaidOnline) {
            match self.paid.get(raw, value::parse_paid_online) {
                Some(true) => flags |= flag::PAID_ONLINE,
                Some(false) => {}
                None => at.problem(
                    self.header(Field::PaidOnline),
                    messages::bad_value(&String::from_utf8_lossy(raw), "thanh toán trực tuyến"),
                ),
            }
        }
        // A blank rating is "not rated", not "not satisfied".
        if let Some(raw) = self
            .raw(row, Field::Rating)
            .filter(|r| !r.iter().all(u8::is_ascii_whitespace))
        {
            match self.rating.get(raw, super::other::parse_satisfied) {
                Some(false) => flags |= flag::NEGATIVE_RATING,
                Some(true) => {}
                None => at.problem(
                    self.header(Field::Rating),
                    messages::bad_value(&String::from_utf8_lossy(raw), "đánh giá"),
                ),
            }
        }
        flags
    }

    /// The kept dossier's unit, made on first sight, with what this row says of its block and code.
    fn unit<R: Row + ?Sized>(&mut self, row: &R, cell: UnitCell<'_>, t: &mut Target<'_>) -> u32 {
        let block = self
            .raw(row, Field::Block)
            .and_then(|raw| self.block.get(raw, Block::from_column));
        match cell {
            UnitCell::Known(unit) => {
                // The code cell is read only while the unit still lacks one.
                let code = if t.data.store.units[unit as usize].code.is_none() {
                    self.cell(row, Field::UnitCode)
                } else {
                    Cow::Borrowed("")
                };
                t.data.note_unit(unit, block, code.trim());
                unit
            }
            UnitCell::New { raw, name } => {
                let unit = t
                    .data
                    .unit(&name, block, self.cell(row, Field::UnitCode).trim());
                self.units.remember(raw, unit);
                unit
            }
        }
    }

    /// The procedure's name and code, interned: (name, else code; code).
    fn procedure<R: Row + ?Sized>(
        &mut self,
        row: &R,
        at: &mut At<'_>,
        t: &mut Target<'_>,
    ) -> (u32, u32) {
        self.key.clear();
        self.key
            .extend_from_slice(self.raw(row, Field::ProcedureName).unwrap_or(b""));
        self.key.push(0xFF);
        self.key
            .extend_from_slice(self.raw(row, Field::ProcedureCode).unwrap_or(b""));
        if let Some(known) = self.procedures.find(&self.key) {
            return known;
        }
        let not_utf8 = |f: Field| {
            self.raw(row, f).is_some_and(|r| {
                !std::str::from_utf8(r).is_ok_and(|s| !s.contains(char::REPLACEMENT_CHARACTER))
            })
        };
        if not_utf8(Field::ProcedureName) || not_utf8(Field::ProcedureCode) {
            let column = self
                .header(Field::ProcedureName)
                .or(self.header(Field::ProcedureCode));
            at.problem(column, messages::not_utf8("thủ tục", false));
        }
        let procedure_name = self.cell(row, Field::ProcedureName);
        let procedure_code = self.cell(row, Field::ProcedureCode);
        let procedure = if procedure_name.trim().is_empty() {
            nfc(procedure_code.trim())
        } else {
            nfc(procedure_name.trim())
        };
        let store = &mut t.data.store;
        let known = (
            store.procedures.intern(&procedure),
            store.procedure_codes.intern(&nfc(procedure_code.trim())),
        );
        self.procedures.remember(&self.key, known);
        known
    }
}

/// A row being read: its line, and the file's entry its problems go to.
struct At<'i> {
    line: u64,
    info: &'i mut SourceInfo,
}

impl At<'_> {
    fn problem(&mut self, column: Option<&str>, text: Text) {
        problem(self.info, self.line, column, text);
    }

    /// The row is not kept, for this reason.
    fn skip(&mut self, column: Option<&str>, text: Text) {
        self.problem(column, text);
        self.info.skipped_rows += 1;
    }
}

/// What a dossier is kept by: its id, unit and day of receipt.
struct Key<'r> {
    id: &'r str,
    unit: UnitCell<'r>,
    received: Date,
}

/// A row's unit cell: a spelling seen before, or a new one with its tidied name.
enum UnitCell<'r> {
    Known(u32),
    New { raw: &'r [u8], name: String },
}

/// Where a dossier stands (methodology §2).
struct Progress {
    due: Option<Date>,
    ended: Option<Date>,
    status: Status,
    /// Every date and the status could be read: the dossier counts in progress figures.
    readable: bool,
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
    fn ids_sharing_a_hash_are_still_told_apart() {
        // Find two different ids with one hash (the birthday bound: about 100,000 tries).
        let mut seen = HashMap::default();
        let (a, b) = (0u32..)
            .find_map(|i| {
                let id = format!("HS-{i}");
                seen.insert(crate::ingest::ids::id_hash(&id), id.clone())
                    .map(|other| (other, id))
            })
            .expect("a shared hash");
        let csv = format!(
            "Mã hồ sơ,Đơn vị,Ngày tiếp nhận,Ngày hẹn trả\n{a},Sở Tư \
             pháp,02/05/2024,09/05/2024\n{b},Sở Tư pháp,02/05/2024,09/05/2024\n{b},Sở Tư \
             pháp,03/05/2024,09/05/2024\n"
        );
        let mut l = crate::ingest::Loader::new();
        let info = l.add_file("h.csv", csv.as_bytes()).expect("reads").clone();
        assert_eq!(
            (info.rows, info.duplicates),
            (2, 1),
            "{a} and {b} are two dossiers; {b} again is a repeat"
        );
    }

    #[test]
    fn the_first_data_row_is_not_taken_for_a_second_header_row() {
        let csv =
            "Mã hồ sơ,Đơn vị,Ngày tiếp nhận,Ngày hẹn trả,Ngày kết thúc xử lý,Trạng thái,Nguồn\n\
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
                   Mã hồ sơ,Đơn vị,Ngày tiếp nhận (dd/mm/yyyy),Ngày hẹn trả (dd/mm/yyyy),Trạng \
                   thái\n\
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
            vec![
                "Mã hồ sơ".to_string(),
                "Ngày".into(),
                "Ngày".into(),
                "Đơn vị".into(),
            ],
            vec![
                "".to_string(),
                "tiếp nhận".into(),
                "hẹn trả".into(),
                "Đơn vị".into(),
            ],
        ];
        assert_eq!(
            combine_header_rows(&rows),
            vec!["Mã hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Đơn vị"]
        );
    }
}
