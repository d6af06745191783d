//! Which column holds which field: header matching for dossier exports (inputs.md).
//!
//! Headers are compared folded (case, diacritics, spaces and punctuation ignored). A header equal
//! to a known spelling wins over one that merely contains it ("Mã đơn vị" is the unit code even
//! though it contains "đơn vị"); among containing matches the longest known spelling wins.

use crate::text::{fold_key, fold_words};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Id,
    Unit,
    UnitCode,
    Block,
    ProcedureCode,
    ProcedureName,
    Channel,
    OnlineFlag,
    Received,
    Due,
    Finished,
    Returned,
    Status,
    Digitised,
    EResult,
    Reused,
    Fee,
    Exempt,
    PaidOnline,
    Synced,
    DataStore,
    Population,
    Rating,
    Personal,
}

/// Known spellings, folded, the preferred first. Short ones (under 5 letters) only ever match a
/// whole header.
pub const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Id,
        &[
            "mahoso",
            "sohoso",
            "masohoso",
            "dossierno",
            "mahs",
            "masohs",
            "dossiercode",
        ],
    ),
    // The handling unit first: lateness is judged on who handles, not who received.
    (
        Field::Unit,
        &[
            "donvixuly",
            "coquangiaiquyet",
            "coquanthuly",
            "donvi",
            "tendonvi",
            "govagencyname",
            "donvitiepnhan",
            "coquantiepnhan",
            "coquan",
        ],
    ),
    (
        Field::UnitCode,
        &[
            "madonvi",
            "madinhdanh",
            "govagencycode",
            "madinhdanhdonvi",
            "madonvixuly",
            "macoquan",
        ],
    ),
    (
        Field::Block,
        &["cap", "capthuchien", "khoi", "capdonvi", "capcoquan"],
    ),
    (
        Field::ProcedureCode,
        &[
            "mattthc",
            "matthc",
            "mathutuc",
            "mathutuchanhchinh",
            "procedurecode",
        ],
    ),
    (
        Field::ProcedureName,
        &[
            "tentthc",
            "tenthutuc",
            "tenthutuchanhchinh",
            "thutuchanhchinh",
            "procedurename",
            "thutuc",
        ],
    ),
    (
        Field::Channel,
        &[
            "kenhnop",
            "hinhthucnop",
            "kenhthuchien",
            "kenhnophoso",
            "hinhthuctiepnhan",
            "kenhtiepnhan",
            "channel",
        ],
    ),
    (
        Field::OnlineFlag,
        &["tructuyen", "noptructuyen", "hosotructuyen", "online"],
    ),
    (
        Field::Received,
        &[
            "ngaytiepnhan",
            "receivedate",
            "ngaynop",
            "thoigiantiepnhan",
            "ngaynhan",
        ],
    ),
    (
        Field::Due,
        &[
            "ngayhentra",
            "hanxuly",
            "duedate",
            "ngayhentraketqua",
            "hangiaiquyet",
            "thoihanxuly",
            "appointmentdate",
            "hantraketqua",
            "hantra",
        ],
    ),
    (
        Field::Finished,
        &[
            "ngayketthucxuly",
            "ngayhoanthanh",
            "finishdate",
            "ngayxulyxong",
            "ngayketthuc",
            "ngayhoanthanhxuly",
            "ngaycoketqua",
        ],
    ),
    (
        Field::Returned,
        &["ngaytra", "ngaytraketqua", "releasedate", "ngaytrahoso"],
    ),
    (
        Field::Status,
        &["trangthai", "trangthaihoso", "status", "tinhtrang"],
    ),
    (
        Field::Digitised,
        &[
            "sohoathanhphanhoso",
            "hosocothanhphansohoa",
            "cosohoatphs",
            "sohoahoso",
            "sohoa",
            "cosohoathanhphanhoso",
            "dasohoahoso",
        ],
    ),
    (
        Field::EResult,
        &[
            "ketquadientu",
            "dasohoaketqua",
            "coketquadientu",
            "sohoaketqua",
        ],
    ),
    (
        Field::Reused,
        &[
            "taisudung",
            "khaithacdulieusohoa",
            "taisudungdulieu",
            "sudunglaidulieu",
        ],
    ),
    (
        Field::Fee,
        &[
            "phi",
            "lephi",
            "philephi",
            "sotien",
            "cophi",
            "tienphi",
            "feeamount",
        ],
    ),
    (
        Field::Exempt,
        &["mienphi", "duocmienphi", "mienlephi", "mienphilephi"],
    ),
    (
        Field::PaidOnline,
        &[
            "thanhtoantructuyen",
            "duocthanhtoantructuyen",
            "hinhthucthanhtoan",
            "dathanhtoantructuyen",
            "ttt",
            "paidonline",
            "onlinepayment",
            "thanhtoanonline",
        ],
    ),
    (
        Field::Synced,
        &[
            "dongbodvcqg",
            "trangthaidongbodvc",
            "dongbo",
            "dadongbo",
            "dongbodvc",
        ],
    ),
    (
        Field::DataStore,
        &[
            "ketnoikhodulieu",
            "khodulieu",
            "ketnoichiasedulieu",
            "chiasedulieu",
            "luukhodulieu",
        ],
    ),
    (
        Field::Population,
        &[
            "sudungdulieudancu",
            "dulieudancu",
            "khaithacdulieudancu",
            "csdldancu",
            "ketnoidancu",
        ],
    ),
    (
        Field::Rating,
        &[
            "danhgia",
            "mucdohailong",
            "ketquadanhgia",
            "danhgiahailong",
            "hailong",
        ],
    ),
    (
        Field::Personal,
        &[
            "chuhoso",
            "hoten",
            "tennguoinop",
            "nguoinop",
            "tencongdan",
            "diachi",
            "sodienthoai",
            "dienthoai",
            "email",
            "sogiayto",
            "cmnd",
            "cccd",
            "socccd",
            "socmnd",
            "sodinhdanh",
        ],
    ),
];

