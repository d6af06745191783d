//! Every message a user reads about her data, Vietnamese first, English second.
//!
//! Code elsewhere builds a [`Text`] through these functions and never spells a message itself, so
//! a clerk's wording can be fixed in one place.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    fn new(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text { vi: vi.into(), en: en.into() }
    }

    /// "vi (en)": for the command line's stderr and for logs.
    pub fn both(&self) -> String {
        format!("{} ({})", self.vi, self.en)
    }
}

pub fn empty_file() -> Text {
    Text::new("Tệp rỗng, không có dữ liệu", "the file is empty")
}

pub fn binary_file() -> Text {
    Text::new(
        "Tệp không phải dạng văn bản CSV (có thể là tệp Excel, ảnh hoặc tệp nén); hãy lưu lại dưới dạng CSV",
        "not a CSV text file (perhaps a spreadsheet, image or archive); save it as CSV",
    )
}

pub fn not_utf8(line: usize) -> Text {
    Text::new(
        format!("Tệp không ở bảng mã UTF-8 (lỗi ở dòng {line}); trong Excel chọn Lưu thành → «CSV UTF-8»"),
        format!("the file is not UTF-8 (first bad byte on line {line}); in Excel use Save As → \"CSV UTF-8\""),
    )
}

pub fn missing_columns(missing: &[&str], found: &[String]) -> Text {
    let found = if found.is_empty() { "(không có)".to_string() } else { found.join(" | ") };
    Text::new(
        format!("Không phải tệp danh sách hồ sơ: thiếu cột {}. Các cột tìm thấy: {found}", missing.join(", ")),
        format!("not a dossier export: missing column(s) {}. Columns found: {found}", missing.join(", ")),
    )
}

pub fn no_rows() -> Text {
    Text::new("Tệp chỉ có dòng tiêu đề, không có hồ sơ nào", "the file has a header but no dossiers")
}

pub fn csv_error(detail: &str) -> Text {
    Text::new(format!("Không đọc được tệp CSV: {detail}"), format!("cannot read the CSV: {detail}"))
}

pub fn bad_date(value: &str) -> Text {
    Text::new(
        format!("Ngày không đọc được «{value}»: hồ sơ không được tính vào các chỉ số cần ngày này"),
        format!("unreadable date \"{value}\": the dossier is left out of figures that need it"),
    )
}

pub fn bad_date_received(value: &str) -> Text {
    Text::new(
        format!("Ngày tiếp nhận không đọc được «{value}»: bỏ qua hồ sơ"),
        format!("unreadable receipt date \"{value}\": dossier skipped"),
    )
}

pub fn date_format_differs(value: &str, expected: &str) -> Text {
    Text::new(
        format!("Ngày «{value}» khác định dạng của cột ({expected}): hồ sơ không được tính vào các chỉ số cần ngày này"),
        format!("date \"{value}\" differs from the column's format ({expected}): left out of figures that need it"),
    )
}

pub fn missing_value(what: &str) -> Text {
    Text::new(format!("Thiếu {what}: bỏ qua hồ sơ"), format!("missing {what}: dossier skipped"))
}

pub fn bad_value(value: &str, what: &str) -> Text {
    Text::new(
        format!("Giá trị «{value}» không hiểu được ở cột {what}: coi như không có"),
        format!("value \"{value}\" not understood in column {what}: treated as no"),
    )
}

pub fn bad_status(value: &str) -> Text {
    Text::new(
        format!("Trạng thái «{value}» không hiểu được: hồ sơ không được tính vào tiến độ"),
        format!("unknown status \"{value}\": left out of progress figures"),
    )
}

pub fn final_without_end_date() -> Text {
    Text::new(
        "Hồ sơ đã xử lý xong nhưng thiếu ngày kết thúc xử lý và ngày trả: không được tính vào tiến độ",
        "finished dossier without a finish or return date: left out of progress figures",
    )
}

pub fn duplicate_id(id: &str, first_file: &str, first_row: u32) -> Text {
    Text::new(
        format!("Mã hồ sơ «{id}» trùng với dòng {first_row} của tệp {first_file}: chỉ tính một lần"),
        format!("dossier id \"{id}\" repeats row {first_row} of {first_file}: counted once"),
    )
}

pub fn no_dossiers() -> Text {
    Text::new("Chưa có tệp hồ sơ nào đọc được", "no readable dossier file")
}

pub fn bad_period() -> Text {
    Text::new(
        "Kỳ báo cáo không hợp lệ: dùng --month YYYY-MM hoặc --from YYYY-MM-DD --to YYYY-MM-DD (từ ngày không sau đến ngày)",
        "invalid period: use --month YYYY-MM or --from YYYY-MM-DD --to YYYY-MM-DD (from not after to)",
    )
}

/// Why a rate has no value: its column is not in the file.
pub fn needs_column(column: &str) -> Text {
    Text::new(format!("chưa có dữ liệu — cần cột «{column}» trong tệp hồ sơ"), format!("no data — needs the \"{column}\" column"))
}
