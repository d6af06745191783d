//! Files → typed dossiers: decode the bytes, find the table's shape and header, match columns to
//! fields, parse each cell, and fill a [`Dataset`](dataset::Dataset).
//!
//! Owns everything about files as users bring them (inputs.md) and the problems found in them.
//! Knows nothing of periods, rates or points: a row is read the same whatever the report asks.
//!
//! The stages follow the data: [`sniff`] (what a file is, from its first bytes; a text's
//! delimiter), [`decode`] (bytes → UTF-8), then one reader handing [`row`]s on: [`csv_stream`]
//! (records, pushed chunk by chunk), [`html`] (an HTML page's table, likewise), [`xlsx`] (a
//! sheet streamed from its zip) or [`xls`] (.xls and .ods through calamine), the last two through
//! [`workbook`]; then [`rows`] (header search and typed rows), with [`header`] and [`value`] for
//! matching and parsing, into a [`dataset`]. The [`loader`] takes any number of files into two
//! datasets (provincial, national) and the other inputs ([`other`]); an id seen twice is reported
//! and counted once. A large CSV may be read in two parts at once: [`halves`] decides when and
//! where (no I/O of its own), [`part`] reads the second part and carries it to the first reader.
//!
//! Dependencies run one way: `row` ← `xlsx`, `xls` ← `error` ← `csv_stream`, `html`, `source`;
//! `source`, `ids` ← `dataset` ← `rows` ← `workbook`, `part` ← `loader` ← `halves`.

pub mod csv_stream;
pub mod dataset;
pub mod decode;
pub mod error;
pub mod halves;
pub mod header;
pub mod html;
pub mod ids;
pub mod legacy;
pub mod loader;
pub mod options;
pub mod other;
pub mod part;
pub mod reply;
pub mod row;
pub mod rows;
pub mod sniff;
pub mod source;
pub mod value;
pub mod workbook;
pub mod xls;
pub mod xlsx;

pub use error::IngestError;
pub use loader::{Feeds, FileStream, Loader, MAX_XLSX_BYTES};
pub use options::{FileOptions, MappingFile};
pub use rows::Corrections;
pub use source::{
    Confidence, InputKind, MappedColumn, Problem, SourceFormat, SourceInfo, MAX_LISTED_PROBLEMS,
};
