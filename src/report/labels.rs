//! The words shown for the report's keys: blocks, kinds of input file, the inputs an indicator
//! needs, overdue and reconciliation kinds, the fields two portals differ in and the figures a
//! gap is counted for. Declared once: the appendices and exports use these functions, and the
//! page gets the same words through the facade (`pageLabels`) instead of spelling them again.
//! Knows nothing of the page; adds no key to the report.

use super::early_warning::WarningKind;
use super::reconcile::{DifferenceField, DifferenceKind, GapFigure};
use super::unit_pack::PackReason;
use super::OverdueKind;
use crate::ingest::header::Kind;
use crate::ingest::{InputKind, SourceFormat};
use crate::keys::Keyed;
use crate::model::Block;
use crate::profile::Input;
use serde::Serialize;

/// How a file's table was stored, as the page names it beside the sheet or the encoding read.
pub fn source_format(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Csv => "văn bản (CSV)",
        SourceFormat::Xlsx => "Excel",
        SourceFormat::Xls => "Excel 97-2003",
        SourceFormat::Ods => "OpenDocument",
        SourceFormat::Html => "trang HTML",
    }
}

/// How an overdue dossier is described.
pub fn overdue_kind(kind: OverdueKind) -> &'static str {
    match kind {
        OverdueKind::CompletedLate => "Đã xử lý trễ hạn",
        OverdueKind::ProcessingOverdue => "Đang xử lý quá hạn",
    }
}

/// Where an open dossier stands on the early warning's day.
pub fn warning_kind(kind: WarningKind) -> &'static str {
    match kind {
        WarningKind::OverdueNow => "Đang quá hạn",
        WarningKind::DueToday => "Đến hạn trong ngày",
        WarningKind::DueSoon => "Sắp đến hạn",
    }
}

/// Why a unit gets a pack.
pub fn pack_reason(reason: PackReason) -> &'static str {
    match reason {
        PackReason::Overdue => "hồ sơ quá hạn",
        PackReason::DueSoon => "hồ sơ sắp đến hạn",
        PackReason::Digitization => "số hóa dưới ngưỡng",
        PackReason::OnlinePayment => "thanh toán trực tuyến dưới ngưỡng",
    }
}

/// A dossier of the reconciliation: only on one portal, or on both with different values.
pub fn difference_kind(kind: DifferenceKind) -> &'static str {
    match kind {
        DifferenceKind::OnlyInProvincial => "Chỉ có trên Cổng DVC tỉnh (chưa đồng bộ)",
        DifferenceKind::OnlyInNational => "Chỉ có trên Cổng DVCQG",
        DifferenceKind::Differs => "Lệch dữ liệu",
    }
}

/// The compared fields of a dossier found on both portals.
pub fn difference_field(field: DifferenceField) -> &'static str {
    match field {
        DifferenceField::Status => "trạng thái",
        DifferenceField::FinishDate => "ngày kết thúc",
        DifferenceField::OnTime => "tiến độ",
        DifferenceField::Channel => "kênh nộp",
        DifferenceField::PaidOnline => "thanh toán trực tuyến",
    }
}

/// The figures whose gap between the two portals is explained dossier by dossier.
pub fn gap_figure(figure: GapFigure) -> &'static str {
    match figure {
        GapFigure::OnlineOnTimeRate => "Đúng hạn hồ sơ trực tuyến (I.1)",
        GapFigure::OnTimeRate => "Đúng hạn (2.1)",
        GapFigure::OnlinePaymentRate => "Thanh toán trực tuyến (I.3)",
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
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Labels {
    pub blocks: Vec<(&'static str, &'static str)>,
    pub source_kinds: Vec<(&'static str, &'static str)>,
    pub source_formats: Vec<(&'static str, &'static str)>,
    pub indicator_inputs: Vec<(&'static str, &'static str)>,
    pub overdue_kinds: Vec<(&'static str, &'static str)>,
    pub warning_kinds: Vec<(&'static str, &'static str)>,
    pub pack_reasons: Vec<(&'static str, &'static str)>,
    /// The columns a unit's list is matched by when it comes back ("id", "reason", "remedy"):
    /// the page names its columns of the replies with these.
    pub reply_columns: Vec<(&'static str, &'static str)>,
    pub difference_kinds: Vec<(&'static str, &'static str)>,
    pub difference_fields: Vec<(&'static str, &'static str)>,
    pub gap_figures: Vec<(&'static str, &'static str)>,
}

pub fn all() -> Labels {
    let kinds = KINDS
        .iter()
        .map(|k| InputKind::from(*k))
        .chain([InputKind::NationalDossiers, InputKind::Unusable]);
    Labels {
        blocks: Block::all().map(|b| (b.key(), b.label())).collect(),
        source_kinds: kinds.map(|k| (k.key(), source_kind(k))).collect(),
        source_formats: SourceFormat::ALL
            .iter()
            .map(|f| (f.key(), source_format(*f)))
            .collect(),
        indicator_inputs: pairs(indicator_input),
        overdue_kinds: pairs(overdue_kind),
        warning_kinds: pairs(warning_kind),
        pack_reasons: pairs(pack_reason),
        reply_columns: vec![
            ("id", super::unit_pack::ID_COLUMN),
            ("reason", super::unit_pack::REASON_COLUMN),
            ("remedy", super::unit_pack::REMEDY_COLUMN),
        ],
        difference_kinds: pairs(difference_kind),
        difference_fields: pairs(difference_field),
        gap_figures: pairs(gap_figure),
    }
}

/// Every key of `K` with its words, in the order `K` declares them.
fn pairs<K: Keyed>(label: fn(K) -> &'static str) -> Vec<(&'static str, &'static str)> {
    K::ALL.iter().map(|k| (k.key(), label(*k))).collect()
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
            &l.source_formats,
            &l.indicator_inputs,
            &l.overdue_kinds,
            &l.warning_kinds,
            &l.pack_reasons,
            &l.reply_columns,
            &l.difference_kinds,
            &l.difference_fields,
            &l.gap_figures,
        ] {
            assert!(
                list.iter().all(|(k, v)| !k.is_empty() && !v.is_empty()),
                "{list:?}"
            );
        }
        assert_eq!(
            source_kind(InputKind::Procedures),
            "danh mục thủ tục hành chính"
        );
        assert_eq!(
            l.blocks[3],
            ("chi_nhanh", "Chi nhánh Văn phòng đăng ký đất đai")
        );
    }
}
