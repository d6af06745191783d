//! Every message a user reads about her data, Vietnamese first, English second.
//!
//! Code elsewhere builds a [`Text`] through these functions and never spells a message itself, so
//! a clerk's wording can be fixed in one place.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Text {
    pub vi: String,
    pub en: String,
    /// The message quoting a cell as written, where `vi` and `en` mask it (it looked like
    /// personal data): for the user who unmasks, never shown otherwise.
    #[serde(skip)]
    pub unmasked: Option<Box<Text>>,
}

impl Text {
    fn new(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            vi: vi.into(),
            en: en.into(),
            unmasked: None,
        }
    }

    /// The message with `more` said after it (in both languages, unmasked alike).
    pub fn followed_by(self, more: &Text) -> Text {
        let unmasked = self.unmasked.map(|plain| Box::new(plain.followed_by(more)));
        Text {
            vi: self.vi + &more.vi,
            en: self.en + &more.en,
            unmasked,
        }
    }

    /// The message as the user sees it: with the cell as written only when she unmasked.
    pub fn shown(&self, unmask: bool) -> &Text {
        match &self.unmasked {
            Some(plain) if unmask => plain,
            _ => self,
        }
    }

    /// The message with `value` masked wherever it quotes it, whatever the value looks like:
    /// for a cell known to hold personal data (its column, or a row whose cells slid under
    /// other headers). The message as written is kept aside for the user who unmasks.
    pub fn masking(self, value: &str) -> Text {
        let value = value.trim();
        if self.unmasked.is_some()
            || value.is_empty()
            || !(self.vi.contains(value) || self.en.contains(value))
        {
            return self;
        }
        let hidden = crate::report::mask::hide(value);
        Text {
            vi: self.vi.replace(value, &hidden),
            en: self.en.replace(value, &hidden),
            unmasked: Some(Box::new(self)),
        }
    }

    /// The message with every value it quotes masked (between « » in Vietnamese, " " in
    /// English): for a row whose cells slid under other headers, where any cell may be personal.
    /// The message as written is kept aside for the user who unmasks.
    pub fn masking_quotes(self) -> Text {
        if self.unmasked.is_some() {
            return self;
        }
        let (vi, en) = (
            mask_between(&self.vi, '«', '»'),
            mask_between(&self.en, '"', '"'),
        );
        if vi == self.vi && en == self.en {
            return self;
        }
        Text {
            vi,
            en,
            unmasked: Some(Box::new(self)),
        }
    }

    /// "vi (en)": for the command line's stderr and for logs.
    pub fn both(&self) -> String {
        format!("{} ({})", self.vi, self.en)
    }
}

