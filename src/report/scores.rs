//! Points under a profile (methodology §1, §5): the indicator tree of the province, a block or a
//! unit from its counts; units ranked within their block; what it takes to gain points; and the
//! national scoreboard's figures for the user's province, beside the computed ones.

use crate::indicators::computations::{self, Need};
use crate::indicators::Tally;
use crate::messages;
use crate::model::other::{ScoreRow, Scoreboard};
use crate::model::{Block, Known, Period};
use crate::profile::{Indicator, Profile};
use crate::text::fold_words;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Computed {
    /// Sum of the indicators that could be computed, unrounded.
    pub total: f64,
    /// True when some indicator had no data: the total is then not out of `max`.
    pub partial: bool,
    /// The maximum of the indicators that were computed.
    pub max_computed: f64,
    /// The profile's maximum: 100 for the built-in one, more when a profile adds indicators.
    pub max: f64,
    pub groups: Vec<GroupScore>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GroupScore {
    pub id: String,
    pub label: String,
    pub points: f64,
    pub max: f64,
    pub partial: bool,
    pub indicators: Vec<IndicatorScore>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IndicatorScore {
    pub id: String,
    pub label: String,
    pub numerator: Option<u32>,
    pub denominator: Option<u32>,
    pub rate: Option<f64>,
    pub points: Option<f64>,
    pub max: f64,
    pub target: f64,
    /// False where the profile says the indicator does not apply at this level (full points).
    pub applies: bool,
    /// Why there is no rate, or why the points are full without one.
    pub missing: Option<String>,
}

/// Where a score tree is computed: the province, a block, or a unit of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Province,
    Block(Block),
    Unit(Block),
}

impl Level {
    fn applies(self, ind: &Indicator) -> bool {
        match self {
            Level::Unit(b) | Level::Block(b) => ind.levels.is_empty() || ind.levels.contains(&b),
            Level::Province => true,
        }
    }
}

const NOTHING_TO_JUDGE: &str = "không phát sinh trong kỳ — đạt điểm tối đa";
const NOTHING_COUNTED: &str = "không phát sinh trong kỳ — không tính điểm";
const NOT_APPLICABLE: &str = "không áp dụng ở cấp này — đạt điểm tối đa";

pub fn need_text(need: Need) -> messages::Text {
    match need {
        Need::Column(c) => messages::needs_column(c),
        Need::File(f) => messages::needs_file(f),
    }
}

/// One indicator's figures from a set's counts.
fn indicator(ind: &Indicator, t: &Tally, known: &Known, level: Level) -> IndicatorScore {
    let comp = ind.computation;
    let need = comp.and_then(|c| (c.needs)(known));
    let counts = comp.and_then(|c| c.counts_in(t, known));
    let lacking = comp.is_some_and(|c| c.missing_for.is_some_and(|f| f(t)));
    let rate = counts.and_then(|(n, d)| (d > 0).then(|| f64::from(n) / f64::from(d)));
    let applies = level.applies(ind);
    let (points, missing) = match (comp, need, counts, rate) {
        _ if !applies => (Some(ind.max), Some(NOT_APPLICABLE.to_string())),
        (None, ..) => (
            None,
            Some(messages::needs_file(super::labels::indicator_input(ind.input)).vi),
        ),
        (Some(_), Some(need), ..) => (None, Some(need_text(need).vi)),
        (Some(_), None, None, _) if lacking => (None, Some(messages::not_in_catalogue().vi)),
        (Some(_), None, _, Some(r)) => (Some(ind.points(r)), None),
        // Nothing in the denominator: full points for PAKN [C], and for a unit [D] (it is not
        // penalised for what it did not receive); the province and a block get no rate, and
        // their total is partial.
        (Some(c), None, ..) if c.empty_full || matches!(level, Level::Unit(_)) => {
            (Some(ind.max), Some(NOTHING_TO_JUDGE.to_string()))
        }
        (Some(_), None, ..) => (None, Some(NOTHING_COUNTED.to_string())),
    };
    IndicatorScore {
        id: ind.id.clone(),
        label: ind.label.clone(),
        numerator: counts.map(|c| c.0),
        denominator: counts.map(|c| c.1),
        rate: if applies { rate } else { None },
        points,
        max: ind.max,
        target: ind.target,
        applies,
        missing,
    }
}

/// The profile's tree of groups and indicators for one set's counts.
pub fn computed(profile: &Profile, t: &Tally, known: &Known, level: Level) -> Computed {
    let groups: Vec<GroupScore> = profile
        .groups
        .iter()
        .map(|g| {
            let indicators: Vec<IndicatorScore> = g
                .indicators
                .iter()
                .map(|ind| indicator(ind, t, known, level))
                .collect();
            // fold from +0.0: an empty f64 sum is -0.0.
            let points = indicators
                .iter()
                .filter_map(|i| i.points)
                .fold(0.0, |a, b| a + b);
            // A monitoring indicator (0 points) without data leaves the total whole.
            let partial = indicators.iter().any(|i| i.points.is_none() && i.max > 0.0);
            GroupScore {
                id: g.id.clone(),
                label: g.label.clone(),
                points,
                max: g.max(),
                partial,
                indicators,
            }
        })
        .collect();
    let total = groups.iter().map(|g| g.points).fold(0.0, |a, b| a + b);
    let max_computed = groups
        .iter()
        .flat_map(|g| &g.indicators)
        .filter(|i| i.points.is_some())
        .map(|i| i.max)
        .fold(0.0, |a, b| a + b);
    Computed {
        total,
        partial: groups.iter().any(|g| g.partial),
        max_computed,
        max: groups.iter().map(|g| g.max).fold(0.0, |a, b| a + b),
        groups,
    }
}

/// A unit's scores, its rank within its block, and what it would take to improve.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UnitScores {
    pub total: f64,
    pub max_computed: f64,
    /// The profile's maximum, as `Computed::max`.
    pub max: f64,
    pub partial: bool,
    /// Standard competition ranking (1, 2, 2, 4) on the unrounded total, within the unit's block.
    pub rank_in_block: usize,
    pub of_in_block: usize,
    pub band: Option<String>,
    pub groups: Vec<GroupScore>,
    pub what_if: Vec<WhatIf>,
}

