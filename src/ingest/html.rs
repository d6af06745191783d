//! An HTML page saved under an Excel name (what many portals' "Xuất Excel" writes) → its tables'
//! rows, streamed like a CSV.
//!
//! Owns the page's encoding (a BOM, else the charset its `<meta>` declares, else the detection
//! CSV files get), the rows of its tables (`<tr>`, their `<td>`/`<th>` in order, each row
//! handed on as it ends), cells' text as a browser shows it (character references replaced,
//! white space collapsed, `<br>` a space) and `colspan`/`rowspan`: a spanned cell takes its
//! place in every row it covers; in the header rows (the first [`HEADER_ROWS`] rows with a
//! cell) its text is repeated over the cells it covers, as merged cells are in a workbook. Rows
//! of every table go to the header search, which finds the one with a header below title tables.
//! The tokenizing is html5gum's (the WHATWG tokenizer); the page is fed to it a run of whole
//! rows at a time, so a page of any size is read in bounded memory. Knows nothing of column
//! meanings.

use super::decode::{self, Decoder, Encoding};
use super::row::Row;
use super::xlsx::sheet::HEADER_ROWS;
use super::IngestError;
use html5gum::{Token, Tokenizer};

/// The widest row kept (a spreadsheet's XFD), and the most a `colspan` or `rowspan` may span
/// (the HTML standard's own limits are 1000 and 65534).
const MAX_COLUMNS: usize = 16_384;
const MAX_COLSPAN: usize = 1000;
const MAX_ROWSPAN: u32 = 65_534;

/// The most text held waiting for a row's end: a row is never this long in an export.
pub const MAX_ROW_BYTES: usize = 16 << 20;

/// How much of the page's start is looked at for its charset (the HTML standard's prescan).
const PRESCAN_BYTES: usize = 1024;

/// Reads a page chunk by chunk.
pub struct HtmlTable {
    forced: Option<Encoding>,
    /// The first bytes, until the encoding is decided.
    head: Vec<u8>,
    decoder: Option<Decoder>,
    /// Decoded text not yet tokenized (from the last row's end on).
    text: Vec<u8>,
    rows: RowBuilder,
}

/// The rows being built from the tokens.
#[derive(Default)]
struct RowBuilder {
    /// Table nesting; cells are read at the depth of the row they are in.
    depth: usize,
    row_depth: Option<usize>,
    cells: Vec<String>,
    /// The cell being read, and its spans.
    cell: Option<(String, usize, u32)>,
    /// For each column, the rows a `rowspan` from above still covers, and its text.
    covered: Vec<(u32, String)>,
    /// Rows with a cell so far, and rows handed on (1-based: the row's number in messages).
    rows: u32,
    in_ignored: usize,
}

impl HtmlTable {
    pub fn new(encoding: Option<Encoding>) -> HtmlTable {
        HtmlTable {
            forced: encoding,
            head: Vec::new(),
            decoder: None,
            text: Vec::new(),
            rows: RowBuilder::default(),
        }
    }

    /// The page's encoding, once decided.
    pub fn encoding(&self) -> Option<Encoding> {
        self.decoder.as_ref().map(Decoder::encoding)
    }

    /// Bytes replaced because the encoding could not decode them.
    pub fn replaced(&self) -> usize {
        self.decoder.as_ref().map_or(0, |d| d.replaced)
    }

    /// Reads the next chunk of the page (`last`: its end), handing each row with a cell to `on`
    /// as (its number, its cells).
    pub fn feed(
        &mut self,
        chunk: &[u8],
        last: bool,
        on: &mut impl FnMut(u64, &dyn Row) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        let mut decoder = match self.decoder.take() {
            Some(d) => d,
            None => {
                self.head.extend_from_slice(chunk);
                if self.head.len() < decode::DETECT_BYTES && !last {
                    return Ok(());
                }
                let head = std::mem::take(&mut self.head);
                let encoding = match self.forced {
                    Some(e) => e,
                    None => declared(&head).map_or_else(|| decode::detect(&head, last), Ok)?,
                };
                let mut d = Decoder::new(encoding);
                d.decode(&head, last, &mut self.text);
                self.decoder = Some(d);
                return self.tokenize(last, on);
            }
        };
        decoder.decode(chunk, last, &mut self.text);
        self.decoder = Some(decoder);
        self.tokenize(last, on)
    }

    /// Tokenizes the text up to the last row's end (all of it at the page's end).
    fn tokenize(
        &mut self,
        last: bool,
        on: &mut impl FnMut(u64, &dyn Row) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        let cut = if last {
            self.text.len()
        } else {
            last_row_end(&self.text)
        };
        if cut == 0 {
            if self.text.len() > MAX_ROW_BYTES {
                return Err(IngestError::HtmlRowTooLong(MAX_ROW_BYTES));
            }
            return Ok(());
        }
        let mut emitter = html5gum::DefaultEmitter::default();
        // Script and style content is text to skip, not markup.
        emitter.naively_switch_states(true);
        let tokens = Tokenizer::new_with_emitter(&self.text[..cut], emitter);
        for token in tokens.flatten() {
            self.rows.token(token, on)?;
        }
        if last {
            self.rows.end_row(on)?;
        }
        self.text.drain(..cut);
        Ok(())
    }
}

