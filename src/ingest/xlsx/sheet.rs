//! A worksheet's XML → its rows, as the XML arrives: each row handed on at its end, never the
//! sheet held.
//!
//! Owns reading cells (`<c>` with its type, style and `<v>`, `<is>` or formula), their value as
//! the row hands it out (shared strings by reference to the one table, numbers as written when
//! that is their text, dates and durations as Excel shows them), blank cells left out so that
//! formatted blanks do not widen a row, the merged regions listed after the cells, and what can
//! go wrong cell by cell (reported with the cell's reference, the rest read) or for the sheet
//! (rows out of order, a cell past column XFD, text referenced past the budget). Knows nothing
//! of columns' meanings or of the zip.

use super::cell::{duration_text, is_plain_number, number_text, push_serial_text};
use super::parts::{push_text, NumberKind, SharedStrings};
use super::xml::{self, attr, Token};
use super::XlsxError;
use crate::ingest::row::Row;

/// The widest row a sheet can have (XFD).
pub const MAX_COLUMNS: usize = 16_384;

/// Merged regions whose top row is among this many rows from the sheet's first non-blank one
/// are spread over their cells: title rows and two- or three-row headers live there.
pub const HEADER_ROWS: u32 = 10;

/// The most merged regions kept (a header has a few dozen).
const MAX_REGIONS: usize = 10_000;

/// What every sheet of a workbook is read with.
#[derive(Debug, Default)]
pub struct Context {
    pub strings: SharedStrings,
    /// Each cell format's kind of number (a cell's `s` is an index into it).
    pub kinds: Vec<NumberKind>,
    pub date1904: bool,
}

/// A merged region, 0-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

/// A cell that cannot be read: reported with its reference, left blank, the rest read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellProblem {
    /// 1-based row and 0-based column, as `D17` names them.
    pub row: u32,
    pub column: u32,
    pub kind: CellProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellProblemKind {
    /// A shared-string cell whose index is not a number or not in the table (the value as written).
    SharedString(String),
    /// A number cell (`t="n"`) whose value is not a number.
    Number(String),
    /// A boolean cell whose value is neither 0/1 nor false/true.
    Boolean(String),
    /// A cell type no spreadsheet writes.
    Type(String),
}

/// The cells of one problem kind listed at most; the rest counted.
pub const MAX_CELL_PROBLEMS: usize = 1000;

/// A column's letters (`D` for 3): how a cell is named with its row (`D17`).
pub fn column_name(column: u32) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[derive(Clone, Copy, Debug)]
enum Slot {
    Blank,
    /// Bytes of the row's own text.
    Own(u32, u32),
    /// A string of the shared table.
    Shared(u32),
}

/// One row of a sheet, as the header search and the row reader see it.
pub struct SheetRow<'a> {
    slots: &'a [Slot],
    own: &'a [u8],
    strings: &'a SharedStrings,
}

impl Row for SheetRow<'_> {
    fn len(&self) -> usize {
        self.slots.len()
    }

    fn raw(&self, i: usize) -> &[u8] {
        match self.slots.get(i) {
            Some(Slot::Own(a, b)) => &self.own[*a as usize..*b as usize],
            Some(Slot::Shared(k)) => self.strings.get(*k as usize).unwrap_or_default(),
            _ => b"",
        }
    }
}

/// A cell's type (`t`).
#[derive(Clone, Debug, PartialEq)]
enum Type {
    Number { explicit: bool },
    Shared,
    Inline,
    Formula,
    Boolean,
    Error,
    Iso,
    Other(String),
}

/// The cell being read.
struct Open {
    column: u32,
    typ: Type,
    style: Option<usize>,
}

/// Which text is being collected.
#[derive(Clone, Copy, PartialEq)]
enum Capture {
    None,
    Value,
    /// A `<t>` of an inline string, and whether it keeps its spaces.
    Inline(bool),
}

#[derive(Clone, Copy, PartialEq)]
enum Place {
    Before,
    Cells,
    After,
}

/// Why reading a sheet stopped: the sheet's reason, or the row consumer's.
#[derive(Debug, PartialEq)]
pub enum Stop<E> {
    Sheet(XlsxError),
    Consumer(E),
}

