//! One row of cells as every reader hands it on: a CSV record, a sheet's row, an HTML table's.
//!
//! Owns the [`Row`] trait, and nothing else: the readers (`csv_stream`, `html`, `xlsx`, `xls`)
//! depend on it alone, not on the header search and typed rows (`rows`) they feed.

use std::borrow::Cow;

/// One row of cells, from a CSV record, a sheet or an HTML table.
pub trait Row {
    fn len(&self) -> usize;
    /// No cells at all (a blank row's cells are still counted by `len`: see `is_blank`).
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The cell's bytes (UTF-8), empty when the row is shorter.
    fn raw(&self, i: usize) -> &[u8];
    fn text(&self, i: usize) -> Cow<'_, str> {
        match std::str::from_utf8(self.raw(i)) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(self.raw(i)),
        }
    }
    fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.raw(i).iter().all(u8::is_ascii_whitespace))
    }
}

impl Row for Vec<String> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }
    fn raw(&self, i: usize) -> &[u8] {
        self.get(i).map_or(b"", |s| s.as_bytes())
    }
}
