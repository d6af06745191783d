//! Tables of the other inputs → typed rows (`model::other`): procedure catalogue, units catalogue,
//! feedback (PAKN), national scoreboards, publication tracking.
//!
//! These files are small, so their rows arrive whole (after the header search of `rows`) and are
//! typed here, column by column, with the same folding, date and yes/no rules as dossiers. A
//! problem names the row and column; the rest of the file is still read. Owns the reading of
//! those tables into `model::other::Others`; knows nothing of dossiers' datasets.

use super::header::Kind;
use super::source::{Problem, SourceInfo, MAX_LISTED_PROBLEMS};
use super::value::{self, DateFormat};
use crate::messages::{self, Text};
use crate::model::other::*;
use crate::model::{Block, Date};
use crate::text::{fold_key, nfc};

/// At most this many rows are kept from a file of another kind: a catalogue has thousands, and a
/// bigger file is a dossier export that was not recognised.
pub const MAX_OTHER_ROWS: usize = 200_000;

/// A table of another kind, as the header search left it.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub kind: Option<Kind>,
    pub headers: Vec<String>,
    /// Rows above the header (titles such as "BẢNG ĐIỂM … THÁNG 04/2024").
    pub titles: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Finds a column by its folded header: a whole-header match first (in the order listed), then
