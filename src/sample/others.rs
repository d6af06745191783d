//! The built-in sample's other inputs, consistent with its dossiers: the procedure catalogue of
//! the procedures the dossiers use, the units catalogue of its units, a month of PAKN, publication
//! tracking, and national scoreboards of this month and the one before (63 provinces, Bình Phước
//! among them). Deterministic for a given seed.

use super::{units, Rng, SampleOptions, PROCEDURES};
use crate::model::{Block, Date, Period};

/// The 63 provinces and cities scored before the 2025 merger.
pub const PROVINCES: [&str; 63] = [
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "TP. Hồ Chí Minh",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
];

/// The province the sample's units belong to.
pub const SAMPLE_PROVINCE: &str = "Bình Phước";

fn yes_no(b: bool) -> &'static str {
    if b {
        "Có"
    } else {
        "Không"
    }
}

fn write(rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for r in rows {
        // Writing into a Vec cannot fail.
        let _ = w.write_record(&r);
    }
    w.into_inner().unwrap_or_default()
}

fn row<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

/// The procedure catalogue: every procedure the sample dossiers use, and a few they do not.
pub fn procedures_csv(seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed ^ 0x7474);
    let mut rows = vec![row([
        "Mã thủ tục",
        "Tên thủ tục",
        "Mức độ DVC",
        "Đủ điều kiện toàn trình",
        "Có phí",
        "Tích hợp thanh toán",
        "Kết quả giấy",
        "Công khai đầy đủ",
        "Kết nối dữ liệu dân cư",
    ])];
    let extra = [
        ("1.010801", "Cấp đổi giấy phép lái xe", 1, 115_000),
        ("2.002145", "Đăng ký khai tử", 1, 0),
        ("1.005388", "Đăng ký giám hộ", 3, 0),
    ];
    for (code, name, _, fee) in PROCEDURES.iter().copied().chain(extra) {
        let level = *rng.pick(&["Toàn trình", "Toàn trình", "Một phần", "Không"]);
        let eligible = level == "Toàn trình" || rng.chance(0.2);
        rows.push(row([
            code,
            name,
            level,
            yes_no(eligible),
            yes_no(fee > 0),
            yes_no(fee > 0 && rng.chance(0.75)),
            yes_no(!name.starts_with("Chứng thực")),
            yes_no(rng.chance(0.9)),
            yes_no(rng.chance(0.5)),
        ]));
    }
    write(rows)
}

/// The units catalogue: code, name, level, parent, and (for communes) electronic certification.
pub fn units_csv(seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed ^ 0xd0);
    let mut rows = vec![row([
        "Mã đơn vị",
        "Tên đơn vị",
        "Cấp",
        "Đơn vị cha",
        "Chứng thực bản sao điện tử",
    ])];
    for u in units(seed) {
        let block = Block::from_name(&u.name).unwrap_or(Block::UNKNOWN);
        let (level, parent) = match block {
            Block::TINH => ("Tỉnh", "UBND tỉnh Bình Phước"),
            Block::HUYEN => ("Huyện", "UBND tỉnh Bình Phước"),
            Block::XA => ("Xã", ""),
            _ => ("Chi nhánh", "Văn phòng đăng ký đất đai tỉnh"),
        };
        let ecert = if block == Block::XA {
            yes_no(rng.chance(0.7))
        } else {
            ""
        };
        rows.push(vec![
            u.code.clone(),
            u.name.clone(),
            level.into(),
            parent.into(),
            ecert.into(),
        ]);
    }
    write(rows)
}

/// A month of feedback (PAKN), a few per unit.
pub fn feedback_csv(opts: &SampleOptions) -> Vec<u8> {
    let mut rng = Rng(opts.seed ^ 0x9a4);
    let Period { from, to } = opts.period;
    let days = (to.0 - from.0 + 1) as u64;
    let mut rows = vec![row([
        "Mã PAKN",
        "Đơn vị xử lý",
        "Ngày tiếp nhận",
        "Hạn xử lý",
        "Ngày xử lý",
        "Hài lòng",
    ])];
    let all = units(opts.seed);
    let count = (opts.rows / 40).clamp(10, 2000);
    for i in 0..count {
        let u = rng.pick(&all);
        let received = from.add_days(rng.below(days) as i32 - 5);
        let due = received.add_days(10);
        let span = if rng.chance(0.9) { 10 } else { 20 };
        let handled: Option<Date> = if rng.chance(0.85) {
            Some(received.add_days(rng.below(span) as i32))
        } else {
            None
        };
        let satisfied = match handled {
            Some(h) if h <= to && rng.chance(0.7) => yes_no(rng.chance(0.9)),
            _ => "",
        };
        rows.push(vec![
            format!("PAKN-{:05}", i + 1),
            u.name.clone(),
            received.to_string(),
            due.to_string(),
            handled.map(|h| h.to_string()).unwrap_or_default(),
            satisfied.into(),
        ]);
    }
    write(rows)
}

