//! The zip directory of a workbook, read by random access: only the bytes the `zip` crate asks
//! for are fetched, and nothing is inflated here.
//!
//! Owns [`Directory`]: the `zip` crate's reader over a file this module does not hold. The crate
//! seeks and reads; a read of bytes not fetched yet stops it with the range it wanted
//! ([`Open::Need`]), the caller fetches them (a seek natively, `File.slice` in the page) and the
//! crate starts again from the bytes it now has: a workbook's directory takes two or three
//! fetches. What it gives is each part's place, declared size, CRC and method ([`Entry`]), read
//! before anything is inflated, so that budgets are checked against what the file declares.
//! Knows nothing of what the parts hold.

use super::inflate::{Entry, Method};
use super::XlsxError;
use std::cell::RefCell;
use std::io::{self, Read, Seek, SeekFrom};
use std::rc::Rc;
use zip::read::{ArchiveOffset, Config};
use zip::{CompressionMethod, ZipArchive};

/// The most bytes of directory (the tail, the central directory, the parts' local headers)
/// fetched for one workbook. A real workbook's directory holds a few dozen entries in a few
/// kilobytes; this allows tens of thousands while bounding the memory and the work a hostile
/// directory can ask for (the crate keeps every entry it lists).
pub const MAX_DIRECTORY_BYTES: u64 = 8 << 20;

/// A fetch asks for at least this much: the crate reads the tail in small windows, and every
/// miss costs a round trip (in the page) and a fresh start of the crate's reading.
const MIN_FETCH: u64 = 64 << 10;

/// What the directory reader needs next.
#[derive(Debug, PartialEq, Eq)]
pub enum Open {
    /// The file's bytes from `at`, `len` of them (fewer at the file's end): [`Directory::give`].
    Need {
        at: u64,
        len: usize,
    },
    Ready,
}

/// The bytes fetched so far, and the first read that found none.
#[derive(Default)]
struct Fetched {
    size: u64,
    ranges: Vec<(u64, Vec<u8>)>,
    bytes: u64,
    miss: Option<(u64, usize)>,
}

impl Fetched {
    fn find(&self, at: u64) -> Option<&[u8]> {
        self.ranges.iter().find_map(|(start, bytes)| {
            let offset = at.checked_sub(*start)?;
            bytes
                .get(usize::try_from(offset).ok()?..)
                .filter(|b| !b.is_empty())
        })
    }
}

/// The `zip` crate's view of the file: a cursor over the fetched ranges.
struct Reader {
    fetched: Rc<RefCell<Fetched>>,
    pos: u64,
}

impl Read for Reader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut fetched = self.fetched.borrow_mut();
        if buf.is_empty() || self.pos >= fetched.size {
            return Ok(0);
        }
        match fetched.find(self.pos) {
            Some(bytes) => {
                let n = bytes.len().min(buf.len());
                buf[..n].copy_from_slice(&bytes[..n]);
                self.pos += n as u64;
                Ok(n)
            }
            None => {
                fetched.miss = Some((self.pos, buf.len()));
                Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    "bytes not fetched yet",
                ))
            }
        }
    }
}

impl Seek for Reader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let size = self.fetched.borrow().size;
        let pos = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos =
            pos.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before 0"))?;
        Ok(self.pos)
    }
}

/// After the crate failed: the bytes it was reading when it did, or its error.
fn missed(fetched: &RefCell<Fetched>, error: String) -> Result<Open, XlsxError> {
    let mut fetched = fetched.borrow_mut();
    match fetched.miss.take() {
        Some((at, want)) => {
            let len = (want as u64).max(MIN_FETCH).min(fetched.size - at);
            Ok(Open::Need {
                at,
                len: len as usize,
            })
        }
        None => Err(XlsxError::NotWorkbook(error)),
    }
}

/// A workbook's zip directory, read as its bytes are fetched.
pub struct Directory {
    fetched: Rc<RefCell<Fetched>>,
    archive: Option<ZipArchive<Reader>>,
    /// Entries whose local header has been read: (index in the archive, its entry).
    located: Vec<(usize, Entry)>,
}

impl Directory {
    /// The directory of a file of `size` bytes.
    pub fn new(size: u64) -> Directory {
        let fetched = Fetched {
            size,
            ..Fetched::default()
        };
        Directory {
            fetched: Rc::new(RefCell::new(fetched)),
            archive: None,
            located: Vec::new(),
        }
    }

    /// The bytes the reading starts with: the file's tail, where the directory ends (after a
    /// comment of at most 64 KB) and usually starts.
    pub fn tail(&self) -> Open {
        let size = self.fetched.borrow().size;
        let len = size.min(MIN_FETCH * 2);
        Open::Need {
            at: size - len,
            len: len as usize,
        }
    }

    /// Bytes of the file from `at` on, as asked for by an [`Open::Need`].
    pub fn give(&mut self, at: u64, bytes: Vec<u8>) -> Result<(), XlsxError> {
        let mut fetched = self.fetched.borrow_mut();
        fetched.bytes += bytes.len() as u64;
        if fetched.bytes > MAX_DIRECTORY_BYTES {
            return Err(XlsxError::NotWorkbook(format!(
                "the zip directory is over {} MB",
                MAX_DIRECTORY_BYTES >> 20
            )));
        }
        fetched.ranges.push((at, bytes));
        Ok(())
    }

