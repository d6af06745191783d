//! A zip entry's bytes → its content, chunk by chunk, never past what the entry declares nor past
//! a budget, checked against its CRC at the end.
//!
//! Owns the decompression of one part (stored or DEFLATE, through `flate2`) and the checks that
//! make a workbook's claims safe to act on: the content may not pass the size the zip directory
//! declares (which the reader checked against its budgets before anything was inflated), and it
//! must end with that size and CRC-32. Knows nothing of XML or of where the bytes come from: the
//! caller hands compressed chunks in and gets content out, so the same inflater runs in the
//! command line's second thread, the page's second worker, or inline.

use flate2::{Decompress, FlushDecompress, Status};

/// How an entry is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Method {
    Stored,
    Deflated,
}

/// What is known of an entry before it is inflated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// Where its compressed bytes start in the file, and how many there are.
    pub at: u64,
    pub compressed: u64,
    /// Its content's declared size and CRC-32.
    pub size: u64,
    pub crc: u32,
    pub method: Method,
}

/// Why an entry's content could not be had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// The compressed bytes are not valid DEFLATE.
    Damaged,
    /// More content than the entry declares.
    LongerThanDeclared,
    /// The bytes ended before the content did, or the content is shorter than declared.
    Truncated,
    /// The content's CRC-32 is not the one declared.
    Checksum,
}

/// Inflates one entry, chunk by chunk.
pub struct Inflater {
    entry: Entry,
    state: Option<Decompress>,
    out: u64,
    crc: crc32fast::Hasher,
    done: bool,
}

/// The content handed out per call at most: a chunk of compressed bytes may inflate a
/// thousandfold, and nothing is ever held whole.
pub const OUT_CHUNK: usize = 256 << 10;

impl Inflater {
    pub fn new(entry: Entry) -> Inflater {
        Inflater {
            entry,
            state: (entry.method == Method::Deflated).then(|| Decompress::new(false)),
            out: 0,
            crc: crc32fast::Hasher::new(),
            done: false,
        }
    }

    /// Inflates `input` (the entry's next compressed bytes), handing the content to `sink` in
    /// pieces of at most [`OUT_CHUNK`] bytes; a `sink` error stops it and is returned as is.
    pub fn push<E>(
        &mut self,
        mut input: &[u8],
        out: &mut Vec<u8>,
        sink: &mut impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<Result<(), E>, InflateError> {
        let Some(state) = self.state.as_mut() else {
            // Stored: the bytes are the content.
            for piece in input.chunks(OUT_CHUNK) {
                let n = self.take(piece.len())?;
                self.crc.update(&piece[..n]);
                if let Err(e) = sink(&piece[..n]) {
                    return Ok(Err(e));
                }
            }
            return Ok(Ok(()));
        };
        while !input.is_empty() && !self.done {
            out.clear();
            out.reserve(OUT_CHUNK);
            let (before_in, before_out) = (state.total_in(), state.total_out());
            let status = state
                .decompress_vec(input, out, FlushDecompress::None)
                .map_err(|_| InflateError::Damaged)?;
            let used = (state.total_in() - before_in) as usize;
            let made = (state.total_out() - before_out) as usize;
            input = &input[used..];
            self.done = status == Status::StreamEnd;
            if made > 0 {
                if take(&self.entry, &mut self.out, made)? < made {
                    return Err(InflateError::LongerThanDeclared);
                }
                self.crc.update(out);
                if let Err(e) = sink(out) {
                    return Ok(Err(e));
                }
            } else if used == 0 && !self.done {
                // Nothing taken, nothing made: the stream needs bytes that are not there.
                break;
            }
        }
        Ok(Ok(()))
    }

    /// Counts `n` more bytes of content; fewer when they would pass the declared size.
    fn take(&mut self, n: usize) -> Result<usize, InflateError> {
        take(&self.entry, &mut self.out, n)
    }

    /// The content so far, in bytes.
    pub fn out(&self) -> u64 {
        self.out
    }

    /// Every compressed byte given: the content must be whole, of its size and CRC.
    pub fn finish(self) -> Result<(), InflateError> {
        if self.state.is_some() && !self.done {
            return Err(InflateError::Truncated);
        }
        if self.out != self.entry.size {
            return Err(if self.out < self.entry.size {
                InflateError::Truncated
            } else {
                InflateError::LongerThanDeclared
            });
        }
        if self.crc.finalize() != self.entry.crc {
            return Err(InflateError::Checksum);
        }
        Ok(())
    }
}

/// Counts `n` more bytes of `entry`'s content after `out`; fewer when they would pass its
/// declared size.
fn take(entry: &Entry, out: &mut u64, n: usize) -> Result<usize, InflateError> {
    let room = entry.size - *out;
    if room == 0 && n > 0 {
        return Err(InflateError::LongerThanDeclared);
    }
    let n = n.min(usize::try_from(room).unwrap_or(usize::MAX));
    *out += n as u64;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap_or_default();
        e.finish().unwrap_or_default()
    }