/// `s` with what stands between each `open` and the next `close` masked.
fn mask_between(s: &str, open: char, close: char) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len_utf8()..];
        let Some(j) = after.find(close) else { break };
        out.push_str(&rest[..i + open.len_utf8()]);
        out.push_str(&crate::report::mask::hide(&after[..j]));
        out.push(close);
        rest = &after[j + close.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// A message quoting a cell's value: the value masked when it looks like personal data (a name,
/// phone, ID number, e-mail or address), the message as written kept aside for the user who
/// unmasks.
/// A value holding U+FFFD (bytes the file's encoding could not decode) says so.
fn quoting(value: &str, build: impl Fn(&str) -> Text) -> Text {
    let build = |v: &str| {
        let mut t = build(v);
        if value.contains(char::REPLACEMENT_CHARACTER) {
            t.vi.push_str(
                " (ô có byte không hợp lệ với bảng mã của tệp, ví dụ UTF-8, hiện thành «�»)",
            );
            t.en.push_str(
                " (the cell holds bytes invalid in the file's encoding, e.g. UTF-8, shown as \
                 \"�\")",
            );
        }
        t
    };
    match crate::report::mask::if_personal(value) {
        Some(masked) => Text {
            unmasked: Some(Box::new(build(value))),
            ..build(&masked)
        },
        None => build(value),
    }
}

pub fn empty_file() -> Text {
    Text::new("Tệp rỗng, không có dữ liệu", "the file is empty")
}

pub fn binary_file() -> Text {
    Text::new(
        "Tệp không phải dạng văn bản CSV (có thể là tệp Excel, ảnh hoặc tệp nén); hãy lưu lại dưới \
         dạng CSV",
        "not a CSV text file (perhaps a spreadsheet, image or archive); save it as CSV",
    )
}

pub fn replaced_bytes(n: usize) -> Text {
    Text::new(
        format!(
            "{n} chuỗi byte không hợp lệ với bảng mã đã chọn đã được thay bằng «�»; nếu tên bị lỗi \
             font, hãy chọn bảng mã khác"
        ),
        format!(
            "{n} byte sequences invalid in the chosen encoding were replaced by \"�\"; if names \
             look garbled, pick another encoding"
        ),
    )
}

/// A warning for encodings that are guessed rather than declared.
pub fn encoding_warning(encoding: &str) -> Option<Text> {
    match encoding {
        "tcvn3" | "vni" => Some(Text::new(
            format!(
                "Tệp dùng bảng mã cũ {} (font .Vn/VNI): đã chuyển sang Unicode, hãy kiểm tra tên \
                 đơn vị",
                encoding.to_uppercase()
            ),
            format!(
                "the file uses the legacy {} encoding: converted to Unicode, check the unit names",
                encoding.to_uppercase()
            ),
        )),
        _ => None,
    }
}

pub fn xlsx_encrypted() -> Text {
    Text::new(
        "Tệp Excel có mật khẩu: hãy mở trong Excel, bỏ mật khẩu và lưu lại dạng .xlsx hoặc CSV",
        "password-protected workbook: open it in Excel, remove the password and save as .xlsx or \
         CSV",
    )
}

/// A workbook the reader (our zip layer or calamine) could not open: what the library said, in
/// words a clerk can act on; its own words stay in the English text, for support.
pub fn xlsx_broken(detail: &str) -> Text {
    let d = detail.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| d.contains(w));
    let (vi, en) = if has(&["password", "encrypt"]) {
        return xlsx_encrypted();
    } else if has(&[
        "zip",
        "central directory",
        "eocd",
        "i/o error",
        "unexpected end",
    ]) {
        (
            "tệp nén bên trong bị hỏng hoặc bị cắt cụt (tải hoặc sao chép chưa hết); hãy tải lại \
             hoặc mở trong Excel rồi lưu lại",
            "the workbook's zip is damaged or cut short",
        )
    } else if has(&["not found", "relationship", "expecting a worksheet"]) {
        (
            "thiếu phần bắt buộc của một tệp Excel (có thể là tệp Word/PowerPoint đổi đuôi, hoặc \
             do phần mềm khác tạo không đầy đủ); hãy mở trong Excel rồi lưu lại dạng .xlsx hoặc \
             CSV",
            "a part every workbook has is missing",
        )
    } else if has(&["xml", "parse", "node", "attribute", "encoding"]) {
        (
            "nội dung bên trong tệp bị hỏng (XML không hợp lệ); hãy mở trong Excel rồi lưu lại \
             dạng .xlsx hoặc CSV",
            "its content is damaged (invalid XML)",
        )
    } else if has(&["overflow", "beyond column", "too many"]) {
        (
            "tệp vượt giới hạn của Excel (quá nhiều dòng, cột hoặc chuỗi); hãy xuất lại dạng CSV",
            "it passes Excel's limits (rows, columns or strings)",
        )
    } else {
        (
            "tệp không đúng định dạng Excel .xlsx; hãy mở trong Excel rồi lưu lại dạng .xlsx hoặc \
             CSV",
            "not in the .xlsx format",
        )
    };
    Text::new(
        format!("Không đọc được tệp Excel: {vi}"),
        format!("cannot read the workbook: {en} ({detail})"),
    )
}

pub fn xlsx_bomb(uncompressed: u64, limit: u64) -> Text {
    Text::new(
        format!(
            "Tệp Excel khi giải nén hoặc khi đọc sẽ chiếm tới {} MB, vượt giới hạn {} MB: dừng để \
             bảo vệ máy",
            uncompressed >> 20,
            limit >> 20
        ),
        format!(
            "the workbook expands to {} MB when unzipped or read, over the {} MB limit: stopped to \
             protect the machine",
            uncompressed >> 20,
            limit >> 20
        ),
    )
}

pub fn xlsx_too_big(size: u64, limit: u64) -> Text {
    Text::new(
        format!(
            "Tệp Excel {} MB lớn hơn giới hạn {} MB: hãy xuất dạng CSV (không giới hạn kích thước)",
            size >> 20,
            limit >> 20
        ),
        format!(
            "the workbook is {} MB, over the {} MB limit: export it as CSV (no size limit)",
            size >> 20,
            limit >> 20
        ),
    )
}

pub fn xlsx_too_many_sheets(n: usize) -> Text {
    Text::new(
        format!("Tệp Excel có {n} trang tính, quá nhiều để đọc"),
        format!("the workbook has {n} sheets, too many to read"),
    )
}

pub fn xlsx_no_sheet(name: &str) -> Text {
    Text::new(
        format!("Không có trang tính «{name}»"),
        format!("no sheet named \"{name}\""),
    )
}

pub fn no_such_header_row(line: u64) -> Text {
    Text::new(
        format!("Dòng tiêu đề {line} không nằm trong 20 dòng đầu có dữ liệu"),
        format!("header row {line} is not among the first 20 non-empty rows"),
    )
}

pub fn no_such_column(name: &str) -> Text {
    Text::new(
        format!("Không có cột «{name}» trong dòng tiêu đề"),
        format!("no column \"{name}\" in the header row"),
    )
}

pub fn cancelled() -> Text {
    Text::new("Đã hủy đọc tệp", "reading cancelled")
}

