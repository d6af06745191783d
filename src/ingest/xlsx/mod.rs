//! .xlsx → one sheet's rows, streamed: the zip directory by random access, only the parts
//! needed inflated, their XML scanned as it arrives.
//!
//! Owns [`Workbook`], a state machine with no I/O (csv-core's way): it says which bytes of the
//! file it needs ([`Step::Fetch`]) and which part it needs inflated ([`Step::Inflate`]); the
//! caller fetches (a seek natively, `File.slice` in the page), inflates ([`inflate::Inflater`],
//! inline or in a second thread or worker) and feeds the XML back ([`Workbook::feed`]). The
//! sheet's rows go to the caller as they end. What is read, in order: the directory
//! ([`package`]), the workbook and its relationships, the styles and the shared strings
//! ([`parts`]), then the sheet ([`sheet`]): the one named, or the first with a non-blank cell,
//! visible sheets before hidden ones.
//!
//! Every part is budgeted before it is inflated (its declared size) and as it is read (what it
//! may make us hold); parts not needed are never inflated. Knows nothing of column meanings,
//! the header search or any wording: errors are facts (`XlsxError`), which `messages.rs` words.

pub mod cell;
pub mod inflate;
pub mod package;
pub mod parts;
pub mod sheet;
pub mod xml;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use crate::ingest::row::Row;
use inflate::{Entry, InflateError, Inflater};
use package::{Directory, Open};
use parts::{Relationships, Styles, WorkbookPart};
use sheet::{CellProblem, Context, Region, Scanner};

pub use parts::MAX_SHEETS;

/// Why a workbook cannot be read. Messages are written elsewhere (src/messages.rs); this enum only
/// carries facts.
#[derive(Clone, Debug, PartialEq)]
pub enum XlsxError {
    /// A password-protected workbook (an .xls with a password, or an .xlsx Excel encrypted into
    /// an OLE file).
    EncryptedOrLegacy,
    /// Not a zip / not a workbook; the detail is the underlying reader's message.
    NotWorkbook(String),
    /// A part declares more than its budget, or reading it would hold more than the budget
    /// (a few bytes of XML can repeat a long shared string or list millions of formats).
    TooLarge {
        uncompressed: u64,
        limit: u64,
    },
    /// More sheets than [`MAX_SHEETS`].
    TooManySheets(usize),
    NoSuchSheet(String),
    /// No bytes, or no sheet with a non-blank cell (or the named sheet is blank).
    Empty,
    /// A part's bytes are damaged (not DEFLATE, or not the size or checksum declared).
    Damaged {
        part: String,
        why: InflateError,
    },
    /// Row `row` comes after row `after` in the sheet's XML: rows are read in the order stored
    /// and were not stored in order (no spreadsheet program writes them so).
    RowsOutOfOrder {
        row: u32,
        after: u32,
    },
}

/// The most a part other than the sheet and the shared strings may inflate to: real ones take
/// kilobytes (styles, a few megabytes at most).
pub const MAX_SMALL_PART: u64 = 64 << 20;

/// The most the shared-string table's XML may inflate to: past it the table would not fit the
/// memory it may hold (`parts::MAX_SHARED_STRING_BYTES`) anyway, or takes minutes to read.
pub const MAX_SHARED_STRINGS_XML: u64 = 2 << 30;

/// A sheet's XML may inflate to this many times its compressed size, plus [`SHEET_ALLOWANCE`]:
/// real sheets inflate 5 to 20 times; a DEFLATE bomb inflates a thousandfold, and scanning its
/// gigabytes would take minutes. The sheet itself is streamed: its size costs time, not memory.
pub const SHEET_RATIO: u64 = 64;
pub const SHEET_ALLOWANCE: u64 = 256 << 20;

/// The shared-string text a sheet's cells may reference, past the text its XML holds: each
/// reference costs its string's length, and a row reader may keep what it is handed.
pub const SHARED_TEXT_ALLOWANCE: u64 = 256 << 20;

/// A sheet's first rows as text: (1-based row, cells).
pub type HeadRows = Vec<(u32, Vec<String>)>;

