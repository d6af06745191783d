//! The same province-month written every way users bring it — encodings × delimiters × header
//! spellings — must give identical figures. The data comes from the generator; each variant is
//! produced by code here, never checked in.
#![cfg(not(target_arch = "wasm32"))]

use chiso766::ingest::decode::Encoding;
use chiso766::ingest::Loader;
use chiso766::model::Period;
use chiso766::report::{self, Options};
use chiso766::sample::{self, SampleOptions};

#[path = "support/old_formats.rs"]
mod old_formats;
use old_formats::Cell;

/// Machine-style and decorated spellings of the generator's headers, as other portals write them.
const VARIANT_HEADERS: [&str; 23] = [
    "MaHoSo",
    "DonViXuLy",
    "MaDinhDanh",
    "MaTTHC",
    "TenTTHC",
    "KenhThucHien",
    "NGÀY TIẾP NHẬN",
    "Ngày hẹn trả kết quả",
    "NgayKetThucXuLy",
    "NgayTra",
    "TrangThaiHoSo",
    "HoSoCoThanhPhanSoHoa",
    "DaSoHoaKetQua",
    "Lệ phí (đồng)",
    "Đã thanh toán trực tuyến",
    "TrangThaiDongBoDVC",
    "KhaiThacDuLieuSoHoa",
    "KetNoiKhoDuLieu",
    "SuDungDuLieuDanCu",
    "MucDoHaiLong",
    "Chủ hồ sơ",
    "Số điện thoại",
    "Địa chỉ",
];

/// Every figure of the report, and the dossiers read: what another format of the same rows must
/// give exactly.
const FIGURES: [&str; 8] = [
    "province",
    "overdue",
    "digitization",
    "online_payment",
    "units",
    "notice_text",
    "scores",
    "rows",
];

fn figures(bytes: &[u8]) -> serde_json::Value {
    let mut loader = Loader::new();
    loader
        .add_file("f.csv", bytes)
        .expect("every variant reads");
    let (store, others, inputs) = loader.finish_all();
    let r = report::build(
        &store,
        None,
        &others,
        &inputs,
        Period::month(2024, 5).expect("valid"),
        &Options::default(),
    );
    let v = serde_json::to_value(&r).expect("serialisable");
    serde_json::json!({
        "province": v["province"], "overdue": v["overdue"], "digitization": v["digitization"],
        "online_payment": v["online_payment"], "units": v["units"], "notice_text": v["notice_tex\
            t"], "scores": v["scores"],
        "rows": v["inputs"][0]["rows"], "problems": v["inputs"][0]["problems_total"],
        "encoding": v["inputs"][0]["encoding"], "delimiter": v["inputs"][0]["delimiter"],
    })
}