pub fn missing_columns(missing: &[&str], found: &[String]) -> Text {
    let build = |found: &[String]| {
        let found = if found.is_empty() {
            "(không có)".to_string()
        } else {
            found.join(" | ")
        };
        Text::new(
            format!(
                "Không phải tệp danh sách hồ sơ: thiếu cột {}. Các cột tìm thấy: {found}",
                missing.join(", ")
            ),
            format!(
                "not a dossier export: missing column(s) {}. Columns found: {found}",
                missing.join(", ")
            ),
        )
    };
    // With no header row, a data row's cells are what was "found": a name or a phone is masked.
    let masked: Vec<String> = found
        .iter()
        .map(|h| crate::report::mask::if_personal(h).unwrap_or_else(|| h.clone()))
        .collect();
    if masked == found {
        build(found)
    } else {
        Text {
            unmasked: Some(Box::new(build(found))),
            ..build(&masked)
        }
    }
}

pub fn no_rows() -> Text {
    Text::new(
        "Tệp chỉ có dòng tiêu đề, không có hồ sơ nào",
        "the file has a header but no dossiers",
    )
}

pub fn csv_error(detail: &str) -> Text {
    Text::new(
        format!("Không đọc được tệp CSV: {detail}"),
        format!("cannot read the CSV: {detail}"),
    )
}

pub fn bad_date(value: &str) -> Text {
    quoting(value, |value| {
        Text::new(
            format!(
                "Ngày không đọc được «{value}»: hồ sơ không được tính vào các chỉ số cần ngày này"
            ),
            format!("unreadable date \"{value}\": the dossier is left out of figures that need it"),
        )
    })
}

pub fn bad_date_received(value: &str) -> Text {
    quoting(value, |value| {
        Text::new(
            format!("Ngày tiếp nhận không đọc được «{value}»: bỏ qua hồ sơ"),
            format!("unreadable receipt date \"{value}\": dossier skipped"),
        )
    })
}

pub fn date_format_differs(value: &str, expected: &str) -> Text {
    quoting(value, |value| {
        Text::new(
            format!(
                "Ngày «{value}» khác định dạng của cột ({expected}): hồ sơ không được tính vào các \
                 chỉ số cần ngày này"
            ),
            format!(
                "date \"{value}\" differs from the column's format ({expected}): left out of \
                 figures that need it"
            ),
        )
    })
}

pub fn date_out_of_range(value: &str) -> Text {
    quoting(value, |value| {
        Text::new(
            format!("Ngày «{value}» nằm ngoài khoảng 2000–2100 (có thể gõ nhầm): không dùng"),
            format!("date \"{value}\" is outside 2000–2100 (a typing error?): not used"),
        )
    })
}

pub fn due_before_received(due: crate::model::Date, received: crate::model::Date) -> Text {
    Text::new(
        format!(
            "Ngày hẹn trả {due} trước ngày tiếp nhận {received}: hồ sơ vẫn được tính theo ngày ghi \
             trong tệp"
        ),
        format!(
            "due date {due} is before the receipt date {received}: the dossier is judged as written"
        ),
    )
}

pub fn missing_value(what: &str) -> Text {
    Text::new(
        format!("Thiếu {what}: bỏ qua hồ sơ"),
        format!("missing {what}: dossier skipped"),
    )
}

pub fn bad_value(value: &str, what: &str) -> Text {
    quoting(value, |value| {
        Text::new(
            format!("Giá trị «{value}» không hiểu được ở cột {what}: coi như không có"),
            format!("value \"{value}\" not understood in column {what}: treated as no"),
        )
    })
}

pub fn bad_status(value: &str) -> Text {
    quoting(value, |value| {
        Text::new(
            format!("Trạng thái «{value}» không hiểu được: hồ sơ không được tính vào tiến độ"),
            format!("unknown status \"{value}\": left out of progress figures"),
        )
    })
}

pub fn final_without_end_date() -> Text {
    Text::new(
        "Hồ sơ đã xử lý xong nhưng thiếu ngày kết thúc xử lý và ngày trả: không được tính vào tiến \
         độ",
        "finished dossier without a finish or return date: left out of progress figures",
    )
}

pub fn duplicate_id(id: &str, first_file: &str, first_row: u32) -> Text {
    quoting(id, |id| {
        Text::new(
            format!(
                "Mã hồ sơ «{id}» trùng với dòng {first_row} của tệp {first_file}: chỉ tính một lần"
            ),
            format!("dossier id \"{id}\" repeats row {first_row} of {first_file}: counted once"),
        )
    })
}

pub fn no_dossiers() -> Text {
    Text::new("Chưa có tệp hồ sơ nào đọc được", "no readable dossier file")
}

pub fn bad_period() -> Text {
    Text::new(
        "Kỳ báo cáo không hợp lệ: dùng --month YYYY-MM hoặc --from YYYY-MM-DD --to YYYY-MM-DD (từ \
         ngày không sau đến ngày)",
        "invalid period: use --month YYYY-MM or --from YYYY-MM-DD --to YYYY-MM-DD (from not after \
         to)",
    )
}

/// Why a rate has no value: its column is not in the file.
pub fn needs_column(column: &str) -> Text {
    Text::new(
        format!("chưa có dữ liệu — cần cột «{column}» trong tệp hồ sơ"),
        format!("no data — needs the \"{column}\" column"),
    )
}

