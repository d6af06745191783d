//! Realistic synthetic dossiers of a province: the built-in sample, the tests' larger inputs and
//! the benchmarks' data. Deterministic for a given seed.
//!
//! The data has what real exports have: units in all four blocks with real-looking names, every
//! status, carry-over from earlier months, rows every figure must leave out (status 1 and 3,
//! finished before the period, received after it), times of day on dates, and personal columns.

pub mod others;

use crate::model::{Date, Period};

/// splitmix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const SO: [&str; 17] = [
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài nguyên và Môi trường",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Công Thương",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài chính",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Thông tin và Truyền thông",
    "Sở Nội vụ",
    "Sở Khoa học và Công nghệ",
    "Ban Quản lý Khu kinh tế",
    "Công an tỉnh",
];

const HUYEN: [(&str, &str); 11] = [
    ("thành phố", "Đồng Xoài"),
    ("thị xã", "Bình Long"),
    ("thị xã", "Phước Long"),
    ("thị xã", "Chơn Thành"),
    ("huyện", "Đồng Phú"),
    ("huyện", "Bù Đăng"),
    ("huyện", "Bù Đốp"),
    ("huyện", "Bù Gia Mập"),
    ("huyện", "Hớn Quản"),
    ("huyện", "Lộc Ninh"),
    ("huyện", "Phú Riềng"),
];

pub(crate) const XA: [&str; 60] = [
    "Tân Lập",
    "Tân Hưng",
    "Tân Tiến",
    "Thuận Lợi",
    "Thuận Phú",
    "Đồng Tâm",
    "Tân Phước",
    "Tân Hòa",
    "Tân Lợi",
    "Long Hà",
    "Long Bình",
    "Phú Trung",
    "Phước Tín",
    "Lộc Hiệp",
    "Lộc Quang",
    "Lộc Thạnh",
    "Thanh Lương",
    "Thanh Phú",
    "Minh Hưng",
    "Minh Long",
    "Nha Bích",
    "Đức Liễu",
    "Nghĩa Trung",
    "Bom Bo",
    "Đăng Hà",
    "Phú Nghĩa",
    "Đa Kia",
    "Bình Thắng",
    "Tân Khai",
    "An Khương",
    "Tân Thành",
    "Tiến Hưng",
    "Tiến Thành",
    "Tân Xuân",
    "Tân Đồng",
    "Tân Thiện",
    "Phú Thịnh",
    "Phú Đức",
    "Hưng Chiến",
    "An Lộc",
    "Sơn Giang",
    "Long Phước",
    "Thác Mơ",
    "Phước Bình",
    "Long Thủy",
    "Hưng Long",
    "Thiện Hưng",
    "Thanh Hòa",
    "Lộc Ninh",
    "Tân Phú",
    "Thanh Bình",
    "Đắk Ơ",
    "Bù Nho",
    "Long Tân",
    "Phú Riềng",
    "Bình Tân",
    "Long Hưng",
    "Đồng Nơ",
    "Minh Đức",
    "Tân Quan",
];

/// (code, name, days allowed, fee in đồng).
pub(crate) const PROCEDURES: [(&str, &str, i32, u32); 14] = [
    ("1.001612", "Đăng ký thành lập hộ kinh doanh", 3, 100_000),
    ("1.000894", "Đăng ký khai sinh", 1, 0),
    ("1.001193", "Đăng ký kết hôn", 3, 0),
    ("2.000908", "Chứng thực bản sao từ bản chính", 1, 2_000),
    (
        "1.004227",
        "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        30,
        100_000,
    ),
    (
        "1.003010",
        "Đăng ký biến động quyền sử dụng đất",
        10,
        50_000,
    ),
    (
        "1.009972",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        15,
        75_000,
    ),
    ("1.001757", "Cấp Phiếu lý lịch tư pháp", 10, 200_000),
    ("2.001263", "Cấp giấy phép lái xe", 10, 135_000),
    ("1.002425", "Đăng ký doanh nghiệp", 3, 50_000),
    (
        "1.004946",
        "Giải quyết chế độ trợ cấp xã hội hằng tháng",
        20,
        0,
    ),
    (
        "1.001022",
        "Cấp giấy phép kinh doanh bán lẻ rượu",
        10,
        1_200_000,
    ),
    ("1.000656", "Đăng ký thường trú", 7, 20_000),
    (
        "2.000889",
        "Chứng thực chữ ký trong giấy tờ, văn bản",
        1,
        10_000,
    ),
];