impl<E> From<XlsxError> for Stop<E> {
    fn from(e: XlsxError) -> Self {
        Stop::Sheet(e)
    }
}

/// Reads one sheet's XML, chunk by chunk.
pub struct Scanner {
    stream: xml::Stream,
    place: Place,
    row: Option<u32>,
    last_row: u32,
    slots: Vec<Slot>,
    own: Vec<u8>,
    width: usize,
    open: Option<Open>,
    next_column: u32,
    capture: Capture,
    value: Vec<u8>,
    inline: Vec<u8>,
    inline_read: bool,
    in_inline: bool,
    in_phonetic: bool,
    /// The sheet's first row with a non-blank cell (1-based).
    pub first_row: Option<u32>,
    pub regions: Vec<Region>,
    pub problems: Vec<CellProblem>,
    pub problems_total: usize,
    /// The rows of the header area as text (see [`HEADER_ROWS`]): whether merged regions would
    /// change them is known only at the sheet's end.
    pub head: Vec<(u32, Vec<String>)>,
    /// Regions to spread over the header area before its rows are handed on (a second reading,
    /// once the first found them), and the header rows held meanwhile.
    spread: Option<Vec<Region>>,
    held: Vec<(u32, Vec<String>)>,
    shared_text: u64,
    shared_budget: u64,
}

impl Scanner {
    /// `shared_budget`: the most bytes of shared-string text the cells may reference in all (a
    /// few bytes of XML can reference a long string a million times).
    pub fn new(shared_budget: u64, spread: Option<Vec<Region>>) -> Scanner {
        Scanner {
            stream: xml::Stream::default(),
            place: Place::Before,
            row: None,
            last_row: 0,
            slots: Vec::new(),
            own: Vec::new(),
            width: 0,
            open: None,
            next_column: 0,
            capture: Capture::None,
            value: Vec::new(),
            inline: Vec::new(),
            inline_read: false,
            in_inline: false,
            in_phonetic: false,
            first_row: None,
            regions: Vec::new(),
            problems: Vec::new(),
            problems_total: 0,
            head: Vec::new(),
            spread,
            held: Vec::new(),
            shared_text: 0,
            shared_budget,
        }
    }

    /// Reads the next chunk of the sheet's XML (`last`: its end), handing each row with a
    /// non-blank cell to `on` as (1-based row number, its cells).
    pub fn feed<E>(
        &mut self,
        xml: &[u8],
        last: bool,
        ctx: &Context,
        on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
    ) -> Result<(), Stop<E>> {
        let mut stream = std::mem::take(&mut self.stream);
        let r = stream.feed(xml, last, &mut |t| self.token(t, ctx, on));
        self.stream = stream;
        match r {
            Ok(()) => {}
            Err(xml::Stop::TokenTooLong) => {
                return Err(Stop::Sheet(XlsxError::NotWorkbook(format!(
                    "a cell or tag over {} MB",
                    xml::MAX_TOKEN >> 20
                ))))
            }
            Err(xml::Stop::Consumer(e)) => return Err(e),
        }
        if last {
            self.end_row(ctx, on)?;
            self.hand_held(on)?;
        }
        Ok(())
    }

    fn token<E>(
        &mut self,
        t: Token<'_>,
        ctx: &Context,
        on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
    ) -> Result<(), Stop<E>> {
        match self.place {
            Place::Before => {
                if let Token::Start {
                    name: b"sheetData",
                    empty,
                    ..
                } = t
                {
                    self.place = if empty { Place::After } else { Place::Cells };
                }
                Ok(())
            }
            Place::After => {
                if let Token::Start {
                    name: b"mergeCell",
                    attrs,
                    ..
                } = t
                {
                    self.region(attrs);
                }
                Ok(())
            }
            Place::Cells => self.cells_token(t, ctx, on),
        }
    }