/// Publication tracking: ministries' decisions the departments had to submit for publication.
pub fn publication_csv(opts: &SampleOptions) -> Vec<u8> {
    let mut rng = Rng(opts.seed ^ 0xc0b0);
    let Period { from, to } = opts.period;
    let mut rows = vec![row([
        "Cơ quan",
        "Quyết định công bố",
        "Văn bản triển khai",
        "Hạn trình",
        "Ngày trình",
        "Ngày công khai",
    ])];
    let agencies: Vec<String> = units(opts.seed)
        .into_iter()
        .filter(|u| u.name.starts_with("Sở"))
        .map(|u| u.name)
        .take(10)
        .collect();
    for i in 0..14 {
        let agency = rng.pick(&agencies);
        let deadline = from.add_days(rng.below((to.0 - from.0 + 10) as u64) as i32);
        let submitted = rng
            .chance(0.85)
            .then(|| deadline.add_days(rng.below(8) as i32 - 5));
        let published = submitted
            .filter(|_| rng.chance(0.9))
            .map(|s| s.add_days(rng.below(4) as i32));
        rows.push(vec![
            agency.clone(),
            format!(
                "Quyết định số {}/QĐ-BTP ngày {}",
                1100 + i,
                from.add_days(-20 + i)
            ),
            format!("Công văn số {}/VP-KSTT", 2000 + i),
            deadline.to_string(),
            submitted.map(|d| d.to_string()).unwrap_or_default(),
            published.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    write(rows)
}

/// A national scoreboard of one month: the six group scores and the total of every province.
pub fn scoreboard_csv(year: i32, month: u32, seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed ^ (year as u64 * 100 + u64::from(month)));
    let maxima = [18.0, 20.0, 12.0, 10.0, 18.0, 22.0];
    let mut rows = vec![row([
        "STT",
        "Tỉnh, thành phố",
        "Công khai, minh bạch",
        "Tiến độ, kết quả giải quyết",
        "Dịch vụ công trực tuyến",
        "Thanh toán trực tuyến",
        "Mức độ hài lòng",
        "Số hóa hồ sơ",
        "Tổng điểm",
    ])];
    let mut scored: Vec<(&str, Vec<f64>, f64)> = PROVINCES
        .iter()
        .map(|&p| {
            let level = 0.55 + rng.unit() * 0.3;
            let groups: Vec<f64> = maxima
                .iter()
                .map(|m| m * (level + rng.unit() * 0.15).min(1.0))
                .collect();
            let total = groups.iter().sum();
            (p, groups, total)
        })
        .collect();
    scored.sort_by(|a, b| b.2.total_cmp(&a.2));
    let comma = |x: f64| format!("{x:.2}").replace('.', ",");
    for (i, (name, groups, total)) in scored.iter().enumerate() {
        let mut r = vec![(i + 1).to_string(), name.to_string()];
        r.extend(groups.iter().map(|g| comma(*g)));
        r.push(comma(*total));
        rows.push(r);
    }
    write(rows)
}

/// The sample files' names, as a clerk would save them, for a month (and the one before it).
pub fn file_names(period: Period) -> Vec<String> {
    let (y, m, _) = period.to.ymd();
    let (py, pm, _) = crate::report::compare::previous(period).to.ymd();
    vec![
        format!("du-lieu-mau-ho-so-{m:02}-{y}.csv"),
        "du-lieu-mau-danh-muc-tthc.csv".into(),
        "du-lieu-mau-danh-muc-don-vi.csv".into(),
        format!("du-lieu-mau-pakn-{m:02}-{y}.csv"),
        format!("du-lieu-mau-cong-bo-tthc-{m:02}-{y}.csv"),
        format!("bang-diem-thang-{m:02}-{y}.csv"),
        format!("bang-diem-thang-{pm:02}-{py}.csv"),
    ]
}

/// One sample file by its index in [`file_names`].
pub fn file(opts: &SampleOptions, index: usize) -> Option<Vec<u8>> {
    let (y, m, _) = opts.period.to.ymd();
    let (py, pm, _) = crate::report::compare::previous(opts.period).to.ymd();
    Some(match index {
        0 => super::csv(opts),
        1 => procedures_csv(opts.seed),
        2 => units_csv(opts.seed),
        3 => feedback_csv(opts),
        4 => publication_csv(opts),
        5 => scoreboard_csv(y, m, opts.seed),
        6 => scoreboard_csv(py, pm, opts.seed),
        _ => return None,
    })
}

/// Every sample file with its name.
pub fn files(opts: &SampleOptions) -> Vec<(String, Vec<u8>)> {
    file_names(opts.period)
        .into_iter()
        .enumerate()
        .filter_map(|(i, name)| file(opts, i).map(|b| (name, b)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{InputKind, Loader};
    use crate::report::{self, Options};

    #[test]
    fn every_sample_file_is_recognised_and_the_index_is_complete() {
        let opts = SampleOptions::default();
        let mut loader = Loader::new();
        for (name, bytes) in files(&opts) {
            let info = loader
                .add_file(&name, &bytes)
                .unwrap_or_else(|e| panic!("{name}: {}", e.text().vi));
            assert_eq!(info.problems_total, 0, "{name}: {:?}", info.problems);
        }
        let kinds: Vec<InputKind> = loader.inputs().iter().map(|i| i.kind).collect();
        use InputKind::*;
        assert_eq!(
            kinds,
            [
                Dossiers,
                Procedures,
                Units,
                Feedback,
                Publication,
                Scoreboard,
                Scoreboard
            ]
        );
        let (store, others, inputs) = loader.finish_all();
        let o = Options {
            province: Some(SAMPLE_PROVINCE.into()),
            ..Options::default()
        };
        let r = report::build(&store, None, &others, &inputs, opts.period, &o);
        assert!(!r.scores.computed.partial, "every indicator computed");
        let n = r
            .national
            .expect("the sample's province is on the scoreboard");
        assert_eq!(n.of, 63);
        assert!(n.previous_rank.is_some());
        assert!(r.missing.is_empty(), "{:?}", r.missing);
    }
}