/// What the caller does next.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Fetch `len` bytes of the file from `at` (fewer at its end) and hand them to
    /// [`Workbook::give`].
    Fetch { at: u64, len: usize },
    /// Inflate this entry and [`Workbook::feed`] its content, then call [`Workbook::part_end`].
    Inflate(Entry),
    /// The sheet is read.
    Done,
}

/// Which part is being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Directory,
    Workbook,
    Relationships,
    Styles,
    Strings,
    /// The `n`th candidate sheet.
    Sheet(usize),
    Done,
}

/// A workbook being read (see the module's comment).
pub struct Workbook {
    dir: Directory,
    stage: Stage,
    /// Whether the current stage's part has been asked for (its XML is arriving).
    reading: bool,
    part: Option<Entry>,
    xml: xml::Stream,
    workbook: WorkbookPart,
    rels: Relationships,
    styles: Styles,
    ctx: Context,
    wanted: Option<String>,
    /// Sheets to try, in order: (name, part path).
    candidates: Vec<(String, String)>,
    scanner: Option<Scanner>,
    /// Merged regions to spread over the header rows when the sheet is read again.
    spread: Option<Vec<Region>>,
    /// The sheet read, once it had a non-blank cell, and its place among the candidates.
    read: Option<(usize, String)>,
}

impl Workbook {
    /// A workbook of `size` bytes; `sheet`: the sheet the user chose, by name.
    pub fn new(size: u64, sheet: Option<&str>) -> Workbook {
        Workbook {
            dir: Directory::new(size),
            stage: Stage::Directory,
            reading: false,
            part: None,
            xml: xml::Stream::default(),
            workbook: WorkbookPart::default(),
            rels: Relationships::default(),
            styles: Styles::default(),
            ctx: Context::default(),
            wanted: sheet.map(str::to_owned),
            candidates: Vec::new(),
            scanner: None,
            spread: None,
            read: None,
        }
    }

    /// The worksheets' names in workbook order (hidden ones included; chart sheets left out),
    /// once the workbook part is read.
    pub fn sheet_names(&self) -> Vec<String> {
        self.worksheets().map(|(s, _)| s.name.clone()).collect()
    }

    /// The sheet being read, or read.
    pub fn sheet(&self) -> Option<&str> {
        self.read
            .as_ref()
            .map(|(_, n)| n.as_str())
            .or(match self.stage {
                Stage::Sheet(n) => self.candidates.get(n).map(|(name, _)| name.as_str()),
                _ => None,
            })
    }

    pub fn date1904(&self) -> bool {
        self.ctx.date1904
    }

    /// The cells that could not be read (listed, and how many in all) of the sheet read.
    pub fn problems(&self) -> (&[CellProblem], usize) {
        match &self.scanner {
            Some(s) => (&s.problems, s.problems_total),
            None => (&[], 0),
        }
    }

    /// The sheet's header rows with its merged regions spread over them, when that changes
    /// them (known once the sheet is read: the regions are listed after the cells).
    pub fn spread_head(&self) -> Option<(HeadRows, HeadRows)> {
        let s = self.scanner.as_ref()?;
        let first = s.first_row?;
        if s.regions.is_empty() || self.spread.is_some() {
            return None;
        }
        let before = sheet::contiguous(&s.head, first);
        let mut after = before.clone();
        sheet::spread_merged(&mut after, first, &s.regions);
        let rows = |t: Vec<Vec<String>>| -> Vec<(u32, Vec<String>)> {
            t.into_iter()
                .enumerate()
                .filter(|(_, c)| !c.is_empty())
                .map(|(i, c)| (first + i as u32, c))
                .collect()
        };
        (before != after).then(|| (rows(before), rows(after)))
    }

