//! A pull scanner over the XML of a workbook's parts: tags, attributes and text, one token at a
//! time, from a buffer that holds whatever part of the XML has arrived.
//!
//! Owns the XML syntax a workbook uses (start, end and empty tags with namespace prefixes,
//! attributes in either quote, character data, CDATA, and the comments, processing instructions
//! and DOCTYPE that are skipped) and the two escapes of cell text: XML's entities and Excel's
//! `_xHHHH_`. Knows nothing of what the tags mean (`parts`, `sheet`).
//!
//! A token that does not end within the buffer is not taken ([`Scan::More`]): the caller keeps
//! the bytes from there on and scans again once more have arrived, so a part is read in chunks of
//! any size with the same tokens. Entities are not expanded here (text is handed out as written)
//! and a DOCTYPE's own entities never are: a workbook cannot declare any.

/// One piece of XML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<name attributes>`, or `<name attributes/>` (`empty`); `name` without its prefix.
    Start {
        name: &'a [u8],
        attrs: &'a [u8],
        empty: bool,
    },
    /// `</name>`, the name without its prefix.
    End { name: &'a [u8] },
    /// Character data as written: entities are replaced by [`unescape`] where it is used.
    Text(&'a [u8]),
    /// A `<![CDATA[…]]>` section's content, which has no entities.
    CData(&'a [u8]),
}

/// What [`next`] found from a position on.
#[derive(Debug, PartialEq, Eq)]
pub enum Scan<'a> {
    /// A token, and where the next one starts.
    Token(Token<'a>, usize),
    /// The token under way does not end within the bytes given (nothing is taken).
    More,
    /// No more tokens: only at the end of the last bytes.
    End,
}

/// The next token of `xml` from `at` on, skipping comments, processing instructions and DOCTYPEs.
/// `last`: no bytes will follow, so text runs to the end and a tag left open is dropped.
pub fn next(xml: &[u8], mut at: usize, last: bool) -> Scan<'_> {
    loop {
        let Some(rest) = xml.get(at..).filter(|r| !r.is_empty()) else {
            return Scan::End;
        };
        if rest[0] != b'<' {
            return match memchr::memchr(b'<', rest) {
                Some(n) => Scan::Token(Token::Text(&rest[..n]), at + n),
                None if last => Scan::Token(Token::Text(rest), xml.len()),
                None => Scan::More,
            };
        }
        let skip = |open: usize, close: &[u8]| {
            memchr::memmem::find(&rest[open..], close).map(|n| at + open + n + close.len())
        };
        let after = match rest.get(1) {
            None => None,
            Some(b'/') => {
                // An end tag is a few bytes: a plain loop, as for [`tag_end`].
                let Some(gt) = rest.iter().position(|&b| b == b'>') else {
                    return more_or_end(last);
                };
                let name = local(rest[2..gt].trim_ascii());
                return Scan::Token(Token::End { name }, at + gt + 1);
            }
            Some(b'?') => skip(2, b"?>"),
            Some(b'!') if rest.starts_with(b"<!--") => skip(4, b"-->"),
            Some(b'!') if rest.starts_with(b"<![CDATA[") => {
                let Some(n) = memchr::memmem::find(&rest[9..], b"]]>") else {
                    return more_or_end(last);
                };
                return Scan::Token(Token::CData(&rest[9..9 + n]), at + 9 + n + 3);
            }
            // A DOCTYPE, perhaps with an internal subset in brackets, or a CDATA opening not yet
            // whole: skipped, the subset's declarations with it.
            Some(b'!') if rest.len() < 9 && b"<![CDATA[".starts_with(rest) => None,
            Some(b'!') => match (memchr::memchr(b'[', rest), memchr::memchr(b'>', rest)) {
                (Some(open), Some(gt)) if open < gt => {
                    skip(open, b"]>").or_else(|| skip(open, b">"))
                }
                (_, Some(gt)) => Some(at + gt + 1),
                _ => None,
            },
            Some(_) => {
                let Some(gt) = tag_end(rest) else {
                    return more_or_end(last);
                };
                let inner = &rest[1..gt];
                let empty = inner.last() == Some(&b'/');
                let inner = if empty {
                    &inner[..inner.len() - 1]
                } else {
                    inner
                };
                let name_len = inner
                    .iter()
                    .position(|b| b.is_ascii_whitespace())
                    .unwrap_or(inner.len());
                let (name, attrs) = inner.split_at(name_len);
                return Scan::Token(
                    Token::Start {
                        name: local(name),
                        attrs,
                        empty,
                    },
                    at + gt + 1,
                );
            }
        };
        match after {
            Some(next_at) => at = next_at,
            None => return more_or_end(last),
        }
    }
}

fn more_or_end<'a>(last: bool) -> Scan<'a> {
    if last {
        Scan::End
    } else {
        Scan::More
    }
}

/// The `>` that closes the tag starting `tag`, outside quoted attribute values.
fn tag_end(tag: &[u8]) -> Option<usize> {
    // A sheet's cells are millions of tags of a few dozen bytes: a plain loop beats a vectorised
    // search's setup, and a quoted value is skipped to its closing quote in one go.
    let mut i = 1;
    while let Some(&b) = tag.get(i) {
        match b {
            b'>' => return Some(i),
            b'"' | b'\'' => i += 1 + tag[i + 1..].iter().position(|&c| c == b)?,
            _ => {}
        }
        i += 1;
    }
    None
}

/// A name without its namespace prefix (`x:row` is `row`).
pub fn local(name: &[u8]) -> &[u8] {
    // Names are a few bytes: a plain loop beats a vectorised search's setup.
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The value of the attribute whose local name is `key`, as written (entities not replaced).
pub fn attr<'a>(attrs: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    Attrs(attrs).find(|(k, _)| local(k) == key).map(|(_, v)| v)
}

/// The attributes of a tag, as (name, value) pairs written; a malformed one ends them.
pub struct Attrs<'a>(pub &'a [u8]);

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        // Attributes are a few bytes each: plain loops beat a vectorised search's setup.
        let s = self.0.trim_ascii_start();
        let eq = s.iter().position(|&b| b == b'=')?;
        let key = s[..eq].trim_ascii_end();
        let rest = s[eq + 1..].trim_ascii_start();
        let quote = *rest.first().filter(|q| matches!(q, b'"' | b'\''))?;
        let end = rest[1..].iter().position(|&b| b == quote)?;
        self.0 = &rest[end + 2..];
        Some((key, &rest[1..1 + end]))
    }
}