/// Where the text after the last `</tr>` starts (0 when there is none yet).
fn last_row_end(text: &[u8]) -> usize {
    let mut end = text.len();
    while let Some(lt) = memchr::memrchr(b'<', &text[..end]) {
        let tag = &text[lt..];
        if tag.len() >= 5 && tag[1] == b'/' && tag[2..4].eq_ignore_ascii_case(b"tr") {
            if let Some(gt) = memchr::memchr(b'>', tag) {
                if tag[4..gt].iter().all(u8::is_ascii_whitespace) {
                    return lt + gt + 1;
                }
            }
        }
        end = lt;
    }
    0
}

/// The charset the page's first bytes declare (`<meta charset>` or an `http-equiv`
/// Content-Type), read with the tokenizer.
fn declared(head: &[u8]) -> Option<Encoding> {
    let head = &head[..head.len().min(PRESCAN_BYTES)];
    for token in Tokenizer::new(head).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        if !tag.name.eq_ignore_ascii_case(b"meta") {
            continue;
        }
        let attr = |name: &[u8]| {
            tag.attributes
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| String::from_utf8_lossy(&v.value).into_owned())
        };
        let label = attr(b"charset").or_else(|| {
            let content = attr(b"content")?.to_ascii_lowercase();
            let at = content.find("charset")?;
            let value = content[at + 7..].trim_start().strip_prefix('=')?;
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            let end = value.find([';', '"', '\'', ' ']).unwrap_or(value.len());
            Some(value[..end].to_string())
        })?;
        return match Encoding::from_name(&label)? {
            // A page that says UTF-16 was decoded as bytes to be read at all: it is not UTF-16.
            Encoding::Utf16Le | Encoding::Utf16Be => Some(Encoding::Utf8),
            e => Some(e),
        };
    }
    None
}

fn span(tag: &html5gum::StartTag<()>, name: &[u8], max: usize) -> usize {
    tag.attributes
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| {
            std::str::from_utf8(&v.value)
                .ok()?
                .trim()
                .parse::<usize>()
                .ok()
        })
        .map_or(1, |n| n.clamp(1, max))
}

impl RowBuilder {
    fn token(
        &mut self,
        token: Token,
        on: &mut impl FnMut(u64, &dyn Row) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                match name.as_slice() {
                    b"table" => self.depth += 1,
                    b"tr" => {
                        self.end_row(on)?;
                        self.row_depth = Some(self.depth);
                    }
                    b"td" | b"th" if self.row_depth == Some(self.depth) => {
                        self.end_cell();
                        let colspan = span(&tag, b"colspan", MAX_COLSPAN);
                        let rowspan = span(&tag, b"rowspan", MAX_ROWSPAN as usize) as u32;
                        self.cell = Some((String::new(), colspan, rowspan));
                    }
                    b"br" => self.text(" "),
                    b"script" | b"style" | b"head" | b"title" if !tag.self_closing => {
                        self.in_ignored += 1
                    }
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                match name.as_slice() {
                    b"table" => {
                        if self.row_depth == Some(self.depth) {
                            self.end_row(on)?;
                        }
                        self.depth = self.depth.saturating_sub(1);
                    }
                    b"tr" if self.row_depth == Some(self.depth) => self.end_row(on)?,
                    b"td" | b"th" if self.row_depth == Some(self.depth) => self.end_cell(),
                    b"script" | b"style" | b"head" | b"title" => {
                        self.in_ignored = self.in_ignored.saturating_sub(1)
                    }
                    _ => {}
                }
            }
            Token::String(s) if self.in_ignored == 0 => {
                self.text(&String::from_utf8_lossy(&s.value))
            }
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, s: &str) {
        if let Some((text, _, _)) = &mut self.cell {
            if text.len() < MAX_ROW_BYTES {
                text.push_str(s);
            }
        }
    }

    /// Places the cell read in the next column no `rowspan` from above covers.
    fn end_cell(&mut self) {
        let Some((text, colspan, rowspan)) = self.cell.take() else {
            return;
        };
        // White space collapsed as a browser shows it (a no-break space is kept).
        let text: String = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        self.skip_covered();
        let header = self.rows < HEADER_ROWS;
        let at = self.cells.len();
        for k in 0..colspan {
            if at + k >= MAX_COLUMNS {
                break;
            }
            let copy = k == 0 || header;
            self.cells
                .push(if copy { text.clone() } else { String::new() });
            if rowspan > 1 {
                let c = at + k;
                if self.covered.len() <= c {
                    self.covered.resize(c + 1, (0, String::new()));
                }
                self.covered[c] = (rowspan - 1, if copy { text.clone() } else { String::new() });
            }
        }
    }

