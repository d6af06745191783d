//! The small parts of a workbook that say how to read a sheet: the workbook (its sheets, their
//! order and visibility, the date system), the workbook's relationships (where each sheet and
//! table is), the styles (which cells hold dates) and the shared-string table.
//!
//! Owns reading each from its XML tokens as they arrive, within a budget of memory: a styles part
//! with millions of formats costs a byte per format, a table of tens of millions of tiny strings
//! one arena and four bytes per string, whatever counts the part declares. Knows nothing of the
//! zip (`package`) or of cells (`sheet`).

use super::xml::{self, attr, Token};
use super::XlsxError;

/// The most worksheets a workbook may list (a real one has a few).
pub const MAX_SHEETS: usize = 256;

/// The most memory the shared-string table may take (its text and an offset per string).
pub const MAX_SHARED_STRING_BYTES: u64 = 512 << 20;

/// One sheet of the workbook, as `workbook.xml` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetEntry {
    pub name: String,
    pub hidden: bool,
    /// Its relationship id (`r:id`), which the relationships resolve to a part.
    pub rel: String,
}

/// What `workbook.xml` says.
#[derive(Debug, Default)]
pub struct WorkbookPart {
    pub sheets: Vec<SheetEntry>,
    /// Every `<sheet>` listed, kept or not (over [`MAX_SHEETS`] the workbook is refused).
    pub listed: usize,
    pub date1904: bool,
}