/// Appends `raw` (character data or an attribute value as written) with its entities replaced
/// and its line ends normalised as an XML parser does (`\r\n` and a lone `\r` read as `\n`). An
/// entity that is not XML's own is kept as written.
pub fn unescape(raw: &[u8], out: &mut Vec<u8>) {
    let mut rest = raw;
    while let Some(i) = memchr::memchr2(b'&', b'\r', rest) {
        out.extend_from_slice(&rest[..i]);
        if rest[i] == b'\r' {
            out.push(b'\n');
            rest = &rest[i + 1..];
            if rest.first() == Some(&b'\n') {
                rest = &rest[1..];
            }
            continue;
        }
        let entity = &rest[i + 1..];
        let end = entity.iter().take(12).position(|&b| b == b';');
        let decoded = end.and_then(|n| entity_char(&entity[..n]).map(|c| (c, n)));
        match decoded {
            Some((c, n)) => {
                let mut utf8 = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                rest = &entity[n + 1..];
            }
            None => {
                out.push(b'&');
                rest = entity;
            }
        }
    }
    out.extend_from_slice(rest);
}

fn entity_char(name: &[u8]) -> Option<char> {
    Some(match name {
        b"lt" => '<',
        b"gt" => '>',
        b"amp" => '&',
        b"quot" => '"',
        b"apos" => '\'',
        [b'#', b'x' | b'X', hex @ ..] => char::from_u32(number(hex, 16)?)?,
        [b'#', dec @ ..] => char::from_u32(number(dec, 10)?)?,
        _ => return None,
    })
}

fn number(digits: &[u8], radix: u32) -> Option<u32> {
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, radix).ok()
}

/// Whether `text` holds an Excel escape (`_x000D_` for a character XML cannot carry).
pub fn has_excel_escape(text: &[u8]) -> bool {
    memchr::memchr(b'_', text).is_some() && excel_escape_at(text, 0).is_some()
}

/// The first Excel escape from `from` on: (where it starts, its UTF-16 unit).
fn excel_escape_at(text: &[u8], from: usize) -> Option<(usize, u16)> {
    let mut at = from;
    while let Some(n) = memchr::memmem::find(&text[at..], b"_x") {
        let i = at + n;
        if let Some(unit) = excel_unit(text, i) {
            return Some((i, unit));
        }
        at = i + 1;
    }
    None
}

