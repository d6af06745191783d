//! The notice draft (outputs.md; the seed `thong-bao-766-thang-05-2024.md`): header block, sections
//! I.1–I.5 and II in the seed's structure and wording, closing and "Nơi nhận", as a small
//! document model that the text, the page's editable preview and the .docx all render.
//!
//! Every figure comes from the report; a figure without data is a visible placeholder, never an
//! invented number. A figure carries the id of the table on the page that shows the rows behind it.

use super::format::{count, decimal, percent, thousands};
use super::Report;
use crate::model::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const NO_DATA: &str = "[chưa có dữ liệu]";

/// The header fields and choices of the notice, remembered on the user's machine (the page) or
/// read from `--settings FILE` (the command line). Empty fields are derived or left as blanks to
/// fill by hand, as the seed leaves its number and day blank.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct NoticeSettings {
    /// "UBND TỈNH BÌNH PHƯỚC"; empty: from the province's name.
    pub parent_body: String,
    pub issuing_body: String,
    /// "/TB-VPUBND": the number is written by hand before it.
    pub number: String,
    /// "Bình Phước"; empty: from the province's name.
    pub place: String,
    /// ISO date of issue; empty: "ngày … tháng M năm Y" left to fill.
    pub date: String,
    pub signer_title: String,
    pub signer_name: String,
    pub recipients: Vec<String>,
    /// ISO date by which units report back (section II); empty: the period's end plus
    /// `reply_days` [D: the seed asks by 11/6 for May].
    pub reply_deadline: String,
    pub reply_days: i32,
    /// Who issues the notice: the province's office (default) or a district's (issue #24): the
    /// wording, the block phrases and the empty header fields follow it.
    pub scope: Scope,
    /// The district (or province) by name with its level: "huyện Đồng Phú", "thị xã Bình Long".
    /// Empty: the province's name from the scoreboard or `--province`.
    pub area: String,
    /// The number of the letters to each unit (công văn): "/VPUBND-KSTTHC".
    pub letter_number: String,
}

/// The level of the office that issues the notice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Văn phòng UBND tỉnh, for the province's agencies, districts and communes.
    #[default]
    #[serde(alias = "province")]
    Tinh,
    /// Văn phòng HĐND và UBND huyện (thị xã, thành phố), for the district's offices and its
    /// communes.
    #[serde(alias = "district")]
    Huyen,
}

/// The words that change with the issuing office's level.
#[derive(Clone, Debug, PartialEq)]
pub struct Wording {
    pub scope: Scope,
    /// "tỉnh", "huyện", "thị xã", "thành phố", "quận".
    pub level: String,
    /// "Văn phòng UBND tỉnh", "Văn phòng HĐND và UBND huyện".
    pub office: String,
    /// Whose results the notice gives: "các sở, ngành, địa phương".
    pub addressees: String,
    /// Whom section II asks: "các cơ quan, đơn vị và địa phương".
    pub concerned: String,
}

const PROVINCE_RECIPIENTS: [&str; 6] = [
    "CT, các PCT UBND tỉnh;",
    "Các sở, ban, ngành;",
    "UBND các huyện, thị xã, thành phố;",
    "Sở Nội vụ (Ban TĐKT tỉnh);",
    "LĐVP; Trung tâm, Cổng thông tin điện tử tỉnh;",
    "Lưu: VT, P.KSTTHC.",
];

/// A district's level word and name: "thị xã Bình Long" → ("thị xã", "Bình Long"); without a
/// level word, "huyện".
fn district_level(area: &str) -> (&'static str, String) {
    let folded = crate::text::fold_words(area);
    let (level, words) = [
        ("thi xa", "thị xã", 2),
        ("thanh pho", "thành phố", 2),
        ("huyen", "huyện", 1),
        ("quan", "quận", 1),
    ]
    .iter()
    .find(|(f, _, _)| folded == *f || folded.starts_with(&format!("{f} ")))
    .map_or(("huyện", 0), |(_, l, n)| (*l, *n));
    (
        level,
        area.split_whitespace()
            .skip(words)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

impl Default for NoticeSettings {
    fn default() -> Self {
        NoticeSettings {
            parent_body: String::new(),
            issuing_body: "VĂN PHÒNG".into(),
            number: "/TB-VPUBND".into(),
            place: String::new(),
            date: String::new(),
            signer_title: "CHÁNH VĂN PHÒNG".into(),
            signer_name: String::new(),
            recipients: PROVINCE_RECIPIENTS.map(String::from).to_vec(),
            reply_deadline: String::new(),
            reply_days: 11,
            scope: Scope::Tinh,
            area: String::new(),
            letter_number: "/VPUBND-KSTTHC".into(),
        }
    }
}

impl NoticeSettings {
    pub fn from_json(text: &str) -> Result<NoticeSettings, crate::messages::Text> {
        serde_json::from_str(text).map_err(|e| crate::messages::bad_settings(&e.to_string()))
    }

    pub fn wording(&self) -> Wording {
        match self.scope {
            Scope::Tinh => Wording {
                scope: Scope::Tinh,
                level: "tỉnh".into(),
                office: "Văn phòng UBND tỉnh".into(),
                addressees: "các sở, ngành, địa phương".into(),
                concerned: "các cơ quan, đơn vị và địa phương".into(),
            },
            Scope::Huyen => {
                let (level, _) = district_level(&self.area);
                Wording {
                    scope: Scope::Huyen,
                    level: level.into(),
                    office: format!("Văn phòng HĐND và UBND {level}"),
                    addressees: format!(
                        "các cơ quan, đơn vị thuộc UBND {level} và UBND các xã, phường, thị trấn"
                    ),
                    concerned: "các cơ quan, đơn vị và UBND các xã, phường, thị trấn".into(),
                }
            }
        }
    }

    /// The settings with a district's header fields where the province's defaults stand (the
    /// settings file or page left them as they were).
    pub fn resolved(&self) -> NoticeSettings {
        let mut s = self.clone();
        if s.scope == Scope::Tinh {
            return s;
        }
        let province = NoticeSettings::default();
        let (level, name) = district_level(&s.area);
        let name = if name.is_empty() {
            "……".to_string()
        } else {
            name
        };
        if s.parent_body.trim().is_empty() {
            s.parent_body = format!("UBND {} {}", level.to_uppercase(), name.to_uppercase());
        }
        if s.issuing_body == province.issuing_body {
            s.issuing_body = "VĂN PHÒNG HĐND VÀ UBND".into();
        }
        if s.number == province.number {
            s.number = "/TB-VP".into();
        }
        if s.letter_number == province.letter_number {
            s.letter_number = "/VP".into();
        }
        if s.place.trim().is_empty() {
            s.place = name;
        }
        if s.recipients == province.recipients {
            s.recipients = [
                format!("TT. HĐND {level};"),
                format!("CT, các PCT UBND {level};"),
                format!("Các cơ quan, đơn vị thuộc UBND {level};"),
                "UBND các xã, phường, thị trấn;".to_string(),
                "Lưu: VT.".to_string(),
            ]
            .to_vec();
        }
        s
    }

    /// The day units report back by (section II, the letters): the setting, else the period's
    /// last day plus `reply_days`.
    pub fn reply_deadline(&self, period_to: Date) -> Date {
        Date::parse_iso(&self.reply_deadline).unwrap_or_else(|| period_to.add_days(self.reply_days))
    }
}

/// A stretch of text; figures are bold and may link to the table behind them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Run {
    pub text: String,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub italic: bool,
    /// The id of the page element that shows the rows behind this figure.
    #[serde(default)]
    pub link: Option<String>,
    /// A placeholder for data that is not loaded.
    #[serde(default)]
    pub missing: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "NoticeBlock"))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Heading { text: String },
    Paragraph { runs: Vec<Run> },
    Table { table: Table },
}