/// The fields without which no progress figure can be computed.
pub const REQUIRED: [Field; 4] = [Field::Id, Field::Unit, Field::Received, Field::Due];

impl Field {
    /// Every field, in the order the mapping screen lists them.
    pub const ALL: [Field; 24] = [
        Field::Id,
        Field::Unit,
        Field::Received,
        Field::Due,
        Field::Finished,
        Field::Returned,
        Field::Status,
        Field::Channel,
        Field::OnlineFlag,
        Field::UnitCode,
        Field::Block,
        Field::ProcedureCode,
        Field::ProcedureName,
        Field::Digitised,
        Field::EResult,
        Field::Reused,
        Field::Fee,
        Field::Exempt,
        Field::PaidOnline,
        Field::Synced,
        Field::DataStore,
        Field::Population,
        Field::Rating,
        Field::Personal,
    ];

    /// The field numbered `i` (as `f as u32` numbers it).
    pub fn from_index(i: u32) -> Option<Field> {
        Field::ALL.into_iter().find(|&f| f as u32 == i)
    }

    /// The name a clerk reads in messages and on the mapping screen.
    pub fn label_vi(self) -> &'static str {
        use Field::*;
        match self {
            Id => "Mã hồ sơ",
            Unit => "Đơn vị",
            UnitCode => "Mã đơn vị",
            Block => "Cấp/khối",
            ProcedureCode => "Mã TTHC",
            ProcedureName => "Tên TTHC",
            Channel => "Kênh nộp",
            OnlineFlag => "Trực tuyến (có/không)",
            Received => "Ngày tiếp nhận",
            Due => "Ngày hẹn trả",
            Finished => "Ngày kết thúc xử lý",
            Returned => "Ngày trả kết quả",
            Status => "Trạng thái",
            Digitised => "Số hóa thành phần hồ sơ",
            EResult => "Kết quả điện tử",
            Reused => "Tái sử dụng dữ liệu số hóa",
            Fee => "Phí, lệ phí",
            Exempt => "Miễn phí",
            PaidOnline => "Thanh toán trực tuyến",
            Synced => "Đồng bộ DVCQG",
            DataStore => "Kết nối kho dữ liệu",
            Population => "Sử dụng dữ liệu dân cư",
            Rating => "Đánh giá hài lòng",
            Personal => "Thông tin cá nhân",
        }
    }
}

