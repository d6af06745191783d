//! Decoded text → CSV records, pushed chunk by chunk (csv-core underneath), with the line each
//! record starts on.
//!
//! The first chunk(s) decide the encoding and delimiter; after that every chunk is decoded (or, for
//! UTF-8, parsed as it is) and split into records as it arrives, so a file is never held whole.
//! Records cut by a chunk boundary are completed by the next chunk: the result does not depend on
//! where chunks split (a property test says so).

use super::decode::{self, Decoder, Encoding};
use super::row::Row;
use super::sniff;
use super::IngestError;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// A record's fields, borrowed from csv-core's output (fields end to end, `starts` empty) or from
/// the input itself (the fast path: each field where it starts and ends).
pub struct Record<'a> {
    out: &'a [u8],
    starts: &'a [usize],
    ends: &'a [usize],
}

impl Row for Record<'_> {
    fn len(&self) -> usize {
        self.ends.len()
    }
    fn raw(&self, i: usize) -> &[u8] {
        match self.ends.get(i) {
            Some(&end) if self.starts.is_empty() => {
                &self.out[if i == 0 { 0 } else { self.ends[i - 1] }..end]
            }
            Some(&end) => &self.out[self.starts[i]..end],
            None => b"",
        }
    }
}

/// The longest line read: a longer one (a run of NUL bytes, a quote never closed) is set aside
/// whole and its line reported, so a file's memory is bounded by this, not by what it holds.
pub const MAX_LINE_BYTES: usize = 16 << 20;
/// The most cells a line may have: each cell's end takes 8 bytes.
const MAX_CELLS: usize = MAX_LINE_BYTES / 8;

pub struct CsvStream {
    forced: Option<Encoding>,
    prefix: Vec<u8>,
    decoder: Option<Decoder>,
    text: Vec<u8>,
    core: Option<Reader>,
    delimiter: u8,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// The fast path's fields in the input.
    fast_starts: Vec<usize>,
    fast_ends: Vec<usize>,
    line: u64,
    record_line: u64,
    at_record_start: bool,
    skip_first_line: bool,
    /// Bytes of the record being read so far (csv-core's path).
    record_bytes: usize,
    /// The record being read passed [`MAX_LINE_BYTES`]: what follows, up to the next line
    /// break, is set aside.
    skipping: bool,
    /// Lines set aside for their length, for the caller to report ([`CsvStream::take_long_lines`]).
    long_lines: Vec<u64>,
}

impl CsvStream {
    pub fn new(forced: Option<Encoding>) -> CsvStream {
        CsvStream {
            forced,
            prefix: Vec::new(),
            decoder: None,
            text: Vec::new(),
            core: None,
            delimiter: b',',
            out: vec![0; 64 * 1024],
            out_len: 0,
            ends: vec![0; 256],
            ends_len: 0,
            fast_starts: Vec::new(),
            fast_ends: Vec::new(),
            line: 1,
            record_line: 1,
            at_record_start: true,
            skip_first_line: false,
            record_bytes: 0,
            skipping: false,
            long_lines: Vec::new(),
        }
    }

    /// A stream that reads on from a record boundary past a file's start (a second reader, see
    /// `split`), with the encoding and delimiter the first reader decided: nothing is sniffed.
    pub fn continuing(encoding: Encoding, delimiter: u8) -> CsvStream {
        let mut s = CsvStream::new(Some(encoding));
        s.delimiter = delimiter;
        s.core = Some(ReaderBuilder::new().delimiter(delimiter).build());
        // A BOM is only at the file's start.
        s.decoder = Some(Decoder::new(if encoding == Encoding::Utf8Bom {
            Encoding::Utf8
        } else {
            encoding
        }));
        s
    }

    /// Whether all that was fed ended exactly where a record ends, with nothing held back: the
    /// rest of the file can then be read by another stream from there.
    pub fn between_records(&self) -> bool {
        self.decoder.is_some()
            && self.at_record_start
            && self.out_len == 0
            && self.ends_len == 0
            && !self.skip_first_line
            && !self.skipping
    }

    /// The line the next record would start on (1-based).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Counts another reader's replaced byte sequences with this file's.
    pub fn add_replaced(&mut self, n: usize) {
        if let Some(d) = self.decoder.as_mut() {
            d.replaced += n;
        }
    }