/// A table of the notice or of an appendix: cells as shown, with their value for spreadsheets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<TableRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Column {
    pub title: String,
    /// Relative width (sum over the columns = the page width).
    pub width: u16,
}

/// A table's columns from their titles and relative widths, as every table of the notice, its
/// appendices and the units' letters lists them.
pub fn columns(list: &[(&str, u16)]) -> Vec<Column> {
    list.iter()
        .map(|(t, w)| Column {
            title: t.to_string(),
            width: *w,
        })
        .collect()
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TableRow {
    pub cells: Vec<Cell>,
    /// Below a threshold, late: shown in red.
    #[serde(default)]
    pub highlight: bool,
    /// A group or total line: bold.
    #[serde(default)]
    pub strong: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Cell {
    pub text: String,
    /// The number behind the text, for spreadsheets; `percent` says it is a rate 0..1.
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub percent: bool,
    /// The date behind the text (ISO), for spreadsheets.
    #[serde(default)]
    pub date: Option<String>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            value: None,
            percent: false,
            date: None,
        }
    }
    pub fn count(n: u64) -> Cell {
        Cell {
            text: thousands(n),
            value: Some(n as f64),
            percent: false,
            date: None,
        }
    }
    pub fn decimal(x: f64) -> Cell {
        Cell {
            text: decimal(x),
            value: Some(x),
            percent: false,
            date: None,
        }
    }
    pub fn rate(r: Option<f64>) -> Cell {
        match r {
            Some(r) => Cell {
                text: percent(r),
                value: Some(r),
                percent: true,
                date: None,
            },
            None => Cell::text("—"),
        }
    }
    /// A date (ISO or the report's dd/mm/yyyy in), shown dd/mm/yyyy; empty when there is none.
    pub fn date(iso: Option<&str>) -> Cell {
        match iso.and_then(|s| Date::parse_iso(s).or_else(|| parse_dmy(s))) {
            Some(d) => Cell {
                text: d.to_string(),
                value: None,
                percent: false,
                date: Some(d.iso()),
            },
            None => Cell::text(""),
        }
    }
}

/// `dd/mm/yyyy`, as `overdue_dossiers[]` writes its dates.
pub(crate) fn parse_dmy(s: &str) -> Option<Date> {
    let mut parts = s.trim().splitn(3, '/');
    let d = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let y = parts.next()?.parse().ok()?;
    Date::from_ymd(y, m, d)
}

/// The whole draft: header block, title, body, closing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Notice {
    pub parent_body: String,
    pub issuing_body: String,
    pub number: String,
    /// A letter's (công văn) summary line under its number, "V/v …"; a notice has none.
    #[serde(default)]
    pub excerpt: String,
    pub place_date: String,
    /// "THÔNG BÁO"; a letter has no title (Nghị định 30/2020: công văn).
    pub title: String,
    pub subject: String,
    pub body: Vec<Block>,
    pub regards: String,
    pub recipients: Vec<String>,
    pub signer_title: String,
    pub signer_name: String,
}

pub const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// Builds paragraphs run by run.
#[derive(Default)]
struct Para(Vec<Run>);

impl Para {
    fn t(mut self, s: impl Into<String>) -> Self {
        self.0.push(Run {
            text: s.into(),
            bold: false,
            italic: false,
            link: None,
            missing: false,
        });
        self
    }
    fn i(mut self, s: impl Into<String>) -> Self {
        self.0.push(Run {
            text: s.into(),
            bold: false,
            italic: true,
            link: None,
            missing: false,
        });
        self
    }
    /// A figure: bold, linked to the table behind it.
    fn f(mut self, s: impl Into<String>, link: &str) -> Self {
        self.0.push(Run {
            text: s.into(),
            bold: true,
            italic: false,
            link: Some(link.into()),
            missing: false,
        });
        self
    }
    /// A figure that may be missing: the placeholder is marked as such.
    fn fo(self, v: Option<String>, link: &str) -> Self {
        match v {
            Some(s) => self.f(s, link),
            None => self.missing(NO_DATA),
        }
    }
    fn missing(mut self, s: &str) -> Self {
        self.0.push(Run {
            text: s.into(),
            bold: true,
            italic: false,
            link: None,
            missing: true,
        });
        self
    }
    fn block(self) -> Block {
        Block::Paragraph { runs: self.0 }
    }
}