    fn cells_token<E>(
        &mut self,
        t: Token<'_>,
        ctx: &Context,
        on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
    ) -> Result<(), Stop<E>> {
        match t {
            Token::Text(raw) => match self.capture {
                Capture::Value | Capture::Inline(_) => xml::unescape(raw, &mut self.value),
                Capture::None => {}
            },
            Token::CData(raw) => {
                if self.capture != Capture::None {
                    self.value.extend_from_slice(raw);
                }
            }
            Token::Start { name, attrs, empty } => match name {
                [b'r', b'o', b'w'] => {
                    self.end_row(ctx, on)?;
                    let r = match attr(attrs, b"r") {
                        Some(r) => Some(row_number(r)?),
                        None => None,
                    };
                    self.start_row(r)?;
                    if empty {
                        self.end_row(ctx, on)?;
                    }
                }
                [b'c'] => {
                    if self.row.is_none() {
                        self.start_row(None)?;
                    }
                    let (mut r, mut t, mut style) = (None, None, None);
                    for (key, value) in xml::Attrs(attrs) {
                        match xml::local(key) {
                            [b'r'] => r = Some(value),
                            [b't'] => t = Some(value),
                            [b's'] => style = Some(value),
                            _ => {}
                        }
                    }
                    let column = match r {
                        Some(r) => column_of(r)?,
                        None => self.next_column,
                    };
                    if column as usize >= MAX_COLUMNS {
                        let row = self.row.unwrap_or(0);
                        return Err(Stop::Sheet(XlsxError::NotWorkbook(format!(
                            "cell beyond column XFD at row {row}"
                        ))));
                    }
                    self.next_column = column + 1;
                    if !empty {
                        self.open = Some(Open {
                            column,
                            typ: cell_type(t),
                            style: style.map(|s| {
                                std::str::from_utf8(s)
                                    .ok()
                                    .and_then(|s| s.parse().ok())
                                    .unwrap_or(0)
                            }),
                        });
                        self.value.clear();
                        self.inline.clear();
                        self.inline_read = false;
                    }
                }
                [b'v'] if self.open.is_some() && !empty => {
                    self.capture = Capture::Value;
                    self.value.clear();
                }
                [b'i', b's'] if self.open.is_some() && !empty => self.in_inline = true,
                b"rPh" if self.in_inline && !empty => self.in_phonetic = true,
                [b't'] if self.in_inline && !self.in_phonetic && !empty => {
                    self.capture = Capture::Inline(attr(attrs, b"space") == Some(b"preserve"));
                    self.value.clear();
                }
                _ => {}
            },
            Token::End { name } => match name {
                [b'v'] if self.capture == Capture::Value => self.capture = Capture::None,
                [b't'] => {
                    if let Capture::Inline(preserve) = self.capture {
                        push_text(&self.value, preserve, &mut self.inline);
                        self.inline_read = true;
                        self.capture = Capture::None;
                        self.value.clear();
                    }
                }
                b"rPh" => self.in_phonetic = false,
                [b'i', b's'] => self.in_inline = false,
                [b'c'] => {
                    self.end_cell(ctx)?;
                }
                [b'r', b'o', b'w'] => self.end_row(ctx, on)?,
                b"sheetData" => {
                    self.end_row(ctx, on)?;
                    self.place = Place::After;
                }
                _ => {}
            },
        }
        Ok(())
    }

    fn start_row(&mut self, r: Option<u32>) -> Result<(), XlsxError> {
        let r = r.unwrap_or(self.last_row + 1);
        if r <= self.last_row {
            return Err(XlsxError::RowsOutOfOrder {
                row: r,
                after: self.last_row,
            });
        }
        self.row = Some(r);
        self.last_row = r;
        self.next_column = 0;
        Ok(())
    }

