//! The notice's appendices (Phụ lục) as tables: 766 by unit, số hóa by unit, thanh toán trực tuyến
//! by unit, overdue dossiers, publication tracking. Sorted as the notice needs (block, then rank
//! or rate), threshold breaches highlighted. The same tables feed the .docx, .xlsx and .csv.

use super::notice::{columns, Cell, Table, TableRow};
use super::{OverdueDossier, Report, UnitRow};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Appendix {
    /// The page element that shows the same table, and the file-name stem of its CSV.
    pub id: &'static str,
    pub title: String,
    /// A sheet name (at most 31 characters, as Excel allows).
    pub sheet: &'static str,
    pub note: Option<String>,
    pub table: Table,
}

fn by_block_then(units: &[UnitRow], key: impl Fn(&UnitRow) -> Option<f64>) -> Vec<&UnitRow> {
    let mut v: Vec<&UnitRow> = units.iter().collect();
    // Block order, then the measure ascending (the weakest first), units without it last.
    v.sort_by(|a, b| {
        a.block
            .cmp(&b.block)
            .then_with(|| match (key(a), key(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.name.cmp(&b.name))
    });
    v
}

fn unit_766(r: &Report) -> Option<Appendix> {
    let first = r.units.iter().find_map(|u| u.scores.as_ref())?;
    let mut cols = vec![("STT", 6), ("Đơn vị", 22), ("Khối", 10)];
    let group_titles: Vec<String> = first
        .groups
        .iter()
        .map(|g| format!("{}. {} ({})", g.id, g.label, super::format::decimal(g.max)))
        .collect();
    for t in &group_titles {
        cols.push((t.as_str(), 8));
    }
    cols.extend([
        ("Tổng", 8),
        ("Hạng trong khối", 7),
        ("Số đơn vị trong khối", 7),
        ("Xếp loại", 9),
    ]);
    let mut units: Vec<&UnitRow> = r.units.iter().filter(|u| u.scores.is_some()).collect();
    units.sort_by_key(|u| {
        (
            u.block,
            u.scores.as_ref().map_or(0, |s| s.rank_in_block),
            u.name.clone(),
        )
    });
    let rows = units
        .iter()
        .enumerate()
        .filter_map(|(i, u)| {
            let s = u.scores.as_ref()?;
            let mut cells = vec![
                Cell::count(i as u64 + 1),
                Cell::text(&u.name),
                Cell::text(u.block.label()),
            ];
            cells.extend(s.groups.iter().map(|g| Cell::decimal(g.points)));
            cells.push(Cell::decimal(s.total));
            cells.push(Cell::count(s.rank_in_block as u64));
            cells.push(Cell::count(s.of_in_block as u64));
            cells.push(Cell::text(s.band.clone().unwrap_or_else(|| "—".into())));
            Some(TableRow {
                cells,
                highlight: false,
                strong: false,
            })
        })
        .collect();
    let partial = units
        .iter()
        .any(|u| u.scores.as_ref().is_some_and(|s| s.partial));
    Some(Appendix {
        id: "appendix-766",
        title: format!(
            "Phụ lục 1. Theo dõi chỉ số 766 của các đơn vị, địa phương ({})",
            r.period.label
        ),
        sheet: "766 theo đơn vị",
        note: partial.then(|| {
            "Điểm ước tính từ dữ liệu của tỉnh; có chỉ số chưa có dữ liệu nên tổng điểm là một \
             phần (xem «Cách tính»)."
                .to_string()
        }),
        table: Table {
            columns: columns(&cols),
            rows,
        },
    })
}

/// A per-unit rate appendix (digitisation, online payment): its names and what it counts.
struct RateAppendix {
    id: &'static str,
    /// The appendix's number in the notice.
    number: usize,
    title: &'static str,
    sheet: &'static str,
    /// The titles of the denominator's column and the numerator's.
    base: &'static str,
    success: &'static str,
    /// A unit's numerator, denominator and rate.
    pick: fn(&UnitRow) -> (u32, u32, Option<f64>),
    /// Units below it are highlighted.
    threshold: f64,
    /// When given, a note column says which units are below it and which only below `threshold`.
    near_zero: Option<f64>,
}

fn unit_rate(r: &Report, a: RateAppendix) -> Appendix {
    let RateAppendix {
        id,
        number,
        title,
        sheet,
        base,
        success,
        pick,
        threshold,
        near_zero,
    } = a;
    let units = by_block_then(&r.units, |u| pick(u).2);
    let mut cols = vec![
        ("STT", 6),
        ("Đơn vị", 40),
        ("Khối", 15),
        (base, 13),
        (success, 13),
        ("Tỷ lệ", 13),
    ];
    if near_zero.is_some() {
        cols.push(("Ghi chú", 14));
    }
    let rows = units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let (num, den, rate) = pick(u);
            let below = rate.is_some_and(|x| x < threshold);
            let mut cells = vec![
                Cell::count(i as u64 + 1),
                Cell::text(&u.name),
                Cell::text(u.block.label()),
                Cell::count(u64::from(den)),
                Cell::count(u64::from(num)),
                Cell::rate(rate),
            ];
            if let Some(z) = near_zero {
                let note = match rate {
                    Some(x) if x < z => format!("0% đến dưới {}", super::format::percent(z)),
                    Some(x) if x < threshold => {
                        format!("dưới {}", super::format::percent(threshold))
                    }
                    _ => String::new(),
                };
                cells.push(Cell::text(note));
            }
            TableRow {
                cells,
                highlight: below,
                strong: false,
            }
        })
        .collect();
    Appendix {
        id,
        title: format!("Phụ lục {number}. {title} ({})", r.period.label),
        sheet,
        note: Some(format!(
            "Đơn vị có tỷ lệ dưới {} được tô đỏ; đơn vị không có hồ sơ ở mẫu số không có tỷ lệ \
             (—).",
            super::format::percent(threshold)
        )),
        table: Table {
            columns: columns(&cols),
            rows,
        },
    }
}