impl WorkbookPart {
    pub fn token(&mut self, t: Token<'_>) -> Result<(), XlsxError> {
        let Token::Start { name, attrs, .. } = t else {
            return Ok(());
        };
        match name {
            b"workbookPr" => {
                self.date1904 = attr(attrs, b"date1904").is_some_and(|v| v == b"1" || v == b"true");
            }
            b"sheet" => {
                self.listed += 1;
                if self.sheets.len() < MAX_SHEETS {
                    let text = |key: &[u8]| attr(attrs, key).map(text).unwrap_or_default();
                    let state = text(b"state");
                    self.sheets.push(SheetEntry {
                        name: text(b"name"),
                        hidden: state == "hidden" || state == "veryHidden",
                        rel: text(b"id"),
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// An attribute value as text.
fn text(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    xml::unescape(raw, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// What a relationship points to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relationship {
    pub id: String,
    /// The last segment of its type (`worksheet`, `sharedStrings`, `styles`, `chartsheet`…).
    pub kind: String,
    /// The part's path in the zip, resolved against `xl/`.
    pub target: String,
}

/// The most relationships kept (a workbook has one per sheet and a few more).
const MAX_RELATIONSHIPS: usize = 4 * MAX_SHEETS;

/// What `xl/_rels/workbook.xml.rels` says.
#[derive(Debug, Default)]
pub struct Relationships(pub Vec<Relationship>);

impl Relationships {
    pub fn token(&mut self, t: Token<'_>) -> Result<(), XlsxError> {
        let Token::Start {
            name: b"Relationship",
            attrs,
            ..
        } = t
        else {
            return Ok(());
        };
        if self.0.len() < MAX_RELATIONSHIPS {
            let value = |key: &[u8]| attr(attrs, key).map(text).unwrap_or_default();
            let kind = value(b"Type");
            self.0.push(Relationship {
                id: value(b"Id"),
                kind: kind.rsplit('/').next().unwrap_or_default().to_string(),
                target: resolve(&value(b"Target")),
            });
        }
        Ok(())
    }

    /// The part of the relationship of that kind (the first, as Excel reads it).
    pub fn of_kind(&self, kind: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| r.target.as_str())
    }

    pub fn by_id(&self, id: &str) -> Option<&Relationship> {
        self.0.iter().find(|r| r.id == id)
    }
}

/// A target relative to `xl/` (or absolute from the package's root) as a zip path.
fn resolve(target: &str) -> String {
    let mut parts: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => vec!["xl"],
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// How a cell's number is shown, as far as reading it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    Plain,
    /// A date or time of day (its serial read as a date).
    Date,
    /// Elapsed time (`[h]:mm:ss`).
    Duration,
}

/// The most custom number formats kept (Excel allows about 250 in a workbook).
const MAX_FORMATS: usize = 1 << 16;
/// The most cell formats kept: past them a cell's number reads as a plain number.
const MAX_CELL_FORMATS: usize = 1 << 22;

/// What `styles.xml` says: each cell format's kind of number, a byte each.
#[derive(Debug, Default)]
pub struct Styles {
    custom: Vec<(u32, NumberKind)>,
    /// Each cell format's number format id, then (at `finish`) its kind.
    ids: Vec<u32>,
    pub kinds: Vec<NumberKind>,
    in_cell_xfs: bool,
}

impl Styles {
    pub fn token(&mut self, t: Token<'_>) -> Result<(), XlsxError> {
        match t {
            Token::Start {
                name: b"numFmt",
                attrs,
                ..
            } if self.custom.len() < MAX_FORMATS => {
                let id = attr(attrs, b"numFmtId").and_then(number);
                let code = attr(attrs, b"formatCode").map(text);
                if let (Some(id), Some(code)) = (id, code) {
                    self.custom.push((id, format_kind(&code)));
                }
            }
            Token::Start {
                name: b"cellXfs",
                empty,
                ..
            } => self.in_cell_xfs = !empty,
            Token::End { name: b"cellXfs" } => self.in_cell_xfs = false,
            Token::Start {
                name: b"xf", attrs, ..
            } if self.in_cell_xfs && self.ids.len() < MAX_CELL_FORMATS => {
                self.ids
                    .push(attr(attrs, b"numFmtId").and_then(number).unwrap_or(0));
            }
            _ => {}
        }
        Ok(())
    }

    pub fn finish(&mut self) {
        self.custom.sort_by_key(|(id, _)| *id);
        let custom = &self.custom;
        self.kinds = std::mem::take(&mut self.ids)
            .into_iter()
            .map(|id| match custom.binary_search_by_key(&id, |(i, _)| *i) {
                Ok(at) => custom[at].1,
                Err(_) => builtin_kind(id),
            })
            .collect();
        self.custom = Vec::new();
    }
}

fn number(raw: &[u8]) -> Option<u32> {
    std::str::from_utf8(raw).ok()?.trim().parse().ok()
}

/// The built-in number formats that show dates and times (ECMA-376 §18.8.30, and the East
/// Asian ones whose codes vary by locale).
fn builtin_kind(id: u32) -> NumberKind {
    match id {
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => NumberKind::Date,
        46 => NumberKind::Duration,
        _ => NumberKind::Plain,
    }
}

/// Whether a custom format code shows a date or time: a date or time letter (`d m y h s`, or
/// `m`/`p` after an `A` of AM/PM) in its first section, outside quotes, escapes and brackets; an
/// elapsed-time bracket (`[h]`, `[mm]`, `[ss]`) makes it a duration. Openpyxl's rule, which
/// calamine follows.
pub fn format_kind(code: &str) -> NumberKind {
    let mut literal_next = false;
    let mut quoted = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut elapsed = false;
    let mut am_pm = false;
    for c in code.chars() {
        if literal_next {
            literal_next = false;
            prev = c;
            continue;
        }
        match c {
            // The next character is shown as it is (an escape, a width, a fill), quoted or not.
            '_' | '\\' | '*' => literal_next = true,
            '"' if quoted => quoted = false,
            _ if quoted => {}
            '"' => quoted = true,
            ';' => return NumberKind::Plain,
            '[' => brackets = brackets.saturating_add(1),
            ']' if brackets == 1 && elapsed => return NumberKind::Duration,
            ']' => brackets = brackets.saturating_sub(1),
            'a' | 'A' if !am_pm && brackets == 0 => am_pm = true,
            'p' | 'm' | '/' | 'P' | 'M' if am_pm && brackets == 0 => return NumberKind::Date,
            'd' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S'
                if !am_pm && brackets == 0 =>
            {
                return NumberKind::Date
            }
            _ => {
                if !(elapsed && c.eq_ignore_ascii_case(&prev)) {
                    elapsed = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = c;
    }
    NumberKind::Plain
}

/// The shared-string table: every string's text end to end, and where each ends.
#[derive(Debug, Default)]
pub struct SharedStrings {
    text: Vec<u8>,
    ends: Vec<u32>,
    /// Reading: inside `<si>`, inside a `<t>` outside phonetic runs, and that `<t>`'s spacing.
    in_item: bool,
    in_phonetic: bool,
    in_text: bool,
    preserve: bool,
    raw: Vec<u8>,
}

impl SharedStrings {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The string at `index`, as bytes (UTF-8 unless the part was not).
    pub fn get(&self, index: usize) -> Option<&[u8]> {
        let end = *self.ends.get(index)? as usize;
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i] as usize);
        self.text.get(start..end)
    }

    /// The memory the table holds, in bytes.
    pub fn bytes(&self) -> u64 {
        (self.text.capacity() + 4 * self.ends.capacity()) as u64
    }

    pub fn token(&mut self, t: Token<'_>) -> Result<(), XlsxError> {
        match t {
            Token::Start {
                name: b"si", empty, ..
            } => {
                if empty {
                    self.end_item()?;
                } else {
                    self.in_item = true;
                }
            }
            Token::End { name: b"si" } if self.in_item => {
                self.in_item = false;
                self.end_item()?;
            }
            Token::Start {
                name: b"rPh",
                empty: false,
                ..
            } => self.in_phonetic = true,
            Token::End { name: b"rPh" } => self.in_phonetic = false,
            Token::Start {
                name: b"t",
                attrs,
                empty: false,
            } if self.in_item && !self.in_phonetic => {
                self.in_text = true;
                self.preserve = attr(attrs, b"space") == Some(b"preserve");
                self.raw.clear();
            }
            Token::End { name: b"t" } if self.in_text => {
                self.in_text = false;
                push_text(&self.raw, self.preserve, &mut self.text);
            }
            Token::Text(raw) if self.in_text => xml::unescape(raw, &mut self.raw),
            Token::CData(raw) if self.in_text => self.raw.extend_from_slice(raw),
            _ => {}
        }
        Ok(())
    }

    fn end_item(&mut self) -> Result<(), XlsxError> {
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.ends.push(end);
        let held = (self.text.len() + 4 * self.ends.len()) as u64;
        if held > MAX_SHARED_STRING_BYTES {
            return Err(XlsxError::TooLarge {
                uncompressed: held,
                limit: MAX_SHARED_STRING_BYTES,
            });
        }
        Ok(())
    }

    /// The table is read: its spare room is given back.
    pub fn finish(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.raw = Vec::new();
    }
}

/// A `<t>`'s text (entities already replaced) as a cell shows it: trimmed of ASCII white space
/// unless `xml:space="preserve"`, Excel's `_xHHHH_` escapes replaced.
pub fn push_text(raw: &[u8], preserve: bool, out: &mut Vec<u8>) {
    let text = if preserve { raw } else { raw.trim_ascii() };
    if xml::has_excel_escape(text) {
        xml::excel_unescape(text, out);
    } else {
        out.extend_from_slice(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(xml: &[u8], mut on: impl FnMut(Token<'_>) -> Result<(), XlsxError>) {
        let mut s = xml::Stream::default();
        s.feed(xml, true, &mut on)
            .unwrap_or_else(|e| panic!("{e:?}"));
    }

    #[test]
    fn the_workbook_its_sheets_and_their_parts() {
        let mut w = WorkbookPart::default();
        feed(
            concat!(
                r#"<workbook><workbookPr date1904="true"/><sheets>"#,
                r#"<sheet name="H&#7891; s&#417;" sheetId="1" r:id="rId1"/>"#,
                r#"<sheet name="DM" state="hidden" r:id="rId2"/></sheets></workbook>"#
            )
            .as_bytes(),
            |t| w.token(t),
        );
        assert!(w.date1904);
        assert_eq!(w.sheets.len(), 2);
        assert_eq!(
            (w.sheets[0].name.as_str(), w.sheets[0].hidden),
            ("Hồ sơ", false)
        );
        assert_eq!(
            (w.sheets[1].rel.as_str(), w.sheets[1].hidden),
            ("rId2", true)
        );

        let mut r = Relationships::default();
        feed(
            concat!(
                r#"<Relationships>"#,
                r#"<Relationship Id="rId1" Type="http://x/relationships/worksheet""#,
                r#" Target="worksheets/sheet1.xml"/>"#,
                r#"<Relationship Id="rId3" Type="http://x/sharedStrings""#,
                r#" Target="/xl/sharedStrings.xml"/>"#,
                r#"<Relationship Id="rId4" Type="http://x/styles" Target="../xl/./styles.xml"/>"#,
                r#"</Relationships>"#
            )
            .as_bytes(),
            |t| r.token(t),
        );
        assert_eq!(
            r.by_id("rId1").map(|x| x.target.as_str()),
            Some("xl/worksheets/sheet1.xml")
        );
        assert_eq!(r.of_kind("sharedStrings"), Some("xl/sharedStrings.xml"));
        assert_eq!(r.of_kind("styles"), Some("xl/styles.xml"));
    }

    #[test]
    fn styles_say_which_cells_are_dates() {
        let mut s = Styles::default();
        feed(
            concat!(
                r##"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>"##,
                r##"<numFmt numFmtId="165" formatCode="#,##0&quot;d&quot;"/>"##,
                r##"<numFmt numFmtId="166" formatCode="[h]:mm:ss"/></numFmts><cellStyleXfs>"##,
                r##"<xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/>"##,
                r##"<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/>"##,
                r##"<xf numFmtId="166"><alignment/></xf></cellXfs></styleSheet>"##
            )
            .as_bytes(),
            |t| s.token(t),
        );
        s.finish();
        use NumberKind::*;
        assert_eq!(s.kinds, [Plain, Date, Plain, Date, Duration]);
    }

    #[test]
    fn format_codes() {
        use NumberKind::*;
        for (code, kind) in [
            ("dd/mm/yyyy hh:mm:ss", Date),
            ("DD/MM/YY", Date),
            ("H:MM:SS;@", Date),
            ("#,##0\\ [$\\u20bd-46D]", Plain),
            ("0.00\"m\"", Plain),
            ("[Red]#,##0", Plain),
            ("[h]:mm:ss", Duration),
            ("[mm]:ss", Duration),
            ("AM/PM", Date),
            ("General;dd/mm", Plain),
            ("_(* #,##0_)", Plain),
        ] {
            assert_eq!(format_kind(code), kind, "{code}");
        }
    }

    #[test]
    fn shared_strings_rich_phonetic_spaces_and_escapes() {
        let mut s = SharedStrings::default();
        feed(
            concat!(
                r#"<sst count="9"><si><t>  M&#227; h&#7891; s&#417; </t></si><si/><si><r><t>a</t>"#,
                r#"</r><r><t xml:space="preserve"> b </t></r><rPh><t>ignored</t></rPh></si><si>"#,
                r#"<t>x_x000D_y</t></si><si><t><![CDATA[<&>]]></t></si></sst>"#
            )
            .as_bytes(),
            |t| s.token(t),
        );
        s.finish();
        let all: Vec<String> = (0..s.len())
            .map(|i| String::from_utf8_lossy(s.get(i).unwrap_or_default()).into_owned())
            .collect();
        assert_eq!(all, ["Mã hồ sơ", "", "a b ", "x\ry", "<&>"]);
        assert_eq!(s.get(5), None);
    }
}