    /// The cell's value into the row (a blank one only moves the next column on).
    fn end_cell(&mut self, ctx: &Context) -> Result<(), XlsxError> {
        self.capture = Capture::None;
        self.in_inline = false;
        self.in_phonetic = false;
        let Some(open) = self.open.take() else {
            return Ok(());
        };
        let row = self.row.unwrap_or(0);
        let v = std::mem::take(&mut self.value);
        let slot = match &open.typ {
            Type::Shared => {
                let trimmed = v.trim_ascii();
                let index = std::str::from_utf8(trimmed)
                    .ok()
                    .and_then(|s| s.parse::<u32>().ok());
                match index.filter(|&k| (k as usize) < ctx.strings.len()) {
                    _ if trimmed.is_empty() => Slot::Blank,
                    Some(k) => {
                        let text = ctx.strings.get(k as usize).unwrap_or_default();
                        self.shared_text += text.len() as u64;
                        if self.shared_text > self.shared_budget {
                            return Err(XlsxError::TooLarge {
                                uncompressed: self.shared_text,
                                limit: self.shared_budget,
                            });
                        }
                        if is_blank(text) {
                            Slot::Blank
                        } else {
                            Slot::Shared(k)
                        }
                    }
                    None => {
                        let written = String::from_utf8_lossy(&v).into_owned();
                        self.problem(row, open.column, CellProblemKind::SharedString(written));
                        Slot::Blank
                    }
                }
            }
            Type::Inline => {
                let inline = std::mem::take(&mut self.inline);
                let slot = if self.inline_read {
                    self.own_text(&inline)
                } else {
                    Slot::Blank
                };
                self.inline = inline;
                slot
            }
            Type::Formula => {
                let mut text = Vec::with_capacity(v.len());
                if xml::has_excel_escape(&v) {
                    xml::excel_unescape(&v, &mut text);
                } else {
                    text.extend_from_slice(&v);
                }
                self.own_text(&text)
            }
            Type::Iso => self.own_text(&v),
            Type::Error => Slot::Blank,
            Type::Boolean => {
                let t = v.trim_ascii();
                if t.is_empty() {
                    Slot::Blank
                } else if t == b"0" || t.eq_ignore_ascii_case(b"false") {
                    self.own_text(b"FALSE")
                } else if t == b"1" || t.eq_ignore_ascii_case(b"true") {
                    self.own_text(b"TRUE")
                } else {
                    let written = String::from_utf8_lossy(&v).into_owned();
                    self.problem(row, open.column, CellProblemKind::Boolean(written));
                    Slot::Blank
                }
            }
            Type::Number { .. }
                if is_plain_number(&v)
                    && open.style.is_none_or(|s| {
                        ctx.kinds.get(s).is_none_or(|k| *k == NumberKind::Plain)
                    }) =>
            {
                // Already its own text (nearly every number cell): no parse, no formatting.
                self.own_text(&v)
            }
            Type::Number { explicit } => {
                let parsed = std::str::from_utf8(&v)
                    .ok()
                    .and_then(|s| s.parse::<f64>().ok());
                match parsed {
                    _ if v.is_empty() => Slot::Blank,
                    // Without a type, what is not a number is text.
                    None if !explicit => self.own_text(&v),
                    None => {
                        let written = String::from_utf8_lossy(&v).into_owned();
                        self.problem(row, open.column, CellProblemKind::Number(written));
                        Slot::Blank
                    }
                    Some(n) => {
                        let kind = match open.style {
                            None => NumberKind::Plain,
                            Some(s) => ctx.kinds.get(s).copied().unwrap_or(NumberKind::Plain),
                        };
                        match kind {
                            NumberKind::Plain if is_plain_number(&v) => self.own_text(&v),
                            NumberKind::Plain => self.own_text(number_text(n).as_bytes()),
                            NumberKind::Date => {
                                let start = self.own.len();
                                push_serial_text(n, ctx.date1904, &mut self.own);
                                Slot::Own(start as u32, self.own.len() as u32)
                            }
                            NumberKind::Duration => self.own_text(duration_text(n).as_bytes()),
                        }
                    }
                }
            }
            Type::Other(t) => {
                self.problem(row, open.column, CellProblemKind::Type(t.clone()));
                Slot::Blank
            }
        };
        self.value = v;
        if !matches!(slot, Slot::Blank) {
            let c = open.column as usize;
            if self.slots.len() <= c {
                self.slots.resize(c + 1, Slot::Blank);
            }
            self.slots[c] = slot;
            self.width = self.width.max(c + 1);
        }
        Ok(())
    }