    /// Reads the sheet again from its start: `spread`, with the merged regions the last reading
    /// found spread over its header rows as they arrive (when spreading them changes what its
    /// header says, [`Workbook::spread_head`]); else as before (to reach the regions, when the
    /// reading stopped before the sheet's end).
    pub fn read_again(&mut self, spread: bool) {
        let n = match (&self.read, self.stage) {
            (Some((n, _)), _) => *n,
            (None, Stage::Sheet(n)) => n,
            _ => return,
        };
        let regions = self.scanner.take().map(|s| s.regions).unwrap_or_default();
        self.spread = spread.then_some(regions);
        self.read = None;
        self.reading = false;
        self.stage = Stage::Sheet(n);
    }

    /// Moves on to the next sheet to try, when no sheet was named and the one read was not the
    /// last: `false` otherwise. The caller drops what it took from the sheet read (its header
    /// was not found there, say) and reads on.
    pub fn next_sheet(&mut self) -> bool {
        let n = match (&self.read, self.stage) {
            (Some((n, _)), _) => *n,
            (None, Stage::Sheet(n)) => n,
            _ => return false,
        };
        if self.wanted.is_some() || n + 1 >= self.candidates.len() {
            return false;
        }
        self.scanner = None;
        self.spread = None;
        self.read = None;
        self.reading = false;
        self.stage = Stage::Sheet(n + 1);
        true
    }

    fn worksheets(&self) -> impl Iterator<Item = (&parts::SheetEntry, &str)> {
        self.workbook.sheets.iter().filter_map(|s| {
            let rel = self.rels.by_id(&s.rel)?;
            (rel.kind == "worksheet").then_some((s, rel.target.as_str()))
        })
    }

    /// What to do next.
    pub fn step(&mut self) -> Result<Step, XlsxError> {
        loop {
            if self.reading {
                // The part's XML is being fed: nothing to ask until its end.
                return Ok(Step::Inflate(self.part.ok_or(XlsxError::Empty)?));
            }
            let path = match self.stage {
                Stage::Directory => match self.dir.open()? {
                    Open::Need { at, len } => return Ok(Step::Fetch { at, len }),
                    Open::Ready => {
                        self.stage = Stage::Workbook;
                        continue;
                    }
                },
                Stage::Workbook => Some("xl/workbook.xml".to_string()),
                Stage::Relationships => Some("xl/_rels/workbook.xml.rels".to_string()),
                Stage::Styles => Some(
                    self.rels
                        .of_kind("styles")
                        .unwrap_or("xl/styles.xml")
                        .to_string(),
                ),
                Stage::Strings => Some(
                    self.rels
                        .of_kind("sharedStrings")
                        .unwrap_or("xl/sharedStrings.xml")
                        .to_string(),
                ),
                Stage::Sheet(n) => match self.candidates.get(n) {
                    Some((_, path)) => Some(path.clone()),
                    None => return Err(XlsxError::Empty),
                },
                Stage::Done => return Ok(Step::Done),
            };
            let Some(path) = path else { continue };
            let Some(index) = self.dir.index_of(&path) else {
                match self.stage {
                    Stage::Workbook => {
                        return Err(XlsxError::NotWorkbook("no xl/workbook.xml".to_string()))
                    }
                    Stage::Sheet(_) => {
                        return Err(XlsxError::NotWorkbook(format!("no part {path}")));
                    }
                    // A workbook without styles or shared strings is read without them.
                    _ => {
                        self.next_stage()?;
                        continue;
                    }
                }
            };
            let entry = match self.dir.entry(index)? {
                Ok(e) => e,
                Err(Open::Need { at, len }) => return Ok(Step::Fetch { at, len }),
                Err(Open::Ready) => continue,
            };
            let limit = match self.stage {
                Stage::Strings => MAX_SHARED_STRINGS_XML,
                Stage::Sheet(_) => entry
                    .compressed
                    .saturating_mul(SHEET_RATIO)
                    .saturating_add(SHEET_ALLOWANCE),
                _ => MAX_SMALL_PART,
            };
            if entry.size > limit {
                return Err(XlsxError::TooLarge {
                    uncompressed: entry.size,
                    limit,
                });
            }
            if let Stage::Sheet(_) = self.stage {
                let budget = entry
                    .size
                    .saturating_mul(4)
                    .saturating_add(SHARED_TEXT_ALLOWANCE);
                self.scanner = Some(Scanner::new(budget, self.spread.clone()));
            }
            self.part = Some(entry);
            self.reading = true;
            self.xml = xml::Stream::default();
            return Ok(Step::Inflate(entry));
        }
    }