/// The overdue dossiers, block by block and unit by unit, the most overdue first. Personal
/// columns only when the user unmasked them: masked, they would fill the page with asterisks.
/// With the units' replies loaded, their reasons and remedies in two last columns.
pub fn overdue_table(list: &[OverdueDossier], with_personal: bool, with_reasons: bool) -> Table {
    let personal: Vec<String> = if with_personal {
        list.first()
            .map(|d| d.personal.iter().map(|(h, _)| h.clone()).collect())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut cols: Vec<(&str, u16)> = vec![
        ("STT", 6),
        ("Đơn vị", 18),
        ("Mã hồ sơ", 14),
        ("Thủ tục", 22),
        ("Ngày tiếp nhận", 10),
        ("Ngày hẹn trả", 10),
        ("Ngày kết thúc", 10),
        ("Tình trạng", 11),
        ("Số ngày quá hạn", 7),
    ];
    for h in &personal {
        cols.push((h.as_str(), 8));
    }
    if with_reasons {
        cols.extend([
            (crate::report::unit_pack::REASON_COLUMN, 18),
            (crate::report::unit_pack::REMEDY_COLUMN, 18),
        ]);
    }
    let rows = list
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut cells = vec![
                Cell::count(i as u64 + 1),
                Cell::text(&d.unit_name),
                Cell::text(&d.id),
                Cell::text(&d.procedure),
                Cell::date(Some(&d.received)),
                Cell::date(d.due.as_deref()),
                Cell::date(d.ended.as_deref()),
                Cell::text(super::labels::overdue_kind(d.kind)),
                Cell {
                    text: d.days_late.to_string(),
                    value: Some(f64::from(d.days_late)),
                    percent: false,
                    date: None,
                },
            ];
            if with_personal {
                cells.extend(d.personal.iter().map(|(_, v)| Cell::text(v)));
            }
            if with_reasons {
                cells.extend(
                    [&d.reason, &d.remedy].map(|x| Cell::text(x.clone().unwrap_or_default())),
                );
            }
            TableRow {
                cells,
                highlight: false,
                strong: false,
            }
        })
        .collect();
    Table {
        columns: columns(&cols),
        rows,
    }
}

