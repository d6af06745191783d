//! What was understood of one file, as the user sees it and the report's `inputs[]` lists it:
//! its kind and format, encoding and delimiter, header and mapping, counts and problems.
//!
//! Owns [`SourceInfo`] and its parts. Knows nothing of how the file was read (the readers fill
//! it) nor of what is computed from the dossiers.

use super::decode::Encoding;
use super::error::IngestError;
use super::header::{self, Field};
use crate::messages::Text;
use serde::{Deserialize, Serialize};

crate::keyed! {
    /// What a file holds, as `inputs[].kind` names it.
    #[derive(Default)]
    pub enum InputKind {
        #[default]
        Dossiers = "dossiers",
        /// A DVCQG export, reconciled with the provincial dossiers.
        NationalDossiers = "national_dossiers",
        Units = "units",
        Procedures = "procedures",
        Feedback = "feedback",
        Scoreboard = "scoreboard",
        Publication = "publication",
        /// A unit's reply: its overdue dossiers with their reasons and remedies.
        Reply = "giai_trinh",
        Unknown = "unknown",
        /// A file that could not be used (its problem says why).
        Unusable = "unusable",
    }
}

impl From<header::Kind> for InputKind {
    fn from(kind: header::Kind) -> InputKind {
        match kind {
            header::Kind::Dossiers => InputKind::Dossiers,
            header::Kind::Units => InputKind::Units,
            header::Kind::Procedures => InputKind::Procedures,
            header::Kind::Feedback => InputKind::Feedback,
            header::Kind::Scoreboard => InputKind::Scoreboard,
            header::Kind::Publication => InputKind::Publication,
            header::Kind::Reply => InputKind::Reply,
            header::Kind::Unknown => InputKind::Unknown,
        }
    }
}

/// How a file's table is stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Delimited text (CSV, TSV, "Unicode Text").
    #[default]
    Csv,
    Xlsx,
    /// Excel 97-2003 (BIFF8), read through calamine.
    Xls,
    /// OpenDocument, read through calamine.
    Ods,
    /// An HTML page's table (saved under an Excel name by many portals).
    Html,
}

impl SourceFormat {
    pub const ALL: [SourceFormat; 5] = [
        SourceFormat::Csv,
        SourceFormat::Xlsx,
        SourceFormat::Xls,
        SourceFormat::Ods,
        SourceFormat::Html,
    ];

    /// The key `inputs[].format` holds.
    pub fn key(self) -> &'static str {
        match self {
            SourceFormat::Csv => "csv",
            SourceFormat::Xlsx => "xlsx",
            SourceFormat::Xls => "xls",
            SourceFormat::Ods => "ods",
            SourceFormat::Html => "html",
        }
    }
}

/// How sure the matching of a column to a field is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// The whole header is a known spelling.
    Exact,
    /// The header contains a known spelling.
    Partial,
    /// The user said so (the mapping screen, `--mapping`).
    User,
}

/// A problem in one cell or row: reported, and the rest of the file still analysed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Problem {
    /// 1-based line in the file (CSV) or row in the sheet (xlsx), as the user's program shows it.
    pub row: Option<u64>,
    pub column: Option<String>,
    pub message: String,
    pub message_en: String,
    /// The message quoting the cell as written, where `message` masks a personal value: for
    /// the user who unmasks (`report` puts it in place), never serialised otherwise.
    #[serde(skip)]
    pub unmasked: Option<Box<Text>>,
}

impl Problem {
    pub fn new(row: Option<u64>, column: Option<String>, text: Text) -> Problem {
        Problem {
            row,
            column,
            message: text.vi,
            message_en: text.en,
            unmasked: text.unmasked,
        }
    }
}

/// At most this many problems are listed per file; `problems_total` counts them all.
pub const MAX_LISTED_PROBLEMS: usize = 1000;

fn encoding_name<S: serde::Serializer>(e: &Option<Encoding>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(e.map_or("", Encoding::name))
}

fn delimiter_text<S: serde::Serializer>(d: &Option<u8>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.map(|d| char::from(d).to_string()).unwrap_or_default())
}

/// What was understood of one file, shown to the user and written to `inputs[]`.
#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SourceInfo {
    pub path: String,
    pub kind: InputKind,
    pub format: SourceFormat,
    /// Dossiers taken from this file (after skipping unusable rows and duplicates).
    pub rows: usize,
    /// The text's encoding, detected or chosen (its name; "" for a workbook).
    #[serde(serialize_with = "encoding_name")]
    #[cfg_attr(test, ts(type = "string"))]
    pub encoding: Option<Encoding>,
    /// The delimiter sniffed (as text; "" for a workbook).
    #[serde(serialize_with = "delimiter_text")]
    #[cfg_attr(test, ts(type = "string"))]
    pub delimiter: Option<u8>,
    /// The sheet read, and all the workbook's sheets (xlsx).
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub header_row: u64,
    /// Every header cell, in order (for the mapping screen).
    pub columns: Vec<String>,
    pub mapping: Vec<MappedColumn>,
    /// For inputs other than dossiers: (what the column was read as, its header).
    pub read_as: Vec<(&'static str, String)>,
    pub personal_columns: Vec<String>,
    pub skipped_rows: usize,
    pub duplicates: usize,
    /// Rows kept but left out of progress figures (unreadable status or dates).
    pub rows_without_progress: usize,
    /// Rows repeating the header in the middle of the file (exports joined): skipped quietly.
    pub header_repeats: usize,
    pub warnings: Vec<String>,
    /// Required fields more than one column could hold: (field, the columns), the first taken.
    pub ambiguous: Vec<(Field, Vec<String>)>,
    pub problems: Vec<Problem>,
    pub problems_total: usize,
    /// The listed duplicate-id problems: (index in `problems`, the id as written, the dossier it
    /// repeats), for a second reader's messages to be written again with the file's row numbers.
    #[serde(skip)]
    pub duplicate_refs: Vec<(usize, String, u32)>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MappedColumn {
    pub field: Field,
    pub label: &'static str,
    pub column: String,
    pub confidence: Confidence,
}

impl SourceInfo {
    /// A dossier file's entry, until reading it says otherwise.
    pub fn new(path: &str) -> SourceInfo {
        SourceInfo {
            path: path.to_string(),
            ..SourceInfo::default()
        }
    }

    /// The entry for a file that could not be used, so the report still says what happened to it.
    pub fn failed(path: &str, error: &IngestError) -> SourceInfo {
        let text = error.text();
        SourceInfo {
            kind: InputKind::Unusable,
            problems: vec![Problem::new(None, None, text)],
            problems_total: 1,
            ..SourceInfo::new(path)
        }
    }
}