const HO: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô",
];
const DEM: [&str; 8] = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu"];
const TEN: [&str; 16] = [
    "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Lan", "Linh", "Mai", "Nam",
    "Phong", "Sơn", "Trang",
];

pub struct SampleUnit {
    pub name: String,
    pub code: String,
    weight: u32,
    digitise: f64,
    pay_online: f64,
    late: f64,
}

/// The province's units with their habits (how often they digitise, take online payment, and
/// run late), drawn from the seed.
pub fn units(rng_seed: u64) -> Vec<SampleUnit> {
    let mut rng = Rng(rng_seed ^ 0x766);
    let mut out = Vec::new();
    let mut add = |rng: &mut Rng, name: String, weight: u32, near_zero_pay: f64| {
        let code = format!("000.{:02}.{:02}.H10", out.len() / 100, out.len() % 100);
        let pay_online = if rng.chance(near_zero_pay) {
            rng.unit() * 0.03
        } else {
            0.2 + rng.unit() * 0.75
        };
        out.push(SampleUnit {
            name,
            code,
            weight,
            digitise: 0.25 + rng.unit() * 0.74,
            pay_online,
            late: if rng.chance(0.4) {
                0.0
            } else {
                rng.unit() * 0.06
            },
        });
    };
    for so in SO {
        add(&mut rng, so.to_string(), 6, 0.1);
    }
    for (kind, name) in HUYEN {
        add(&mut rng, format!("UBND {kind} {name}"), 8, 0.1);
    }
    for (_, name) in HUYEN {
        add(
            &mut rng,
            format!("Chi nhánh Văn phòng đăng ký đất đai {name}"),
            10,
            0.15,
        );
    }
    for (i, name) in XA.iter().enumerate() {
        let kind = match i % 10 {
            0 | 1 => "phường",
            2 => "thị trấn",
            _ => "xã",
        };
        add(&mut rng, format!("UBND {kind} {name}"), 2, 0.35);
    }
    out
}

pub struct SampleOptions {
    pub rows: usize,
    pub period: Period,
    pub seed: u64,
    pub delimiter: u8,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions {
            rows: 2000,
            period: Period::month(2024, 5).unwrap_or(Period {
                from: Date(19844),
                to: Date(19874),
            }),
            seed: 766,
            delimiter: b',',
        }
    }
}

pub const HEADERS: [&str; 23] = [
    "Mã hồ sơ",
    "Đơn vị",
    "Mã đơn vị",
    "Mã TTHC",
    "Tên TTHC",
    "Kênh nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày kết thúc xử lý",
    "Ngày trả kết quả",
    "Trạng thái",
    "Số hóa thành phần hồ sơ",
    "Kết quả điện tử",
    "Phí, lệ phí",
    "Thanh toán trực tuyến",
    "Đồng bộ DVCQG",
    "Tái sử dụng",
    "Kết nối kho dữ liệu",
    "Sử dụng dữ liệu dân cư",
    "Đánh giá",
    "Chủ hồ sơ",
    "Số điện thoại",
    "Địa chỉ",
];

fn stamp(rng: &mut Rng, d: Date) -> String {
    format!(
        "{} {:02}:{:02}:{:02}",
        d,
        7 + rng.below(10),
        rng.below(60),
        rng.below(60)
    )
}