/// Why an indicator has no rate: another file is not loaded.
pub fn needs_file(what: &str) -> Text {
    Text::new(
        format!("chưa có dữ liệu — cần {what}"),
        format!("no data — needs the {what} (file)"),
    )
}

pub fn procedures_not_in_catalogue(procedures: &[String]) -> Text {
    let shown: Vec<&str> = procedures.iter().take(20).map(String::as_str).collect();
    let more = if procedures.len() > 20 {
        format!(" (và {} thủ tục khác)", procedures.len() - 20)
    } else {
        String::new()
    };
    Text::new(
        format!(
            "{} thủ tục trong tệp hồ sơ không có trong danh mục TTHC (hồ sơ của chúng không tính \
             vào 3.1, 4.2, 6.7): {}{more}",
            procedures.len(),
            shown.join("; ")
        ),
        format!(
            "{} procedures of the dossiers are not in the procedure catalogue (left out of 3.1, \
             4.2, 6.7): {}",
            procedures.len(),
            shown.join("; ")
        ),
    )
}

fn listed(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(20).map(String::as_str).collect();
    let more = if names.len() > 20 {
        format!(
            " (và {} tên khác / and {} more)",
            names.len() - 20,
            names.len() - 20
        )
    } else {
        String::new()
    };
    format!("{}{more}", shown.join("; "))
}

pub fn feedback_units_unmatched(names: &[String]) -> Text {
    Text::new(
        format!(
            "{} đơn vị trong tệp PAKN không khớp tên đơn vị nào trong tệp hồ sơ (chỉ tính vào số \
             liệu toàn tỉnh, không tính cho đơn vị): {}",
            names.len(),
            listed(names)
        ),
        format!(
            "{} units of the PAKN file match no unit of the dossiers (counted for the province \
             only): {}",
            names.len(),
            listed(names)
        ),
    )
}

pub fn publication_agencies_unmatched(names: &[String]) -> Text {
    Text::new(
        format!(
            "{} cơ quan trong tệp theo dõi công bố TTHC không khớp tên đơn vị nào trong tệp hồ sơ \
             (chỉ tính vào số liệu toàn tỉnh): {}",
            names.len(),
            listed(names)
        ),
        format!(
            "{} agencies of the publication file match no unit of the dossiers (counted for the \
             province only): {}",
            names.len(),
            listed(names)
        ),
    )
}

pub fn not_in_catalogue() -> Text {
    Text::new(
        "chưa có dữ liệu — đơn vị không có trong danh mục đơn vị",
        "no data — the unit is not in the units catalogue",
    )
}

pub fn communes_not_in_catalogue(names: &[String]) -> Text {
    Text::new(
        format!(
            "{} UBND cấp xã không có (hoặc không ghi chứng thực điện tử) trong danh mục đơn vị; \
             chỉ số 6.3 của các xã này không có dữ liệu: {}",
            names.len(),
            listed(names)
        ),
        format!(
            "{} communes are not in the units catalogue (or lack the e-certification answer); \
             their 6.3 has no data: {}",
            names.len(),
            listed(names)
        ),
    )
}

pub fn duplicate_procedure(code: &str) -> Text {
    quoting(code, |code| {
        Text::new(
            format!("Thủ tục «{code}» có hai lần trong danh mục TTHC: chỉ tính lần đầu"),
            format!("procedure \"{code}\" is listed twice in the catalogue: the first is kept"),
        )
    })
}

pub fn bad_score(value: &str) -> Text {
    quoting(value, |value| {
        Text::new(
            format!("«{value}» không phải số điểm (0–100): bỏ qua ô này"),
            format!("\"{value}\" is not a score (0–100): cell ignored"),
        )
    })
}

pub fn stated_ranks_differ(names: &[String]) -> Text {
    Text::new(
        format!(
            "Hạng ghi trong bảng điểm khác hạng tính theo tổng điểm (đồng điểm đồng hạng) ở: {}; \
             chiso766 dùng hạng tính theo tổng điểm",
            listed(names)
        ),
        format!(
            "the ranks the scoreboard states differ from competition ranking on its totals for: \
             {}; the computed ranks are used",
            listed(names)
        ),
    )
}

pub fn mixed_periods(files: &[String], computing: &str) -> Text {
    Text::new(
        format!(
            "Các tệp hồ sơ thuộc các kỳ khác nhau: {}. Đang tính {computing}; chọn kỳ khác ở mục \
             «Kỳ báo cáo» (--month) nếu cần. So sánh với kỳ trước dùng các tháng đã nạp.",
            files.join("; ")
        ),
        format!(
            "the dossier files cover different periods: {}. Computing {computing}; choose another \
             period (--month) if needed.",
            files.join("; ")
        ),
    )
}

pub fn scoreboard_needs_name(path: &str) -> Text {
    Text::new(
        format!(
            "Bảng điểm {path} có nhiều tỉnh/đơn vị: hãy nhập tên tỉnh hoặc đơn vị của mình \
             (--province TÊN)"
        ),
        format!(
            "the scoreboard {path} lists several provinces or units: give your own (--province \
             NAME)"
        ),
    )
}