impl UnitScores {
    /// The same scores without the groups' indicators and the what-if steps: what a table of
    /// units shows (the page's report text carries this; the rest comes for a chosen unit).
    pub fn headline(&self) -> UnitScores {
        UnitScores {
            groups: self
                .groups
                .iter()
                .map(|g| GroupScore {
                    id: g.id.clone(),
                    label: g.label.clone(),
                    points: g.points,
                    max: g.max,
                    partial: g.partial,
                    indicators: Vec::new(),
                })
                .collect(),
            what_if: Vec::new(),
            band: self.band.clone(),
            ..*self
        }
    }
}

/// How many more successes of one kind reach a threshold or full points, and the points it brings.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WhatIf {
    pub indicator: String,
    pub label: String,
    pub success: &'static str,
    pub rate: f64,
    pub steps: Vec<WhatIfStep>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WhatIfStep {
    /// The rate to reach: a notice threshold, or the target for full points.
    pub rate: f64,
    pub full_points: bool,
    pub more: u32,
    pub points_gain: f64,
}

pub fn unit_scores(profile: &Profile, t: &Tally, known: &Known, block: Block) -> UnitScores {
    let c = computed(profile, t, known, Level::Unit(block));
    let th = &profile.thresholds;
    let mut what_if = Vec::new();
    for (ind, score) in profile
        .groups
        .iter()
        .flat_map(|g| &g.indicators)
        .zip(c.groups.iter().flat_map(|g| &g.indicators))
    {
        let (Some(comp), Some(r), Some(n), Some(d), Some(points)) = (
            ind.computation,
            score.rate,
            score.numerator,
            score.denominator,
            score.points,
        ) else {
            continue;
        };
        if ind.max == 0.0 {
            continue; // monitoring only
        }
        // The notice's thresholds for its two measures, then full points.
        let threshold = if *comp == computations::ONLINE_PAYMENT {
            Some(th.online_payment_below)
        } else if *comp == computations::DIGITIZATION {
            Some(th.digitization_below)
        } else {
            None
        };
        let mut steps = Vec::new();
        for (goal, full) in threshold
            .filter(|&x| r < x && x < ind.target)
            .map(|x| (x, false))
            .into_iter()
            .chain([(ind.target, true)])
        {
            if r >= goal {
                continue;
            }
            let more = computations::needed(n, d, goal);
            let after = f64::from(n + more) / f64::from(d);
            steps.push(WhatIfStep {
                rate: goal,
                full_points: full,
                more,
                points_gain: ind.points(after) - points,
            });
        }
        if !steps.is_empty() {
            what_if.push(WhatIf {
                indicator: ind.id.clone(),
                label: ind.label.clone(),
                success: comp.success,
                rate: r,
                steps,
            });
        }
    }
    UnitScores {
        total: c.total,
        max_computed: c.max_computed,
        max: c.max,
        partial: c.partial,
        rank_in_block: 0,
        of_in_block: 0,
        band: None,
        groups: c.groups,
        what_if,
    }
}