fn rewrite(text: &str, delimiter: u8, headers: Option<&[&str]>) -> String {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    for (i, rec) in r.records().enumerate() {
        let rec = rec.expect("generated CSV");
        match (i, headers) {
            (0, Some(h)) => w.write_record(h).expect("in memory"),
            _ => w.write_record(&rec).expect("in memory"),
        }
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8")
}

#[test]
fn every_encoding_delimiter_and_header_spelling_gives_identical_figures() {
    let base = String::from_utf8(sample::csv(&SampleOptions {
        rows: 3000,
        ..SampleOptions::default()
    }))
    .expect("UTF-8");
    let expected = figures(base.as_bytes());
    assert!(expected["province"]["handled"]
        .as_u64()
        .is_some_and(|n| n > 2000));
    let encodings = [
        "utf-8",
        "utf-8-bom",
        "utf-16le",
        "utf-16be",
        "windows-1258",
        "tcvn3",
        "vni",
    ];
    for headers in [None, Some(&VARIANT_HEADERS[..])] {
        for delimiter in [b',', b';', b'\t'] {
            let text = rewrite(&base, delimiter, headers);
            for name in encodings {
                let enc = Encoding::from_name(name).expect("known encoding");
                let bytes = sample::encode_as(&text, enc).unwrap_or_else(|e| panic!("{name}: {e}"));
                let mut got = figures(&bytes);
                let label = format!(
                    "{name}, delimiter {:?}, {} headers",
                    delimiter as char,
                    if headers.is_some() {
                        "variant"
                    } else {
                        "canonical"
                    }
                );
                assert_eq!(got["rows"], expected["rows"], "{label}");
                assert_eq!(got["encoding"], name, "{label}: encoding detected");
                assert_eq!(
                    got["delimiter"],
                    (delimiter as char).to_string(),
                    "{label}: delimiter sniffed"
                );
                for key in ["encoding", "delimiter"] {
                    got[key] = expected[key].clone();
                }
                assert_eq!(got, expected, "{label}");
            }
        }
    }
}

#[test]
fn title_rows_above_the_header_change_nothing() {
    let base = String::from_utf8(sample::csv(&SampleOptions {
        rows: 500,
        ..SampleOptions::default()
    }))
    .expect("UTF-8");
    let titled = format!(
        "THEO DÕI TÌNH HÌNH GIẢI QUYẾT HỒ SƠ,,\nTừ ngày 01/05/2024 đến ngày \
         31/05/2024,,\n,,\n{base}"
    );
    let a = figures(base.as_bytes());
    let b = figures(titled.as_bytes());
    assert_eq!(a["province"], b["province"]);
    assert_eq!(a["units"], b["units"]);
}

/// The same month as an .xlsx with a title row and a two-row header (merged "Ngày" over
/// "tiếp nhận | hẹn trả"), real Excel dates and numbers, gives the CSV's figures.
#[test]
fn a_titled_workbook_with_a_two_row_header_gives_the_csv_figures() {
    let opts = SampleOptions {
        rows: 800,
        ..SampleOptions::default()
    };
    let expected = figures(&sample::csv(&opts));
    let bytes = sample::xlsx(&opts).expect("workbook written");
    let got = figures(&bytes);
    for key in FIGURES {
        assert_eq!(got[key], expected[key], "{key}");
    }
}

/// The same month with each run of adjacent date columns under one merged "Ngày" cell (only
/// the merged regions, listed after the cells, say which columns it spans) gives the CSV's
/// figures: the sheet is read again with the regions spread over its header.
#[test]
fn a_workbook_whose_merged_group_header_spans_several_columns_gives_the_csv_figures() {
    use rust_xlsxwriter::{Format, Workbook};
    let opts = SampleOptions {
        rows: 600,
        ..SampleOptions::default()
    };
    let text = sample::csv(&opts);
    let expected = figures(&text);
    let mut r = csv::Reader::from_reader(text.as_slice());
    let headers: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let plain = Format::new();
    let mut c = 0;
    while c < headers.len() {
        let run = headers[c..]
            .iter()
            .take_while(|h| h.starts_with("Ngày "))
            .count();
        if run > 1 {
            ws.merge_range(0, c as u16, 0, (c + run - 1) as u16, "Ngày", &plain)
                .expect("merge");
            for (k, h) in headers[c..c + run].iter().enumerate() {
                ws.write_string(1, (c + k) as u16, h.trim_start_matches("Ngày "))
                    .expect("write");
            }
            c += run;
        } else {
            ws.merge_range(0, c as u16, 1, c as u16, &headers[c], &plain)
                .expect("merge");
            c += 1;
        }
    }
    assert!(
        headers
            .windows(2)
            .any(|w| w[0].starts_with("Ngày ") && w[1].starts_with("Ngày ")),
        "adjacent date columns"
    );
    for (i, rec) in r.records().enumerate() {
        for (c, v) in rec.expect("record").iter().enumerate() {
            ws.write_string(2 + i as u32, c as u16, v).expect("write");
        }
    }
    let got = figures(&wb.save_to_buffer().expect("saved"));
    for key in FIGURES {
        assert_eq!(got[key], expected[key], "{key}");
    }
}

/// The sample's CSV as (headers, rows of text).
fn sample_table(rows: usize) -> (Vec<u8>, Vec<String>, Vec<Vec<String>>) {
    let text = sample::csv(&SampleOptions {
        rows,
        ..SampleOptions::default()
    });
    let mut r = csv::Reader::from_reader(text.as_slice());
    let headers: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(str::to_owned).collect())
        .collect();
    (text, headers, rows)
}