pub fn scoreboard_without(name: &str, path: &str, closest: &[String]) -> Text {
    Text::new(
        format!(
            "Bảng điểm {path} không có «{name}». Tên gần nhất: {}",
            closest.join("; ")
        ),
        format!(
            "the scoreboard {path} has no \"{name}\". Closest names: {}",
            closest.join("; ")
        ),
    )
}

pub fn bad_settings(detail: &str) -> Text {
    Text::new(
        format!("Tệp thiết lập thông báo không hợp lệ: {detail}"),
        format!("invalid notice settings file: {detail}"),
    )
}

pub fn bad_mapping_file(detail: &str) -> Text {
    Text::new(
        format!("Tệp ánh xạ cột không hợp lệ: {detail}"),
        format!("invalid column-mapping file: {detail}"),
    )
}

pub fn memory_limit(used: u64, limit: u64) -> Text {
    let mb = |b: u64| b / (1024 * 1024);
    Text::new(
        format!(
            "Dữ liệu vượt giới hạn bộ nhớ của trang ({} MB / {} MB): dừng đọc tệp này, các hồ sơ \
             của nó không được dùng. Hãy tách tệp theo tháng hoặc quý, hoặc dùng chương trình dòng \
             lệnh chiso766",
            mb(used),
            mb(limit)
        ),
        format!(
            "the data passes the page's memory ceiling ({} MB / {} MB): reading this file stopped, \
             its rows dropped. Split it by month or quarter, or use the chiso766 command line",
            mb(used),
            mb(limit)
        ),
    )
}

pub fn other_too_long(limit: usize) -> Text {
    Text::new(
        format!(
            "Tệp được nhận là danh mục/bảng điểm nhưng có hơn {limit} dòng: hãy kiểm tra loại tệp \
             hoặc ánh xạ cột"
        ),
        format!(
            "the file looks like a catalogue or scoreboard but has more than {limit} rows: check \
             its kind or column mapping"
        ),
    )
}

pub fn scoreboard_without_period() -> Text {
    Text::new(
        "Không xác định được kỳ của bảng điểm (không có cột kỳ, dòng tiêu đề hay tên tệp chứa \
         tháng/năm): hãy đặt tên tệp như bang-diem-thang-04-2024",
        "the scoreboard's period was not found (no period column, title row or month in the file \
         name): name it like bang-diem-thang-04-2024",
    )
}

pub fn ambiguous_column(field: &str, columns: &[String]) -> Text {
    Text::new(
        format!(
            "Có nhiều cột có thể là «{field}»: {}; đã dùng cột «{}» — hãy xác nhận trong màn hình \
             ánh xạ cột",
            columns.join(", "),
            columns[0]
        ),
        format!(
            "several columns could be \"{field}\": {}; used \"{}\" — confirm it on the mapping \
             screen",
            columns.join(", "),
            columns[0]
        ),
    )
}

pub fn ragged_row(cells: usize, headers: usize) -> Text {
    Text::new(
        format!(
            "Dòng chỉ có {cells} ô trong khi dòng tiêu đề có {headers} cột (có thể bị ngắt dòng \
             hoặc thiếu dấu phân cách): bỏ qua dòng"
        ),
        format!(
            "the row has {cells} cells but the header has {headers} columns (a broken line or a \
             missing delimiter): row skipped"
        ),
    )
}

pub fn bad_profile(field: &str, detail: &str) -> Text {
    bad_profile_at(field, detail.to_string(), detail.to_string())
}

/// A profile's indicator names a computation this version does not have (the detail of a
/// [`bad_profile`]).
pub fn unknown_computation(name: &str, names: &str) -> Text {
    Text::new(
        format!("cách tính «{name}» không có; các cách tính có sẵn: {names}"),
        format!("unknown computation \"{name}\"; the computations are: {names}"),
    )
}

/// A profile's own indicator (not in the built-in index) without a computation to score it.
pub fn indicator_without_computation(field: &str, id: &str, names: &str) -> Text {
    bad_profile_at(
        field,
        format!(
            "chỉ số «{id}» không có trong Bộ chỉ số 766 mặc định nên cần «computation»: một trong \
             các cách tính {names}"
        ),
        format!(
            "indicator \"{id}\" is not in the built-in 766 index, so it needs a \"computation\": \
             one of {names}"
        ),
    )
}

/// An indicator whose `input` is not the one its computation reads.
pub fn computation_reads_other_input(field: &str, name: &str, reads: &str, given: &str) -> Text {
    bad_profile_at(
        field,
        format!("cách tính «{name}» đọc «{reads}», không phải «{given}»"),
        format!("computation \"{name}\" reads \"{reads}\", not \"{given}\""),
    )
}

fn bad_profile_at(field: &str, vi: String, en: String) -> Text {
    Text::new(
        format!(
            "Tệp phương pháp tính không hợp lệ ở {field}: {vi}; vẫn dùng phương pháp tính trước đó"
        ),
        format!("invalid methodology profile at {field}: {en}; the previous profile is kept"),
    )
}