    /// Bytes asked for by [`Step::Fetch`].
    pub fn give(&mut self, at: u64, bytes: Vec<u8>) -> Result<(), XlsxError> {
        self.dir.give(at, bytes)
    }

    /// The next piece of the part being inflated; the sheet's rows go to `on` as they end.
    pub fn feed<E>(
        &mut self,
        xml: &[u8],
        on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
    ) -> Result<Result<(), E>, XlsxError> {
        self.feed_part(xml, false, on)
    }

    fn feed_part<E>(
        &mut self,
        xml: &[u8],
        last: bool,
        on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
    ) -> Result<Result<(), E>, XlsxError> {
        let too_long = || XlsxError::NotWorkbook(format!("a tag over {} MB", xml::MAX_TOKEN >> 20));
        let small = |r: Result<(), xml::Stop<XlsxError>>| match r {
            Ok(()) => Ok(Ok(())),
            Err(xml::Stop::TokenTooLong) => Err(too_long()),
            Err(xml::Stop::Consumer(e)) => Err(e),
        };
        match self.stage {
            Stage::Workbook => small(self.xml.feed(xml, last, &mut |t| self.workbook.token(t))),
            Stage::Relationships => small(self.xml.feed(xml, last, &mut |t| self.rels.token(t))),
            Stage::Styles => small(self.xml.feed(xml, last, &mut |t| self.styles.token(t))),
            Stage::Strings => small(self.xml.feed(xml, last, &mut |t| self.ctx.strings.token(t))),
            Stage::Sheet(_) => {
                let Some(scanner) = self.scanner.as_mut() else {
                    return Ok(Ok(()));
                };
                match scanner.feed(xml, last, &self.ctx, on) {
                    Ok(()) => Ok(Ok(())),
                    Err(sheet::Stop::Sheet(e)) => Err(e),
                    Err(sheet::Stop::Consumer(e)) => Ok(Err(e)),
                }
            }
            Stage::Directory | Stage::Done => Ok(Ok(())),
        }
    }

    /// The part's content has all been fed (`Ok`), or could not be had (`Err`, from the
    /// inflater): the reading moves on.
    pub fn part_end<E>(
        &mut self,
        inflated: Result<(), InflateError>,
        on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
    ) -> Result<Result<(), E>, XlsxError> {
        if let Err(why) = inflated {
            let part = match self.stage {
                Stage::Sheet(n) => self.candidates.get(n).map(|c| c.1.clone()),
                _ => None,
            };
            return Err(XlsxError::Damaged {
                part: part.unwrap_or_else(|| format!("{:?}", self.stage)),
                why,
            });
        }
        if let Err(e) = self.feed_part(&[], true, on)? {
            return Ok(Err(e));
        }
        self.reading = false;
        self.next_stage()?;
        Ok(Ok(()))
    }

    fn next_stage(&mut self) -> Result<(), XlsxError> {
        self.stage = match self.stage {
            Stage::Directory => Stage::Workbook,
            Stage::Workbook => {
                if self.workbook.listed > MAX_SHEETS {
                    return Err(XlsxError::TooManySheets(self.workbook.listed));
                }
                self.ctx.date1904 = self.workbook.date1904;
                Stage::Relationships
            }
            Stage::Relationships => {
                self.candidates = self.choose()?;
                Stage::Styles
            }
            Stage::Styles => {
                self.styles.finish();
                self.ctx.kinds = std::mem::take(&mut self.styles.kinds);
                Stage::Strings
            }
            Stage::Strings => {
                self.ctx.strings.finish();
                Stage::Sheet(0)
            }
            Stage::Sheet(n) => {
                let blank = self.scanner.as_ref().is_none_or(|s| s.first_row.is_none());
                if blank && self.wanted.is_none() && n + 1 < self.candidates.len() {
                    Stage::Sheet(n + 1)
                } else if blank {
                    return Err(XlsxError::Empty);
                } else {
                    self.read = self.candidates.get(n).map(|c| (n, c.0.clone()));
                    Stage::Done
                }
            }
            Stage::Done => Stage::Done,
        };
        Ok(())
    }