    /// Columns a `rowspan` from above covers at the row's current end take their place (and, in
    /// the header rows, their text).
    fn skip_covered(&mut self) {
        let header = self.rows < HEADER_ROWS;
        while let Some((left, text)) = self
            .covered
            .get_mut(self.cells.len())
            .filter(|(n, _)| *n > 0)
        {
            *left -= 1;
            let text = if header { text.clone() } else { String::new() };
            self.cells.push(text);
            if self.cells.len() >= MAX_COLUMNS {
                break;
            }
        }
    }

    fn end_row(
        &mut self,
        on: &mut impl FnMut(u64, &dyn Row) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        self.end_cell();
        let Some(_) = self.row_depth.take() else {
            return Ok(());
        };
        // Columns covered past the row's last cell.
        while self
            .covered
            .iter()
            .skip(self.cells.len())
            .any(|(n, _)| *n > 0)
        {
            let before = self.cells.len();
            self.skip_covered();
            if self.cells.len() == before {
                self.cells.push(String::new());
            }
        }
        while self.cells.last().is_some_and(String::is_empty) {
            self.cells.pop();
        }
        if self.cells.iter().any(|c| !c.trim().is_empty()) {
            self.rows += 1;
            let cells = std::mem::take(&mut self.cells);
            on(u64::from(self.rows), &cells)?;
        }
        self.cells.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(page: &[u8], chunk: usize) -> Vec<(u64, Vec<String>)> {
        let mut t = HtmlTable::new(None);
        let mut out = Vec::new();
        let mut on = |line: u64, row: &dyn Row| {
            out.push((
                line,
                (0..row.len()).map(|i| row.text(i).into_owned()).collect(),
            ));
            Ok(())
        };
        for piece in page.chunks(chunk.max(1)) {
            t.feed(piece, false, &mut on).unwrap_or_default();
        }
        t.feed(&[], true, &mut on).unwrap_or_default();
        out
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn rows_cells_spans_and_text_as_a_browser_shows_them() {
        let page =
            "<html><head><meta charset=\"utf-8\"><title>x</title><style>td{}</style></head><body>\
            <table><tr><td colspan=3>BÁO CÁO</td></tr></table>\
            <table border=1>\
            <tr><th rowspan=2>Mã hồ sơ</th><th colspan=2>Ngày</th></tr>\
            <tr><th>tiếp  nhận</th><th>hẹn<br>trả</th></tr>\
            <tr><td>HS&amp;1</td><td>02/05/2024</td><td>03/05/2024</td></tr>\
            <TR><TD rowspan=2>HS2</TD><td>02/05/2024</td><td></td></TR>\
            <tr><td>x</td><td>y</td></tr>\
            </table></body></html>";
        let expected = vec![
            (1, strings(&["BÁO CÁO", "BÁO CÁO", "BÁO CÁO"])),
            (2, strings(&["Mã hồ sơ", "Ngày", "Ngày"])),
            (3, strings(&["Mã hồ sơ", "tiếp nhận", "hẹn trả"])),
            (4, strings(&["HS&1", "02/05/2024", "03/05/2024"])),
            (5, strings(&["HS2", "02/05/2024"])),
            // Within the header rows a `rowspan`'s text is repeated, as merged cells are.
            (6, strings(&["HS2", "x", "y"])),
        ];
        for chunk in [1, 7, 64, page.len()] {
            assert_eq!(rows(page.as_bytes(), chunk), expected, "chunks of {chunk}");
        }
    }

    #[test]
    fn the_declared_charset_decodes_the_page() {
        let text = "<meta http-equiv=\"Content-Type\" content=\"text/html; \
            charset=windows-1258\"><table><tr><td>Hồ sơ</td></tr></table>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(text);
        assert_eq!(rows(&bytes, 5), vec![(1, strings(&["Hồ sơ"]))]);
        let mut t = HtmlTable::new(None);
        t.feed(&bytes, true, &mut |_, _| Ok(())).unwrap_or_default();
        assert_eq!(t.encoding().map(Encoding::name), Some("windows-1258"));
    }

    #[test]
    fn a_row_without_end_is_bounded() {
        let mut page = b"<table><tr><td>".to_vec();
        page.extend(std::iter::repeat_n(b'x', MAX_ROW_BYTES + 10));
        let mut t = HtmlTable::new(Some(Encoding::Utf8));
        let mut result = Ok(());
        for piece in page.chunks(1 << 20) {
            result = t.feed(piece, false, &mut |_, _| Ok(()));
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(IngestError::HtmlRowTooLong(MAX_ROW_BYTES)));
    }
}