fn heading(s: impl Into<String>) -> Block {
    Block::Heading { text: s.into() }
}

/// `dd/mm/yyyy` (outputs.md).
fn vi_date(iso: &str) -> Option<String> {
    Date::parse_iso(iso).map(|d| d.to_string())
}

/// "cấp tỉnh có 03 đơn vị; cấp huyện, xã có 24 đơn vị; Chi nhánh … có 03 đơn vị" (the seed
/// counts huyện and xã together).
fn by_block(counts: &BTreeMap<&'static str, usize>, w: &Wording) -> String {
    let get = |k: &str| counts.get(k).copied().unwrap_or(0) as u64;
    // Blocks without a unit are left out: "cấp tỉnh có 0 đơn vị" reads oddly. A district's notice
    // names its offices and its communes apart.
    let list = match w.scope {
        Scope::Tinh => [
            ("cấp tỉnh", get("tinh")),
            ("cấp huyện, xã", get("huyen") + get("xa")),
            ("Chi nhánh Văn phòng đăng ký đất đai", get("chi_nhanh")),
            ("chưa xác định khối", get("khong_xac_dinh")),
        ],
        Scope::Huyen => [
            ("cơ quan, đơn vị cấp huyện", get("tinh") + get("huyen")),
            ("cấp xã", get("xa")),
            ("Chi nhánh Văn phòng đăng ký đất đai", get("chi_nhanh")),
            ("chưa xác định khối", get("khong_xac_dinh")),
        ],
    };
    list.iter()
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| format!("{label} có {} đơn vị", count(*n)))
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The province's name for "UBND TỈNH …" and the place line, from the scoreboard row or what the
/// user typed, without "Tỉnh".
fn province_name(r: &Report, typed: Option<&str>) -> Option<String> {
    let name = r
        .national
        .as_ref()
        .map(|n| n.name.clone())
        .or_else(|| typed.map(str::to_string))?;
    let trimmed = name.trim();
    let lower = crate::text::fold_words(trimmed);
    let cut = ["tinh ", "thanh pho ", "tp "]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map_or(0, |p| {
            // Skip as many words as the prefix has.
            trimmed
                .split_whitespace()
                .take(p.split_whitespace().count())
                .map(|w| w.len() + 1)
                .sum()
        });
    Some(trimmed[cut.min(trimmed.len())..].trim().to_string()).filter(|s| !s.is_empty())
}

pub fn build(r: &Report, settings: &NoticeSettings, province: Option<&str>) -> Notice {
    let resolved = settings.resolved();
    let settings = &resolved;
    let w = settings.wording();
    let label = &r.period.label;
    let (y, m, _) = Date::parse_iso(&r.period.to).map_or((0, 0, 0), Date::ymd);
    let province = province_name(r, province);
    let parent_body = if settings.parent_body.trim().is_empty() {
        province.as_ref().map_or_else(
            || "UBND TỈNH ……".to_string(),
            |p| format!("UBND TỈNH {}", p.to_uppercase()),
        )
    } else {
        settings.parent_body.clone()
    };
    let place = if settings.place.trim().is_empty() {
        province.clone().unwrap_or_else(|| "……".into())
    } else {
        settings.place.clone()
    };
    let place_date = match Date::parse_iso(&settings.date) {
        Some(d) => {
            let (dy, dm, dd) = d.ymd();
            // Nghị định 30/2020: a leading zero for days under 10 and for months 1 and 2 only.
            let month = if dm <= 2 {
                format!("{dm:02}")
            } else {
                dm.to_string()
            };
            format!("{place}, ngày {dd:02} tháng {month} năm {dy}")
        }
        None => format!("{place}, ngày      tháng {m} năm {y}"),
    };
    let mut body = Vec::new();
    body.push(
        Para::default()
            .t(
                "Căn cứ Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ phê duyệt \
                 Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh \
                 nghiệp trong thực hiện TTHC, cung cấp Dịch vụ công;",
            )
            .block(),
    );
    body.push(
        Para::default()
            .t(format!(
                "Qua rà soát, tổng hợp thống kê trên Cổng dịch vụ công quốc gia và Cổng dịch vụ \
                 công tỉnh, {} thông báo kết quả tổ chức thực hiện các chỉ số cải cách TTHC \
                 {label} của {} như sau:",
                w.office, w.addressees
            ))
            .block(),
    );
    body.push(heading("I. Về kết quả đạt được"));
    section_1(r, &mut body);
    section_2(r, &w, &mut body);
    section_3(r, &w, &mut body);
    section_4(r, &w, &mut body);
    section_5(r, &mut body);
    section_ii(r, settings, &w, &mut body);
    Notice {
        parent_body,
        issuing_body: settings.issuing_body.clone(),
        number: format!("Số:      {}", settings.number),
        excerpt: String::new(),
        place_date,
        title: "THÔNG BÁO".into(),
        subject: format!(
            "Về chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp \
             trong thực hiện TTHC cung cấp Dịch vụ công {label}"
        ),
        body,
        regards: "Trân trọng./.".into(),
        recipients: settings.recipients.clone(),
        signer_title: settings.signer_title.clone(),
        signer_name: settings.signer_name.clone(),
    }
}

fn pct(rate: Option<f64>) -> Option<String> {
    rate.map(percent)
}