/// The outcome of matching one header row.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Mapping {
    /// (field, column index); at most one column per field, personal columns excluded.
    pub fields: Vec<(Field, usize)>,
    /// Columns with personal data (names, addresses, phones, ID numbers).
    pub personal: Vec<usize>,
    /// Fields matched by a whole header (high confidence); the others by a header containing a
    /// known spelling ("Lệ phí (đồng)").
    pub exact: Vec<Field>,
    /// Required fields that more than one header names outright ("Đơn vị tiếp nhận" and "Đơn vị
    /// xử lý"): the first listed was taken, and the user is asked to confirm.
    pub ambiguous: Vec<(Field, Vec<usize>)>,
}

impl Mapping {
    pub fn column(&self, f: Field) -> Option<usize> {
        self.fields.iter().find(|(g, _)| *g == f).map(|(_, c)| *c)
    }

    pub fn missing_required(&self) -> Vec<Field> {
        REQUIRED
            .iter()
            .copied()
            .filter(|f| self.column(*f).is_none())
            .collect()
    }
}

/// What a file is, from its header (inputs.md): only dossier exports are analysed today; the
/// others are recognised so the user is told what she loaded instead of "columns missing".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Dossiers,
    Units,
    Procedures,
    Feedback,
    Scoreboard,
    Publication,
    /// A unit's reply: its list of dossiers with the reasons and remedies filled in (issue #24).
    Reply,
    Unknown,
}

impl Kind {
    pub fn label_vi(self) -> &'static str {
        match self {
            Kind::Dossiers => "danh sách hồ sơ",
            Kind::Units => "danh mục đơn vị",
            Kind::Procedures => "danh mục thủ tục hành chính",
            Kind::Feedback => "danh sách phản ánh, kiến nghị (PAKN)",
            Kind::Scoreboard => "bảng điểm chỉ số 766 của Cổng DVCQG",
            Kind::Publication => "bảng theo dõi công bố TTHC",
            Kind::Reply => "giải trình hồ sơ quá hạn của đơn vị",
            Kind::Unknown => "không xác định",
        }
    }
}

/// Words that contain a marker word but mean something else: "địa điểm" is not "điểm", "cập nhật"
/// is not "cấp".
const COMPOUNDS: [(&str, &str); 3] = [
    (" dia diem ", " diadiem "),
    (" cap nhat ", " capnhat "),
    (" cap phep ", " capphep "),
];