    /// The sheets to try, in order: the one named (exactly, else ignoring case as Excel does),
    /// or every worksheet, visible ones first (hidden sheets usually hold drop-down lists).
    fn choose(&self) -> Result<Vec<(String, String)>, XlsxError> {
        let sheets: Vec<(&parts::SheetEntry, &str)> = self.worksheets().collect();
        let pair = |(s, path): &(&parts::SheetEntry, &str)| (s.name.clone(), path.to_string());
        if let Some(wanted) = &self.wanted {
            let lower = wanted.to_lowercase();
            let found = sheets
                .iter()
                .find(|(s, _)| s.name == *wanted)
                .or_else(|| sheets.iter().find(|(s, _)| s.name.to_lowercase() == lower));
            return match found {
                Some(s) => Ok(vec![pair(s)]),
                None => Err(XlsxError::NoSuchSheet(wanted.clone())),
            };
        }
        if sheets.is_empty() {
            return Err(XlsxError::Empty);
        }
        let visible = sheets.iter().filter(|(s, _)| !s.hidden);
        let hidden = sheets.iter().filter(|(s, _)| s.hidden);
        Ok(visible.chain(hidden).map(pair).collect())
    }
}

/// The size of the pieces a part's compressed bytes are read in.
pub const READ_CHUNK: usize = 1 << 20;

/// Random access to a workbook's bytes, what [`read_from`] reads through: a seekable file
/// natively, `File.slice` in the page's worker, or bytes held in memory. Only the zip's
/// directory and the parts needed are ever asked for, a piece at a time.
pub trait Source {
    /// The file's size in bytes.
    fn size(&self) -> u64;
    /// Up to `len` bytes from `at` on (fewer at the file's end); `Err` says what went wrong.
    fn read_at(&mut self, at: u64, len: usize) -> Result<Vec<u8>, String>;

    /// Another reader of the same bytes, for a thread of its own: a large part is then inflated
    /// there while this thread scans its XML. `None` (the page's worker): inflated inline.
    fn another(&self) -> Option<Box<dyn Source + Send + '_>> {
        None
    }
}

impl Source for &[u8] {
    fn size(&self) -> u64 {
        self.len() as u64
    }

    fn read_at(&mut self, at: u64, len: usize) -> Result<Vec<u8>, String> {
        let start = usize::try_from(at).unwrap_or(usize::MAX).min(self.len());
        let end = start.saturating_add(len).min(self.len());
        Ok(self[start..end].to_vec())
    }

    fn another(&self) -> Option<Box<dyn Source + Send + '_>> {
        Some(Box::new(*self))
    }
}

/// Parts at least this large (compressed) are inflated on a thread of their own where the source
/// allows it ([`Source::another`]): below, a thread costs more than it saves.
const BESIDE_BYTES: u64 = 1 << 20;

/// Reads a whole workbook held in memory (tests, and files handed whole): the sheet's rows go to
/// `on`.
pub fn read_all<E>(
    bytes: &[u8],
    wb: &mut Workbook,
    on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
) -> Result<Result<(), E>, XlsxError> {
    read_from(&mut &*bytes, wb, on)
}