    /// `text` as the row's own, or blank when it holds only white space (a formatted blank).
    fn own_text(&mut self, text: &[u8]) -> Slot {
        if is_blank(text) {
            return Slot::Blank;
        }
        let start = self.own.len() as u32;
        self.own.extend_from_slice(text);
        Slot::Own(start, self.own.len() as u32)
    }

    fn problem(&mut self, row: u32, column: u32, kind: CellProblemKind) {
        self.problems_total += 1;
        if self.problems.len() < MAX_CELL_PROBLEMS {
            self.problems.push(CellProblem { row, column, kind });
        }
    }

    /// Hands the row read so far on, if it has a non-blank cell.
    fn end_row<E>(
        &mut self,
        ctx: &Context,
        on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
    ) -> Result<(), Stop<E>> {
        if self.open.is_some() {
            self.end_cell(ctx)?;
        }
        let Some(r) = self.row.take() else {
            return Ok(());
        };
        if self.width > 0 {
            let first = *self.first_row.get_or_insert(r);
            let in_head = r < first.saturating_add(HEADER_ROWS);
            if !in_head {
                self.hand_held(on)?;
            }
            let row = SheetRow {
                slots: &self.slots[..self.width],
                own: &self.own,
                strings: &ctx.strings,
            };
            if in_head {
                let texts: Vec<String> = (0..row.len()).map(|i| row.text(i).into_owned()).collect();
                if self.spread.is_some() {
                    self.held.push((r, texts.clone()));
                }
                self.head.push((r, texts));
            }
            if !(in_head && self.spread.is_some()) {
                on(r, &row).map_err(Stop::Consumer)?;
            }
        }
        self.slots.clear();
        self.own.clear();
        self.width = 0;
        Ok(())
    }

    /// The header rows held for a spread: spread, then handed on.
    fn hand_held<E>(
        &mut self,
        on: &mut impl FnMut(u32, &dyn Row) -> Result<(), E>,
    ) -> Result<(), Stop<E>> {
        let (Some(regions), Some(first)) = (self.spread.take(), self.first_row) else {
            return Ok(());
        };
        let mut rows = contiguous(&std::mem::take(&mut self.held), first);
        spread_merged(&mut rows, first, &regions);
        for (i, cells) in rows.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            on(first + i as u32, cells).map_err(Stop::Consumer)?;
        }
        Ok(())
    }

    fn region(&mut self, attrs: &[u8]) {
        if self.regions.len() >= MAX_REGIONS {
            return;
        }
        let Some(reference) = attr(attrs, b"ref") else {
            return;
        };
        let mut ends = reference.split(|&b| b == b':');
        let (Some(a), Some(b)) = (ends.next(), ends.next()) else {
            return;
        };
        let (Ok(start), Ok(end)) = (cell_position(a), cell_position(b)) else {
            return;
        };
        let head_end = self
            .first_row
            .map_or(HEADER_ROWS, |f| f.saturating_add(HEADER_ROWS));
        // Regions starting past the header area are never spread: not kept.
        if start.0 + 1 < head_end && end.0 >= start.0 && end.1 >= start.1 {
            self.regions.push(Region {
                top: start.0,
                left: start.1,
                bottom: end.0,
                right: end.1,
            });
        }
    }
}

fn is_blank(text: &[u8]) -> bool {
    // Nearly every cell starts with a visible ASCII character.
    match text.first() {
        None => return true,
        Some(b) if b.is_ascii_graphic() => return false,
        _ => {}
    }
    // Most of the rest start with a visible letter (Vietnamese names, `Đ…`): its first
    // character says so without reading the whole text.
    let first = text
        .utf8_chunks()
        .next()
        .and_then(|c| c.valid().chars().next());
    if first.is_some_and(|c| !c.is_whitespace()) {
        return false;
    }
    match std::str::from_utf8(text) {
        Ok(s) => s.trim().is_empty(),
        Err(_) => text.trim_ascii().is_empty(),
    }
}