/// A cell as a spreadsheet program stores what the CSV holds (`sample::xlsx`'s rules): dates as
/// serial date-times, numbers as numbers (codes with a leading zero stay text).
fn typed(header: &str, v: &str) -> Option<Cell> {
    if v.is_empty() {
        return None;
    }
    if header.starts_with("Ngày") {
        let (d, t) = v.split_once(' ')?;
        let d: Vec<u32> = d.split('/').filter_map(|x| x.parse().ok()).collect();
        let t: Vec<u32> = t.split(':').filter_map(|x| x.parse().ok()).collect();
        let day = chiso766::model::Date::from_ymd(d[2] as i32, d[1], d[0])?;
        let serial =
            f64::from(day.0 + 25_569) + f64::from(t[0] * 3600 + t[1] * 60 + t[2]) / 86_400.0;
        return Some(Cell::Date(serial));
    }
    match v.parse::<f64>() {
        Ok(n) if !(v.starts_with('0') && v.len() > 1) => Some(Cell::Number(n)),
        _ => Some(Cell::Text(v.to_string())),
    }
}

/// An Excel 97-2003 workbook of the same month (a merged title row, a blank row, a two-row
/// header with merged cells, dates and numbers as Excel stores them) gives the CSV's figures.
#[test]
fn an_old_xls_workbook_gives_the_csv_figures() {
    let (text, headers, rows) = sample_table(600);
    let expected = figures(&text);
    let mut sheet: Vec<Vec<Option<Cell>>> = vec![
        vec![Some(Cell::Text(
            "THEO DÕI TÌNH HÌNH GIẢI QUYẾT HỒ SƠ".into(),
        ))],
        Vec::new(),
    ];
    let mut merges = vec![(0, 0, 0, 8)];
    let (mut top, mut bottom) = (Vec::new(), Vec::new());
    for (c, h) in headers.iter().enumerate() {
        match h.strip_prefix("Ngày ") {
            Some(rest) => {
                top.push(Some(Cell::Text("Ngày".into())));
                bottom.push(Some(Cell::Text(rest.into())));
            }
            None => {
                top.push(Some(Cell::Text(h.clone())));
                bottom.push(None);
                merges.push((2, 3, c as u16, c as u16));
            }
        }
    }
    sheet.push(top);
    sheet.push(bottom);
    sheet.extend(
        rows.iter()
            .map(|r| r.iter().zip(&headers).map(|(v, h)| typed(h, v)).collect()),
    );
    let got = figures(&old_formats::xls("Hồ sơ", &sheet, &merges));
    for key in FIGURES {
        assert_eq!(got[key], expected[key], "{key}");
    }
}

/// An HTML page saved as .xls, as portals write them (a title table, a header with `colspan`
/// and `rowspan`, the charset in a meta tag), in UTF-8 and in windows-1258, gives the CSV's
/// figures.
#[test]
fn an_html_table_saved_as_xls_gives_the_csv_figures() {
    let (text, headers, rows) = sample_table(600);
    let expected = figures(&text);
    let page = old_formats::html_table("utf-8", &headers, &rows);
    let got = figures(page.as_bytes());
    for key in FIGURES {
        assert_eq!(got[key], expected[key], "utf-8: {key}");
    }
    let page = old_formats::html_table("windows-1258", &headers, &rows);
    let bytes = sample::encode_as(&page, Encoding::from_name("windows-1258").expect("known"))
        .expect("encodable");
    let got = figures(&bytes);
    for key in FIGURES {
        assert_eq!(got[key], expected[key], "windows-1258: {key}");
    }
    assert_eq!(got["encoding"], "windows-1258");
}