/// Reads a workbook from `source`: the sheet's rows go to `on`. The steps are answered from
/// the source, each part's compressed bytes read [`READ_CHUNK`] at a time and inflated inline:
/// what is held is a piece of the file, never the file.
pub fn read_from<E>(
    source: &mut dyn Source,
    wb: &mut Workbook,
    on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
) -> Result<Result<(), E>, XlsxError> {
    let unreadable = |e: String| XlsxError::NotWorkbook(e);
    let mut out = Vec::new();
    loop {
        match wb.step()? {
            Step::Fetch { at, len } => {
                let bytes = source.read_at(at, len).map_err(unreadable)?;
                wb.give(at, bytes)?;
            }
            Step::Inflate(entry) => {
                // wasm32 has no threads here: the page's worker inflates inline.
                if cfg!(not(target_arch = "wasm32")) && entry.compressed >= BESIDE_BYTES {
                    if let Some(other) = source.another() {
                        match inflate_beside(other, entry, wb, on)? {
                            Some(e) => return Ok(Err(e)),
                            None => continue,
                        }
                    }
                }
                let mut inflater = Inflater::new(entry);
                let mut stopped = None;
                let (mut at, end) = (entry.at, entry.at.saturating_add(entry.compressed));
                while at < end && stopped.is_none() {
                    let len = usize::try_from(end - at).map_or(READ_CHUNK, |n| n.min(READ_CHUNK));
                    let piece = source.read_at(at, len).map_err(unreadable)?;
                    if piece.is_empty() {
                        stopped = Some(InflateError::Truncated);
                        break;
                    }
                    at += piece.len() as u64;
                    let r = inflater.push(&piece, &mut out, &mut |xml| match wb.feed(xml, on) {
                        Ok(Ok(())) => Ok(()),
                        Ok(Err(e)) => Err(Ok(e)),
                        Err(e) => Err(Err(e)),
                    });
                    match r {
                        Ok(Ok(())) => {}
                        Ok(Err(Ok(e))) => return Ok(Err(e)),
                        Ok(Err(Err(e))) => return Err(e),
                        Err(why) => stopped = Some(why),
                    }
                }
                let inflated = match stopped {
                    Some(why) => Err(why),
                    None => inflater.finish(),
                };
                if let Err(e) = wb.part_end(inflated, on)? {
                    return Ok(Err(e));
                }
            }
            Step::Done => return Ok(Ok(())),
        }
    }
}

/// Inflates `entry` from `other` on a thread of its own while this thread scans its XML (the
/// same pieces in the same order as inline, so the same outcome): `Some` with `on`'s error when
/// it stopped the reading.
fn inflate_beside<E>(
    mut other: Box<dyn Source + Send + '_>,
    entry: Entry,
    wb: &mut Workbook,
    on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
) -> Result<Option<E>, XlsxError> {
    // A few pieces ahead at most: the XML waiting is bounded.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(8);
    std::thread::scope(|scope| {
        let inflating = scope.spawn(move || -> Result<Result<(), InflateError>, String> {
            let mut inflater = Inflater::new(entry);
            let mut out = Vec::new();
            let (mut at, end) = (entry.at, entry.at.saturating_add(entry.compressed));
            while at < end {
                let len = usize::try_from(end - at).map_or(READ_CHUNK, |n| n.min(READ_CHUNK));
                let piece = other.read_at(at, len)?;
                if piece.is_empty() {
                    return Ok(Err(InflateError::Truncated));
                }
                at += piece.len() as u64;
                match inflater.push(&piece, &mut out, &mut |xml| tx.send(xml.to_vec())) {
                    Ok(Ok(())) => {}
                    // The scanner stopped: its outcome is the reading's.
                    Ok(Err(_)) => return Ok(Ok(())),
                    Err(why) => return Ok(Err(why)),
                }
            }
            Ok(inflater.finish())
        });
        let mut stopped = None;
        for xml in rx.iter() {
            match wb.feed(&xml, on) {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    stopped = Some(Ok(e));
                    break;
                }
                Err(e) => {
                    stopped = Some(Err(e));
                    break;
                }
            }
        }
        drop(rx);
        let inflated = inflating
            .join()
            .unwrap_or(Ok(Err(InflateError::Damaged)))
            .map_err(XlsxError::NotWorkbook);
        match stopped {
            Some(Ok(e)) => return Ok(Some(e)),
            Some(Err(e)) => return Err(e),
            None => {}
        }
        Ok(wb.part_end(inflated?, on)?.err())
    })
}