    fn entry(data: &[u8], compressed: &[u8], method: Method) -> Entry {
        Entry {
            at: 0,
            compressed: compressed.len() as u64,
            size: data.len() as u64,
            crc: crc32fast::hash(data),
            method,
        }
    }

    fn inflate(e: Entry, compressed: &[u8], chunk: usize) -> Result<Vec<u8>, InflateError> {
        let mut inflater = Inflater::new(e);
        let mut content = Vec::new();
        let mut buf = Vec::new();
        for piece in compressed.chunks(chunk.max(1)) {
            inflater
                .push(piece, &mut buf, &mut |b: &[u8]| {
                    content.extend_from_slice(b);
                    Ok::<(), ()>(())
                })?
                .unwrap_or_default();
        }
        inflater.finish()?;
        Ok(content)
    }

    #[test]
    fn content_comes_whole_in_any_chunking_and_is_checked() {
        let data: Vec<u8> = (0..300_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let z = deflate(&data);
        for chunk in [1, 7, 4096, z.len()] {
            assert_eq!(
                inflate(entry(&data, &z, Method::Deflated), &z, chunk).as_ref(),
                Ok(&data)
            );
        }
        assert_eq!(
            inflate(entry(&data, &data, Method::Stored), &data, 1000).as_ref(),
            Ok(&data)
        );

        let mut bad_crc = entry(&data, &z, Method::Deflated);
        bad_crc.crc ^= 1;
        assert_eq!(inflate(bad_crc, &z, 4096), Err(InflateError::Checksum));
        let mut short = entry(&data, &z, Method::Deflated);
        short.size -= 1;
        assert_eq!(
            inflate(short, &z, 4096),
            Err(InflateError::LongerThanDeclared)
        );
        let mut long = entry(&data, &z, Method::Deflated);
        long.size += 1;
        assert_eq!(inflate(long, &z, 4096), Err(InflateError::Truncated));
        let cut = &z[..z.len() / 2];
        assert_eq!(
            inflate(entry(&data, &z, Method::Deflated), cut, 4096),
            Err(InflateError::Truncated)
        );
        let garbage = vec![0xFFu8; 64];
        assert_eq!(
            inflate(entry(&data, &z, Method::Deflated), &garbage, 64),
            Err(InflateError::Damaged)
        );
    }

    #[test]
    fn a_bomb_stops_at_its_declared_size() {
        let zeros = vec![0u8; 50 << 20];
        let z = deflate(&zeros);
        let mut e = entry(&zeros, &z, Method::Deflated);
        e.size = 1 << 20;
        let mut seen = 0usize;
        let mut inflater = Inflater::new(e);
        let r = inflater.push(&z, &mut Vec::new(), &mut |b: &[u8]| {
            seen += b.len();
            Ok::<(), ()>(())
        });
        assert_eq!(r, Err(InflateError::LongerThanDeclared));
        assert!(seen <= 1 << 20);
    }
}
