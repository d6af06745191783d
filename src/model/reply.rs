//! A unit's reply (giải trình, issue #24): the list of its overdue and due-soon dossiers sent back
//! with "Lý do quá hạn" and "Biện pháp khắc phục" filled in, as read from the file.
//!
//! Holds what the file says, nothing matched yet: `report::replies` matches ids to dossiers and
//! says what does not fit (unknown ids, another period, other columns edited).

use super::Date;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reply {
    pub path: String,
    /// The unit the list was made for ("Đơn vị: …" above the header), when stated.
    pub unit: Option<String>,
    /// The period it was made for ("Kỳ báo cáo: từ ngày … đến ngày …"), when stated.
    pub period: Option<(Date, Date)>,
    pub rows: Vec<ReplyRow>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplyRow {
    /// The line (CSV) or row (sheet), as the user's program shows it.
    pub row: u64,
    pub id: String,
    pub reason: String,
    pub remedy: String,
    /// The other columns as the file has them (header, value): checked against the dossier, so
    /// an edit is reported.
    pub others: Vec<(String, String)>,
}