fn excel_unit(text: &[u8], i: usize) -> Option<u16> {
    let esc = text.get(i..i + 7)?;
    if &esc[..2] != b"_x" || esc[6] != b'_' || !esc[2..6].iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(&esc[2..6]).ok()?, 16).ok()
}

/// `text` with Excel's escapes replaced: `_xHHHH_` is a UTF-16 unit (a pair of them a character
/// outside the BMP; a unit alone that needs a pair reads as U+FFFD), as Excel writes characters
/// XML cannot carry (`_x000D_`) and a literal `_x…_` (`_x005F_x000D_`).
pub fn excel_unescape(text: &[u8], out: &mut Vec<u8>) {
    let mut copied = 0;
    let mut at = 0;
    while let Some((i, unit)) = excel_escape_at(text, at) {
        out.extend_from_slice(&text[copied..i]);
        let mut next = i + 7;
        let c = match unit {
            0xD800..=0xDBFF => match excel_unit(text, next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    let high = u32::from(unit - 0xD800) << 10;
                    char::from_u32(0x10000 + high + u32::from(low - 0xDC00))
                }
                _ => None,
            },
            0xDC00..=0xDFFF => None,
            _ => char::from_u32(u32::from(unit)),
        };
        let mut utf8 = [0; 4];
        let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
        out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        copied = next;
        at = next;
    }
    out.extend_from_slice(&text[copied..]);
}

/// A token may not be longer than this (a cell's text, a tag): one that is has no end in sight
/// and would hold its bytes ever longer (the CSV reader's line limit, for the same reason).
pub const MAX_TOKEN: usize = 16 << 20;

/// Tokens from XML that arrives in chunks: the bytes of a token cut by a chunk's end are kept
/// until the next chunk completes it.
#[derive(Default)]
pub struct Stream {
    held: Vec<u8>,
}

/// Why a part's XML could not be scanned, or the consumer's own reason to stop.
#[derive(Debug, PartialEq)]
pub enum Stop<E> {
    /// A token longer than [`MAX_TOKEN`].
    TokenTooLong,
    Consumer(E),
}

