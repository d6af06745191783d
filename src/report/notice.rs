//! The notice draft as plain text: sections I.1, I.3 and I.4 of the seed notice, worded as it is,
//! with every figure from the report. A figure without data becomes a visible placeholder.

use super::format::{count, decimal, percent, thousands};
use super::Report;
use std::collections::BTreeMap;
use std::fmt::Write;

const NO_DATA: &str = "[chưa có dữ liệu]";

fn pct(rate: Option<f64>) -> String {
    rate.map_or_else(|| NO_DATA.to_string(), percent)
}

/// "cấp tỉnh có 03 đơn vị; cấp huyện, xã có 24 đơn vị; Chi nhánh … có 03 đơn vị" (the seed
/// counts huyện and xã together).
fn by_block(counts: &BTreeMap<&'static str, usize>) -> String {
    let get = |k: &str| counts.get(k).copied().unwrap_or(0) as u64;
    let mut parts = vec![
        format!("cấp tỉnh có {} đơn vị", count(get("tinh"))),
        format!("cấp huyện, xã có {} đơn vị", count(get("huyen") + get("xa"))),
        format!("Chi nhánh Văn phòng đăng ký đất đai có {} đơn vị", count(get("chi_nhanh"))),
    ];
    if get("khong_xac_dinh") > 0 {
        parts.push(format!("chưa xác định khối có {} đơn vị", count(get("khong_xac_dinh"))));
    }
    parts.join("; ")
}

pub fn text(r: &Report) -> String {
    let mut s = String::new();
    let p = &r.province;
    let label = &r.period.label;
    // Writing to a String cannot fail.
    let _ = writeln!(s, "THÔNG BÁO (DỰ THẢO)");
    let _ = writeln!(s, "Về chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện TTHC cung cấp Dịch vụ công {label}");
    let _ = writeln!(s, "(Kỳ báo cáo từ ngày {} đến ngày {}; số liệu từ Cổng DVC tỉnh)", r.period_from_vi(), r.period_to_vi());
    let _ = writeln!(s);
    let _ = writeln!(s, "I. Về kết quả đạt được");
    let _ = writeln!(s);
    let _ = writeln!(s, "1. Tỷ lệ (%) kết quả xử lý hồ sơ nộp trực tuyến");
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Kết quả hồ sơ xử lý đúng hạn đạt {} (trên {} hồ sơ trực tuyến đã xử lý); hồ sơ trễ hạn chiếm tỷ lệ {}.",
        pct(p.online_on_time_rate),
        thousands(u64::from(p.online_completed)),
        pct(p.online_late_rate)
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "2. Về tiến độ giải quyết hồ sơ (chỉ số 2.1, tính từ Cổng DVC tỉnh)");
    let _ = writeln!(s);
    let points = p.on_time_points.map_or_else(|| NO_DATA.to_string(), decimal);
    let _ = writeln!(
        s,
        "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn đạt {}, tương ứng {}/{} điểm. Tổng số {} hồ sơ đã và đang giải quyết, gồm: đã xử lý {} hồ sơ (trước hạn {}, đúng hạn {}, trễ hạn {}); đang xử lý {} hồ sơ (trong hạn {}, quá hạn {}).",
        pct(p.on_time_rate),
        points,
        decimal(p.on_time_max),
        thousands(u64::from(p.handled)),
        thousands(u64::from(p.completed.total)),
        thousands(u64::from(p.completed.early)),
        thousands(u64::from(p.completed.on_time)),
        thousands(u64::from(p.completed.late)),
        thousands(u64::from(p.processing.total)),
        thousands(u64::from(p.processing.within)),
        thousands(u64::from(p.processing.overdue)),
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "3. Về kết quả khắc phục đối với 02 chỉ số thành phần (chỉ số số hóa hồ sơ thủ tục hành chính và chỉ số thanh toán trực tuyến)");
    let _ = writeln!(s);
    let _ = writeln!(s, "Qua thống kê dữ liệu từ Cổng DVC tỉnh, kết quả như sau.");
    let _ = writeln!(s);
    let d = &r.digitization;
    if p.digitization_rate.is_some() {
        let _ = writeln!(
            s,
            "- Đối với chỉ số số hóa hồ sơ thủ tục hành chính. Tỉnh đạt tỷ lệ {}. Trong đó có {} đơn vị đạt tỷ lệ dưới {}, gồm: {}.",
            pct(p.digitization_rate),
            count(d.units_below as u64),
            percent(d.threshold),
            by_block(&d.units_below_by_block)
        );
    } else {
        let _ = writeln!(s, "- Đối với chỉ số số hóa hồ sơ thủ tục hành chính: {NO_DATA} (tệp hồ sơ không có cột số hóa thành phần hồ sơ).");
    }
    let _ = writeln!(s);
    let op = &r.online_payment;
    if p.online_payment_rate.is_some() {
        let _ = writeln!(
            s,
            "- Tỷ lệ thanh toán trực tuyến: Tỉnh đạt tỷ lệ {}. Có {} đơn vị đạt tỷ lệ dưới {}, gồm: {} (trong đó có {} đơn vị có tỷ lệ 0% đến dưới {}).",
            pct(p.online_payment_rate),
            count(op.below.units_below as u64),
            percent(op.below.threshold),
            by_block(&op.below.units_below_by_block),
            count(op.units_near_zero as u64),
            percent(op.near_zero_threshold)
        );
    } else {
        let _ = writeln!(s, "- Tỷ lệ thanh toán trực tuyến: {NO_DATA} (tệp hồ sơ không có cột phí, lệ phí hoặc thanh toán trực tuyến).");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "4. Về kết quả xử lý và trả kết quả hồ sơ TTHC cho tổ chức và công dân");
    let _ = writeln!(s);
    let o = &r.overdue;
    let _ = writeln!(
        s,
        "{}, theo dữ liệu từ Cổng DVC tỉnh, toàn tỉnh có {} đơn vị và địa phương để xảy ra tình trạng hồ sơ TTHC quá hạn xử lý (trong đó có {} đơn vị có trên {} hồ sơ quá hạn xử lý) với tổng số {} hồ sơ quá hạn xử lý. Chiếm tỷ lệ {} hồ sơ TTHC quá hạn xử lý trong tổng số hồ sơ đã và đang giải quyết.",
        capitalise(label),
        count(o.units_with_overdue as u64),
        count(o.units_over_threshold as u64),
        count(u64::from(o.more_than)),
        count(u64::from(o.total)),
        pct(o.rate)
    );
    if p.without_progress > 0 {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "(Ghi chú: {} hồ sơ có ngày hoặc trạng thái không đọc được, không được tính vào tiến độ; xem danh sách lỗi dữ liệu.)",
            thousands(u64::from(p.without_progress))
        );
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Report {
    fn period_from_vi(&self) -> String {
        iso_to_vi(&self.period.from)
    }
    fn period_to_vi(&self) -> String {
        iso_to_vi(&self.period.to)
    }
}

fn iso_to_vi(iso: &str) -> String {
    crate::model::Date::parse_iso(iso).map_or_else(|| iso.to_string(), |d| d.to_string())
}
