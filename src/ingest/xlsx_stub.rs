//! TEMPORARY stand-in until xlsx.rs lands (being written in parallel).
#[derive(Clone, Debug, PartialEq)]
pub enum XlsxError {
    EncryptedOrLegacy,
    Html,
    NotWorkbook(String),
    TooLarge { uncompressed: u64, limit: u64 },
    TooManySheets(usize),
    NoSuchSheet(String),
    Empty,
}
pub struct SheetTable {
    pub name: String,
    pub rows: Vec<Vec<String>>,
    pub date1904: bool,
    pub first_row: u32,
}
pub fn sheet_names(_bytes: &[u8]) -> Result<Vec<String>, XlsxError> {
    Err(XlsxError::NotWorkbook("stub".into()))
}
pub fn read_sheet(_bytes: &[u8], _sheet: Option<&str>) -> Result<SheetTable, XlsxError> {
    Err(XlsxError::NotWorkbook("stub".into()))
}
pub fn combine_header_rows(rows: &[Vec<String>]) -> Vec<String> {
    rows.first().cloned().unwrap_or_default()
}
