//! A pack per unit (issue #24): for every unit concerned (a dossier overdue in the period or on
//! day D, due today or soon, or a số hóa or payment rate under the notice's threshold), a
//! one-page letter (công văn) with the unit's figures against its block and the province, its
//! rank in the block, its what-if steps and the reply deadline; and the list of its overdue and
//! due-soon dossiers with two empty columns for the unit to fill, "Lý do quá hạn" and "Biện pháp
//! khắc phục", which `replies` reads back.
//!
//! Builds the documents as data (the notice's model and tables); `export::packs` writes the files.

use super::early_warning::{EarlyWarning, WarnedDossier, WarningKind};
use super::format::{count, decimal, percent};
use super::labels;
use super::notice::{
    columns, Block as Part, Cell, Notice, NoticeSettings, Run, Table, TableRow, Wording,
};
use super::{OverdueDossier, Report, UnitRow};
use crate::model::{Block, Date};
use serde::Serialize;

/// The list's columns that identify a dossier and that the unit fills: the reply reader finds
/// them by these names.
pub const ID_COLUMN: &str = "Mã hồ sơ";
pub const REASON_COLUMN: &str = "Lý do quá hạn";
pub const REMEDY_COLUMN: &str = "Biện pháp khắc phục";
/// The list's line naming its period, which a reply must carry back.
pub const PERIOD_LINE: &str = "Kỳ báo cáo: từ ngày";

crate::keyed! {
    /// Why a unit gets a pack.
    pub enum PackReason {
        Overdue = "overdue",
        DueSoon = "due_soon",
        Digitization = "digitization",
        OnlinePayment = "online_payment",
    }
}

/// One unit's pack.
#[derive(Clone, Debug, Serialize)]
pub struct UnitPack {
    /// The unit's index in the store (as `units[].index`).
    pub unit: usize,
    pub name: String,
    pub block: Block,
    /// Why it is concerned.
    pub reasons: Vec<PackReason>,
    /// Dossiers overdue in the period (or on day D), and due today or soon on D.
    pub overdue: u32,
    pub due_soon: u32,
    /// The files' names: the unit's name folded to ASCII, after its number in the index.
    pub letter_file: String,
    pub list_file: String,
    /// The documents (written by `export::packs`; the page lists the packs without them).
    #[serde(skip)]
    pub letter: Notice,
    #[serde(skip)]
    pub list: ReplyList,
}

/// The dossiers a unit is asked about, with the lines above them (title, unit, period, deadline).
#[derive(Clone, Debug, Serialize)]
pub struct ReplyList {
    pub title: String,
    pub lines: Vec<String>,
    pub table: Table,
    /// The columns (indices) the unit may write in; the others are locked.
    pub editable: Vec<usize>,
}

/// The packs and their index.
#[derive(Clone, Debug, Serialize)]
pub struct Packs {
    /// The early warning's day D the packs were built for (ISO; empty without a warning).
    pub as_of: String,
    pub packs: Vec<UnitPack>,
    pub index_file: &'static str,
    pub index: Table,
}

pub const INDEX_FILE: &str = "danh-sach-don-vi.csv";