/// An OpenDocument spreadsheet of the same month (LibreOffice's own format) gives the CSV's
/// figures.
#[test]
fn an_ods_spreadsheet_gives_the_csv_figures() {
    let (text, headers, rows) = sample_table(300);
    let expected = figures(&text);
    let mut sheet: Vec<Vec<Option<Cell>>> = vec![headers
        .iter()
        .map(|h| Some(Cell::Text(h.clone())))
        .collect()];
    sheet.extend(
        rows.iter()
            .map(|r| r.iter().zip(&headers).map(|(v, h)| typed(h, v)).collect()),
    );
    let got = figures(&old_formats::ods("Hồ sơ", &sheet));
    for key in FIGURES {
        assert_eq!(got[key], expected[key], "{key}");
    }
}

/// Status labels by code, as portals write them (methodology §2).
const STATUS_LABELS: [&str; 10] = [
    "Mới đăng ký",
    "Được tiếp nhận",
    "Không được tiếp nhận",
    "Đang xử lý",
    "Yêu cầu bổ sung",
    "Nghĩa vụ tài chính",
    "Công dân yêu cầu rút hồ sơ",
    "Dừng xử lý",
    "Đã xử lý xong",
    "Đã trả kết quả",
];

/// Without tones or the stroke of đ: "Đã trả kết quả" → "Da tra ket qua".
fn without_diacritics(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'Đ' => 'D',
            'đ' => 'd',
            c => c,
        })
        .collect()
}

fn nfd(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().collect()
}

/// `Ð` (U+00D0, Latin capital eth) for `Đ`, and `ð` for `đ`: what code-page conversions give.
fn eth(s: &str) -> String {
    s.replace('Đ', "Ð").replace('đ', "ð")
}

/// The generator's CSV with some columns written otherwise: `f(header, row, cell)` gives each
/// cell's new text (row 0 is the first data row).
fn respell(text: &str, f: impl Fn(&str, usize, &str) -> String) -> String {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut headers: Vec<String> = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.expect("generated CSV");
        if i == 0 {
            headers = rec.iter().map(str::to_string).collect();
            w.write_record(&rec).expect("in memory");
            continue;
        }
        let cells: Vec<String> = rec
            .iter()
            .enumerate()
            .map(|(c, cell)| f(&headers[c], i - 1, cell))
            .collect();
        w.write_record(&cells).expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("UTF-8")
}