/// Standard competition ranking (1, 2, 2, 4): one plus the number of strictly greater totals.
pub fn competition_rank(total: f64, all: impl Iterator<Item = f64>) -> usize {
    1 + all.filter(|&t| t > total).count()
}

/// The national portal's scale: every province's total on its board is out of 100.
const BOARD_MAX: f64 = 100.0;

/// The user's province (or unit) in the national scoreboards.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct National {
    pub name: String,
    pub code: String,
    /// "MM/YYYY" of the scoreboard used, when known.
    pub period: Option<String>,
    pub total: f64,
    /// What the total is out of: the portal's scale, 100, whatever the profile adds (the board's
    /// scores are read only within 0–100; a profile's own indicators are estimated, never scored
    /// by the portal).
    pub max: f64,
    /// Among the board's provinces (units) with a total.
    pub rank: usize,
    /// Every province (unit) the board lists, those without a total included.
    pub of: usize,
    /// The board's provinces (units) listed without a total: counted in `of`, not ranked.
    pub unscored: Vec<String>,
    /// The profile's band (xếp loại) of the national total.
    pub band: Option<String>,
    pub previous_period: Option<String>,
    pub previous_rank: Option<usize>,
    /// The previous board's size (its `of`).
    pub previous_of: Option<usize>,
    pub previous_total: Option<f64>,
    /// Positive: moved up (previous rank − rank); total now − total before.
    pub rank_change: Option<i64>,
    pub total_change: Option<f64>,
    /// The locally computed total, and national − computed.
    pub computed_total: f64,
    pub computed_partial: bool,
    pub difference: f64,
    pub groups: Vec<NationalGroup>,
    /// What the reader of the rank must know (provinces without a total, a board smaller than
    /// the previous one): for `missing[]` and standard error.
    #[serde(skip)]
    pub notes: Vec<messages::Text>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NationalGroup {
    pub id: String,
    pub name: String,
    pub max: f64,
    pub points: Option<f64>,
    pub computed: f64,
    pub computed_partial: bool,
    pub difference: Option<f64>,
}

/// Names folded, without the administrative words that exports add or drop ("Tỉnh", "TP.").
fn name_key(name: &str) -> String {
    let w = fold_words(name);
    let mut s = w.as_str();
    for p in [
        "tinh ",
        "thanh pho ",
        "tp ",
        "ubnd tinh ",
        "uy ban nhan dan tinh ",
    ] {
        s = s.strip_prefix(p).unwrap_or(s);
    }
    s.replace(' ', "")
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != b[j]))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The row for `name` (by name or code); else the closest names, for the message.
pub fn find_row<'a>(board: &'a Scoreboard, name: &str) -> Result<&'a ScoreRow, Vec<String>> {
    let key = name_key(name);
    if let Some(r) = board.rows.iter().find(|r| {
        name_key(&r.name) == key || (!r.code.is_empty() && r.code.eq_ignore_ascii_case(name.trim()))
    }) {
        return Ok(r);
    }
    let mut by_distance: Vec<(usize, &str)> = board
        .rows
        .iter()
        .map(|r| (edit_distance(&name_key(&r.name), &key), r.name.as_str()))
        .collect();
    by_distance.sort();
    Err(by_distance
        .into_iter()
        .take(3)
        .map(|(_, n)| n.to_string())
        .collect())
}

fn month_label((y, m): (i32, u32)) -> String {
    format!("{m:02}/{y}")
}

/// The scoreboard of the report's month (else the latest), and the latest one before it.
pub fn pick_boards(
    boards: &[Scoreboard],
    period: Period,
) -> Option<(&Scoreboard, Option<&Scoreboard>)> {
    let (y, m, _) = period.to.ymd();
    let current = boards
        .iter()
        .find(|b| b.period == Some((y, m)))
        .or_else(|| {
            boards
                .iter()
                .filter(|b| b.period.is_some())
                .max_by_key(|b| b.period)
        })
        .or_else(|| boards.last())?;
    let previous = current.period.and_then(|cp| {
        boards
            .iter()
            .filter(|b| b.period.is_some_and(|p| p < cp))
            .max_by_key(|b| b.period)
    });
    Some((current, previous))
}