    /// Reads the directory from the bytes fetched so far: ready, or the bytes it needs.
    pub fn open(&mut self) -> Result<Open, XlsxError> {
        if self.archive.is_some() {
            return Ok(Open::Ready);
        }
        let reader = Reader {
            fetched: Rc::clone(&self.fetched),
            pos: 0,
        };
        let config = Config {
            archive_offset: ArchiveOffset::Detect,
        };
        match ZipArchive::with_config(config, reader) {
            Ok(archive) => {
                self.archive = Some(archive);
                Ok(Open::Ready)
            }
            Err(e) => missed(&self.fetched, e.to_string()),
        }
    }

    /// The names of the entries, in the directory's order.
    pub fn names(&self) -> Vec<String> {
        let Some(archive) = &self.archive else {
            return Vec::new();
        };
        archive
            .file_names()
            .filter_map(Result::ok)
            .map(|n| n.into_owned())
            .collect()
    }

    /// The entry named `name` (exactly, else ignoring case as Excel does), if the file has it.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        let archive = self.archive.as_ref()?;
        archive.index_for_name(name).or_else(|| {
            archive
                .file_names()
                .position(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))
        })
    }

    /// Where the entry `index`'s bytes are, with its declared size and CRC: its local header is
    /// read first ([`Open::Need`] until it is fetched).
    pub fn entry(&mut self, index: usize) -> Result<Result<Entry, Open>, XlsxError> {
        if let Some((_, e)) = self.located.iter().find(|(i, _)| *i == index) {
            return Ok(Ok(*e));
        }
        let Some(archive) = self.archive.as_mut() else {
            return Ok(Err(self.tail()));
        };
        let found = match archive.by_index_raw(index) {
            Ok(file) => {
                let method = match file.compression() {
                    CompressionMethod::Stored => Method::Stored,
                    CompressionMethod::Deflated => Method::Deflated,
                    other => {
                        return Err(XlsxError::NotWorkbook(format!(
                            "a part compressed with {other}"
                        )))
                    }
                };
                let Some(at) = file.data_start() else {
                    return Err(XlsxError::NotWorkbook("a part without data".to_string()));
                };
                Entry {
                    at,
                    compressed: file.compressed_size(),
                    size: file.size(),
                    crc: file.crc32(),
                    method,
                }
            }
            Err(e) => {
                let e = e.to_string();
                return missed(&self.fetched, e).map(Err);
            }
        };
        let size = self.fetched.borrow().size;
        if found
            .at
            .checked_add(found.compressed)
            .is_none_or(|end| end > size)
        {
            return Err(XlsxError::NotWorkbook(
                "a part ends past the file".to_string(),
            ));
        }
        self.located.push((index, found));
        Ok(Ok(found))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    fn zip_of(files: &[(&str, &[u8])], prefix: &[u8]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in files {
            w.start_file(*name, SimpleFileOptions::default())
                .unwrap_or_default();
            w.write_all(data).unwrap_or_default();
        }
        let body = w.finish().map(Cursor::into_inner).unwrap_or_default();
        [prefix, &body].concat()
    }

    /// Opens `bytes` as the page would: fetching what is asked, counting the fetches.
    fn open(bytes: &[u8]) -> (Result<Directory, XlsxError>, usize) {
        let mut d = Directory::new(bytes.len() as u64);
        let mut need = d.tail();
        let mut fetches = 0;
        loop {
            match need {
                Open::Need { at, len } => {
                    fetches += 1;
                    let slice = bytes[at as usize..at as usize + len].to_vec();
                    if let Err(e) = d.give(at, slice) {
                        return (Err(e), fetches);
                    }
                    need = match d.open() {
                        Ok(n) => n,
                        Err(e) => return (Err(e), fetches),
                    };
                }
                Open::Ready => return (Ok(d), fetches),
            }
        }
    }

    #[test]
    fn the_directory_and_a_part_in_a_few_fetches() {
        let big: Vec<u8> = (0..2_000_000u32)
            .flat_map(|i| i.wrapping_mul(7919).to_le_bytes())
            .collect();
        let bytes = zip_of(
            &[
                ("xl/workbook.xml", b"<workbook/>"),
                ("xl/worksheets/sheet1.xml", &big),
            ],
            b"",
        );
        let (d, fetches) = open(&bytes);
        let mut d = d.unwrap_or_else(|e| panic!("{e:?}"));
        assert!(fetches <= 2, "{fetches} fetches");
        assert_eq!(d.names(), ["xl/workbook.xml", "xl/worksheets/sheet1.xml"]);
        let index = d.index_of("XL/Worksheets/Sheet1.xml").unwrap_or(99);
        let entry = loop {
            match d.entry(index) {
                Ok(Ok(e)) => break e,
                Ok(Err(Open::Need { at, len })) => d
                    .give(at, bytes[at as usize..at as usize + len].to_vec())
                    .unwrap_or_default(),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(entry.size, big.len() as u64);
        assert_eq!(entry.method, Method::Deflated);
        assert_eq!(entry.crc, crc32fast::hash(&big));
        assert!(entry.at + entry.compressed <= bytes.len() as u64);
        // Bytes before the archive (a prefix some tools add) move every offset.
        let shifted = zip_of(&[("a.xml", b"<a/>")], &[7; 1000]);
        let (d, _) = open(&shifted);
        assert_eq!(d.map(|d| d.names()).unwrap_or_default(), ["a.xml"]);
    }

    #[test]
    fn what_is_not_a_zip_is_refused() {
        for bytes in [&b"PK\x03\x04 and nothing else"[..], b"", &[0u8; 300_000]] {
            let (d, _) = open(bytes);
            assert!(matches!(d, Err(XlsxError::NotWorkbook(_))), "{bytes:?}");
        }
    }
}