/// Real exports spell statuses, channels, yes/no flags, unit names and money in many ways: in
/// capitals, without tones, decomposed (NFD), with `Ð` for `Đ`, money with `VNĐ`, `vnđ`, `đ`,
/// `đồng`. Every spelling gives the plain file's figures exactly: no dossier falls out of
/// progress, no unit splits in two, no fee goes unread.
#[test]
fn every_spelling_of_statuses_flags_units_and_money_gives_identical_figures() {
    let base = String::from_utf8(sample::csv(&SampleOptions {
        rows: 3000,
        ..SampleOptions::default()
    }))
    .expect("UTF-8");
    // The plain file writes statuses as labels, so that their spellings can vary.
    let labelled = respell(&base, |h, _, cell| match h {
        "Trạng thái" => {
            STATUS_LABELS[cell.parse::<usize>().expect("a status code") - 1].to_string()
        }
        _ => cell.to_string(),
    });
    let expected = figures(labelled.as_bytes());
    assert!(expected["province"]["handled"]
        .as_u64()
        .is_some_and(|n| n > 2000));
    assert!(
        expected["online_payment"].is_object()
            && expected["province"]["fee_due"]
                .as_u64()
                .is_some_and(|n| n > 1000)
    );
    let words: [fn(&str) -> String; 5] = [
        |s| s.to_string(),
        |s| s.to_uppercase(),
        without_diacritics,
        nfd,
        eth,
    ];
    let respelled = respell(&labelled, |h, row, cell| {
        let k = row % 5;
        match h {
            "Trạng thái"
            | "Kênh nộp"
            | "Số hóa thành phần hồ sơ"
            | "Kết quả điện tử"
            | "Đồng bộ DVCQG"
            | "Tái sử dụng"
            | "Đánh giá" => words[k](cell),
            // Yes/no as Đã/Chưa, which has a Đ to confuse.
            "Thanh toán trực tuyến" => words[k](if cell == "Có" {
                "Đã thanh toán"
            } else {
                "Chưa thanh toán"
            }),
            // One unit, however its name is spelled: never two.
            "Đơn vị" => [
                cell.to_string(),
                nfd(cell),
                eth(cell),
                cell.replace(' ', "\u{a0}"),
                cell.replacen(' ', " \u{200b}", 1),
            ][k]
                .clone(),
            "Phí, lệ phí" if cell == "0" => {
                ["Miễn phí", "0 đ", "0 đồng", "0", "0 VNĐ"][k].to_string()
            }
            "Phí, lệ phí" => [
                format!("{cell} VNĐ"),
                format!("{cell}vnđ"),
                format!("{cell}đ"),
                format!(
                    "{cell} {}",
                    if row % 2 == 0 {
                        "đồng".to_string()
                    } else {
                        nfd("đồng")
                    }
                ),
                format!("{} VNÐ", cell.replace('.', ",")),
            ][k]
                .clone(),
            _ => cell.to_string(),
        }
    });
    let got = figures(respelled.as_bytes());
    for key in [
        "rows",
        "problems",
        "province",
        "overdue",
        "digitization",
        "online_payment",
        "units",
        "scores",
        "notice_text",
    ] {
        assert_eq!(got[key], expected[key], "{key}");
    }
}

/// The same dossier id written in NFC and NFD, with a zero-width space, a no-break space, a BOM
/// or `Ð` inside is one dossier: the copies are reported as duplicates, and the figures are the
/// plain file's.
#[test]
fn an_id_spelled_with_invisible_or_decomposed_characters_is_one_dossier() {
    let base = String::from_utf8(sample::csv(&SampleOptions {
        rows: 1500,
        ..SampleOptions::default()
    }))
    .expect("UTF-8");
    let plain = respell(&base, |h, _, cell| {
        if h == "Mã hồ sơ" {
            format!("HỒ-SƠ-ĐX-{cell}")
        } else {
            cell.to_string()
        }
    });
    let expected = figures(plain.as_bytes());
    // The first 60 rows again, each id spelled another way.
    let spellings: [fn(&str) -> String; 6] = [
        nfd,
        |id| id.replacen('-', "-\u{200b}", 1),
        |id| id.replacen('-', "\u{a0}-", 1),
        |id| id.replacen('-', "-\u{feff}", 1),
        eth,
        |id| nfd(&id.to_lowercase()),
    ];
    let mut repeated = plain.clone();
    for (i, line) in plain.lines().skip(1).take(60).enumerate() {
        let (id, rest) = line.split_once(',').expect("a row");
        repeated.push_str(&format!("{},{rest}\n", spellings[i % spellings.len()](id)));
    }
    let mut loader = Loader::new();
    let info = loader
        .add_file("f.csv", repeated.as_bytes())
        .expect("reads")
        .clone();
    assert_eq!(info.duplicates, 60, "every spelling is the same dossier");
    let got = figures(repeated.as_bytes());
    assert_eq!(got["rows"], expected["rows"]);
    assert_eq!(
        got["problems"].as_u64(),
        expected["problems"].as_u64().map(|n| n + 60)
    );
    for key in [
        "province",
        "overdue",
        "digitization",
        "online_payment",
        "units",
        "scores",
    ] {
        assert_eq!(got[key], expected[key], "{key}");
    }
}