pub fn score_without_total(name: &str, value: &str) -> Text {
    let (shown, shown_en) = if value.trim().is_empty() {
        ("ô trống".to_string(), "blank".to_string())
    } else {
        (format!("«{value}»"), format!("\"{value}\""))
    };
    Text::new(
        format!(
            "«{name}» không có tổng điểm đọc được ({shown}): vẫn tính vào số tỉnh/đơn vị của bảng \
             điểm, nhưng không được xếp hạng"
        ),
        format!(
            "\"{name}\" has no readable total ({shown_en}): still counted in the board's size, but \
             not ranked"
        ),
    )
}

pub fn own_total_missing(name: &str, path: &str) -> Text {
    Text::new(
        format!("Bảng điểm {path} có «{name}» nhưng không có tổng điểm: không xếp hạng được"),
        format!("the scoreboard {path} lists \"{name}\" without a total: no rank can be given"),
    )
}

pub fn provinces_without_total(
    path: &str,
    names: &[String],
    rank: usize,
    of: usize,
    scored: usize,
) -> Text {
    let n = names.len();
    Text::new(
        format!(
            "Bảng điểm {path}: {n} tỉnh/đơn vị không có tổng điểm ({}); hạng {rank}/{of} được tính \
             trong {scored} tỉnh/đơn vị có điểm, có thể thấp hơn tới {n} bậc nếu các tỉnh/đơn vị \
             này có điểm cao hơn",
            listed(names)
        ),
        format!(
            "scoreboard {path}: {n} without a total ({}); the rank {rank}/{of} is among the \
             {scored} with a total, and could be up to {n} places lower",
            listed(names)
        ),
    )
}

pub fn smaller_board(
    path: &str,
    scored: usize,
    previous_path: &str,
    previous_scored: usize,
) -> Text {
    Text::new(
        format!(
            "Bảng điểm {path} xếp hạng {scored} tỉnh/đơn vị, ít hơn bảng kỳ trước {previous_path} \
             ({previous_scored}): thay đổi thứ hạng không so trên cùng số tỉnh/đơn vị"
        ),
        format!(
            "the scoreboard {path} ranks {scored}, fewer than the previous one {previous_path} \
             ({previous_scored}): the rank change is not on the same number of provinces or units"
        ),
    )
}

/// A note on an exported cell cut to what Excel holds.
pub fn cell_cut(chars: usize, limit: usize) -> Text {
    Text::new(
        format!(
            "Ô bị cắt bớt: văn bản gốc dài {chars} ký tự, quá {limit} ký tự một ô Excel chứa được; \
             bản đầy đủ có trong tệp .docx và .csv"
        ),
        format!(
            "cell cut: the text has {chars} characters, more than the {limit} an Excel cell holds; \
             the .docx and .csv have it whole"
        ),
    )
}

pub fn not_regular_file(path: &str) -> Text {
    Text::new(
        format!(
            "{path} không phải tệp thường (có thể là thư mục, ống dẫn FIFO hoặc thiết bị): hãy lưu \
             dữ liệu thành tệp rồi chọn tệp đó"
        ),
        format!(
            "{path} is not a regular file (a folder, a FIFO or a device): save the data as a file \
             and give that file"
        ),
    )
}

pub fn cannot_open(path: &str, detail: &str) -> Text {
    Text::new(
        format!("Không mở được tệp {path} ({detail})"),
        format!("cannot open {path} ({detail})"),
    )
}

pub fn cannot_write_output(detail: &str) -> Text {
    Text::new(
        format!("Không ghi được kết quả ra đầu ra chuẩn (đĩa đầy hoặc không ghi được: {detail})"),
        format!("cannot write the result to standard output (disk full or not writable: {detail})"),
    )
}

pub fn too_many_rows(asked: u64, limit: u64) -> Text {
    Text::new(
        format!("--rows {asked} quá lớn: tạo được tối đa {limit} hồ sơ mỗi lần"),
        format!("--rows {asked} is too large: at most {limit} dossiers can be generated at once"),
    )
}

pub fn cannot_encode(encoding: &str, c: Option<char>) -> Text {
    match c {
        Some(c) => Text::new(
            format!(
                "Bảng mã {encoding} không có ký tự «{c}» (U+{:04X}): không chuyển được tệp sang \
                 bảng mã này",
                c as u32
            ),
            format!(
                "the {encoding} encoding has no \"{c}\" (U+{:04X}): the file cannot be converted \
                 to it",
                c as u32
            ),
        ),
        None => Text::new(
            format!("Bảng mã {encoding} không chứa được mọi ký tự của tệp"),
            format!("the {encoding} encoding cannot hold every character of the file"),
        ),
    }
}

pub fn period_outside_era(label: &str) -> Text {
    Text::new(
        format!("Kỳ báo cáo {label} nằm ngoài các năm 2000–2100 (có thể gõ nhầm --month)"),
        format!("the period {label} is outside the years 2000–2100 (a typing error in --month?)"),
    )
}