fn section_1(r: &Report, body: &mut Vec<Block>) {
    let p = &r.province;
    body.push(heading(
        "1. Tỷ lệ (%) kết quả xử lý hồ sơ nộp trực tuyến trên Cổng DVCQG",
    ));
    let Some(rc) = &r.reconciliation else {
        // One source (the provincial portal) until a DVCQG export is loaded for reconciliation.
        // The seed's order: the national figure, the provincial one in brackets.
        body.push(
            Para::default()
                .t("Kết quả hồ sơ xử lý đúng hạn đạt ")
                .missing("[chưa có dữ liệu Cổng DVCQG]")
                .t(" (DVC tỉnh đạt ")
                .fo(pct(p.online_on_time_rate), "cards")
                .t(format!(
                    ", tính trên {} hồ sơ trực tuyến đã xử lý); hồ sơ trễ hạn chiếm tỷ lệ ",
                    count(u64::from(p.online_completed))
                ))
                .missing("[chưa có dữ liệu Cổng DVCQG]")
                .t(" (DVC tỉnh: ")
                .fo(pct(p.online_late_rate), "cards")
                .t(").")
                .block(),
        );
        return;
    };
    // As the seed: the national figure first, the provincial one in brackets.
    let national = rc.national.online_on_time_rate;
    body.push(
        Para::default()
            .t("Kết quả hồ sơ xử lý đúng hạn đạt ")
            .fo(pct(national), "reconciliation")
            .t(" (DVC tỉnh đạt ")
            .fo(pct(rc.provincial.online_on_time_rate), "cards")
            .t("); hồ sơ trễ hạn chiếm tỷ lệ ")
            .fo(pct(national.map(|x| 1.0 - x)), "reconciliation")
            .t(".")
            .block(),
    );
    if rc.only_in_provincial + rc.only_in_national + rc.differing > 0 {
        let f = &rc.by_field;
        let mut kinds = Vec::new();
        for (n, what) in [
            (f.status, "trạng thái"),
            (f.finish_date, "ngày kết thúc xử lý"),
            (f.on_time, "kết quả đúng hạn/trễ hạn"),
            (f.channel, "kênh nộp"),
            (f.paid_online, "thanh toán trực tuyến"),
        ] {
            if n > 0 {
                kinds.push(format!("{what} {}", count(u64::from(n))));
            }
        }
        body.push(
            Para::default()
                .i("(Qua kiểm tra đối chiếu về dữ liệu tiến độ xử lý hồ sơ trực tuyến của Cổng DVC \
                    tỉnh chưa đồng bộ, thống nhất với Cổng DVCQG: ")
                .f(count(u64::from(rc.only_in_provincial)), "reconciliation")
                .i(" hồ sơ chỉ có trên Cổng DVC tỉnh, ")
                .f(count(u64::from(rc.only_in_national)), "reconciliation")
                .i(" hồ sơ chỉ có trên Cổng DVCQG, ")
                .f(count(u64::from(rc.differing)), "reconciliation")
                .i(format!(" hồ sơ lệch dữ liệu ({})", kinds.join(", ")))
                .i(
                    match rc
                        .gaps
                        .iter()
                        .find(|g| g.figure == super::reconcile::GapFigure::OnlineOnTimeRate)
                    {
                        Some(g) if g.only_in_provincial + g.only_in_national + g.differing > 0 => {
                            format!(
                                "; chênh lệch tỷ lệ đúng hạn hồ sơ trực tuyến do {} hồ sơ: {}{}",
                                count(u64::from(
                                    g.only_in_provincial + g.only_in_national + g.differing
                                )),
                                g.ids
                                    .iter()
                                    .take(10)
                                    .cloned()
                                    .collect::<Vec<_>>()
                                    .join(", "),
                                if g.ids.len() > 10 { ", …" } else { "" }
                            )
                        }
                        _ => String::new(),
                    },
                )
                .i("; danh sách tại Phụ lục hồ sơ chưa đồng bộ).")
                .block(),
        );
    }
}