/// A file name's stem from a unit's name: ASCII letters and digits, words joined by '-', at
/// most 60 characters; safe on Windows (no reserved name: a number leads).
pub fn file_stem(number: usize, width: usize, name: &str) -> String {
    let folded: String = crate::text::fold_words(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut stem = String::new();
    for w in folded.split_whitespace() {
        if stem.len() + w.len() + 1 > 60 {
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(w);
    }
    if stem.is_empty() {
        stem.push_str("don-vi");
    }
    format!("{number:0width$}-{stem}")
}

/// The block's label in the issuing office's words.
fn block_label(b: Block, w: &Wording) -> &'static str {
    match (w.scope, b) {
        (super::notice::Scope::Huyen, Block::TINH | Block::HUYEN) => "cơ quan, đơn vị cấp huyện",
        _ => b.label(),
    }
}

fn para(runs: Vec<Run>) -> Part {
    Part::Paragraph { runs }
}

fn t(s: impl Into<String>) -> Run {
    Run {
        text: s.into(),
        bold: false,
        italic: false,
        link: None,
        missing: false,
    }
}

fn b(s: impl Into<String>) -> Run {
    Run {
        text: s.into(),
        bold: true,
        italic: false,
        link: None,
        missing: false,
    }
}

fn i(s: impl Into<String>) -> Run {
    Run {
        text: s.into(),
        bold: false,
        italic: true,
        link: None,
        missing: false,
    }
}

/// The unit's figures against its block's and the province's.
fn figures(r: &Report, u: Option<&UnitRow>, block: Block, w: &Wording) -> Table {
    let blk = r.blocks.iter().find(|x| x.key == block.key());
    let p = &r.province;
    let whole = format!("Toàn {}", w.level);
    let cols = [
        ("Chỉ tiêu", 40),
        ("Đơn vị", 20),
        ("Khối", 20),
        (whole.as_str(), 20),
    ];
    let mut table = Table {
        columns: columns(&cols),
        rows: Vec::new(),
    };
    let th_d = r.digitization.threshold;
    let th_p = r.online_payment.below.threshold;
    let mut row = |label: &str, cells: [Cell; 3], highlight: bool| {
        let mut all = vec![Cell::text(label)];
        all.extend(cells);
        table.rows.push(TableRow {
            cells: all,
            highlight,
            strong: false,
        });
    };
    row(
        "Hồ sơ đã và đang giải quyết",
        [
            Cell::count(u.map_or(0, |u| u64::from(u.handled))),
            Cell::count(blk.map_or(0, |x| u64::from(x.handled))),
            Cell::count(u64::from(p.handled)),
        ],
        false,
    );
    row(
        "Tỷ lệ giải quyết trước hạn, đúng hạn (chỉ số 2.1)",
        [
            Cell::rate(u.and_then(|u| u.on_time_rate)),
            Cell::rate(blk.and_then(|x| x.on_time_rate)),
            Cell::rate(p.on_time_rate),
        ],
        false,
    );
    let overdue = u.map_or(0, |u| u.overdue);
    row(
        "Hồ sơ quá hạn",
        [
            Cell::count(u64::from(overdue)),
            Cell::count(blk.map_or(0, |x| u64::from(x.overdue))),
            Cell::count(u64::from(p.overdue)),
        ],
        overdue > 0,
    );
    let dig = u.and_then(|u| u.digitization_rate);
    row(
        &format!("Tỷ lệ số hóa hồ sơ (ngưỡng {})", percent(th_d)),
        [
            Cell::rate(dig),
            Cell::rate(blk.and_then(|x| x.digitization_rate)),
            Cell::rate(p.digitization_rate),
        ],
        dig.is_some_and(|x| x < th_d),
    );
    let pay = u.and_then(|u| u.online_payment_rate);
    row(
        &format!("Tỷ lệ thanh toán trực tuyến (ngưỡng {})", percent(th_p)),
        [
            Cell::rate(pay),
            Cell::rate(blk.and_then(|x| x.online_payment_rate)),
            Cell::rate(p.online_payment_rate),
        ],
        pay.is_some_and(|x| x < th_p),
    );
    let s = u.and_then(|u| u.scores.as_ref());
    let score = |total: f64, partial: bool| Cell {
        text: format!("{}{}", decimal(total), if partial { "*" } else { "" }),
        value: Some(total),
        percent: false,
        date: None,
    };
    row(
        "Điểm Bộ chỉ số 766 (ước tính)",
        [
            s.map_or_else(|| Cell::text("—"), |s| score(s.total, s.partial)),
            blk.map_or_else(
                || Cell::text("—"),
                |x| score(x.scores.total, x.scores.partial),
            ),
            score(r.scores.computed.total, r.scores.computed.partial),
        ],
        false,
    );
    let rank = s.filter(|s| s.rank_in_block > 0).map_or_else(
        || "—".to_string(),
        |s| format!("{}/{}", s.rank_in_block, s.of_in_block),
    );
    row(
        "Xếp hạng trong khối",
        [Cell::text(rank), Cell::text(""), Cell::text("")],
        false,
    );
    table
}

/// "thêm 12 hồ sơ có phí được thanh toán trực tuyến để đạt 50% (thêm 1,2 điểm)": the steps that
/// gain the most points first, at most three (the letter keeps to one page).
fn what_if(u: Option<&UnitRow>) -> Vec<String> {
    let Some(s) = u.and_then(|u| u.scores.as_ref()) else {
        return Vec::new();
    };
    let mut steps: Vec<(f64, String)> = s
        .what_if
        .iter()
        .flat_map(|w| {
            // A threshold step that takes as many dossiers as full points says the same thing.
            let same_as_next = |k: usize| {
                w.steps
                    .get(k + 1)
                    .is_some_and(|next| next.more == w.steps[k].more)
            };
            w.steps
                .iter()
                .enumerate()
                .filter(move |(k, _)| !same_as_next(*k))
                .map(move |(_, st)| {
                    let goal = if st.full_points {
                        format!("{} (điểm tối đa)", percent(st.rate))
                    } else {
                        percent(st.rate)
                    };
                    (
                        st.points_gain,
                        format!(
                            "chỉ số {} (hiện {}): thêm {} {} để đạt {goal}, được thêm {} điểm",
                            w.indicator,
                            percent(w.rate),
                            count(u64::from(st.more)),
                            w.success,
                            decimal(st.points_gain)
                        ),
                    )
                })
        })
        .collect();
    steps.sort_by(|a, b| b.0.total_cmp(&a.0));
    steps.into_iter().take(3).map(|(_, s)| s).collect()
}

/// One line of the list: the cells before the two the unit fills, which stay empty.
struct ListLine<'a> {
    id: &'a str,
    procedure: &'a str,
    received: Option<&'a str>,
    due: Option<&'a str>,
    ended: Option<&'a str>,
    standing: String,
    days_late: Option<i32>,
    /// Overdue: shown in red.
    overdue: bool,
}