pub fn period_without_dossiers(label: &str, data: Option<(String, String)>) -> Text {
    match data {
        Some((from, to)) => Text::new(
            format!(
                "Không có hồ sơ nào trong kỳ {label} (không hồ sơ nào được tiếp nhận hay xử lý \
                 xong trong kỳ): hãy kiểm tra kỳ báo cáo. Dữ liệu đã nạp có ngày tiếp nhận từ \
                 {from} đến {to}"
            ),
            format!(
                "no dossier falls in the period {label} (none received or finished in it): check \
                 the period. The loaded dossiers were received from {from} to {to}"
            ),
        ),
        None => Text::new(
            format!("Không có hồ sơ nào trong kỳ {label}"),
            format!("no dossier falls in the period {label}"),
        ),
    }
}

/// A dossier file none of whose rows could be used, with its first problems.
pub fn no_usable_rows(path: &str, rows: usize, first: &[(Option<u64>, &str, &str)]) -> Text {
    let vi: Vec<String> = first
        .iter()
        .map(|(row, vi, _)| {
            format!(
                "{}: {vi}",
                row.map_or("tệp".to_string(), |r| format!("dòng {r}"))
            )
        })
        .collect();
    let en: Vec<String> = first
        .iter()
        .map(|(row, _, en)| {
            format!(
                "{}: {en}",
                row.map_or("file".to_string(), |r| format!("row {r}"))
            )
        })
        .collect();
    Text::new(
        format!(
            "Tệp {path}: không dòng nào trong {rows} dòng dữ liệu dùng được. Các lỗi đầu tiên — {}",
            vi.join("; ")
        ),
        format!(
            "{path}: none of its {rows} data rows could be used. First problems — {}",
            en.join("; ")
        ),
    )
}

pub fn no_usable_file(failed: usize) -> Text {
    Text::new(
        format!("Không có tệp nào đọc được ({failed} tệp lỗi, lý do ở trên)"),
        format!("no file could be read ({failed} failed, reasons above)"),
    )
}

pub fn header_repeated(n: usize) -> Text {
    Text::new(
        format!(
            "{n} dòng lặp lại dòng tiêu đề giữa tệp (thường do ghép nhiều tệp xuất): đã bỏ qua"
        ),
        format!(
            "{n} rows repeat the header in the middle of the file (files exported and joined): \
             skipped"
        ),
    )
}

pub fn line_too_long(limit: usize) -> Text {
    let mb = limit >> 20;
    Text::new(
        format!(
            "Dòng dài hơn {mb} MB (có thể là một dải byte NUL hoặc dấu ngoặc kép mở không đóng): \
             bỏ qua cả dòng, đọc tiếp từ lần xuống dòng sau"
        ),
        format!(
            "a line longer than {mb} MB (a run of NUL bytes, or a quote never closed): set aside \
             whole, reading goes on at the next line break"
        ),
    )
}

/// A cell holding bytes its file's encoding could not decode (not UTF-8 in a UTF-8 file);
/// `set_aside` when its row is.
pub fn not_utf8(what: &str, set_aside: bool) -> Text {
    let (vi, en) = if set_aside {
        (
            "bỏ qua hồ sơ (ký tự bị thay sẽ tạo ra một mã hoặc đơn vị khác)",
            "dossier skipped (a replaced letter would make another id or unit)",
        )
    } else {
        ("hiện thành «�»", "shown as \"�\"")
    };
    Text::new(
        format!("Ô {what} có byte không hợp lệ với bảng mã của tệp (ví dụ UTF-8): {vi}"),
        format!("the {what} cell holds bytes invalid in the file's encoding (e.g. UTF-8): {en}"),
    )
}

pub fn holidays_not_listed(years: &[i32]) -> Text {
    let list = years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    Text::new(
        format!(
            "Phương pháp tính chưa có danh sách ngày nghỉ lễ năm {list}: cửa sổ «sắp đến hạn» chỉ \
             trừ thứ Bảy, Chủ nhật; hãy thêm ngày nghỉ lễ (holidays) trong «Cách tính»"
        ),
        format!(
            "the profile lists no public holiday in {list}: the due-soon window skips only \
             weekends; add the holidays in the profile"
        ),
    )
}

pub fn bad_as_of() -> Text {
    Text::new(
        "Ngày cảnh báo không hợp lệ: dùng --as-of YYYY-MM-DD",
        "invalid early-warning day: use --as-of YYYY-MM-DD",
    )
}

pub fn reply_without_id() -> Text {
    Text::new(
        "Dòng có lý do, biện pháp nhưng không có mã hồ sơ: không ghép được, bỏ qua",
        "a reason or remedy without a dossier id: not matched, skipped",
    )
}

pub fn reply_other_period(from: &str, to: &str, period: &str) -> Text {
    Text::new(
        format!(
            "Tệp giải trình lập cho kỳ từ {from} đến {to}, không phải kỳ đang tính ({period}): \
             không ghép vào hồ sơ quá hạn"
        ),
        format!(
            "the reply was made for {from} to {to}, not the period computed ({period}): not merged"
        ),
    )
}

pub fn reply_unknown_unit(name: &str) -> Text {
    Text::new(
        format!("Đơn vị «{name}» ghi trên tệp giải trình không có trong tệp hồ sơ"),
        format!("the unit \"{name}\" named on the reply is in no dossier file"),
    )
}

