//! The inputs besides dossiers (inputs.md "Other inputs"): procedure catalogue, units catalogue,
//! feedback (PAKN), national scoreboards and publication tracking, typed.
//!
//! Each is small (hundreds to a few thousand rows) and held as plain rows. An optional column the
//! file lacked is recorded in its `has_*` flag, so an indicator that needs it says "cần cột …"
//! instead of counting a missing value as "no".

use super::{Block, Date};
use serde::Serialize;

/// Every other input loaded so far.
#[derive(Clone, Debug, Default)]
pub struct Others {
    pub procedures: Catalogue,
    pub units: Vec<UnitEntry>,
    /// Whether a units catalogue was loaded, and whether it has the e-certification column (6.3).
    pub has_units: bool,
    pub has_units_ecert: bool,
    pub feedback: Vec<Feedback>,
    pub has_feedback: bool,
    pub has_feedback_rating: bool,
    pub scoreboards: Vec<Scoreboard>,
    pub publication: Vec<Publication>,
    pub has_publication: bool,
    pub has_publication_published: bool,
    /// Units' replies to the overdue lists they were sent (issue #24).
    pub replies: Vec<super::reply::Reply>,
}

impl Others {
    pub fn is_empty(&self) -> bool {
        !self.procedures.loaded
            && !self.has_units
            && !self.has_feedback
            && self.scoreboards.is_empty()
            && !self.has_publication
            && self.replies.is_empty()
    }
}

/// The level of online service a procedure offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnlineLevel {
    ToanTrinh,
    MotPhan,
    Khong,
}

/// One procedure (thủ tục hành chính) of the catalogue. `None` = the cell was empty or unreadable.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Procedure {
    pub code: String,
    pub name: String,
    pub online: Option<OnlineLevel>,
    /// Đủ điều kiện cung cấp DVC trực tuyến toàn trình.
    pub eligible_full: Option<bool>,
    pub has_fee: Option<bool>,
    /// Tích hợp thanh toán trực tuyến.
    pub integrated_payment: Option<bool>,
    /// Issues a written (paper) result.
    pub written_result: Option<bool>,
    /// All its parts published (công khai đầy đủ các bộ phận cấu thành).
    pub fully_published: Option<bool>,
    /// Connected to the national population database.
    pub population: Option<bool>,
}

#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    pub loaded: bool,
    pub procedures: Vec<Procedure>,
    pub has_online: bool,
    pub has_eligible: bool,
    pub has_fee: bool,
    pub has_integrated: bool,
    pub has_written_result: bool,
    pub has_published: bool,
    pub has_population: bool,
}

/// One unit of the units catalogue.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitEntry {
    pub name: String,
    pub code: String,
    pub block: Option<Block>,
    pub parent: String,
    /// Provides electronic certified copies (chứng thực bản sao điện tử), indicator 6.3.
    pub e_certification: Option<bool>,
}

/// One feedback item (phản ánh, kiến nghị).
#[derive(Clone, Debug, PartialEq)]
pub struct Feedback {
    pub unit: String,
    pub received: Date,
    pub due: Option<Date>,
    pub handled: Option<Date>,
    /// The citizen's answer: satisfied or not; `None` when not asked or not answered.
    pub satisfied: Option<bool>,
}

/// One scoreboard of the national portal: a period and a row per province or unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scoreboard {
    pub path: String,
    /// (year, month) of the period it scores, from a column, a title row or the file name.
    pub period: Option<(i32, u32)>,
    /// The headers of its score columns (every numeric column but the total and rank), in order;
    /// the profile's groups find theirs by name.
    pub columns: Vec<String>,
    pub rows: Vec<ScoreRow>,
    /// Names listed without a readable total: they count in the board's size (N), but have no
    /// place in its ranking.
    pub unscored: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreRow {
    pub name: String,
    pub code: String,
    /// Points per score column, in the order of `Scoreboard::columns`.
    pub scores: Vec<Option<f64>>,
    pub total: f64,
    /// The rank the file states, if it has a rank column (the computed one is used).
    pub rank: Option<u32>,
}

/// One line of publication tracking (notice I.5): a ministry's decision the province must publish.
#[derive(Clone, Debug, PartialEq)]
pub struct Publication {
    pub row: u64,
    pub agency: String,
    pub content: String,
    pub dispatch: String,
    pub deadline: Option<Date>,
    pub submitted: Option<Date>,
    /// When the procedures were updated and published on the portal.
    pub published: Option<Date>,
}