/// The national figures for `name`, or the message saying why there are none.
pub fn national(
    profile: &Profile,
    boards: &[Scoreboard],
    name: Option<&str>,
    period: Period,
    computed: &Computed,
) -> Result<Option<National>, messages::Text> {
    let Some((board, previous)) = pick_boards(boards, period) else {
        return Ok(None);
    };
    let name = match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n,
        None if board.rows.len() == 1 => board.rows[0].name.as_str(),
        None => return Err(messages::scoreboard_needs_name(&board.path)),
    };
    let key = name_key(name);
    if let Some(own) = board.unscored.iter().find(|n| name_key(n) == key) {
        return Err(messages::own_total_missing(own, &board.path));
    }
    let row = find_row(board, name)
        .map_err(|closest| messages::scoreboard_without(name, &board.path, &closest))?;
    let rank = competition_rank(row.total, board.rows.iter().map(|r| r.total));
    let before = previous.and_then(|b| {
        find_row(b, name)
            .ok()
            .map(|r| (r, competition_rank(r.total, b.rows.iter().map(|x| x.total))))
    });
    let size = |b: &Scoreboard| b.rows.len() + b.unscored.len();
    let mut notes = Vec::new();
    if !board.unscored.is_empty() {
        notes.push(messages::provinces_without_total(
            &board.path,
            &board.unscored,
            rank,
            size(board),
            board.rows.len(),
        ));
    }
    if let Some(p) = previous.filter(|p| p.rows.len() > board.rows.len()) {
        notes.push(messages::smaller_board(
            &board.path,
            board.rows.len(),
            &p.path,
            p.rows.len(),
        ));
    }
    let groups = profile
        .groups
        .iter()
        .zip(&computed.groups)
        .map(|(g, c)| {
            let column = board.columns.iter().position(|h| {
                let k = crate::text::fold_key(h);
                g.scoreboard.iter().any(|key| k.contains(key.as_str()))
            });
            let points = column.and_then(|i| row.scores.get(i).copied().flatten());
            NationalGroup {
                id: g.id.clone(),
                name: g.label.clone(),
                max: g.max(),
                points,
                computed: c.points,
                computed_partial: c.partial,
                difference: points.map(|p| p - c.points),
            }
        })
        .collect();
    Ok(Some(National {
        name: row.name.clone(),
        code: row.code.clone(),
        period: board.period.map(month_label),
        total: row.total,
        rank,
        of: size(board),
        unscored: board.unscored.clone(),
        band: profile.band(row.total).map(str::to_string),
        max: BOARD_MAX,
        previous_period: previous.and_then(|b| b.period).map(month_label),
        previous_rank: before.map(|(_, r)| r),
        previous_of: previous.filter(|_| before.is_some()).map(size),
        previous_total: before.map(|(r, _)| r.total),
        rank_change: before.map(|(_, r)| r as i64 - rank as i64),
        total_change: before.map(|(r, _)| row.total - r.total),
        computed_total: computed.total,
        computed_partial: computed.partial,
        difference: row.total - computed.total,
        groups,
        notes,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_a_rank() {
        let totals = [90.0, 85.5, 85.5, 70.0];
        let ranks: Vec<usize> = totals
            .iter()
            .map(|&t| competition_rank(t, totals.iter().copied()))
            .collect();
        assert_eq!(ranks, vec![1, 2, 2, 4]);
    }

    #[test]
    fn province_names_match_without_administrative_words() {
        let board = Scoreboard {
            path: "b.csv".into(),
            period: None,
            columns: vec![],
            unscored: vec![],
            rows: [
                "Tỉnh Bình Phước",
                "TP. Hồ Chí Minh",
                "Bình Dương",
                "Bình Định",
            ]
            .iter()
            .map(|n| ScoreRow {
                name: n.to_string(),
                code: String::new(),
                scores: vec![],
                total: 1.0,
                rank: None,
            })
            .collect(),
        };
        assert_eq!(
            find_row(&board, "Bình Phước").map(|r| r.name.as_str()),
            Ok("Tỉnh Bình Phước")
        );
        assert_eq!(
            find_row(&board, "thành phố hồ chí minh").map(|r| r.name.as_str()),
            Ok("TP. Hồ Chí Minh")
        );
        let closest = find_row(&board, "Bình Phướt").expect_err("a typo is not matched");
        assert_eq!(closest[0], "Tỉnh Bình Phước");
    }
}