fn section_2(r: &Report, w: &Wording, body: &mut Vec<Block>) {
    body.push(heading(
        "2. Về kết quả thực hiện bộ chỉ số theo Quyết định 766/QĐ-TTg của Thủ tướng Chính phủ (do \
         Cổng DVCQG đánh giá)",
    ));
    let n = r.national.as_ref();
    let c = &r.scores.computed;
    let col = match n.and_then(|n| n.period.clone()) {
        Some(p) => format!("Tính đến tháng {}", p.trim_start_matches('0')),
        None => format!("Ước tính {} từ dữ liệu của {}", r.period.label, w.level),
    };
    let mut table = Table {
        columns: vec![
            Column {
                title: "Stt".into(),
                width: 13,
            },
            Column {
                title: "Nhóm chỉ số".into(),
                width: 57,
            },
            Column {
                title: format!("Tỷ lệ/Điểm ({col})"),
                width: 30,
            },
        ],
        rows: Vec::new(),
    };
    for g in &c.groups {
        let national = n
            .and_then(|n| n.groups.iter().find(|x| x.id == g.id))
            .and_then(|x| x.points);
        let points = match national {
            Some(p) => format!("{}/{}", decimal(p), decimal(g.max)),
            None => format!(
                "{}/{}{}",
                decimal(g.points),
                decimal(g.max),
                if g.partial {
                    " (ước tính, một phần)"
                } else {
                    " (ước tính)"
                }
            ),
        };
        table.rows.push(TableRow {
            cells: vec![
                Cell::text(&g.id),
                Cell::text(&g.label),
                Cell {
                    text: points,
                    value: national.or(Some(g.points)),
                    percent: false,
                    date: None,
                },
            ],
            highlight: false,
            strong: true,
        });
        for i in g.indicators.iter().filter(|i| i.max > 0.0) {
            let shown = match (i.applies, i.rate) {
                (_, Some(rate)) => Cell::rate(Some(rate)),
                _ if i.points.is_none() => Cell::text("chưa có dữ liệu"),
                _ => Cell::text("—"),
            };
            table.rows.push(TableRow {
                cells: vec![Cell::text(&i.id), Cell::text(&i.label), shown],
                highlight: false,
                strong: false,
            });
        }
    }
    let total = match n {
        Some(n) => format!(
            "{}/{} Xếp hạng: {}/{}",
            decimal(n.total),
            decimal(n.max),
            n.rank,
            n.of
        ),
        None => format!(
            "{}/{} (ước tính{}) Xếp hạng: {NO_DATA}",
            decimal(c.total),
            decimal(if c.partial { c.max_computed } else { c.max }),
            if c.partial { ", một phần" } else { "" }
        ),
    };
    table.rows.push(TableRow {
        cells: vec![
            Cell::text("Tổng hợp"),
            Cell::text(""),
            Cell {
                text: total,
                value: Some(n.map_or(c.total, |n| n.total)),
                percent: false,
                date: None,
            },
        ],
        highlight: false,
        strong: true,
    });
    body.push(Block::Table { table });
    body.push(
        Para::default()
            .i(match n {
                Some(n) => format!(
                    "(Điểm nhóm và tổng điểm theo bảng điểm Cổng DVCQG{}; tỷ lệ từng chỉ số tính \
                     từ dữ liệu của {})",
                    n.period
                        .as_ref()
                        .map(|p| format!(" tháng {}", p.trim_start_matches('0')))
                        .unwrap_or_default(),
                    w.level
                ),
                None => format!(
                    "(Chưa có bảng điểm của Cổng DVCQG: điểm trong bảng là ước tính từ dữ liệu của \
                     {})",
                    w.level
                ),
            })
            .block(),
    );
    let mut para = Para::default().t("Qua số liệu thống kê cho thấy, ");
    para = match n {
        Some(n) => match (n.previous_rank, &n.previous_period) {
            (Some(prev), Some(pp)) => {
                let moved = match prev.cmp(&n.rank) {
                    std::cmp::Ordering::Greater => "tăng",
                    std::cmp::Ordering::Less => "giảm",
                    std::cmp::Ordering::Equal => "giữ nguyên",
                };
                let para = para
                    .t(format!(
                        "vị trí xếp hạng của {} {moved} từ vị trí ",
                        w.level
                    ))
                    .f(
                        format!("{prev}/{}", n.previous_of.unwrap_or(n.of)),
                        "national",
                    )
                    .t(format!(" (tháng {}) ", pp.trim_start_matches('0')));
                let para = para.t(match moved {
                    "tăng" => "lên vị trí ",
                    "giảm" => "xuống vị trí ",
                    _ => "ở vị trí ",
                });
                para.f(format!("{}/{}", n.rank, n.of), "national")
                    .t(format!(
                        ", tổng điểm {} {} điểm.",
                        if n.total_change.unwrap_or(0.0) >= 0.0 {
                            "tăng"
                        } else {
                            "giảm"
                        },
                        decimal(n.total_change.unwrap_or(0.0).abs())
                    ))
            }
            _ => para
                .t(format!("{} xếp vị trí ", w.level))
                .f(format!("{}/{}", n.rank, n.of), "national")
                .t(" (chưa có bảng điểm kỳ trước để so sánh)."),
        },
        None => para
            .t(format!("vị trí xếp hạng của {}: ", w.level))
            .missing("[chưa có bảng điểm Cổng DVCQG]")
            .t("."),
    };
    // A rank among fewer provinces than the board lists, or than last month's board ranked, is
    // said in the notice itself.
    if let Some(n) = n.filter(|n| !n.unscored.is_empty()) {
        para = para.t(format!(
            " (bảng điểm có {} tỉnh/đơn vị chưa có tổng điểm: {}; hạng tính trong các tỉnh/đơn vị \
             có điểm)",
            n.unscored.len(),
            n.unscored.join(", ")
        ));
    }
    if let Some((of, before)) =
        n.and_then(|n| n.previous_of.filter(|&p| p > n.of).map(|p| (n.of, p)))
    {
        para = para.t(format!(
            " (bảng điểm tháng này có {of} tỉnh/đơn vị, tháng trước có {before})"
        ));
    }
    body.push(
        para.t(" (Kèm theo Phụ lục theo dõi Chỉ số 766 của các đơn vị, địa phương)")
            .block(),
    );
}