pub fn reply_unknown_id(id: &str) -> Text {
    Text::new(
        format!("Mã hồ sơ «{id}» không có trong các tệp hồ sơ đã nạp: không ghép được"),
        format!("dossier id \"{id}\" is in no loaded file: not matched"),
    )
}

pub fn reply_other_units_dossier(id: &str, unit: &str, named: &str) -> Text {
    Text::new(
        format!("Hồ sơ «{id}» thuộc {unit}, không phải {named} (đơn vị ghi trên tệp giải trình)"),
        format!("dossier \"{id}\" belongs to {unit}, not {named} (the unit named on the reply)"),
    )
}

pub fn reply_edited(column: &str, ours: &str, theirs: &str) -> Text {
    Text::new(
        format!(
            "Cột «{column}» đã bị sửa: dữ liệu gốc «{ours}», tệp giải trình ghi «{theirs}» (chỉ \
             điền hai cột lý do, biện pháp)"
        ),
        format!(
            "column \"{column}\" was edited: \"{ours}\" in the data, \"{theirs}\" in the reply \
             (only the reason and remedy columns are to be filled)"
        ),
    )
}

/// The reasons themselves are not quoted: a unit's words may name the citizen.
pub fn reply_conflicting(id: &str) -> Text {
    Text::new(
        format!("Hồ sơ «{id}» có giải trình khác ở tệp trước: dùng giải trình sau"),
        format!("dossier \"{id}\" has another reply in an earlier file: the later one is used"),
    )
}
/// A sheet cell that could not be read (`cell`: its reference, `D17`); what it held is not
/// quoted (it may be anything, a name included).
pub fn xlsx_cell_unreadable(cell: &str, what: XlsxCellFault) -> Text {
    let (vi, en) = match what {
        XlsxCellFault::SharedString => (
            "chỉ tới một chuỗi không có trong bảng chuỗi dùng chung của tệp",
            "points to a string the workbook's shared-string table does not have",
        ),
        XlsxCellFault::Number => (
            "ghi là số nhưng không phải số",
            "is marked as a number but is not one",
        ),
        XlsxCellFault::Boolean => (
            "ghi là đúng/sai nhưng không phải 0/1",
            "is marked as true/false but is neither 0 nor 1",
        ),
        XlsxCellFault::Type => (
            "có kiểu ô không phần mềm bảng tính nào ghi",
            "has a cell type no spreadsheet program writes",
        ),
    };
    Text::new(
        format!("Ô {cell} {vi}: coi là ô trống, các ô khác vẫn đọc"),
        format!("cell {cell} {en}: read as blank, the other cells are read"),
    )
}

/// What is wrong with a sheet cell ([`xlsx_cell_unreadable`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XlsxCellFault {
    SharedString,
    Number,
    Boolean,
    Type,
}

pub fn xlsx_rows_out_of_order(row: u32, after: u32) -> Text {
    Text::new(
        format!(
            "Các dòng trong trang tính không được lưu theo thứ tự (dòng {row} nằm sau dòng \
             {after}); Excel không lưu như vậy: hãy mở tệp trong Excel rồi lưu lại dạng .xlsx hoặc \
             CSV"
        ),
        format!(
            "the sheet's rows are not stored in order (row {row} comes after row {after}); Excel \
             never stores them so: open the file in Excel and save it again as .xlsx or CSV"
        ),
    )
}

/// A part of a workbook whose bytes are damaged (`why`: not DEFLATE, cut short, or not the size
/// or checksum the zip declares).
pub fn xlsx_damaged(part: &str, why: &str) -> Text {
    Text::new(
        format!(
            "Tệp Excel bị hỏng ({part}: {why}); hãy tải lại tệp, hoặc mở trong Excel rồi lưu lại"
        ),
        format!(
            "the workbook is damaged ({part}: {why}); download it again, or open it in Excel and \
             save it again"
        ),
    )
}

pub fn html_row_too_long(limit: usize) -> Text {
    let mb = limit >> 20;
    Text::new(
        format!(
            "Trang HTML có một dòng bảng dài hơn {mb} MB (dòng không có điểm kết thúc): không đọc \
             được; hãy mở trong Excel rồi lưu lại dạng .xlsx hoặc CSV"
        ),
        format!(
            "the HTML page has a table row longer than {mb} MB (a row that never ends): it cannot \
             be read; open it in Excel and save it as .xlsx or CSV"
        ),
    )
}

/// Said after a message about a workbook's columns: the sheet they were looked for in, and the
/// sheets the user may choose instead.
pub fn looked_in_sheet(sheet: &str, sheets: &[String]) -> Text {
    let all = sheets
        .iter()
        .map(|s| format!("«{s}»"))
        .collect::<Vec<_>>()
        .join(", ");
    Text::new(
        format!(
            " (trang tính «{sheet}»; tệp có các trang tính {all}: chọn trang khác ở màn hình ánh \
             xạ cột, hoặc --sheet TÊN)"
        ),
        format!(
            " (sheet «{sheet}»; the workbook's sheets are {all}: choose another on the mapping \
             screen, or --sheet NAME)"
        ),
    )
}