impl ListLine<'_> {
    fn row(self, n: usize) -> TableRow {
        let days = self.days_late.map_or_else(
            || Cell::text(""),
            |d| Cell {
                text: d.to_string(),
                value: Some(f64::from(d)),
                percent: false,
                date: None,
            },
        );
        TableRow {
            cells: vec![
                Cell::count(n as u64),
                Cell::text(self.id),
                Cell::text(self.procedure),
                Cell::date(self.received),
                Cell::date(self.due),
                Cell::date(self.ended),
                Cell::text(self.standing),
                days,
                Cell::text(""),
                Cell::text(""),
            ],
            highlight: self.overdue,
            strong: false,
        }
    }
}

fn standing(d: &WarnedDossier, as_of: &str) -> String {
    match d.kind {
        WarningKind::OverdueNow => format!(
            "{} (tính đến {})",
            labels::warning_kind(d.kind),
            Date::parse_iso(as_of).map_or_else(String::new, |x| x.to_string())
        ),
        WarningKind::DueToday => labels::warning_kind(d.kind).to_string(),
        WarningKind::DueSoon => format!(
            "{} (còn {} ngày làm việc)",
            labels::warning_kind(d.kind),
            d.working_days_left.unwrap_or(0)
        ),
    }
}

/// What the packs of one run share.
struct Context<'a> {
    r: &'a Report,
    s: NoticeSettings,
    w: Wording,
    ew: Option<&'a EarlyWarning>,
    deadline: Date,
}

/// One unit's facts for its pack: its row of the report (none when only the warning names it),
/// the period's overdue dossiers, and those the warning adds.
struct Case<'a> {
    name: String,
    block: Block,
    row: Option<&'a UnitRow>,
    overdue: Vec<&'a OverdueDossier>,
    warned: Vec<&'a WarnedDossier>,
}