/// A dossier export as a CSV file (UTF-8, no BOM), `rows` data rows.
pub fn csv(opts: &SampleOptions) -> Vec<u8> {
    let units = units(opts.seed);
    let total_weight: u64 = units.iter().map(|u| u64::from(u.weight)).sum();
    let mut rng = Rng(opts.seed);
    let mut w = csv::WriterBuilder::new()
        .delimiter(opts.delimiter)
        .from_writer(Vec::with_capacity(opts.rows * 260));
    // Writing into a Vec cannot fail.
    let _ = w.write_record(HEADERS);
    let Period { from, to } = opts.period;
    let days = to.0 - from.0 + 1;
    for seq in 0..opts.rows {
        let mut pick = rng.below(total_weight);
        let unit = units
            .iter()
            .find(|u| {
                let hit = pick < u64::from(u.weight);
                pick = pick.saturating_sub(u64::from(u.weight));
                hit
            })
            .unwrap_or(&units[0]);
        let (pcode, pname, allowed, fee) = *rng.pick(&PROCEDURES);
        let roll = rng.unit();
        // Where the row sits relative to the period.
        let received = if roll < 0.70 {
            from.add_days(rng.below(days as u64) as i32)
        } else if roll < 0.85 {
            from.add_days(-1 - rng.below(40) as i32) // carried over, or finished before
        } else if roll < 0.90 {
            from.add_days(-30 - rng.below(30) as i32)
        } else if roll < 0.93 {
            to.add_days(1 + rng.below(5) as i32) // received after the period
        } else {
            from.add_days(rng.below(days as u64) as i32)
        };
        let due = received.add_days(allowed);
        let late = rng.chance(unit.late);
        let end = if late {
            due.add_days(1 + rng.below(10) as i32)
        } else {
            received.add_days(rng.below(allowed as u64 + 1) as i32)
        };
        let export_day = to.add_days(1);
        let mut status: u32;
        let mut finished = None;
        let mut returned = None;
        if roll >= 0.93 {
            status = if rng.chance(0.5) { 1 } else { 3 };
        } else if end < export_day || (rng.chance(0.01) && end < export_day.add_days(5)) {
            status = if rng.chance(0.6) { 10 } else { 9 };
            if rng.chance(0.02) {
                status = 7;
            }
            finished = Some(end);
            if status == 10 {
                returned = Some(end.add_days(rng.below(3) as i32));
            }
        } else {
            status = *rng.pick(&[4, 4, 4, 4, 2, 5, 6, 8]);
        }
        let channel = match rng.below(100) {
            0..=34 => "Trực tiếp",
            35..=94 => "Trực tuyến",
            _ => "Bưu chính công ích",
        };
        let online = channel == "Trực tuyến";
        let yes_no = |b: bool| if b { "Có" } else { "Không" };
        let digitised = rng.chance(unit.digitise);
        let e_result = finished.is_some() && rng.chance(0.7);
        let paid = fee > 0
            && rng.chance(if online {
                unit.pay_online
            } else {
                unit.pay_online * 0.2
            });
        let synced = rng.chance(0.97);
        let reused = digitised && rng.chance(0.4);
        let data_store = digitised && rng.chance(0.8);
        let population = rng.chance(0.6);
        let rating = if finished.is_none() || rng.chance(0.6) {
            ""
        } else {
            *rng.pick(&[
                "Rất hài lòng",
                "Hài lòng",
                "Hài lòng",
                "Bình thường",
                "Không hài lòng",
            ])
        };
        let fee_text = if fee == 0 {
            "0".to_string()
        } else {
            crate::report::format::thousands(u64::from(fee))
        };
        let (y, m, d) = received.ymd();
        let id = format!(
            "{}-{:02}{:02}{:02}-{:06}",
            unit.code,
            y % 100,
            m,
            d,
            seq + 1
        );
        let owner = format!("{} {} {}", rng.pick(&HO), rng.pick(&DEM), rng.pick(&TEN));
        let phone = format!("09{:08}", rng.below(100_000_000));
        let address = format!(
            "{} đường số {}, {}",
            1 + rng.below(300),
            1 + rng.below(40),
            rng.pick(&XA)
        );
        let record = [
            id,
            unit.name.clone(),
            unit.code.clone(),
            pcode.to_string(),
            pname.to_string(),
            channel.to_string(),
            stamp(&mut rng, received),
            stamp(&mut rng, due),
            finished.map(|f| stamp(&mut rng, f)).unwrap_or_default(),
            returned.map(|r| stamp(&mut rng, r)).unwrap_or_default(),
            status.to_string(),
            yes_no(digitised).to_string(),
            yes_no(e_result).to_string(),
            fee_text,
            yes_no(paid).to_string(),
            yes_no(synced).to_string(),
            yes_no(reused).to_string(),
            yes_no(data_store).to_string(),
            yes_no(population).to_string(),
            rating.to_string(),
            owner,
            phone,
            address,
        ];
        let _ = w.write_record(&record);
    }
    w.into_inner().unwrap_or_default()
}

