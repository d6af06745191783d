//! The words shown for the report's keys: blocks, kinds of input file, the inputs an indicator
//! needs, overdue and reconciliation kinds, the fields two portals differ in and the figures a
//! gap is counted for. Declared once: the appendices and exports use these functions, and the
//! page gets the same words through the facade (`pageLabels`) instead of spelling them again.
//! Knows nothing of the page; adds no key to the report.

use crate::ingest::header::Kind;
use crate::ingest::InputKind;
use crate::model::Block;
use crate::profile::Input;
use serde::Serialize;

/// How an overdue dossier is described ("completed_late" or "processing_overdue").
pub fn overdue_kind(kind: &str) -> &'static str {
    if kind == "completed_late" {
        "Đã xử lý trễ hạn"
    } else {
        "Đang xử lý quá hạn"
    }
}

/// Where an open dossier stands on the early warning's day ("overdue_now", "due_today",
/// "due_soon").
pub fn warning_kind(kind: &str) -> &'static str {
    match kind {
        "overdue_now" => "Đang quá hạn",
        "due_today" => "Đến hạn trong ngày",
        _ => "Sắp đến hạn",
    }
}

/// Why a unit gets a pack ("overdue", "due_soon", "digitization", "online_payment").
pub fn pack_reason(reason: &str) -> &'static str {
    match reason {
        "overdue" => "hồ sơ quá hạn",
        "due_soon" => "hồ sơ sắp đến hạn",
        "digitization" => "số hóa dưới ngưỡng",
        _ => "thanh toán trực tuyến dưới ngưỡng",
    }
}

/// A dossier of the reconciliation: only on one portal, or on both with different values.
pub fn difference_kind(kind: &str) -> &'static str {
    match kind {
        "only_in_provincial" => "Chỉ có trên Cổng DVC tỉnh (chưa đồng bộ)",
        "only_in_national" => "Chỉ có trên Cổng DVCQG",
        _ => "Lệch dữ liệu",
    }
}

/// The compared fields of a dossier found on both portals.
pub const DIFFERENCE_FIELDS: [&str; 5] =
    ["status", "finish_date", "on_time", "channel", "paid_online"];

pub fn difference_field(field: &str) -> &'static str {
    match field {
        "status" => "trạng thái",
        "finish_date" => "ngày kết thúc",
        "on_time" => "tiến độ",
        "channel" => "kênh nộp",
        _ => "thanh toán trực tuyến",
    }
}

/// The figures whose gap between the two portals is explained dossier by dossier.
pub fn gap_figure(figure: &str) -> &'static str {
    match figure {
        "online_on_time_rate" => "Đúng hạn hồ sơ trực tuyến (I.1)",
        "on_time_rate" => "Đúng hạn (2.1)",
        "online_payment_rate" => "Thanh toán trực tuyến (I.3)",
        _ => "",
    }
}

/// A loaded file's kind (`SourceInfo.kind`).
pub fn source_kind(kind: InputKind) -> &'static str {
    match kind {
        InputKind::NationalDossiers => "hồ sơ của Cổng DVCQG (đối chiếu)",
        InputKind::Unusable => "không dùng được",
        _ => KINDS
            .iter()
            .find(|k| InputKind::from(**k) == kind)
            .map_or("", |k| k.label_vi()),
    }
}

const KINDS: [Kind; 7] = [
    Kind::Dossiers,
    Kind::Units,
    Kind::Procedures,
    Kind::Feedback,
    Kind::Scoreboard,
    Kind::Publication,
    Kind::Reply,
];

/// The input a profile indicator is fed by (`Indicator.input`).
pub fn indicator_input(input: Input) -> &'static str {
    match input {
        Input::Dossiers => "tệp hồ sơ",
        Input::Procedures => "danh mục TTHC",
        Input::Publication => "tệp theo dõi công bố TTHC",
        Input::Feedback => "tệp PAKN",
        Input::Units => "danh mục đơn vị",
        Input::DossiersWithRatings => "tệp hồ sơ + đánh giá",
        Input::DossiersWithProcedures => "tệp hồ sơ + danh mục TTHC",
        Input::DossiersWithDataStore => "tệp hồ sơ (cột kết nối kho dữ liệu)",
        Input::DossiersWithPopulationData => "tệp hồ sơ (cột sử dụng dữ liệu dân cư)",
    }
}

/// Every table above as `[key, label]` pairs, in the order the notice lists them.
#[derive(Serialize)]
pub struct Labels {
    pub blocks: Vec<(&'static str, &'static str)>,
    pub source_kinds: Vec<(&'static str, &'static str)>,
    pub indicator_inputs: Vec<(&'static str, &'static str)>,
    pub overdue_kinds: Vec<(&'static str, &'static str)>,
    pub warning_kinds: Vec<(&'static str, &'static str)>,
    pub pack_reasons: Vec<(&'static str, &'static str)>,
    pub difference_kinds: Vec<(&'static str, &'static str)>,
    pub difference_fields: Vec<(&'static str, &'static str)>,
    pub gap_figures: Vec<(&'static str, &'static str)>,
}

pub fn all() -> Labels {
    let pairs = |keys: &[&'static str], label: fn(&str) -> &'static str| {
        keys.iter().map(|k| (*k, label(k))).collect()
    };
    let kinds = KINDS.iter().map(|k| InputKind::from(*k)).chain([InputKind::NationalDossiers, InputKind::Unusable]);
    Labels {
        blocks: Block::all().map(|b| (b.key(), b.label())).collect(),
        source_kinds: kinds.map(|k| (k.key(), source_kind(k))).collect(),
        indicator_inputs: Input::ALL.iter().map(|i| (i.key(), indicator_input(*i))).collect(),
        overdue_kinds: pairs(&["completed_late", "processing_overdue"], overdue_kind),
        warning_kinds: pairs(&["overdue_now", "due_today", "due_soon"], warning_kind),
        pack_reasons: pairs(
            &["overdue", "due_soon", "digitization", "online_payment"],
            pack_reason,
        ),
        difference_kinds: pairs(
            &["only_in_provincial", "only_in_national", "differs"],
            difference_kind,
        ),
        difference_fields: pairs(&DIFFERENCE_FIELDS, difference_field),
        gap_figures: pairs(
            &["online_on_time_rate", "on_time_rate", "online_payment_rate"],
            gap_figure,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_words() {
        let l = all();
        for list in [
            &l.blocks,
            &l.source_kinds,
            &l.indicator_inputs,
            &l.overdue_kinds,
            &l.difference_kinds,
            &l.difference_fields,
            &l.gap_figures,
        ] {
            assert!(
                list.iter().all(|(k, v)| !k.is_empty() && !v.is_empty()),
                "{list:?}"
            );
        }
        assert_eq!(source_kind(InputKind::Procedures), "danh mục thủ tục hành chính");
        assert_eq!(
            l.blocks[3],
            ("chi_nhanh", "Chi nhánh Văn phòng đăng ký đất đai")
        );
    }
}