impl Context<'_> {
    fn reply_list(&self, c: &Case) -> ReplyList {
        let (r, ew, deadline, office, name) =
            (self.r, self.ew, self.deadline, &self.w.office, &c.name);
        let cols = [
            ("STT", 5),
            (ID_COLUMN, 16),
            ("Thủ tục", 30),
            ("Ngày tiếp nhận", 11),
            ("Ngày hẹn trả", 11),
            ("Ngày kết thúc", 11),
            ("Tình trạng", 18),
            ("Số ngày quá hạn", 8),
            (REASON_COLUMN, 30),
            (REMEDY_COLUMN, 30),
        ];
        let mut table = Table {
            columns: columns(&cols),
            rows: Vec::new(),
        };
        for d in &c.overdue {
            let state = labels::overdue_kind(d.kind);
            let line = ListLine {
                id: &d.id,
                procedure: &d.procedure,
                received: Some(&d.received),
                due: d.due.as_deref(),
                ended: d.ended.as_deref(),
                standing: state.to_string(),
                days_late: Some(d.days_late),
                overdue: true,
            };
            table.rows.push(line.row(table.rows.len() + 1));
        }
        let as_of = ew.map_or("", |w| w.as_of.as_str());
        for d in &c.warned {
            let late = (d.days_left < 0).then_some(-d.days_left);
            let line = ListLine {
                id: &d.id,
                procedure: &d.procedure,
                received: Some(&d.received),
                due: Some(&d.due),
                ended: None,
                standing: standing(d, as_of),
                days_late: late,
                overdue: d.kind == WarningKind::OverdueNow,
            };
            table.rows.push(line.row(table.rows.len() + 1));
        }
        let (from, to) = (
            Date::parse_iso(&r.period.from),
            Date::parse_iso(&r.period.to),
        );
        let mut lines = vec![
            format!("Đơn vị: {name}"),
            format!(
                "{PERIOD_LINE} {} đến ngày {}",
                from.map_or_else(String::new, |d| d.to_string()),
                to.map_or_else(String::new, |d| d.to_string())
            ),
        ];
        if let Some(w) = ew {
            lines.push(format!(
                "Hồ sơ sắp đến hạn tính đến ngày {} (trong {} ngày làm việc tới)",
                Date::parse_iso(&w.as_of).map_or_else(String::new, |d| d.to_string()),
                count(u64::from(w.working_days))
            ));
        }
        lines.push(format!(
            "Đề nghị ghi lý do quá hạn và biện pháp khắc phục của từng hồ sơ vào hai cột \
             «{REASON_COLUMN}», «{REMEDY_COLUMN}» (không sửa các cột khác), gửi lại {office} trước \
             ngày {deadline}."
        ));
        ReplyList {
            title: format!(
                "DANH SÁCH HỒ SƠ QUÁ HẠN, SẮP ĐẾN HẠN CỦA {} ({})",
                name.to_uppercase(),
                r.period.label.to_uppercase()
            ),
            lines,
            table,
            editable: vec![8, 9],
        }
    }

    /// The letter to one unit, in the notice's document model (header fields as the notice has
    /// them).
    fn letter(&self, c: &Case) -> Notice {
        let (r, s, w, ew, deadline) = (self.r, &self.s, &self.w, self.ew, self.deadline);
        let (name, block, u, warned) = (&c.name, c.block, c.row, &c.warned);
        let overdue = c.overdue.len() as u64;
        let label = &r.period.label;
        let mut body = vec![
            para(vec![t(format!("Kính gửi: {name}."))]),
            para(vec![t(format!(
                "Căn cứ kết quả theo dõi Bộ chỉ số 766 {label}, {} thông báo kết quả của đơn vị \
                 (khối {}) so với khối và toàn {} như sau:",
                w.office,
                block_label(block, w),
                w.level
            ))]),
            Part::Table {
                table: figures(r, u, block, w),
            },
        ];
        let steps = what_if(u);
        if !steps.is_empty() {
            let mut runs = vec![t("Để cải thiện điểm, đơn vị cần: ")];
            runs.push(t(steps.join("; ")));
            runs.push(t("."));
            body.push(para(runs));
        }
        let due_soon = warned
            .iter()
            .filter(|d| d.kind != WarningKind::OverdueNow)
            .count() as u64;
        let overdue_now = warned
            .iter()
            .filter(|d| d.kind == WarningKind::OverdueNow)
            .count() as u64;
        let mut runs = vec![];
        if overdue > 0 {
            runs.extend([
                t(format!("{}, đơn vị có ", super::notice::capitalise(label))),
                b(count(overdue)),
                t(" hồ sơ quá hạn xử lý"),
            ]);
        } else {
            runs.push(t(format!(
                "{}, đơn vị không có hồ sơ quá hạn xử lý",
                super::notice::capitalise(label)
            )));
        }
        if let Some(e) = ew {
            let day = Date::parse_iso(&e.as_of).map_or_else(String::new, |d| d.to_string());
            let horizon = Date::parse_iso(&e.horizon).map_or_else(String::new, |d| d.to_string());
            if due_soon > 0 {
                runs.extend([
                    t(format!("; tính đến ngày {day} có ")),
                    b(count(due_soon)),
                    t(format!(
                        " hồ sơ đến hạn hoặc sắp đến hạn (đến ngày {horizon})"
                    )),
                ]);
            } else {
                runs.push(t(format!(
                    "; tính đến ngày {day} không có hồ sơ nào khác đến hạn hoặc sắp đến hạn (đến \
                     ngày {horizon})"
                )));
            }
            if overdue_now > 0 {
                runs.extend([
                    t(" và "),
                    b(count(overdue_now)),
                    t(" hồ sơ khác đang quá hạn"),
                ]);
            }
        }
        let listed = overdue + due_soon + overdue_now;
        runs.push(t(if listed > 0 {
            ". Danh sách hồ sơ tại tệp Excel kèm theo."
        } else {
            "."
        }));
        body.push(para(runs));
        let deadline_text = deadline.to_string();
        let ask = if listed > 0 {
            vec![
                t(format!(
                    "Đề nghị đơn vị ghi rõ lý do quá hạn, biện pháp khắc phục của từng hồ sơ vào \
                     hai cột «{REASON_COLUMN}», «{REMEDY_COLUMN}» của tệp Excel kèm theo (không \
                     sửa các cột khác), giải quyết dứt điểm các hồ sơ đến hạn, sắp đến hạn và gửi \
                     lại tệp về {} trước ngày ",
                    w.office
                )),
                b(deadline_text),
                t("."),
            ]
        } else {
            vec![
                t(format!(
                    "Đề nghị đơn vị có giải pháp nâng các chỉ số chưa đạt ngưỡng và báo cáo kết \
                     quả về {} trước ngày ",
                    w.office
                )),
                b(deadline_text),
                t("."),
            ]
        };
        body.push(para(ask));
        if u.and_then(|u| u.scores.as_ref()).is_some_and(|s| s.partial) || r.scores.computed.partial
        {
            body.push(para(vec![i(
                "(* Điểm một phần: có chỉ số chưa có dữ liệu, xem «Cách tính».)",
            )]));
        }
        let n = &r.notice;
        Notice {
            parent_body: n.parent_body.clone(),
            issuing_body: n.issuing_body.clone(),
            number: format!("Số:      {}", s.letter_number),
            excerpt: format!("V/v kết quả chỉ số 766 {label} và giải trình hồ sơ quá hạn"),
            place_date: n.place_date.clone(),
            title: String::new(),
            subject: String::new(),
            body,
            regards: "Trân trọng./.".into(),
            recipients: vec![
                "Như trên;".into(),
                s.recipients
                    .last()
                    .cloned()
                    .unwrap_or_else(|| "Lưu: VT.".into()),
            ],
            signer_title: n.signer_title.clone(),
            signer_name: n.signer_name.clone(),
        }
    }
}

