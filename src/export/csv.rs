//! An appendix as CSV for Excel: UTF-8 with a BOM (Excel then reads Vietnamese right), `;`-free
//! comma separation with quoting, and cells beginning with `=`, `+`, `-` or `@` prefixed with an
//! apostrophe so no spreadsheet runs them as formulas (CSV injection).

use crate::report::notice::Table;

/// A cell as written: neutralised when a spreadsheet would take it for a formula. A number shown
/// as text ("-5" days) keeps its value in the .xlsx; here it is neutralised like any other text.
/// Control characters that no text file should hold (as in the .docx and .xlsx) are removed.
pub fn neutralise(text: &str) -> String {
    let text = crate::text::printable(text);
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.into_owned(),
    }
}

pub fn table(t: &Table) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new().from_writer(b"\xEF\xBB\xBF".to_vec());
    // Writing into a Vec cannot fail.
    let _ = w.write_record(t.columns.iter().map(|c| neutralise(&c.title)));
    for r in &t.rows {
        let _ = w.write_record(r.cells.iter().map(|c| neutralise(&c.text)));
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::notice::{Cell, Column, TableRow};

    #[test]
    fn formulas_are_neutralised_and_a_bom_leads() {
        let t = Table {
            columns: vec![Column {
                title: "Đơn vị".into(),
                width: 1,
            }],
            rows: [
                "=HYPERLINK(\"http://x\")",
                "+1",
                "-2",
                "@SUM(A1)",
                "Sở Tư pháp",
            ]
            .iter()
            .map(|s| TableRow {
                cells: vec![Cell::text(*s)],
                ..TableRow::default()
            })
            .collect(),
        };
        let text = String::from_utf8(table(&t)).expect("UTF-8");
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines,
            [
                "Đơn vị",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
                "'+1",
                "'-2",
                "'@SUM(A1)",
                "Sở Tư pháp"
            ]
        );
    }
}