/// Recognises a file's kind from its header cells. Markers match whole words of a header
/// ("tổng điểm", "cấp"), or any part of a header written as one word (`TongDiem`, `MaPAKN`).
pub fn recognise<S: AsRef<str>>(headers: &[S]) -> Kind {
    let words: Vec<String> = headers
        .iter()
        .map(|h| {
            COMPOUNDS
                .iter()
                .fold(format!(" {} ", fold_words(h.as_ref())), |w, (a, b)| {
                    w.replace(a, b)
                })
        })
        .collect();
    let has = |p: &str| {
        let key = p.replace(' ', "");
        words.iter().any(|w| {
            w.contains(&format!(" {p} "))
                || (w.trim().split(' ').count() == 1 && key.len() >= 4 && w.trim().contains(&key))
        })
    };
    let any = |parts: &[&str]| parts.iter().any(|p| has(p));
    let m = match_headers(headers);
    // A feedback list may carry the dossier it concerns: its markers win unless the file also
    // has what only dossier exports have (a procedure, a channel).
    let dossier_only = m.column(Field::ProcedureCode).is_some()
        || m.column(Field::ProcedureName).is_some()
        || m.column(Field::Channel).is_some();
    if any(&["pakn", "phan anh", "kien nghi"]) && !dossier_only {
        return Kind::Feedback;
    }
    // A unit's reply: dossier ids with reasons, and no unit column (its list has none). An
    // export may have a "Lý do …" column of its own, but it names the unit of each dossier.
    if m.column(Field::Id).is_some()
        && any(&["ly do"])
        && (m.column(Field::Unit).is_none() || any(&["bien phap", "khac phuc"]))
    {
        return Kind::Reply;
    }
    if m.missing_required().is_empty() {
        return Kind::Dossiers;
    }
    let has_dossier_id = m.column(Field::Id).is_some() && m.column(Field::Received).is_some();
    if any(&["tong diem", "xep hang", "diem so"])
        || (any(&["diem"]) && any(&["cong khai", "tien do", "so hoa", "hai long"]))
    {
        Kind::Scoreboard
    } else if (any(&["cong bo"]) && any(&["quyet dinh", "van ban", "to trinh", "cong van"]))
        || (any(&["quyet dinh"]) && any(&["ngay trinh", "van ban trien khai", "to trinh"]))
    {
        Kind::Publication
    } else if !has_dossier_id
        && any(&[
            "ma thu tuc",
            "ma tthc",
            "ten thu tuc",
            "ten tthc",
            "thu tuc hanh chinh",
        ])
        && any(&[
            "muc do",
            "toan trinh",
            "dich vu cong",
            "co phi",
            "linh vuc",
            "ket qua giay",
        ])
    {
        Kind::Procedures
    } else if !has_dossier_id
        && any(&["don vi", "co quan"])
        && any(&["cap", "khoi", "don vi cha", "ma dinh danh", "truc thuoc"])
    {
        Kind::Units
    } else if has_dossier_id || m.column(Field::Due).is_some() {
        Kind::Dossiers
    } else {
        Kind::Unknown
    }
}

const EXACT: usize = 1000;

/// A whole-header match outranks any partial one, and among whole matches the spelling listed
/// first wins; among partial ones the longest known spelling wins.
fn score(header_key: &str, rank: usize, synonym: &str) -> Option<usize> {
    if header_key == synonym {
        Some(EXACT + 100 - rank)
    } else if synonym.len() >= 5 && header_key.contains(synonym) {
        Some(synonym.len())
    } else {
        None
    }
}