/// Every unit's pack, block by block and by name as the notice lists units. `r` must have its
/// overdue dossiers listed ([`Report::list_overdue`]).
pub fn build(r: &Report, ew: Option<&EarlyWarning>, settings: &NoticeSettings) -> Packs {
    let s = settings.resolved();
    let w = s.wording();
    let deadline = Date::parse_iso(&r.period.to).map_or_else(|| Date(0), |to| s.reply_deadline(to));
    let cx = Context {
        r,
        s,
        w,
        ew,
        deadline,
    };
    // Units of the period, and units only the warning names (nothing handled in the period).
    let mut candidates: Vec<(usize, String, Block)> = r
        .units
        .iter()
        .map(|u| (u.index, u.name.clone(), u.block))
        .collect();
    for wu in ew.map_or(&[][..], |e| &e.units[..]) {
        if !candidates.iter().any(|c| c.0 == wu.index) {
            candidates.push((wu.index, wu.name.clone(), wu.block));
        }
    }
    candidates.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.1.cmp(&b.1)));
    let mut chosen = Vec::new();
    for (index, name, block) in candidates {
        let row = r.units.iter().find(|u| u.index == index);
        let overdue: Vec<&OverdueDossier> = r
            .overdue_dossiers
            .iter()
            .filter(|d| d.unit == index)
            .collect();
        // The warning's dossiers the period's list does not already name.
        let warned: Vec<&WarnedDossier> = ew.map_or_else(Vec::new, |e| {
            e.dossiers
                .iter()
                .filter(|d| d.unit == index && !overdue.iter().any(|o| o.id == d.id))
                .collect()
        });
        let mut reasons = Vec::new();
        if !overdue.is_empty() || warned.iter().any(|d| d.kind == WarningKind::OverdueNow) {
            reasons.push(PackReason::Overdue);
        }
        if warned.iter().any(|d| d.kind != WarningKind::OverdueNow) {
            reasons.push(PackReason::DueSoon);
        }
        if row
            .and_then(|u| u.digitization_rate)
            .is_some_and(|x| x < r.digitization.threshold)
        {
            reasons.push(PackReason::Digitization);
        }
        if row
            .and_then(|u| u.online_payment_rate)
            .is_some_and(|x| x < r.online_payment.below.threshold)
        {
            reasons.push(PackReason::OnlinePayment);
        }
        if !reasons.is_empty() {
            chosen.push((
                index,
                reasons,
                Case {
                    name,
                    block,
                    row,
                    overdue,
                    warned,
                },
            ));
        }
    }
    let width = chosen.len().to_string().len().max(2);
    let packs: Vec<UnitPack> = chosen
        .into_iter()
        .enumerate()
        .map(|(n, (index, reasons, case))| {
            let stem = file_stem(n + 1, width, &case.name);
            let now = case
                .warned
                .iter()
                .filter(|d| d.kind == WarningKind::OverdueNow)
                .count() as u32;
            UnitPack {
                unit: index,
                overdue: case.overdue.len() as u32 + now,
                due_soon: case.warned.len() as u32 - now,
                reasons,
                letter_file: format!("{stem}.docx"),
                list_file: format!("{stem}.xlsx"),
                letter: cx.letter(&case),
                list: cx.reply_list(&case),
                name: case.name,
                block: case.block,
            }
        })
        .collect();
    let index = index_table(&packs, &cx.w);
    Packs {
        as_of: ew.map(|w| w.as_of.clone()).unwrap_or_default(),
        packs,
        index_file: INDEX_FILE,
        index,
    }
}