fn section_3(r: &Report, w: &Wording, body: &mut Vec<Block>) {
    let reached = format!("{} đạt tỷ lệ ", capitalise(&w.level));
    let p = &r.province;
    body.push(heading(
        "3. Về kết quả khắc phục đối với 02 chỉ số thành phần (chỉ số số hóa hồ sơ thủ tục hành \
         chính và chỉ số thanh toán trực tuyến)",
    ));
    body.push(
        Para::default()
            .t("Qua thống kê dữ liệu từ Cổng DVC tỉnh, kết quả như sau.")
            .block(),
    );
    let d = &r.digitization;
    // "(tháng 4/2024: 65,2%)" after a rate, when the previous period is loaded.
    let before = |pick: fn(&super::compare::Change) -> [Option<f64>; 2]| -> String {
        r.comparison
            .as_ref()
            .and_then(|c| {
                pick(&c.province)[0].map(|x| format!(" ({}: {})", c.previous_label, percent(x)))
            })
            .unwrap_or_default()
    };
    let d_before = before(|c| c.digitization_rate);
    let p_before = before(|c| c.online_payment_rate);
    body.push(match p.digitization_rate {
        Some(rate) if d.units_below == 0 => Para::default()
            .t(format!(
                "- Đối với chỉ số số hóa hồ sơ thủ tục hành chính. {reached}"
            ))
            .f(percent(rate), "appendix-digitization")
            .t(format!(
                "{d_before}. Không có đơn vị nào đạt tỷ lệ dưới {}.",
                percent(d.threshold)
            ))
            .block(),
        Some(rate) => Para::default()
            .t(format!(
                "- Đối với chỉ số số hóa hồ sơ thủ tục hành chính. {reached}"
            ))
            .f(percent(rate), "appendix-digitization")
            .t(format!("{d_before}. Trong đó có "))
            .f(count(d.units_below as u64), "appendix-digitization")
            .t(format!(
                " đơn vị đạt tỷ lệ dưới {}, gồm: {}.",
                percent(d.threshold),
                by_block(&d.units_below_by_block, w)
            ))
            .block(),
        None => Para::default()
            .t("- Đối với chỉ số số hóa hồ sơ thủ tục hành chính: ")
            .missing(NO_DATA)
            .t(" (tệp hồ sơ không có cột số hóa thành phần hồ sơ).")
            .block(),
    });
    body.push(
        Para::default()
            .i("(Phụ lục tỷ lệ số hóa hồ sơ đính kèm).")
            .block(),
    );
    let op = &r.online_payment;
    body.push(match p.online_payment_rate {
        Some(rate) if op.below.units_below == 0 => Para::default()
            .t(format!("- Tỷ lệ thanh toán trực tuyến: {reached}"))
            .f(percent(rate), "appendix-payment")
            .t(format!(
                "{p_before}. Không có đơn vị nào đạt tỷ lệ dưới {}.",
                percent(op.below.threshold)
            ))
            .block(),
        Some(rate) => Para::default()
            .t(format!("- Tỷ lệ thanh toán trực tuyến: {reached}"))
            .f(percent(rate), "appendix-payment")
            .t(format!("{p_before}. Có "))
            .f(count(op.below.units_below as u64), "appendix-payment")
            .t(format!(
                " đơn vị đạt tỷ lệ dưới {} (trong đó có ",
                percent(op.below.threshold)
            ))
            .f(count(op.units_near_zero as u64), "appendix-payment")
            .t(format!(
                " đơn vị có tỷ lệ 0% đến dưới {}), gồm: {}.",
                percent(op.near_zero_threshold),
                by_block(&op.below.units_below_by_block, w)
            ))
            .block(),
        None => Para::default()
            .t("- Tỷ lệ thanh toán trực tuyến: ")
            .missing(NO_DATA)
            .t(" (tệp hồ sơ không có cột phí, lệ phí hoặc thanh toán trực tuyến).")
            .block(),
    });
    if r.reconciliation
        .as_ref()
        .is_some_and(|rc| rc.by_field.paid_online > 0)
    {
        body.push(
            Para::default()
                .i(
                    "(Qua kiểm tra, đối chiếu dữ liệu thanh toán trực tuyến Cổng DVC tỉnh chưa \
                     đồng bộ, thống nhất với Cổng DVCQG).",
                )
                .block(),
        );
    }
    body.push(
        Para::default()
            .i("(Phụ lục tỷ lệ thanh toán trực tuyến đính kèm).")
            .block(),
    );
}

fn section_4(r: &Report, w: &Wording, body: &mut Vec<Block>) {
    let p = &r.province;
    let o = &r.overdue;
    body.push(heading(
        "4. Về kết quả xử lý và trả kết quả hồ sơ TTHC cho tổ chức và công dân",
    ));
    body.push(
        Para::default()
            .t(format!(
                "{}, theo dữ liệu từ Cổng DVC tỉnh, toàn {} có ",
                capitalise(&r.period.label),
                w.level
            ))
            .f(count(o.units_with_overdue as u64), "appendix-overdue")
            .t(" đơn vị và địa phương để xảy ra tình trạng hồ sơ TTHC quá hạn xử lý (trong đó có ")
            .f(count(o.units_over_threshold as u64), "appendix-overdue")
            .t(format!(
                " đơn vị có trên {} hồ sơ quá hạn xử lý) với tổng số ",
                count(u64::from(o.more_than))
            ))
            .f(count(u64::from(o.total)), "appendix-overdue")
            .t(" hồ sơ quá hạn xử lý. Chiếm tỷ lệ ")
            .fo(pct(o.rate), "progress-table")
            .t(format!(
                " hồ sơ TTHC quá hạn xử lý trong tổng số {} hồ sơ đã và đang giải quyết (tỷ lệ \
                 giải quyết trước hạn, đúng hạn theo chỉ số 2.1: ",
                count(u64::from(p.handled))
            ))
            .fo(pct(p.on_time_rate), "progress-table")
            .t(").")
            .block(),
    );
    if let Some(c) = &r.comparison {
        let [before, now] = c.province.overdue;
        let moved = match now.cmp(&before) {
            std::cmp::Ordering::Greater => format!("tăng {} hồ sơ", count(u64::from(now - before))),
            std::cmp::Ordering::Less => format!("giảm {} hồ sơ", count(u64::from(before - now))),
            std::cmp::Ordering::Equal => "không thay đổi".to_string(),
        };
        let mut para = Para::default().t(format!(
            "So với {} ({} hồ sơ quá hạn), số hồ sơ quá hạn {moved}",
            c.previous_label,
            count(u64::from(before))
        ));
        if let Some(m) = c.worsened.first() {
            para = para.t("; đơn vị giảm điểm nhiều nhất: ").f(
                format!("{} ({})", m.name, decimal(m.score_change)),
                "comparison",
            );
        }
        if let Some(m) = c.improved.first() {
            para = para.t("; đơn vị tăng điểm nhiều nhất: ").f(
                format!("{} (+{})", m.name, decimal(m.score_change)),
                "comparison",
            );
        }
        body.push(para.t(".").block());
    }
    body.push(
        Para::default()
            .i("(Phụ lục hồ sơ TTHC quá hạn xử lý đính kèm).")
            .block(),
    );
    if let Some(e) = &r.explanations {
        body.push(replies_paragraph(e, w));
    }
    if p.without_progress > 0 {
        body.push(
            Para::default()
                .i(format!(
                    "(Ghi chú: {} hồ sơ có ngày hoặc trạng thái không đọc được, không được tính \
                     vào tiến độ; xem danh sách lỗi dữ liệu.)",
                    thousands(u64::from(p.without_progress))
                ))
                .block(),
        );
    }
}