impl Stream {
    /// Hands every token that `chunk` completes to `on` (`last`: the part's end).
    pub fn feed<E>(
        &mut self,
        chunk: &[u8],
        last: bool,
        on: &mut impl FnMut(Token<'_>) -> Result<(), E>,
    ) -> Result<(), Stop<E>> {
        if self.held.is_empty() {
            let used = scan(chunk, last, on)?;
            self.hold(&chunk[used..])
        } else {
            // Only the bytes that complete the held token are copied after it (a few more at
            // most), the rest of the chunk scanned where it is: copying every chunk whole would
            // copy the whole sheet once more.
            let mut held = std::mem::take(&mut self.held);
            let kept = held.len();
            let mut copied = 0;
            loop {
                let upto = (copied.max(4096) * 2).min(chunk.len());
                held.extend_from_slice(&chunk[copied..upto]);
                copied = upto;
                let whole = copied == chunk.len();
                let used = scan(&held, last && whole, on)?;
                if whole {
                    held.drain(..used);
                    self.held = held;
                    return self.check();
                }
                if used > kept {
                    held.clear();
                    self.held = held;
                    let from = used - kept;
                    let used = from + scan(&chunk[from..], last, on)?;
                    return self.hold(&chunk[used..]);
                }
            }
        }
    }

    fn hold<E>(&mut self, rest: &[u8]) -> Result<(), Stop<E>> {
        self.held.extend_from_slice(rest);
        self.check()
    }

    fn check<E>(&self) -> Result<(), Stop<E>> {
        if self.held.len() > MAX_TOKEN {
            return Err(Stop::TokenTooLong);
        }
        Ok(())
    }
}

/// Scans `xml` as far as its tokens are whole; the bytes used.
fn scan<E>(
    xml: &[u8],
    last: bool,
    on: &mut impl FnMut(Token<'_>) -> Result<(), E>,
) -> Result<usize, Stop<E>> {
    let mut at = 0;
    loop {
        match next(xml, at, last) {
            Scan::Token(t, next_at) => {
                on(t).map_err(Stop::Consumer)?;
                at = next_at;
            }
            Scan::More => return Ok(at),
            Scan::End => return Ok(xml.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(xml: &[u8]) -> Vec<Token<'_>> {
        let mut at = 0;
        let mut out = Vec::new();
        while let Scan::Token(t, next_at) = next(xml, at, true) {
            out.push(t);
            at = next_at;
        }
        out
    }

    #[test]
    fn tags_text_and_what_is_skipped() {
        let xml = concat!(
            r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><!-- c > d -->"#,
            r#"<x:row r='1' a="a>b"><c/>t&amp;<![CDATA[<&>]]></x:row >"#
        )
        .as_bytes();
        assert_eq!(
            all(xml),
            vec![
                Token::Start {
                    name: b"row",
                    attrs: br#" r='1' a="a>b""#,
                    empty: false
                },
                Token::Start {
                    name: b"c",
                    attrs: b"",
                    empty: true
                },
                Token::Text(b"t&amp;"),
                Token::CData(b"<&>"),
                Token::End { name: b"row" },
            ]
        );
    }

    #[test]
    fn any_chunking_gives_the_same_tokens() {
        let xml = br#"<?xml version="1.0"?><!-- x --><a b="1"><![CDATA[q]]>text<c d='2'/></a>"#;
        let whole = all(xml);
        for cut in 0..xml.len() {
            // Scan the first `cut` bytes as far as they go, then the rest with everything.
            let mut tokens = Vec::new();
            let mut at = 0;
            while let Scan::Token(t, n) = next(&xml[..cut], at, false) {
                tokens.push(t);
                at = n;
            }
            while let Scan::Token(t, n) = next(xml, at, true) {
                tokens.push(t);
                at = n;
            }
            assert_eq!(tokens, whole, "cut at {cut}");
        }
    }

    /// The `>` closing a tag, found byte by byte: what [`tag_end`] must agree with.
    fn tag_end_bytewise(tag: &[u8]) -> Option<usize> {
        let mut quote = None;
        for (i, &b) in tag.iter().enumerate().skip(1) {
            match (quote, b) {
                (None, b'>') => return Some(i),
                (None, b'"' | b'\'') => quote = Some(b),
                (Some(q), _) if q == b => quote = None,
                _ => {}
            }
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn tag_end_skips_quoted_values(tag in proptest::collection::vec(
            proptest::sample::select(b"<>\"'a =".to_vec()), 0..40)) {
            proptest::prop_assert_eq!(tag_end(&tag), tag_end_bytewise(&tag));
        }
    }

    #[test]
    fn a_stream_gives_the_same_tokens_in_chunks_of_any_size() {
        let mut xml = br#"<?xml version="1.0"?><sheetData>"#.to_vec();
        for r in 0..3000 {
            let row = format!(
                r#"<row r="{r}"><c r="A{r}" t="s"><v>{r}</v></c><c><v>1&amp;2</v></c></row>"#
            );
            xml.extend_from_slice(row.as_bytes());
        }
        xml.extend_from_slice(b"<![CDATA[x]]></sheetData>");
        let tokens = |chunk: usize| {
            let mut stream = Stream::default();
            let mut seen = Vec::new();
            let mut on = |t: Token<'_>| {
                seen.push(format!("{t:?}"));
                Ok::<(), ()>(())
            };
            for piece in xml.chunks(chunk) {
                assert_eq!(stream.feed(piece, false, &mut on), Ok(()));
            }
            assert_eq!(stream.feed(&[], true, &mut on), Ok(()));
            seen
        };
        let whole = tokens(xml.len());
        assert_eq!(whole.len(), 2 + 3000 * 12 + 1);
        for chunk in [1, 2, 3, 7, 100, 4095, 4097, 9000, 70_000] {
            assert_eq!(tokens(chunk), whole, "chunks of {chunk}");
        }
    }

    #[test]
    fn attributes_and_escapes() {
        let attrs = br#" r="B7" x:t = 's'  xml:space="preserve" bad"#;
        assert_eq!(attr(attrs, b"r"), Some(&b"B7"[..]));
        assert_eq!(attr(attrs, b"t"), Some(&b"s"[..]));
        assert_eq!(attr(attrs, b"space"), Some(&b"preserve"[..]));
        assert_eq!(attr(attrs, b"bad"), None);

        let mut out = Vec::new();
        unescape(b"a&lt;b&#233;&#x1F600;&unknown;&\r\nx\ry", &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "a<bé😀&unknown;&\nx\ny"
        );

        let mut out = Vec::new();
        excel_unescape(b"a_x000D_b_x005F_x000D__xD83D__xDE00__xD800_", &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "a\rb_x000D_😀\u{FFFD}"
        );
        assert!(has_excel_escape(b"x_x0041_"));
        assert!(!has_excel_escape(b"x_x00G1_"));
    }
}