fn index_table(packs: &[UnitPack], w: &Wording) -> Table {
    let cols = [
        ("STT", 5),
        ("Đơn vị", 30),
        ("Khối", 15),
        ("Nội dung", 30),
        ("Hồ sơ quá hạn", 8),
        ("Hồ sơ đến hạn, sắp đến hạn", 8),
        ("Công văn", 25),
        ("Danh sách hồ sơ", 25),
    ];
    let rows = packs
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let what: Vec<&str> = p.reasons.iter().map(|r| labels::pack_reason(*r)).collect();
            TableRow {
                cells: vec![
                    Cell::count(n as u64 + 1),
                    Cell::text(&p.name),
                    Cell::text(block_label(p.block, w)),
                    Cell::text(what.join("; ")),
                    Cell::count(u64::from(p.overdue)),
                    Cell::count(u64::from(p.due_soon)),
                    Cell::text(&p.letter_file),
                    Cell::text(&p.list_file),
                ],
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_folded_ascii_and_numbered() {
        assert_eq!(file_stem(3, 2, "UBND xã Tân Lập"), "03-ubnd-xa-tan-lap");
        assert_eq!(
            file_stem(12, 3, "Chi nhánh Văn phòng đăng ký đất đai Đồng Phú"),
            "012-chi-nhanh-van-phong-dang-ky-dat-dai-dong-phu"
        );
        assert_eq!(
            file_stem(1, 2, "Sở Lao động - Thương binh và Xã hội / CON: <*>?"),
            "01-so-lao-dong-thuong-binh-va-xa-hoi-con"
        );
        assert_eq!(file_stem(1, 2, "???"), "01-don-vi");
        assert!(file_stem(1, 2, &"Rất dài ".repeat(30)).len() <= 63);
    }
}