/// Every publication line of the period, dates and delay in columns of their own.
fn publication_appendix(r: &Report) -> Table {
    let cols = [
        ("STT", 5),
        ("Cơ quan", 16),
        ("Nội dung công bố", 28),
        ("Văn bản triển khai", 16),
        ("Hạn xử lý", 9),
        ("Ngày trình", 9),
        ("Ngày công khai", 9),
        ("Số ngày trễ", 6),
        ("Tình trạng", 10),
    ];
    let rows = r
        .publication
        .iter()
        .enumerate()
        .map(|(i, l)| TableRow {
            cells: vec![
                Cell::count(i as u64 + 1),
                Cell::text(&l.agency),
                Cell::text(&l.content),
                Cell::text(&l.dispatch),
                Cell::date(l.deadline.as_deref()),
                Cell::date(l.submitted.as_deref()),
                Cell::date(l.published.as_deref()),
                l.days_late
                    .map_or_else(|| Cell::text(""), |d| Cell::count(d as u64)),
                Cell::text(if l.on_time {
                    "Đúng hạn"
                } else if l.submitted.is_some() {
                    "Trễ hạn"
                } else {
                    "Chưa trình"
                }),
            ],
            highlight: !l.on_time,
            strong: false,
        })
        .collect();
    Table {
        columns: columns(&cols),
        rows,
    }
}

/// Every appendix the loaded data supports, in the notice's order.
pub fn appendices(r: &Report, overdue: &[OverdueDossier]) -> Vec<Appendix> {
    let mut out = Vec::new();
    out.extend(unit_766(r));
    if r.province.digitization_rate.is_some() {
        out.push(unit_rate(
            r,
            RateAppendix {
                id: "appendix-digitization",
                number: 2,
                title: "Tỷ lệ số hóa hồ sơ TTHC theo đơn vị",
                sheet: "Số hóa",
                base: "Hồ sơ tiếp nhận",
                success: "Hồ sơ số hóa",
                pick: |u| (u.digitised, u.received, u.digitization_rate),
                threshold: r.digitization.threshold,
                near_zero: None,
            },
        ));
    }
    if r.province.online_payment_rate.is_some() {
        out.push(unit_rate(
            r,
            RateAppendix {
                id: "appendix-payment",
                number: 3,
                title: "Tỷ lệ thanh toán trực tuyến theo đơn vị",
                sheet: "Thanh toán trực tuyến",
                base: "Hồ sơ có phí, lệ phí",
                success: "Thanh toán trực tuyến",
                pick: |u| (u.paid_online, u.fee_due, u.online_payment_rate),
                threshold: r.online_payment.below.threshold,
                near_zero: Some(r.online_payment.near_zero_threshold),
            },
        ));
    }
    out.push(Appendix {
        id: "appendix-overdue",
        title: format!("Phụ lục 4. Hồ sơ TTHC quá hạn xử lý ({})", r.period.label),
        sheet: "Hồ sơ quá hạn",
        note: r.masked.then(|| {
            "Thông tin cá nhân không được in (Nghị định 13/2023/NĐ-CP); bỏ che trên màn hình nếu \
             cần."
                .to_string()
        }),
        table: overdue_table(overdue, !r.masked, r.explanations.is_some()),
    });
    if let Some(rc) = &r.reconciliation {
        out.push(Appendix {
            id: "appendix-reconciliation",
            title: format!(
                "Phụ lục 6. Hồ sơ chưa đồng bộ, thống nhất giữa Cổng DVC tỉnh và Cổng DVCQG ({})",
                r.period.label
            ),
            sheet: "Đối chiếu DVCQG",
            note: Some(format!(
                "{} hồ sơ chỉ có trên Cổng DVC tỉnh, {} hồ sơ chỉ có trên Cổng DVCQG, {} hồ sơ \
                 lệch dữ liệu trên {} hồ sơ khớp mã.",
                super::format::thousands(u64::from(rc.only_in_provincial)),
                super::format::thousands(u64::from(rc.only_in_national)),
                super::format::thousands(u64::from(rc.differing)),
                super::format::thousands(u64::from(rc.matched))
            )),
            table: super::reconcile::table(rc),
        });
    }
    if r.publication_loaded {
        out.push(Appendix {
            id: "appendix-publication",
            title: format!(
                "Phụ lục 5. Theo dõi tham mưu công bố, công khai TTHC ({})",
                r.period.label
            ),
            sheet: "Công bố TTHC",
            note: Some("Văn bản trình trễ hạn hoặc chưa trình được tô đỏ.".to_string()),
            table: publication_appendix(r),
        });
    }
    out
}