/// the longest listed spelling a header contains (spellings under 4 letters only match whole).
fn column(keys: &[String], synonyms: &[&str], taken: &[usize]) -> Option<usize> {
    for s in synonyms {
        if let Some(c) = keys
            .iter()
            .position(|k| k == s)
            .filter(|c| !taken.contains(c))
        {
            return Some(c);
        }
    }
    let mut best: Option<(usize, usize)> = None;
    for (c, k) in keys.iter().enumerate() {
        if taken.contains(&c) {
            continue;
        }
        for s in synonyms.iter().filter(|s| s.len() >= 4) {
            if k.contains(s) && best.is_none_or(|(len, _)| s.len() > len) {
                best = Some((s.len(), c));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// Columns picked in order, each at most once.
struct Columns {
    keys: Vec<String>,
    taken: Vec<usize>,
}

impl Columns {
    fn new(headers: &[String]) -> Columns {
        Columns {
            keys: headers.iter().map(|h| fold_key(h)).collect(),
            taken: Vec::new(),
        }
    }

    fn pick(&mut self, synonyms: &[&str]) -> Option<usize> {
        let c = column(&self.keys, synonyms, &self.taken)?;
        self.taken.push(c);
        Some(c)
    }
}

/// One table's reading state: problems go to the file's entry, dates by one format per column.
struct Reader<'a> {
    info: &'a mut SourceInfo,
    headers: &'a [String],
    date_formats: Vec<Option<DateFormat>>,
}

impl Reader<'_> {
    fn problem(&mut self, row: u64, col: Option<usize>, text: Text) {
        self.info.problems_total += 1;
        if self.info.problems.len() < MAX_LISTED_PROBLEMS {
            let column = col.map(|c| self.headers[c].clone());
            self.info
                .problems
                .push(Problem::new(Some(row), column, text));
        }
    }

    /// A cell the row cannot do without: empty, the row is reported and skipped.
    fn required(
        &mut self,
        row: u64,
        cells: &[String],
        col: Option<usize>,
        what: &str,
    ) -> Option<String> {
        let v = Self::text(cells, col);
        if v.is_empty() {
            self.problem(row, col, messages::missing_value(what));
            self.info.skipped_rows += 1;
            return None;
        }
        Some(v)
    }

    fn text(cells: &[String], col: Option<usize>) -> String {
        col.and_then(|c| cells.get(c))
            .map_or(String::new(), |s| nfc(s.trim()).into_owned())
    }

    /// `Ok(None)` for an empty cell or an absent column; a cell that is not a date is reported.
    fn date(&mut self, row: u64, cells: &[String], col: Option<usize>) -> Result<Option<Date>, ()> {
        let Some(c) = col else { return Ok(None) };
        let cell = cells.get(c).map_or("", |s| s.trim());
        if cell.is_empty() {
            return Ok(None);
        }
        if self.date_formats.len() <= c {
            self.date_formats.resize(c + 1, None);
        }
        let format = match self.date_formats[c] {
            Some(f) => f,
            None => match DateFormat::detect(cell) {
                Some(f) => *self.date_formats[c].insert(f),
                None => {
                    self.problem(row, Some(c), messages::bad_date(cell));
                    return Err(());
                }
            },
        };
        match format.parse(cell) {
            Some(d) => Ok(Some(d)),
            None => {
                self.problem(
                    row,
                    Some(c),
                    messages::date_format_differs(cell, format.name()),
                );
                Err(())
            }
        }
    }

    /// A yes/no cell; an unreadable one is reported and taken as unknown.
    fn flag(
        &mut self,
        row: u64,
        cells: &[String],
        col: Option<usize>,
        what: &str,
        parse: fn(&str) -> Option<bool>,
    ) -> Option<bool> {
        let c = col?;
        let cell = cells.get(c).map_or("", |s| s.as_str());
        let v = parse(cell);
        if v.is_none() {
            self.problem(row, Some(c), messages::bad_value(cell, what));
        }
        v
    }
}

/// Reads a table of another kind into `others`; the file's entry gets its rows and problems.
pub fn read(table: &Table, others: &mut Others, info: &mut SourceInfo) {
    let Some(kind) = table.kind else { return };
    info.kind = kind.into();
    info.columns = table.headers.clone();
    let mut r = Reader {
        info,
        headers: &table.headers,
        date_formats: Vec::new(),
    };
    match kind {
        Kind::Procedures => procedures(table, &mut r, &mut others.procedures),
        Kind::Units => units(table, &mut r, others),
        Kind::Feedback => feedback(table, &mut r, others),
        Kind::Scoreboard => scoreboard(table, &mut r, others),
        Kind::Publication => publication(table, &mut r, others),
        Kind::Reply => super::reply::read(table, r.info, others),
        Kind::Dossiers | Kind::Unknown => {}
    }
}

/// Records which header each column was read as, for the file's entry.
fn mapped(info: &mut SourceInfo, headers: &[String], pairs: &[(&'static str, Option<usize>)]) {
    info.read_as = pairs
        .iter()
        .filter_map(|(label, c)| c.map(|c| (*label, headers[c].clone())))
        .collect();
}

fn online_level(cell: &str) -> Option<OnlineLevel> {
    let k = fold_key(cell);
    if k.contains("toantrinh") || k.ends_with('4') {
        Some(OnlineLevel::ToanTrinh)
    } else if k.contains("motphan") || k.ends_with('3') {
        Some(OnlineLevel::MotPhan)
    } else if k.is_empty() && cell.trim().is_empty()
        || k.starts_with("khong")
        || k.ends_with('2')
        || k.ends_with('1')
        || k.contains("cungcapthongtin")
    {
        Some(OnlineLevel::Khong)
    } else {
        None
    }
}

fn fee_flag(cell: &str) -> Option<bool> {
    value::parse_fee(cell).map(|(due, exempt)| due && !exempt)
}

fn procedures(t: &Table, r: &mut Reader<'_>, cat: &mut Catalogue) {
    let mut cols = Columns::new(&t.headers);
    let code = cols.pick(&[
        "mathutuc",
        "matthc",
        "mattthc",
        "mathutuchanhchinh",
        "procedurecode",
        "ma",
    ]);
    let name = cols.pick(&[
        "tenthutuc",
        "tentthc",
        "tenthutuchanhchinh",
        "thutuchanhchinh",
        "thutuc",
        "procedurename",
    ]);
    let eligible = cols.pick(&[
        "dudieukientoantrinh",
        "dieukientoantrinh",
        "dudieukiencungcaptoantrinh",
        "dudieukien",
    ]);
    let online = cols.pick(&[
        "mucdodvc",
        "mucdodichvucong",
        "mucdo",
        "dichvucongtructuyen",
        "dvctt",
        "hinhthucdvc",
        "muccungcap",
    ]);
    let integrated = cols.pick(&[
        "tichhopthanhtoan",
        "tichhopthanhtoantructuyen",
        "thanhtoantructuyen",
    ]);
    let fee = cols.pick(&["cophi", "phi", "lephi", "philephi", "cophilephi"]);
    let written = cols.pick(&[
        "ketquagiay",
        "coketquagiay",
        "ketquabangvanban",
        "kqgiay",
        "coketquabangvanban",
    ]);
    let published = cols.pick(&[
        "congkhaidaydu",
        "daydubophancauthanh",
        "congkhaidaydubophan",
        "congkhai",
    ]);
    let population = cols.pick(&[
        "ketnoidulieudancu",
        "ketnoicsdldancu",
        "dulieudancu",
        "csdldancu",
        "chiasedulieudancu",
    ]);
    mapped(
        r.info,
        &t.headers,
        &[
            ("Mã TTHC", code),
            ("Tên TTHC", name),
            ("Đủ điều kiện toàn trình", eligible),
            ("Mức độ DVC", online),
            ("Tích hợp thanh toán", integrated),
            ("Có phí", fee),
            ("Kết quả giấy", written),
            ("Công khai đầy đủ", published),
            ("Kết nối dữ liệu dân cư", population),
        ],
    );
    cat.loaded = true;
    cat.has_online |= online.is_some();
    cat.has_eligible |= eligible.is_some() || online.is_some();
    cat.has_fee |= fee.is_some();
    cat.has_integrated |= integrated.is_some();
    cat.has_written_result |= written.is_some();
    cat.has_published |= published.is_some();
    cat.has_population |= population.is_some();
    let mut seen: std::collections::HashSet<String> = cat
        .procedures
        .iter()
        .map(|p| fold_key(if p.code.is_empty() { &p.name } else { &p.code }))
        .collect();
    for (line, cells) in &t.rows {
        let p_code = Reader::text(cells, code);
        let p_name = Reader::text(cells, name);
        if p_code.is_empty() && p_name.is_empty() {
            r.problem(
                *line,
                code.or(name),
                messages::missing_value("mã hoặc tên thủ tục"),
            );
            r.info.skipped_rows += 1;
            continue;
        }
        // A procedure listed twice would count twice in every procedure indicator.
        if !seen.insert(fold_key(if p_code.is_empty() { &p_name } else { &p_code })) {
            r.problem(
                *line,
                code.or(name),
                messages::duplicate_procedure(if p_code.is_empty() { &p_name } else { &p_code }),
            );
            r.info.duplicates += 1;
            continue;
        }
        let level = online.and_then(|c| {
            let cell = cells.get(c).map_or("", |s| s.as_str());
            let v = online_level(cell);
            if v.is_none() {
                r.problem(
                    *line,
                    Some(c),
                    messages::bad_value(cell, "mức độ dịch vụ công"),
                );
            }
            v
        });
        let mut p = Procedure {
            code: p_code,
            name: p_name,
            online: level,
            eligible_full: r.flag(
                *line,
                cells,
                eligible,
                "đủ điều kiện toàn trình",
                value::parse_bool,
            ),
            has_fee: r.flag(*line, cells, fee, "có phí", fee_flag),
            integrated_payment: r.flag(
                *line,
                cells,
                integrated,
                "tích hợp thanh toán",
                value::parse_bool,
            ),
            written_result: r.flag(*line, cells, written, "kết quả giấy", value::parse_bool),
            fully_published: r.flag(
                *line,
                cells,
                published,
                "công khai đầy đủ",
                value::parse_bool,
            ),
            population: r.flag(
                *line,
                cells,
                population,
                "kết nối dữ liệu dân cư",
                value::parse_bool,
            ),
        };
        // Without an eligibility column, a procedure offered toàn trình is taken as eligible [D].
        if eligible.is_none() {
            p.eligible_full = level.map(|l| l == OnlineLevel::ToanTrinh);
        }
        cat.procedures.push(p);
        r.info.rows += 1;
    }
}

fn units(t: &Table, r: &mut Reader<'_>, others: &mut Others) {
    let mut cols = Columns::new(&t.headers);
    let code = cols.pick(&["madonvi", "madinhdanh", "macoquan", "ma"]);
    let parent = cols.pick(&[
        "donvicha",
        "tructhuoc",
        "coquanchuquan",
        "donvichuquan",
        "capcha",
    ]);
    let ecert = cols.pick(&[
        "chungthucbansaodientu",
        "chungthucdientu",
        "cungcapchungthucdientu",
        "chungthuc",
    ]);
    let name = cols.pick(&["tendonvi", "donvi", "tencoquan", "coquan", "ten"]);
    let block = cols.pick(&["cap", "khoi", "capdonvi", "capcoquan", "capthuchien"]);
    mapped(
        r.info,
        &t.headers,
        &[
            ("Tên đơn vị", name),
            ("Mã đơn vị", code),
            ("Cấp/khối", block),
            ("Đơn vị cha", parent),
            ("Chứng thực điện tử", ecert),
        ],
    );
    others.has_units = true;
    others.has_units_ecert |= ecert.is_some();
    for (line, cells) in &t.rows {
        let Some(n) = r.required(*line, cells, name, "tên đơn vị") else {
            continue;
        };
        let b = block.and_then(|c| {
            let cell = cells.get(c).map_or("", |s| s.trim());
            let v = Block::from_column(cell);
            if v.is_none() && !cell.is_empty() {
                r.problem(*line, Some(c), messages::bad_value(cell, "cấp/khối"));
            }
            v
        });
        let e_certification = r.flag(*line, cells, ecert, "chứng thực điện tử", value::parse_bool);
        others.units.push(UnitEntry {
            name: n,
            code: Reader::text(cells, code),
            block: b,
            parent: Reader::text(cells, parent),
            e_certification,
        });
        r.info.rows += 1;
    }
}

/// A satisfaction cell: yes/no, or a rating label ("Hài lòng", "Không hài lòng").
pub fn parse_satisfied(cell: &str) -> Option<bool> {
    let k = fold_key(cell);
    if k.contains("khonghailong") || k.contains("chuahailong") {
        Some(false)
    } else if k.contains("hailong") || k.contains("binhthuong") {
        Some(true)
    } else {
        value::parse_bool(cell)
    }
}

fn feedback(t: &Table, r: &mut Reader<'_>, others: &mut Others) {
    let mut cols = Columns::new(&t.headers);
    let unit = cols.pick(&[
        "donvixuly",
        "coquanxuly",
        "donvi",
        "coquan",
        "coquangiaiquyet",
        "tendonvi",
    ]);
    let received = cols.pick(&["ngaytiepnhan", "ngaynhan", "ngaygui", "thoigiantiepnhan"]);
    let due = cols.pick(&[
        "hanxuly",
        "ngayhentra",
        "hangiaiquyet",
        "thoihanxuly",
        "hantraloi",
        "han",
    ]);
    let handled = cols.pick(&[
        "ngayxuly",
        "ngayhoanthanh",
        "ngaytraloi",
        "ngayxulyxong",
        "ngaycongkhai",
        "ngaytraketqua",
    ]);
    let satisfied = cols.pick(&["hailong", "mucdohailong", "danhgia", "ketquadanhgia"]);
    mapped(
        r.info,
        &t.headers,
        &[
            ("Đơn vị", unit),
            ("Ngày tiếp nhận", received),
            ("Hạn xử lý", due),
            ("Ngày xử lý", handled),
            ("Hài lòng", satisfied),
        ],
    );
    others.has_feedback = true;
    others.has_feedback_rating |= satisfied.is_some();
    for (line, cells) in &t.rows {
        let Some(u) = r.required(*line, cells, unit, "đơn vị") else {
            continue;
        };
        let Ok(Some(rec)) = r.date(*line, cells, received) else {
            if received.is_none_or(|c| cells.get(c).is_none_or(|s| s.trim().is_empty())) {
                r.problem(*line, received, messages::missing_value("ngày tiếp nhận"));
            }
            r.info.skipped_rows += 1;
            continue;
        };
        let (Ok(d), Ok(h)) = (r.date(*line, cells, due), r.date(*line, cells, handled)) else {
            r.info.skipped_rows += 1;
            continue;
        };
        let s = satisfied.and_then(|c| {
            let cell = cells.get(c).map_or("", |s| s.as_str());
            if cell.trim().is_empty() {
                return None; // not asked, or not answered
            }
            let v = parse_satisfied(cell);
            if v.is_none() {
                r.problem(*line, Some(c), messages::bad_value(cell, "hài lòng"));
            }
            v
        });
        others.feedback.push(Feedback {
            unit: u,
            received: rec,
            due: d,
            handled: h,
            satisfied: s,
        });
        r.info.rows += 1;
    }
}

/// A score: "78,59", "78.595" (a single separator is a decimal mark: scores never reach a
/// thousand), "1.234,5" as any number.
pub fn parse_score(cell: &str) -> Option<f64> {
    let t = cell.trim();
    let seps = t.chars().filter(|c| *c == '.' || *c == ',').count();
    if seps == 1 {
        return t.replace(',', ".").parse().ok();
    }
    value::parse_number(t)
}

/// "tháng 04/2024", "T4/2024", "04-2024", "thang-04-2024" → (2024, 4).
pub fn month_in(text: &str) -> Option<(i32, u32)> {
    let w = crate::text::fold_words(text);
    let parts: Vec<&str> = w.split(' ').collect();
    for i in 0..parts.len() {
        let p = parts[i].trim_start_matches('t');
        let (Ok(m), Some(y)) = (p.parse::<u32>(), parts.get(i + 1)) else {
            continue;
        };
        let Ok(y) = y.parse::<i32>() else { continue };
        // "Quý 2/2024" is a quarter, not February.
        let quarter = i > 0 && matches!(parts[i - 1], "quy" | "q");
        if (1..=12).contains(&m)
            && (2000..=2100).contains(&y)
            && !quarter
            && (i == 0
                || parts[i - 1] == "thang"
                || parts[i].starts_with('t')
                || parts[i].len() <= 2)
        {
            return Some((y, m));
        }
    }
    None
}

fn scoreboard(t: &Table, r: &mut Reader<'_>, others: &mut Others) {
    let mut cols = Columns::new(&t.headers);
    let total = cols.pick(&["tongdiem", "tongdiemchiso", "diemtong", "tong", "tongso"]);
    let rank = cols.pick(&["xephang", "thuhang", "hang"]);
    let period = cols.pick(&["kydanhgia", "ky", "thang", "kybaocao", "thoigian"]);
    let code = cols.pick(&["madonvi", "madinhdanh", "matinh", "ma"]);
    let name = cols.pick(&[
        "tinhthanhpho",
        "tinhthanh",
        "tinh",
        "diaphuong",
        "tendonvi",
        "donvi",
        "bonganh",
        "ten",
        "coquan",
    ]);
    // Every other named column except a row number may be a group's score.
    let score_columns: Vec<usize> = (0..t.headers.len())
        .filter(|c| {
            let k = fold_key(&t.headers[*c]);
            !cols.taken.contains(c)
                && !matches!(k.as_str(), "" | "stt" | "tt" | "so" | "sothutu")
                && !["xeploai", "ghichu", "nhanxet", "danhgia"]
                    .iter()
                    .any(|x| k.contains(x))
        })
        .collect();
    let mut pairs = vec![
        ("Tên", name),
        ("Mã", code),
        ("Tổng điểm", total),
        ("Xếp hạng", rank),
        ("Kỳ", period),
    ];
    pairs.extend(score_columns.iter().map(|&c| ("Điểm nhóm", Some(c))));
    mapped(r.info, &t.headers, &pairs);
    let mut board = Scoreboard {
        path: r.info.path.clone(),
        period: None,
        columns: score_columns
            .iter()
            .map(|&c| t.headers[c].clone())
            .collect(),
        rows: Vec::new(),
        unscored: Vec::new(),
    };
    if total.is_none() || name.is_none() {
        let missing: Vec<&str> = [("Tổng điểm", total), ("Tên tỉnh/đơn vị", name)]
            .iter()
            .filter(|(_, c)| c.is_none())
            .map(|(l, _)| *l)
            .collect();
        r.problem(0, None, messages::missing_columns(&missing, &t.headers));
        return;
    }
    for (line, cells) in &t.rows {
        let n = Reader::text(cells, name);
        let total_cell = Reader::text(cells, total);
        let key = fold_key(&n);
        if n.is_empty()
            || ["tong", "canuoc", "trungbinh", "binhquan", "toanquoc"]
                .iter()
                .any(|p| key.starts_with(p))
        {
            continue; // a blank or summary line ("Tổng", "Cả nước", "Trung bình cả nước")
        }
        // A province listed without a total is still one of the board's N: dropping it would
        // rank the user against a smaller board without saying so.
        let Some(tot) = parse_score(&total_cell).filter(|x| (0.0..=100.0).contains(x)) else {
            r.problem(*line, total, messages::score_without_total(&n, &total_cell));
            board.unscored.push(n);
            r.info.rows += 1;
            continue;
        };
        let scores = score_columns
            .iter()
            .map(|c| {
                let cell = Reader::text(cells, Some(*c));
                let v = parse_score(&cell).filter(|x| (0.0..=100.0).contains(x));
                if v.is_none() && !cell.is_empty() {
                    r.problem(*line, Some(*c), messages::bad_score(&cell));
                }
                v
            })
            .collect();
        let stated_rank = rank.and_then(|c| Reader::text(cells, Some(c)).parse::<u32>().ok());
        if board.period.is_none() {
            board.period = period.and_then(|c| month_in(&Reader::text(cells, Some(c))));
        }
        board.rows.push(ScoreRow {
            name: n,
            code: Reader::text(cells, code),
            scores,
            total: tot,
            rank: stated_rank,
        });
        r.info.rows += 1;
    }
    // The rank a file states must be the one computed (competition ranking on the total).
    let totals: Vec<f64> = board.rows.iter().map(|x| x.total).collect();
    let differing: Vec<String> = board
        .rows
        .iter()
        .filter(|x| {
            x.rank.is_some_and(|stated| {
                stated as usize != 1 + totals.iter().filter(|&&t| t > x.total).count()
            })
        })
        .map(|x| x.name.clone())
        .collect();
    if !differing.is_empty() {
        r.info
            .warnings
            .push(messages::stated_ranks_differ(&differing).vi);
    }
    // The period: a column, else a title row, else the file name [outputs.md].
    board.period = board
        .period
        .or_else(|| t.titles.iter().find_map(|l| month_in(l)))
        .or_else(|| month_in(&r.info.path.replace(['-', '_', '.'], " ")));
    if board.period.is_none() {
        r.info
            .warnings
            .push(messages::scoreboard_without_period().vi);
    }
    others.scoreboards.push(board);
}

fn publication(t: &Table, r: &mut Reader<'_>, others: &mut Others) {
    let mut cols = Columns::new(&t.headers);
    let submitted = cols.pick(&[
        "ngaytrinh",
        "ngaytrinhcongbo",
        "ngaygui",
        "ngaynop",
        "ngaydonvitrinh",
        "ngaythuchien",
    ]);
    let published = cols.pick(&[
        "ngaycongkhai",
        "ngaycapnhat",
        "ngaycapnhatcongkhai",
        "ngaycongbo",
    ]);
    let deadline = cols.pick(&["hanxuly", "hantrinh", "thoihan", "hanhoanthanh", "han"]);
    let dispatch = cols.pick(&[
        "vanbantrienkhai",
        "congvan",
        "vanbanchidao",
        "vanbancuavanphong",
        "vanbandonoc",
    ]);
    let content = cols.pick(&["noidung", "quyetdinhcongbo", "quyetdinh", "noidungcongbo"]);
    let agency = cols.pick(&[
        "coquan",
        "donvi",
        "coquantrinh",
        "donvithuchien",
        "coquanchutri",
        "songanh",
    ]);
    mapped(
        r.info,
        &t.headers,
        &[
            ("Cơ quan", agency),
            ("Nội dung", content),
            ("Văn bản triển khai", dispatch),
            ("Hạn", deadline),
            ("Ngày trình", submitted),
            ("Ngày công khai", published),
        ],
    );
    others.has_publication = true;
    others.has_publication_published |= published.is_some();
    for (line, cells) in &t.rows {
        let Some(a) = r.required(*line, cells, agency, "cơ quan") else {
            continue;
        };
        let (Ok(dl), Ok(sub), Ok(publ)) = (
            r.date(*line, cells, deadline),
            r.date(*line, cells, submitted),
            r.date(*line, cells, published),
        ) else {
            r.info.skipped_rows += 1;
            continue;
        };
        if dl.is_none() {
            r.problem(*line, deadline, messages::missing_value("hạn trình"));
        }
        others.publication.push(Publication {
            row: *line,
            agency: a,
            content: Reader::text(cells, content),
            dispatch: Reader::text(cells, dispatch),
            deadline: dl,
            submitted: sub,
            published: publ,
        });
        r.info.rows += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_from_titles_and_file_names() {
        assert_eq!(
            month_in("BẢNG ĐIỂM CHỈ SỐ 766 THÁNG 04/2024"),
            Some((2024, 4))
        );
        assert_eq!(month_in("bang diem thang 04 2024 csv"), Some((2024, 4)));
        assert_eq!(month_in("Kỳ: T5/2024"), Some((2024, 5)));
        assert_eq!(month_in("Xếp hạng 11/63"), None);
        assert_eq!(month_in("13/2024"), None);
        assert_eq!(month_in("BẢNG ĐIỂM QUÝ 2/2024"), None);
        assert_eq!(parse_score("78.595"), Some(78.595));
        assert_eq!(parse_score("78,59"), Some(78.59));
        assert_eq!(parse_score("96"), Some(96.0));
    }

    #[test]
    fn online_levels_and_satisfaction() {
        assert_eq!(online_level("Toàn trình"), Some(OnlineLevel::ToanTrinh));
        assert_eq!(online_level("Mức độ 3"), Some(OnlineLevel::MotPhan));
        assert_eq!(online_level("Một phần"), Some(OnlineLevel::MotPhan));
        assert_eq!(online_level("Không"), Some(OnlineLevel::Khong));
        assert_eq!(online_level("???"), None);
        assert_eq!(parse_satisfied("Không hài lòng"), Some(false));
        assert_eq!(parse_satisfied("Rất hài lòng"), Some(true));
        assert_eq!(parse_satisfied("Có"), Some(true));
    }
}