/// The same data as [`csv`], as a portal's .xlsx export: a merged title row, a blank row, and a
/// two-row header (the date columns grouped under a merged "Ngày"), real Excel date-times and
/// numbers. Native only (rust_xlsxwriter is not in the browser build).
#[cfg(not(target_arch = "wasm32"))]
pub fn xlsx(opts: &SampleOptions) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
    let text = csv(opts);
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut r = csv::ReaderBuilder::new().from_reader(text.as_slice());
        let headers: Vec<String> = r
            .headers()
            .map(|h| h.iter().map(str::to_owned).collect())
            .unwrap_or_default();
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("Hồ sơ")?;
        let plain = Format::new();
        let date = Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
        ws.merge_range(0, 0, 0, 8, "THEO DÕI TÌNH HÌNH GIẢI QUYẾT HỒ SƠ", &plain)?;
        for (c, h) in headers.iter().enumerate() {
            let c = c as u16;
            match h.strip_prefix("Ngày ") {
                Some(rest) => {
                    ws.write_string(2, c, "Ngày")?;
                    ws.write_string(3, c, rest)?;
                }
                None => {
                    ws.merge_range(2, c, 3, c, h, &plain)?;
                }
            }
        }
        for (i, rec) in r.records().enumerate() {
            let Ok(rec) = rec else { continue };
            let row = 4 + i as u32;
            for (c, v) in rec.iter().enumerate() {
                let col = c as u16;
                let is_date =
                    headers.get(c).is_some_and(|h| h.starts_with("Ngày")) && !v.is_empty();
                let stamp = is_date.then(|| -> Option<ExcelDateTime> {
                    let (d, t) = v.split_once(' ')?;
                    let d: Vec<u16> = d.split('/').filter_map(|x| x.parse().ok()).collect();
                    let t: Vec<u16> = t.split(':').filter_map(|x| x.parse().ok()).collect();
                    ExcelDateTime::from_ymd(*d.get(2)?, *d.get(1)? as u8, *d.first()? as u8)
                        .ok()?
                        .and_hms(*t.first()?, *t.get(1)? as u8, *t.get(2)?)
                        .ok()
                });
                match (stamp.flatten(), v.parse::<f64>()) {
                    (Some(dt), _) => ws.write_datetime_with_format(row, col, &dt, &date)?,
                    // Codes with a leading zero ("09…" phones) stay text, as portals keep them.
                    (None, Ok(n)) if !(v.starts_with('0') && v.len() > 1) => {
                        ws.write_number(row, col, n)?
                    }
                    _ => ws.write_string(row, col, v)?,
                };
            }
        }
        wb.save_to_buffer()
    };
    // Excel holds 1,048,576 rows a sheet: more rows is an error, not a short file.
    build().map_err(|e| e.to_string())
}

/// What Excel writes in windows-1258: letters with circumflex, breve or horn precomposed, tones
/// as separate combining marks (the code page has no precomposed toned letters for most).
pub fn windows_1258_form(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let d: Vec<char> = std::iter::once(c).nfd().collect();
        out.extend(
            d.iter()
                .filter(|m| !TONES.contains(m))
                .collect::<String>()
                .nfc(),
        );
        out.extend(d.iter().filter(|m| TONES.contains(m)));
    }
    out
}

/// The same text as another program would have saved it: for tests of the readers, and for
/// `chiso766 transcode`. Err names a character the encoding cannot hold.
pub fn encode_as(text: &str, encoding: crate::ingest::decode::Encoding) -> Result<Vec<u8>, String> {
    use crate::ingest::decode::Encoding as E;
    Ok(match encoding {
        E::Utf8 => text.as_bytes().to_vec(),
        E::Utf8Bom => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        E::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        E::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        E::CodePage(e) => {
            let form = if e == encoding_rs::WINDOWS_1258 {
                windows_1258_form(text)
            } else {
                text.to_string()
            };
            let (bytes, _, unmappable) = e.encode(&form);
            if unmappable {
                return Err(format!("{} cannot hold every character", e.name()));
            }
            bytes.into_owned()
        }
        E::Legacy(l) => crate::ingest::legacy::encode(text, l)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_file() {
        let o = SampleOptions {
            rows: 50,
            ..SampleOptions::default()
        };
        assert_eq!(csv(&o), csv(&o));
        let text = String::from_utf8(csv(&o)).expect("UTF-8");
        assert_eq!(text.lines().count(), 51);
        assert!(text.starts_with("Mã hồ sơ,Đơn vị"));
    }

    #[test]
    fn units_cover_all_four_blocks() {
        use crate::model::Block;
        let us = units(1);
        for b in [Block::TINH, Block::HUYEN, Block::XA, Block::CHI_NHANH] {
            assert!(
                us.iter().any(|u| Block::from_name(&u.name) == Some(b)),
                "{}",
                b.key()
            );
        }
        assert!(us.iter().all(|u| Block::from_name(&u.name).is_some()));
    }
}