    pub fn encoding(&self) -> Option<Encoding> {
        self.decoder.as_ref().map(Decoder::encoding)
    }

    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The lines set aside for their length since the last call (each once).
    pub fn take_long_lines(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.long_lines)
    }

    /// Malformed byte sequences replaced so far (reported once per file).
    pub fn replaced(&self) -> usize {
        self.decoder.as_ref().map_or(0, |d| d.replaced)
    }

    /// Parses `chunk`; `on_record(line, record)` is called for every complete record.
    pub fn feed(
        &mut self,
        chunk: &[u8],
        last: bool,
        on_record: &mut dyn FnMut(u64, &Record<'_>) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        if self.decoder.is_none() {
            // Decide from the first DETECT_BYTES, copying only what a small first chunk lacks.
            if self.prefix.is_empty() && (chunk.len() >= decode::DETECT_BYTES || last) {
                self.setup(chunk, last)?;
                return self.consume(chunk, last, on_record);
            }
            self.prefix.extend_from_slice(chunk);
            if self.prefix.len() < decode::DETECT_BYTES && !last {
                return Ok(());
            }
            let prefix = std::mem::take(&mut self.prefix);
            self.setup(&prefix, last)?;
            return self.consume(&prefix, last, on_record);
        }
        self.consume(chunk, last, on_record)
    }

    /// Decides the encoding and the delimiter from the start of the file.
    fn setup(&mut self, start: &[u8], last: bool) -> Result<(), IngestError> {
        let head = &start[..start.len().min(decode::DETECT_BYTES)];
        let encoding = match self.forced {
            Some(e) => e,
            None => decode::detect(head, last && head.len() == start.len())?,
        };
        let mut sample = Vec::new();
        Decoder::new(encoding).decode(&head[..head.len().min(64 * 1024)], last, &mut sample);
        let (delimiter, skip) = sniff::sniff(&String::from_utf8_lossy(&sample));
        self.skip_first_line = skip > 0;
        self.delimiter = delimiter;
        self.core = Some(ReaderBuilder::new().delimiter(delimiter).build());
        self.decoder = Some(Decoder::new(encoding));
        Ok(())
    }

    fn consume(
        &mut self,
        chunk: &[u8],
        last: bool,
        on_record: &mut dyn FnMut(u64, &Record<'_>) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        let decoder = self.decoder.as_mut().ok_or(IngestError::Empty)?;
        if matches!(decoder.encoding(), Encoding::Utf8 | Encoding::Utf8Bom) {
            // UTF-8 is parsed in place: no copy.
            let chunk = decoder.passthrough(chunk);
            return self.parse(chunk, last, on_record);
        }
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        decoder.decode(chunk, last, &mut text);
        let result = self.parse(&text, last, on_record);
        self.text = text;
        result
    }

    fn parse(
        &mut self,
        input: &[u8],
        last: bool,
        on_record: &mut dyn FnMut(u64, &Record<'_>) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        // Taken out while parsing so records can be handed out from `self`'s buffers.
        let Some(mut core) = self.core.take() else {
            return Ok(());
        };
        let result = self.parse_with(&mut core, input, last, on_record);
        self.core = Some(core);
        result
    }

    fn parse_with(
        &mut self,
        core: &mut Reader,
        input: &[u8],
        last: bool,
        on_record: &mut dyn FnMut(u64, &Record<'_>) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        let mut pos = 0;
        if self.skip_first_line {
            // Excel's "sep=;" line.
            match input.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    pos = i + 1;
                    self.line += 1;
                    self.skip_first_line = false;
                }
                None => return Ok(()),
            }
        }
        // A lone CR ends a record for csv-core: where one appears, this input takes csv-core's
        // path only.
        let fast = !memchr::memchr_iter(b'\r', &input[pos..])
            .any(|i| input.get(pos + i + 1) != Some(&b'\n'));
        loop {
            if self.skipping {
                // The rest of a line set aside: up to its line break, in this chunk or a later one.
                match memchr::memchr(b'\n', &input[pos..]) {
                    Some(i) => {
                        pos += i + 1;
                        self.line += 1;
                        self.skipping = false;
                        self.at_record_start = true;
                    }
                    None => return Ok(()),
                }
            }
            if self.at_record_start {
                // Blank lines and the '\n' of a CRLF belong to no record: step over them so the
                // record's line is where its first byte is.
                while let Some(&b) = input.get(pos) {
                    if b == b'\n' {
                        self.line += 1;
                    } else if b != b'\r' {
                        break;
                    }
                    pos += 1;
                }
                if pos == input.len() && !last {
                    return Ok(());
                }
                if fast {
                    if let Some(n) = split_simple(
                        &input[pos..],
                        self.delimiter,
                        &mut self.fast_starts,
                        &mut self.fast_ends,
                    ) {
                        if n > MAX_LINE_BYTES {
                            self.long_lines.push(self.line);
                        } else {
                            on_record(
                                self.line,
                                &Record {
                                    out: &input[pos..],
                                    starts: &self.fast_starts,
                                    ends: &self.fast_ends,
                                },
                            )?;
                        }
                        self.line += 1;
                        pos += n;
                        continue;
                    }
                }
                self.record_line = self.line;
                self.record_bytes = 0;
                self.at_record_start = false;
            }
            let (res, nin, nout, nend) = core.read_record(
                &input[pos..],
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            self.line += input[pos..pos + nin]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            pos += nin;
            self.out_len += nout;
            self.ends_len += nend;
            self.record_bytes += nin;
            match res {
                ReadRecordResult::InputEmpty => {
                    if self.record_bytes > MAX_LINE_BYTES {
                        self.set_aside(core);
                        continue;
                    }
                    if !last {
                        return Ok(());
                    }
                    // At the end, an empty input tells csv-core the file is over.
                    if pos < input.len() {
                        continue;
                    }
                    let (res, _, nout, nend) = core.read_record(
                        &[],
                        &mut self.out[self.out_len..],
                        &mut self.ends[self.ends_len..],
                    );
                    self.out_len += nout;
                    self.ends_len += nend;
                    match res {
                        ReadRecordResult::Record => self.emit(on_record)?,
                        ReadRecordResult::OutputFull => {
                            if !grow(&mut self.out, MAX_LINE_BYTES) {
                                self.set_aside(core);
                            }
                            continue;
                        }
                        ReadRecordResult::OutputEndsFull => {
                            if !grow(&mut self.ends, MAX_CELLS) {
                                self.set_aside(core);
                            }
                            continue;
                        }
                        _ => {}
                    }
                    return Ok(());
                }
                ReadRecordResult::OutputFull => {
                    if !grow(&mut self.out, MAX_LINE_BYTES) {
                        self.set_aside(core);
                    }
                }
                ReadRecordResult::OutputEndsFull => {
                    if !grow(&mut self.ends, MAX_CELLS) {
                        self.set_aside(core);
                    }
                }
                ReadRecordResult::Record => {
                    self.emit(on_record)?;
                    self.at_record_start = true;
                }
                ReadRecordResult::End => return Ok(()),
            }
        }
    }

    /// Sets the record being read aside (it passed the line limit): its line is noted, csv-core
    /// starts afresh, the buffers give their memory back, and what follows up to the next line
    /// break is skipped.
    fn set_aside(&mut self, core: &mut Reader) {
        self.long_lines.push(self.record_line);
        core.reset();
        (self.out_len, self.ends_len, self.record_bytes) = (0, 0, 0);
        self.out.truncate(64 * 1024);
        self.out.shrink_to_fit();
        self.ends.truncate(256);
        self.ends.shrink_to_fit();
        self.skipping = true;
        self.at_record_start = false;
    }

    fn emit(
        &mut self,
        on_record: &mut dyn FnMut(u64, &Record<'_>) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        let record = Record {
            out: &self.out[..self.out_len],
            starts: &[],
            ends: &self.ends[..self.ends_len],
        };
        let result = on_record(self.record_line, &record);
        self.out_len = 0;
        self.ends_len = 0;
        result
    }
}

/// Doubles a buffer csv-core filled, up to `cap` entries; false when it already holds that many.
fn grow<T: Copy + Default>(buf: &mut Vec<T>, cap: usize) -> bool {
    if buf.len() >= cap {
        return false;
    }
    let n = (buf.len() * 2).min(cap);
    buf.resize(n, T::default());
    true
}

/// The fast path of the splitter: one record at the start of `rest`, when it is simple (nearly
/// every record of an export): its fields unquoted, or quoted without a doubled quote or a line
/// break inside, and the whole record (to its line end) in `rest`. The record is looked at
/// sixteen bytes at a time for its delimiters, line feed and quotes, whose places come as the
/// bits of a mask (a search call per field cost more than the field); fields stay where they
/// are. Returns the bytes the record takes, line end included, or `None` for csv-core to read
/// it: it then splits as csv-core would (a test says so), given that `rest` has no lone CR (the
/// caller's check).
fn split_simple(
    rest: &[u8],
    delimiter: u8,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
) -> Option<usize> {
    starts.clear();
    ends.clear();
    // Where the current field starts, and the sixteen bytes looked at.
    let mut field = 0;
    let mut base = 0;
    'blocks: while base < rest.len() {
        let mut mask = structural(&rest[base..], delimiter);
        while mask != 0 {
            let i = base + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            match rest[i] {
                b'\n' => {
                    starts.push(field);
                    ends.push(if i > field && rest[i - 1] == b'\r' {
                        i - 1
                    } else {
                        i
                    });
                    return Some(i + 1);
                }
                b'"' => {
                    // A quote inside an unquoted field.
                    if i != field {
                        return None;
                    }
                    let start = i + 1;
                    let close = start + memchr::memchr(b'"', &rest[start..])?;
                    if memchr::memchr2(b'\n', b'\r', &rest[start..close]).is_some() {
                        return None;
                    }
                    starts.push(start);
                    ends.push(close);
                    let after = close + 1;
                    match *rest.get(after)? {
                        b if b == delimiter => field = after + 1,
                        b'\n' => return Some(after + 1),
                        b'\r' if rest.get(after + 1) == Some(&b'\n') => return Some(after + 2),
                        // A doubled quote, or text after the closing quote.
                        _ => return None,
                    }
                    base = field;
                    continue 'blocks;
                }
                _ => {
                    starts.push(field);
                    ends.push(i);
                    field = i + 1;
                }
            }
        }
        base += 16;
    }
    None
}

