//! Why a file cannot be used at all: the facts, worded by `messages`.
//!
//! Owns [`IngestError`]. Knows nothing of how files are read; a problem in some rows is not an
//! error here but a `Problem` in the file's entry (`source`).

use super::header::Field;
use super::xlsx;
use crate::messages::{self, Text};

/// A file that cannot be used at all.
#[derive(Clone, Debug, PartialEq)]
pub enum IngestError {
    Empty,
    Binary,
    /// `matched` is what the automatic matching did find, to start the mapping screen from;
    /// in a workbook, the sheet looked in and all its sheets (the user may choose another).
    MissingColumns {
        missing: Vec<Field>,
        found: Vec<String>,
        matched: Vec<(Field, String)>,
        sheet: Option<String>,
        sheets: Vec<String>,
    },
    NoRows,
    Xlsx(xlsx::XlsxError),
    /// An .xlsx larger than the reader holds in memory (it must be unzipped whole).
    XlsxTooBig {
        size: u64,
        limit: u64,
    },
    NoSuchHeaderRow(u64),
    NoSuchColumn(String),
    /// A file of another kind longer than such files ever are.
    OtherTooLong(usize),
    /// An HTML page's table row longer than this many bytes (a row never ends).
    HtmlRowTooLong(usize),
    /// The dossiers would exceed the memory the reader may use (the worker's ceiling).
    MemoryLimit {
        used: u64,
        limit: u64,
    },
    Cancelled,
}

impl IngestError {
    pub fn text(&self) -> Text {
        use xlsx::XlsxError as X;
        match self {
            IngestError::Empty => messages::empty_file(),
            IngestError::Binary => messages::binary_file(),
            IngestError::MissingColumns {
                missing,
                found,
                sheet,
                sheets,
                ..
            } => {
                let names: Vec<&str> = missing.iter().map(|f| f.label_vi()).collect();
                let text = messages::missing_columns(&names, found);
                match sheet {
                    Some(sheet) if sheets.len() > 1 => {
                        text.followed_by(&messages::looked_in_sheet(sheet, sheets))
                    }
                    _ => text,
                }
            }
            IngestError::NoRows => messages::no_rows(),
            IngestError::Xlsx(X::EncryptedOrLegacy) => messages::xlsx_encrypted(),
            IngestError::Xlsx(X::NotWorkbook(detail)) => messages::xlsx_broken(detail),
            IngestError::Xlsx(X::TooLarge {
                uncompressed,
                limit,
            }) => messages::xlsx_bomb(*uncompressed, *limit),
            IngestError::Xlsx(X::TooManySheets(n)) => messages::xlsx_too_many_sheets(*n),
            IngestError::Xlsx(X::NoSuchSheet(name)) => messages::xlsx_no_sheet(name),
            IngestError::Xlsx(X::Empty) => messages::empty_file(),
            IngestError::Xlsx(X::RowsOutOfOrder { row, after }) => {
                messages::xlsx_rows_out_of_order(*row, *after)
            }
            IngestError::Xlsx(X::Damaged { part, why }) => {
                use xlsx::inflate::InflateError as W;
                let why = match why {
                    W::Damaged => "dữ liệu nén hỏng / invalid DEFLATE data",
                    W::LongerThanDeclared => "dài hơn kích thước khai báo / longer than declared",
                    W::Truncated => "bị cắt cụt / cut short",
                    W::Checksum => "sai mã kiểm tra CRC / wrong CRC-32",
                };
                messages::xlsx_damaged(part, why)
            }
            IngestError::XlsxTooBig { size, limit } => messages::xlsx_too_big(*size, *limit),
            IngestError::NoSuchHeaderRow(line) => messages::no_such_header_row(*line),
            IngestError::NoSuchColumn(name) => messages::no_such_column(name),
            IngestError::OtherTooLong(n) => messages::other_too_long(*n),
            IngestError::HtmlRowTooLong(limit) => messages::html_row_too_long(*limit),
            IngestError::MemoryLimit { used, limit } => messages::memory_limit(*used, *limit),
            IngestError::Cancelled => messages::cancelled(),
        }
    }
}
