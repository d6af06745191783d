//! The report → files the clerk hands on: the notice with its appendices as .docx (Nghị định
//! 30/2020/NĐ-CP format), the appendices as .xlsx (real numbers and percentages) and as .csv
//! (UTF-8 with BOM, formula-like cells neutralised).
//!
//! Owns file formats only: every word and figure comes from `report::notice` and
//! `report::appendix`. Runs the same natively and in the browser's worker.

pub mod csv;
pub mod docx;
pub mod packs;
pub mod xlsx;

use std::io::Write;

/// A .zip written in memory by rawzip: the notice's .docx package and the units' packs. The
/// `zip` crate's writer (which calamine and rust_xlsxwriter bring) is generic over its output and
/// carries every compressor `zip` is built with, zopfli included; each crate that writes through
/// it compiles its own copy into the page's wasm, so ours would be a second one. rawzip writes
/// entries and leaves compression to us (flate2, already here). Entries are dated `when`, or
/// 1980-01-01 (the zip format's first day); no clock is read, so the bytes are the same each run.
pub(crate) struct ZipOut<'a> {
    archive: rawzip::ZipArchiveWriter<&'a mut Vec<u8>>,
    when: rawzip::time::UtcDateTime,
}

impl<'a> ZipOut<'a> {
    pub fn new(out: &'a mut Vec<u8>, when: Option<(i32, u32, u32)>) -> Self {
        let day = |(y, m, d): (i32, u32, u32)| {
            rawzip::time::UtcDateTime::from_components(
                u16::try_from(y).ok()?,
                u8::try_from(m).ok()?,
                u8::try_from(d).ok()?,
                8,
                0,
                0,
                0,
            )
        };
        let first = rawzip::time::UtcDateTime::from_components(1980, 1, 1, 0, 0, 0, 0);
        ZipOut {
            archive: rawzip::ZipArchiveWriter::new(out),
            when: when.and_then(day).or(first).expect("1980-01-01 is a date"),
        }
    }

    pub fn folder(&mut self, name: &str) -> Result<(), rawzip::Error> {
        self.archive
            .new_dir(name)
            .last_modified(self.when)
            .create()?;
        Ok(())
    }

    /// One file: deflated, or stored as it is (for what is compressed already).
    pub fn file(&mut self, name: &str, bytes: &[u8], deflate: bool) -> Result<(), rawzip::Error> {
        let method = if deflate {
            rawzip::CompressionMethod::DEFLATE
        } else {
            rawzip::CompressionMethod::STORE
        };
        let (mut entry, config) = self
            .archive
            .new_file(name)
            .compression_method(method)
            .last_modified(self.when)
            .start()?;
        let descriptor = if deflate {
            let encoder =
                flate2::write::DeflateEncoder::new(&mut entry, flate2::Compression::default());
            let mut writer = config.wrap(encoder);
            writer.write_all(bytes)?;
            let (encoder, descriptor) = writer.finish()?;
            encoder.finish()?;
            descriptor
        } else {
            let mut writer = config.wrap(&mut entry);
            writer.write_all(bytes)?;
            writer.finish()?.1
        };
        entry.finish(descriptor)?;
        Ok(())
    }

    pub fn finish(self) -> Result<(), rawzip::Error> {
        self.archive.finish()?;
        Ok(())
    }
}