/// Bit `k` set where byte `k` of the (up to) sixteen bytes at the start of `bytes` is the
/// delimiter, a line feed or a quote.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn structural(bytes: &[u8], delimiter: u8) -> u32 {
    use core::arch::wasm32::{i8x16_bitmask, i8x16_eq, u8x16, u8x16_splat, v128_or};
    let (b, n) = leading::<16>(bytes);
    let v = u8x16(
        b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
        b[14], b[15],
    );
    let hits = v128_or(
        v128_or(
            i8x16_eq(v, u8x16_splat(delimiter)),
            i8x16_eq(v, u8x16_splat(b'\n')),
        ),
        i8x16_eq(v, u8x16_splat(b'"')),
    );
    u32::from(i8x16_bitmask(hits)) & ((1u32 << n) - 1)
}

/// The first `N` bytes (zeros past the end, which the masks leave out) and how many there were.
/// A whole block is taken as it is: a copy of a variable length is a call to `memcpy`.
fn leading<const N: usize>(bytes: &[u8]) -> ([u8; N], usize) {
    match bytes.get(..N) {
        Some(whole) => (whole.try_into().unwrap_or([0; N]), N),
        None => {
            let mut b = [0u8; N];
            b[..bytes.len()].copy_from_slice(bytes);
            (b, bytes.len())
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn structural(bytes: &[u8], delimiter: u8) -> u32 {
    structural_words(bytes, delimiter)
}

/// As above, eight bytes at a time in a 64-bit word ("Bit Twiddling Hacks": a byte equal to a
/// value is a zero byte of the word xor that value): the command line's way, as safe Rust has
/// no vector instructions on x86-64 without `unsafe` (which this crate forbids).
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
fn structural_words(bytes: &[u8], delimiter: u8) -> u32 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = ONES * 0x7F;
    // The high bit of each byte that is zero, and of no other.
    let zeros = |x: u64| !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
    let half = |at: usize| {
        let (b, n) = leading::<8>(bytes.get(at..).unwrap_or(b""));
        let w = u64::from_le_bytes(b);
        let hits = zeros(w ^ (ONES * u64::from(delimiter)))
            | zeros(w ^ (ONES * u64::from(b'\n')))
            | zeros(w ^ (ONES * u64::from(b'"')));
        // One bit a byte: the high bits gathered into the top byte by a multiplication.
        let bits = (((hits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56) as u32;
        bits & ((1u32 << n) - 1)
    };
    half(0) | (half(8) << 8)
}

/// Every record of a file given in chunks, with its line: for tests and tools.
pub fn collect_records(
    chunks: &[&[u8]],
    encoding: Option<Encoding>,
) -> Result<Vec<(u64, Vec<String>)>, IngestError> {
    let mut s = CsvStream::new(encoding);
    let mut out = Vec::new();
    let n = chunks.len();
    for (i, c) in chunks.iter().enumerate() {
        s.feed(c, i + 1 == n, &mut |line, r| {
            out.push((line, (0..r.len()).map(|i| r.text(i).into_owned()).collect()));
            Ok(())
        })?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(chunks: &[&[u8]]) -> Vec<(u64, Vec<String>)> {
        collect_records(chunks, None).expect("parses")
    }

    #[test]
    fn lines_count_crlf_blank_lines_and_quoted_newlines() {
        let data = b"a;b\r\n1;\"x\r\ny\"\r\n\r\n2;z\r\n3;w";
        let r = records(&[data]);
        assert_eq!(
            r.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            vec![1, 2, 5, 6]
        );
        assert_eq!(r[1].1, vec!["1", "x\r\ny"]);
        assert_eq!(r[3].1, vec!["3", "w"]);
    }

    #[test]
    fn the_structural_mask_marks_delimiters_line_feeds_and_quotes() {
        let text = b"ab,\"c\nd;e\r\"\n,,x,yz\"";
        for delimiter in [b',', b';', b'\t', b'|'] {
            for at in 0..text.len() {
                let bytes = &text[at..];
                let expected = bytes
                    .iter()
                    .take(16)
                    .enumerate()
                    .filter(|(_, &b)| b == delimiter || b == b'\n' || b == b'"')
                    .fold(0u32, |m, (k, _)| m | 1 << k);
                assert_eq!(
                    structural(bytes, delimiter),
                    expected,
                    "from {at}, delimiter {delimiter}"
                );
                assert_eq!(
                    structural_words(bytes, delimiter),
                    expected,
                    "words, from {at}, delimiter {delimiter}"
                );
            }
        }
        // Every byte value in every place.
        for v in 0..=255u8 {
            for at in 0..16 {
                let mut b = [b'a'; 16];
                b[at] = v;
                let hit = v == b';' || v == b'\n' || v == b'"';
                assert_eq!(
                    structural(&b, b';'),
                    u32::from(hit) << at,
                    "byte {v:#x} at {at}"
                );
                assert_eq!(
                    structural_words(&b, b';'),
                    u32::from(hit) << at,
                    "words, byte {v:#x} at {at}"
                );
            }
        }
    }

    #[test]
    fn a_line_past_the_limit_is_set_aside_in_any_chunks_and_the_next_read() {
        let mut data = b"a;b\n1;".to_vec();
        data.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 10));
        data.extend(b"\n\"q;".iter());
        data.extend(std::iter::repeat_n(b'y', MAX_LINE_BYTES + 10));
        data.extend(b"\n2;z\n");
        for size in [1 << 20, 4 << 20, data.len()] {
            let mut s = CsvStream::new(Some(Encoding::Utf8));
            let mut got = Vec::new();
            let chunks: Vec<&[u8]> = data.chunks(size).collect();
            for (i, c) in chunks.iter().enumerate() {
                s.feed(c, i + 1 == chunks.len(), &mut |line, r| {
                    got.push((
                        line,
                        (0..r.len())
                            .map(|i| r.text(i).into_owned())
                            .collect::<Vec<_>>(),
                    ));
                    Ok(())
                })
                .expect("parses");
                assert!(
                    s.out.capacity() <= MAX_LINE_BYTES + (64 << 10),
                    "the buffer stays within the limit"
                );
            }
            assert_eq!(
                got,
                vec![
                    (1, vec!["a".to_string(), "b".into()]),
                    (4, vec!["2".into(), "z".into()])
                ],
                "chunks of {size}"
            );
            assert_eq!(s.take_long_lines(), vec![2, 3], "chunks of {size}");
        }
    }

    #[test]
    fn every_split_point_gives_the_same_records() {
        let data =
            "Mã;Đơn vị\r\nHS1;\"Sở Tư pháp; phòng \"\"A\"\"\"\r\nHS2;UBND xã Tân Lập\n".as_bytes();
        let whole = records(&[data]);
        for cut in 0..data.len() {
            assert_eq!(
                records(&[&data[..cut], &data[cut..]]),
                whole,
                "cut at {cut}"
            );
        }
    }
}