/// Who replied about their overdue dossiers, and who has not by the deadline (issue #24).
fn replies_paragraph(e: &super::replies::Explanations, w: &Wording) -> Block {
    let deadline = vi_date(&e.deadline).unwrap_or_default();
    let mut para = Para::default().t(format!(
        "Về báo cáo giải trình hồ sơ quá hạn gửi {} (hạn ngày {deadline}): ",
        w.office
    ));
    para = if e.units_replied > 0 {
        para.f(count(e.units_replied as u64), "appendix-overdue")
            .t(" đơn vị đã gửi, giải trình ")
            .f(count(u64::from(e.dossiers_explained)), "appendix-overdue")
            .t(" hồ sơ (lý do, biện pháp khắc phục tại Phụ lục hồ sơ quá hạn)")
    } else {
        para.t("chưa có đơn vị nào gửi")
    };
    para = if e.units_pending.is_empty() {
        para.t("; tất cả các đơn vị có hồ sơ quá hạn đã gửi.")
    } else {
        para.t("; còn ")
            .f(count(e.units_pending.len() as u64), "appendix-overdue")
            .t(" đơn vị chưa gửi: ")
            .f(names(&e.units_pending), "appendix-overdue")
            .t(".")
    };
    para.block()
}

/// Notice I.5's table: STT, agency, content, the office's dispatch with its deadline, the agency's
/// submission (or its absence), late ones highlighted.
pub fn publication_table(r: &Report, late_only: bool) -> Table {
    let mut t = Table {
        columns: columns(&[
            ("STT", 8),
            ("Tên cơ quan, đơn vị", 18),
            ("Nội dung công bố", 32),
            ("Văn bản triển khai của Văn phòng UBND tỉnh", 22),
            ("Văn bản Đơn vị tham mưu", 20),
        ]),
        rows: Vec::new(),
    };
    for (i, l) in r
        .publication
        .iter()
        .filter(|l| !late_only || !l.on_time)
        .enumerate()
    {
        let dispatch = match l.deadline.as_deref().and_then(vi_date) {
            Some(d) => format!("{} (Hạn xử lý {d})", l.dispatch),
            None => l.dispatch.clone(),
        };
        let submitted = match (l.submitted.as_deref().and_then(vi_date), l.days_late) {
            (Some(s), Some(late)) if late > 0 => {
                format!("Trình ngày {s} (trễ {} ngày)", count(late as u64))
            }
            (Some(s), _) => format!("Trình ngày {s}"),
            (None, _) => "Chưa trình".to_string(),
        };
        t.rows.push(TableRow {
            cells: vec![
                Cell::count(i as u64 + 1),
                Cell::text(&l.agency),
                Cell::text(&l.content),
                Cell::text(dispatch),
                Cell::text(submitted),
            ],
            highlight: !l.on_time,
            strong: false,
        });
    }
    t
}

fn section_5(r: &Report, body: &mut Vec<Block>) {
    body.push(heading(
        "5. Về kết quả tham mưu công bố, công khai danh mục TTHC",
    ));
    if !r.publication_loaded {
        body.push(
            Para::default()
                .missing("[chưa có tệp theo dõi công bố TTHC]")
                .block(),
        );
        return;
    }
    if r.publication.is_empty() {
        body.push(
            Para::default()
                .t(format!(
                    "Trong {}, không có văn bản công bố TTHC đến hạn tham mưu.",
                    r.period.label
                ))
                .block(),
        );
        return;
    }
    let late = r.publication.iter().filter(|l| !l.on_time).count();
    // As the seed: the sentence, then only the late or missing submissions (all are in Phụ lục 5).
    let para = Para::default()
        .t(format!("Trong {}, có ", r.period.label))
        .f(count(r.publication.len() as u64), "appendix-publication")
        .t(" văn bản công bố TTHC đến hạn tham mưu hoặc đã được trình, trong đó ");
    if late == 0 {
        body.push(para.t("tất cả đều được trình đúng hạn.").block());
        return;
    }
    body.push(
        para.f(count(late as u64), "appendix-publication")
            .t(" văn bản trình trễ hạn hoặc chưa trình:")
            .block(),
    );
    body.push(Block::Table {
        table: publication_table(r, true),
    });
}

fn names(list: &[String]) -> String {
    list.join(", ")
}