/// Assigns fields to columns, best matches first.
pub fn match_headers<S: AsRef<str>>(headers: &[S]) -> Mapping {
    let keys: Vec<String> = headers.iter().map(|h| fold_key(h.as_ref())).collect();
    let mut candidates: Vec<(usize, usize, Field)> = Vec::new(); // (score, column, field)
    for (col, key) in keys.iter().enumerate() {
        if key.is_empty() {
            continue;
        }
        for (field, synonyms) in SYNONYMS {
            if let Some(best) = synonyms
                .iter()
                .enumerate()
                .filter_map(|(rank, s)| score(key, rank, s))
                .max()
            {
                candidates.push((best, col, *field));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));

    let mut mapping = Mapping::default();
    let mut taken = vec![false; headers.len()];
    for &(score, col, field) in &candidates {
        if taken[col] {
            continue;
        }
        if field == Field::Personal {
            taken[col] = true;
            mapping.personal.push(col);
        } else if mapping.column(field).is_none() {
            taken[col] = true;
            mapping.fields.push((field, col));
            if score >= EXACT {
                mapping.exact.push(field);
                let rivals: Vec<usize> = candidates
                    .iter()
                    .filter(|c| c.2 == field && c.0 >= EXACT && c.1 != col && !taken[c.1])
                    .map(|c| c.1)
                    .collect();
                if !rivals.is_empty() && REQUIRED.contains(&field) {
                    mapping
                        .ambiguous
                        .push((field, std::iter::once(col).chain(rivals).collect()));
                }
            }
        }
    }
    mapping.personal.sort_unstable();
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(headers: &[&str], f: Field) -> Option<&'static str> {
        let m = match_headers(headers);
        m.column(f).map(|c| {
            let h: &'static str = Box::leak(headers[c].to_string().into_boxed_str());
            h
        })
    }

    #[test]
    fn real_header_spellings_match() {
        let h = [
            "STT",
            "Mã số hồ sơ",
            "Mã đơn vị",
            "Đơn vị",
            "NGÀY TIẾP NHẬN",
            "Ngày hẹn trả kết quả",
            "Ngày trả",
            "Lệ phí (đồng)",
            "Đã thanh toán trực tuyến",
            "Hình thức nộp",
        ];
        assert_eq!(field_of(&h, Field::Id), Some("Mã số hồ sơ"));
        assert_eq!(field_of(&h, Field::Unit), Some("Đơn vị"));
        assert_eq!(field_of(&h, Field::UnitCode), Some("Mã đơn vị"));
        assert_eq!(field_of(&h, Field::Received), Some("NGÀY TIẾP NHẬN"));
        assert_eq!(field_of(&h, Field::Due), Some("Ngày hẹn trả kết quả"));
        assert_eq!(field_of(&h, Field::Returned), Some("Ngày trả"));
        assert_eq!(field_of(&h, Field::Fee), Some("Lệ phí (đồng)"));
        assert_eq!(
            field_of(&h, Field::PaidOnline),
            Some("Đã thanh toán trực tuyến")
        );
        assert_eq!(field_of(&h, Field::Channel), Some("Hình thức nộp"));
        assert_eq!(field_of(&h, Field::OnlineFlag), None);
    }

    #[test]
    fn machine_headers_match() {
        let h = [
            "MaHoSo",
            "DonViXuLy",
            "KenhThucHien",
            "NgayTiepNhan",
            "NgayHenTra",
            "NgayKetThucXuLy",
            "NgayTra",
            "TrangThaiHoSo",
            "HoSoCoThanhPhanSoHoa",
            "DuocThanhToanTrucTuyen",
            "TrangThaiDongBoDVC",
        ];
        let m = match_headers(&h);
        assert!(m.missing_required().is_empty());
        assert_eq!(m.column(Field::Status), Some(7));
        assert_eq!(m.column(Field::Synced), Some(10));
        assert_eq!(m.column(Field::PaidOnline), Some(9));
    }

    #[test]
    fn two_unit_columns_are_ambiguous_and_the_handling_one_is_taken() {
        let h = [
            "Mã hồ sơ",
            "Đơn vị tiếp nhận",
            "Đơn vị xử lý",
            "Ngày tiếp nhận",
            "Ngày hẹn trả",
        ];
        let m = match_headers(&h);
        assert_eq!(m.column(Field::Unit), Some(2));
        assert_eq!(m.ambiguous, vec![(Field::Unit, vec![2, 1])]);
        assert!(m.exact.contains(&Field::Unit));
        let m = match_headers(&[
            "Mã hồ sơ",
            "Đơn vị",
            "Ngày tiếp nhận",
            "Ngày hẹn trả",
            "Lệ phí (đồng)",
        ]);
        assert!(m.ambiguous.is_empty());
        assert!(!m.exact.contains(&Field::Fee));
    }

    #[test]
    fn personal_columns_are_set_apart() {
        let m = match_headers(&[
            "Mã hồ sơ",
            "Chủ hồ sơ",
            "Địa chỉ",
            "Số điện thoại",
            "Đơn vị",
        ]);
        assert_eq!(m.personal, vec![1, 2, 3]);
    }

    #[test]
    fn other_kinds_are_recognised() {
        assert_eq!(
            recognise(&[
                "STT",
                "Tỉnh, thành phố",
                "Công khai minh bạch",
                "Tiến độ",
                "Số hóa",
                "Tổng điểm",
                "Xếp hạng"
            ]),
            Kind::Scoreboard
        );
        assert_eq!(
            recognise(&["Mã đơn vị", "Tên đơn vị", "Cấp", "Đơn vị cha"]),
            Kind::Units
        );
        assert_eq!(
            recognise(&[
                "Mã thủ tục",
                "Tên thủ tục",
                "Lĩnh vực",
                "Mức độ DVC",
                "Có phí"
            ]),
            Kind::Procedures
        );
        assert_eq!(
            recognise(&[
                "Mã PAKN",
                "Nội dung phản ánh",
                "Ngày tiếp nhận",
                "Hạn xử lý"
            ]),
            Kind::Feedback
        );
        assert_eq!(
            recognise(&[
                "Cơ quan",
                "Quyết định công bố",
                "Văn bản triển khai",
                "Hạn xử lý"
            ]),
            Kind::Publication
        );
        assert_eq!(
            recognise(&["Mã hồ sơ", "Đơn vị", "Ngày tiếp nhận", "Ngày hẹn trả"]),
            Kind::Dossiers
        );
        assert_eq!(
            recognise(&["Mã hồ sơ", "Nơi xử lý", "Ngày tiếp nhận"]),
            Kind::Dossiers
        );
        assert_eq!(recognise(&["a", "b"]), Kind::Unknown);
        assert_eq!(
            recognise(&[
                "STT",
                "Mã hồ sơ",
                "Thủ tục",
                "Ngày hẹn trả",
                "Lý do quá hạn",
                "Biện pháp khắc phục"
            ]),
            Kind::Reply
        );
        assert_eq!(recognise(&["Mã hồ sơ", "Lý do"]), Kind::Reply);
        assert_eq!(
            recognise(&["Mã hồ sơ", "Đơn vị", "Ngày tiếp nhận", "Lý do trả hồ sơ"]),
            Kind::Dossiers
        );
        assert_eq!(
            recognise(&["STT", "TinhThanhPho", "TongDiem"]),
            Kind::Scoreboard
        );
        assert_eq!(
            recognise(&["MaPAKN", "DonViXuLy", "NgayTiepNhan", "HanXuLy"]),
            Kind::Feedback
        );
    }

    /// Reported in review: words inside other words are not markers, and a PAKN list that names
    /// the dossier it concerns is still a PAKN list.
    #[test]
    fn markers_are_whole_words() {
        assert_eq!(
            recognise(&[
                "Mã thủ tục",
                "Tên thủ tục",
                "Địa điểm thực hiện",
                "Mức độ DVC",
                "Công khai đầy đủ"
            ]),
            Kind::Procedures
        );
        assert_eq!(
            recognise(&[
                "Cơ quan",
                "Quyết định",
                "Văn bản triển khai",
                "Hạn trình",
                "Ngày trình",
                "Ngày cập nhật"
            ]),
            Kind::Publication
        );
        assert_eq!(
            recognise(&[
                "Mã PAKN",
                "Mã hồ sơ",
                "Đơn vị",
                "Ngày tiếp nhận",
                "Hạn xử lý",
                "Ngày xử lý"
            ]),
            Kind::Feedback
        );
        assert_eq!(
            recognise(&[
                "Mã hồ sơ",
                "Đơn vị",
                "Ngày tiếp nhận",
                "Hạn trả kết quả",
                "Địa điểm",
                "Số hóa"
            ]),
            Kind::Dossiers
        );
        // A dossier export with a complaint-count column stays a dossier export.
        assert_eq!(
            recognise(&[
                "Mã hồ sơ",
                "Đơn vị",
                "Tên thủ tục",
                "Ngày tiếp nhận",
                "Ngày hẹn trả",
                "Số phản ánh"
            ]),
            Kind::Dossiers
        );
    }

    #[test]
    fn missing_required_fields_are_named() {
        let m = match_headers(&["Mã hồ sơ", "Đơn vị"]);
        assert_eq!(m.missing_required(), vec![Field::Received, Field::Due]);
    }
}
