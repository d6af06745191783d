//! Dossiers and notice settings whose texts no document may hold as they are: control characters
//! (NUL, SOH, vertical tab, ESC, BEL), the non-characters U+FFFE/U+FFFF, a unit name longer than
//! an Excel cell holds, a formula-like unit name, bidi controls. Shared by tests/hostile.rs (the
//! exports' XML and cells) and tests/notice.rs (LibreOffice opens the .docx).
// Each test crate uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The unit name longer than the 32,767 characters an Excel cell holds.
pub fn long_unit() -> String {
    format!("Sở {}", "Tư pháp ".repeat(5000).trim_end())
}

/// The formula-like unit name.
pub const FORMULA_UNIT: &str = "=HYPERLINK(\"http://x.example\",\"Bấm vào\")";

/// Writes the dossiers and the settings into `dir`: (the dossier file, the settings file).
pub fn write(dir: &Path) -> (PathBuf, PathBuf) {
    let head =
        "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Ngày kết thúc xử lý;Trạng thái;Chủ hồ sơ\n";
    let units = [
        "Sở T\u{0}ư pháp".to_string(),
        "Sở Y\u{1} tế\u{b}".to_string(),
        "Ban \u{fffe}Quản lý\u{ffff} Khu kinh tế\u{1b}".to_string(),
        "UBND xã \u{202e}Tân Lập\u{7}".to_string(),
        FORMULA_UNIT.to_string(),
        long_unit(),
    ];
    let mut csv = head.to_string();
    for (i, u) in units.iter().enumerate() {
        // Each unit with one dossier overdue and one on time: it is in every appendix.
        csv.push_str(&format!(
            "H{i}A;{u};02/05/2024;10/05/2024;;4;Nguyễn\u{0} Văn An\u{1b}\n"
        ));
        csv.push_str(&format!("H{i}B;{u};02/05/2024;10/05/2024;08/05/2024;10;\n"));
    }
    let dossiers = dir.join("ho-so-doc-hai.csv");
    std::fs::write(&dossiers, csv).expect("written");
    let settings = dir.join("thiet-lap-doc-hai.json");
    std::fs::write(
        &settings,
        r#"{"parent_body": "UBND TỈNH BÌNH PHƯỚC\u0000", "issuing_body": "VĂN PHÒNG\u0007",
            "number": "/TB-VPUBND\u000b", "place": "Bình Phước\u001b", "date": "2024-06-05",
            "signer_title": "CHÁNH VĂN PHÒNG\ufffe", "signer_name": "Nguyễn\u0001 Văn Mẫu",
            "recipients": ["Như trên;\u0002", "Lưu: VT\uffff"], "reply_deadline": "2024-06-11"}"#,
    )
    .expect("written");
    (dossiers, settings)
}

/// Characters XML 1.0 does not allow, which Word refuses a document for.
pub fn forbidden_in_xml(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}