fn section_ii(r: &Report, s: &NoticeSettings, w: &Wording, body: &mut Vec<Block>) {
    body.push(heading("II. Kiến nghị"));
    body.push(
        Para::default()
            .t(format!(
                "{} đề nghị {} quan tâm, phối hợp triển khai một số nhiệm vụ sau:",
                w.office, w.concerned
            ))
            .block(),
    );
    let deadline = Date::parse_iso(&r.period.to).map(|to| s.reply_deadline(to).to_string());
    let mut first = Para::default().t("1. Tiến hành rà soát, kiểm tra, đánh giá các chỉ số theo \
        766 của đơn vị, thông qua đó chỉ đạo đẩy mạnh thực hiện các giải pháp phù hợp để tăng các \
        chỉ số 766 trong thời gian tới");
    let d = &r.digitization;
    let op = &r.online_payment;
    let mut lagging = Vec::new();
    if d.units_below > 0 {
        lagging.push(format!(
            "{} đơn vị có tỷ lệ số hóa hồ sơ dưới {}",
            count(d.units_below as u64),
            percent(d.threshold)
        ));
    }
    if op.below.units_below > 0 {
        lagging.push(format!(
            "{} đơn vị có tỷ lệ thanh toán trực tuyến dưới {}",
            count(op.below.units_below as u64),
            percent(op.below.threshold)
        ));
    }
    if !lagging.is_empty() {
        first = first.t(format!(
            "; đặc biệt {} (theo các Phụ lục đính kèm)",
            lagging.join(" và ")
        ));
    }
    body.push(first.t(".").block());
    let o = &r.overdue;
    let mut second = Para::default().t(format!(
        "2. Đối với {} có phát sinh hồ sơ trễ hạn",
        w.concerned
    ));
    if !o.units_over_threshold_names.is_empty() {
        second = second
            .t(format!(
                ", nhất là các đơn vị có trên {} hồ sơ quá hạn xử lý (",
                count(u64::from(o.more_than))
            ))
            .f(names(&o.units_over_threshold_names), "appendix-overdue")
            .t(")");
    } else if !o.units_with_overdue_names.is_empty() {
        second = second
            .t(" (")
            .f(names(&o.units_with_overdue_names), "appendix-overdue")
            .t(")");
    }
    second = second.t(format!(
        ", đề nghị tiến hành kiểm tra, rà soát và có giải pháp kịp thời nhằm chấn chỉnh kỷ luật, \
         kỷ cương hành chính trong tiếp nhận giải quyết TTHC, cung cấp dịch vụ công; đồng thời \
         phải thực hiện nghiêm việc báo cáo giải trình của người đứng đầu, xin lỗi người dân, \
         doanh nghiệp và kịp thời khắc phục đối với các trường hợp để xảy ra chậm muộn, tiêu cực \
         (nếu có) trong giải quyết hồ sơ TTHC của cơ quan, đơn vị. Báo cáo kết quả về {} trước \
         ngày ",
        w.office
    ));
    second = match deadline {
        Some(d) => second.f(d, "notice-settings"),
        None => second.missing("[ngày]"),
    };
    body.push(
        second
            .t(format!(" để tổng hợp báo cáo Chủ tịch UBND {}.", w.level))
            .block(),
    );
    let late: Vec<String> = {
        let mut v: Vec<String> = r
            .publication
            .iter()
            .filter(|l| !l.on_time)
            .map(|l| l.agency.clone())
            .collect();
        v.dedup();
        v
    };
    let mut n = 3;
    if !late.is_empty() {
        body.push(
            Para::default()
                .t(format!("{n}. Đề nghị "))
                .f(names(&late), "appendix-publication")
                .t(" khẩn trương tham mưu công bố, công khai TTHC theo đúng thời hạn được giao.")
                .block(),
        );
        n += 1;
    }
    let last = match w.scope {
        Scope::Tinh => format!(
            "{n}. Đề nghị Sở Thông tin và Truyền thông thường xuyên rà soát, nâng cấp hệ thống DVC \
             của tỉnh đảm bảo tính đồng bộ, thống nhất chung về dữ liệu hồ sơ TTHC và các chỉ số \
             766 từ hệ thống Cổng DVCQG đến hệ thống Cổng DVC tỉnh phù hợp với yêu cầu chuyển đổi \
             số quốc gia nhằm phục vụ cho lãnh đạo UBND tỉnh và các sở, ngành và địa phương trong \
             quá trình kiểm tra, giám sát, chỉ đạo và giải quyết TTHC, cung cấp dịch vụ công."
        ),
        Scope::Huyen => format!(
            "{n}. Đề nghị Phòng Văn hóa và Thông tin {level} phối hợp với Sở Thông tin và Truyền \
             thông thường xuyên rà soát, phản ánh kịp thời các trường hợp dữ liệu hồ sơ TTHC trên \
             Cổng DVC tỉnh chưa đồng bộ, thống nhất với Cổng DVCQG của các cơ quan, đơn vị trên \
             địa bàn {level}.",
            level = w.level
        ),
    };
    body.push(Para::default().t(last).block());
}

fn runs_text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

fn table_text(t: &Table, out: &mut String) {
    let line = |cells: Vec<&str>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(t.columns.iter().map(|c| c.title.as_str()).collect()));
    for r in &t.rows {
        out.push_str(&line(r.cells.iter().map(|c| c.text.as_str()).collect()));
    }
}

/// The draft as plain text (`--format text`, the page's text view).
pub fn text(n: &Notice) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{}\n{}\n{}\n",
        n.parent_body, n.issuing_body, n.number
    ));
    if !n.excerpt.is_empty() {
        s.push_str(&format!("{}\n", n.excerpt));
    }
    s.push_str(&format!(
        "\n{}\n{}\n{}\n\n",
        NATIONAL_TITLE, MOTTO, n.place_date
    ));
    if !n.title.is_empty() {
        s.push_str(&format!("{} (DỰ THẢO)\n{}\n\n", n.title, n.subject));
    }
    for b in &n.body {
        match b {
            Block::Heading { text } => s.push_str(&format!("{text}\n\n")),
            Block::Paragraph { runs } => s.push_str(&format!("{}\n\n", runs_text(runs))),
            Block::Table { table } => {
                table_text(table, &mut s);
                s.push('\n');
            }
        }
    }
    s.push_str(&format!("{}\n\nNơi nhận:\n", n.regards));
    for r in &n.recipients {
        s.push_str(&format!("- {r}\n"));
    }
    s.push_str(&format!("\n{}\n", n.signer_title));
    if !n.signer_name.is_empty() {
        s.push_str(&format!("\n{}\n", n.signer_name));
    }
    s
}