fn cell_type(t: Option<&[u8]>) -> Type {
    match t {
        None => Type::Number { explicit: false },
        Some(b"n") => Type::Number { explicit: true },
        Some(b"s") => Type::Shared,
        Some(b"inlineStr" | b"is") => Type::Inline,
        Some(b"str") => Type::Formula,
        Some(b"b") => Type::Boolean,
        Some(b"e") => Type::Error,
        Some(b"d") => Type::Iso,
        Some(other) => Type::Other(String::from_utf8_lossy(other).into_owned()),
    }
}

/// A row's `r`: its 1-based number.
fn row_number(r: &[u8]) -> Result<u32, XlsxError> {
    std::str::from_utf8(r.trim_ascii())
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .filter(|&n| n > 0)
        .ok_or_else(|| XlsxError::NotWorkbook(format!("row number {}", String::from_utf8_lossy(r))))
}

/// A cell reference's column (0-based); its row part is the row's own.
fn column_of(r: &[u8]) -> Result<u32, XlsxError> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let bad = || XlsxError::NotWorkbook(format!("cell reference {}", String::from_utf8_lossy(r)));
    if letters == 0 || letters > 3 {
        return Err(bad());
    }
    let column = r[..letters].iter().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    Ok(column - 1)
}

/// A reference's (row, column), both 0-based.
fn cell_position(r: &[u8]) -> Result<(u32, u32), XlsxError> {
    let column = column_of(r)?;
    let digits = r
        .iter()
        .position(u8::is_ascii_digit)
        .map_or(&r[..0], |i| &r[i..]);
    Ok((row_number(digits)? - 1, column))
}

/// The header rows held, as a table from the sheet's first non-blank row (1-based `first`) to
/// the last row held, blank rows empty.
pub fn contiguous(held: &[(u32, Vec<String>)], first: u32) -> Vec<Vec<String>> {
    let len = held.last().map_or(0, |(r, _)| (r - first + 1) as usize);
    let mut rows = vec![Vec::new(); len];
    for (r, cells) in held {
        rows[(r - first) as usize].clone_from(cells);
    }
    rows
}

/// Copies each merged region's top-left text into its other cells, for regions whose top row is
/// among the header rows (`rows`, contiguous from the 1-based row `first`). Fills stay inside
/// those rows and their width, so a region over a whole sheet costs nothing.
pub fn spread_merged(rows: &mut [Vec<String>], first: u32, regions: &[Region]) {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let first = first.saturating_sub(1);
    let head_end = first
        .saturating_add(HEADER_ROWS)
        .min(first.saturating_add(u32::try_from(rows.len()).unwrap_or(u32::MAX)));
    // Regions of a well-formed sheet do not overlap, so they cannot fill more than the header
    // area; overlapping ones in a hostile file must not cost more time than that either.
    let mut room = HEADER_ROWS as usize * width;
    for &Region {
        top,
        left,
        bottom,
        right,
    } in regions
    {
        if top < first || top >= head_end || bottom < top || right < left {
            continue;
        }
        let (top, left) = ((top - first) as usize, left as usize);
        let Some(text) = rows[top]
            .get(left)
            .filter(|t| !t.trim().is_empty())
            .cloned()
        else {
            continue;
        };
        let bottom = (bottom.min(head_end - 1) - first) as usize;
        // `left` is inside row `top`, so inside the width.
        let right = (right as usize).min(width - 1);
        for (r, row) in rows.iter_mut().enumerate().take(bottom + 1).skip(top) {
            let cells = right - left + 1;
            if cells > room {
                return;
            }
            room -= cells;
            if row.len() <= right {
                row.resize_with(right + 1, String::new);
            }
            for (c, cell) in row.iter_mut().enumerate().take(right + 1).skip(left) {
                if (r, c) != (top, left) {
                    cell.clone_from(&text);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn blank_is_only_white_space(text in proptest::collection::vec(proptest::sample::select(
            "a Đ\t\u{a0}\u{3000}\r\n".bytes().chain([0xFF, 0x80]).collect::<Vec<u8>>()), 0..8)) {
            let expected = match std::str::from_utf8(&text) {
                Ok(s) => s.trim().is_empty(),
                Err(_) => text.trim_ascii().is_empty(),
            };
            proptest::prop_assert_eq!(super::is_blank(&text), expected);
        }
    }
}
