//! Indicators → the report: the figures of the notice with the rows behind them, in one
//! serialisable value shared by the command line (JSON, text) and the page.
//!
//! Owns what the user reads: which figures, in which order, with which wording (`notice`), number
//! style (`format`), charts (`chart`) and masking of personal data (`mask`). Computes no rate
//! itself: every rate comes from `indicators`.

pub mod chart;
pub mod format;
pub mod mask;
pub mod notice;

use crate::indicators::{computations, Analysis, Tally};
use crate::ingest::SourceInfo;
use crate::messages;
use crate::model::{Block, DossierStore, Known, Period};
use crate::profile::Profile;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub tool: Tool,
    pub period: PeriodOut,
    pub inputs: Vec<SourceInfo>,
    pub province: Province,
    pub overdue: OverdueSummary,
    pub digitization: Threshold,
    pub online_payment: Payment,
    pub scores: Scores,
    pub units: Vec<UnitRow>,
    /// Units whose block could not be found from a column or their name (methodology §4).
    pub unplaced_units: Vec<String>,
    /// Figures that could not be computed, and which column would provide them.
    pub missing: Vec<Missing>,
    pub overdue_dossiers: Vec<OverdueDossier>,
    /// Whether personal columns in `overdue_dossiers` are masked.
    pub masked: bool,
    /// Sections I.1, I.3 and I.4 (and 2.1) of the notice draft, as plain text.
    pub notice_text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct PeriodOut {
    pub from: String,
    pub to: String,
    pub label: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Completed {
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    pub total: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Processing {
    pub within: u32,
    pub overdue: u32,
    pub total: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Province {
    pub handled: u32,
    pub completed: Completed,
    pub processing: Processing,
    pub on_time_rate: Option<f64>,
    /// Points of indicator 2.1 under the profile.
    pub on_time_points: Option<f64>,
    pub on_time_max: f64,
    pub online_completed: u32,
    pub online_on_time: u32,
    pub online_on_time_rate: Option<f64>,
    pub online_late_rate: Option<f64>,
    pub overdue: u32,
    pub overdue_rate: Option<f64>,
    pub received: u32,
    pub digitised: u32,
    pub digitization_rate: Option<f64>,
    pub fee_due: u32,
    pub paid_online: u32,
    pub online_payment_rate: Option<f64>,
    /// Dossiers left out of progress figures (unreadable dates or status): see inputs[].problems.
    pub without_progress: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct OverdueSummary {
    pub units_with_overdue: usize,
    pub more_than: u32,
    pub units_over_threshold: usize,
    pub total: u32,
    pub rate: Option<f64>,
    pub units_with_overdue_names: Vec<String>,
    pub units_over_threshold_names: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Threshold {
    pub threshold: f64,
    pub units_below: usize,
    pub units_below_by_block: BTreeMap<&'static str, usize>,
    pub units_below_names: Vec<String>,
    /// Units without the rate (no dossiers in its denominator): not counted below.
    pub units_without_rate: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Payment {
    #[serde(flatten)]
    pub below: Threshold,
    pub near_zero_threshold: f64,
    pub units_near_zero: usize,
    pub units_near_zero_by_block: BTreeMap<&'static str, usize>,
    pub units_near_zero_names: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Scores {
    pub profile: String,
    pub computed: Computed,
}

#[derive(Clone, Debug, Serialize)]
pub struct Computed {
    /// Sum of the indicators that could be computed, unrounded.
    pub total: f64,
    /// True when some indicator had no data: the total is then not out of 100.
    pub partial: bool,
    /// The maximum of the indicators that were computed.
    pub max_computed: f64,
    pub groups: Vec<GroupScore>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupScore {
    pub id: String,
    pub label: String,
    pub points: f64,
    pub max: f64,
    pub partial: bool,
    pub indicators: Vec<IndicatorScore>,
}

#[derive(Clone, Debug, Serialize)]
pub struct IndicatorScore {
    pub id: String,
    pub label: String,
    pub numerator: Option<u32>,
    pub denominator: Option<u32>,
    pub rate: Option<f64>,
    pub points: Option<f64>,
    pub max: f64,
    pub target: f64,
    /// Why there is no rate ("chưa có dữ liệu — cần …").
    pub missing: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct UnitRow {
    pub index: usize,
    pub name: String,
    pub code: Option<String>,
    pub block: Block,
    pub block_source: &'static str,
    pub handled: u32,
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    pub within: u32,
    pub overdue_processing: u32,
    pub overdue: u32,
    pub on_time_rate: Option<f64>,
    pub online_completed: u32,
    pub online_on_time_rate: Option<f64>,
    pub received: u32,
    pub digitised: u32,
    pub digitization_rate: Option<f64>,
    pub fee_due: u32,
    pub paid_online: u32,
    pub online_payment_rate: Option<f64>,
    pub scores: Option<UnitScores>,
}

/// A unit's estimated 766 score from the dossiers (indicators that need other files are left out,
/// the same for every unit), its rank within its block, and what it would take to improve.
#[derive(Clone, Debug, Serialize)]
pub struct UnitScores {
    pub total: f64,
    pub max_computed: f64,
    /// Standard competition ranking (1, 2, 2, 4) on the unrounded total, within the unit's block.
    pub rank_in_block: usize,
    pub of_in_block: usize,
    pub indicators: Vec<UnitIndicator>,
    pub what_if: Vec<WhatIf>,
}

#[derive(Clone, Debug, Serialize)]
pub struct UnitIndicator {
    pub id: String,
    pub numerator: u32,
    pub denominator: u32,
    pub rate: Option<f64>,
    pub points: f64,
    pub max: f64,
}

/// How many more dossiers of one kind reach a threshold or full points, and the points it brings.
#[derive(Clone, Debug, Serialize)]
pub struct WhatIf {
    pub indicator: String,
    pub label: String,
    pub success: &'static str,
    pub rate: f64,
    pub steps: Vec<WhatIfStep>,
}

#[derive(Clone, Debug, Serialize)]
pub struct WhatIfStep {
    /// The rate to reach: a notice threshold, or the target for full points.
    pub rate: f64,
    pub full_points: bool,
    pub more: u32,
    pub points_gain: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Missing {
    pub figure: &'static str,
    pub message: String,
    pub message_en: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct OverdueDossier {
    pub unit: usize,
    pub unit_name: String,
    pub id: String,
    pub row: u32,
    pub procedure: String,
    pub received: String,
    pub due: Option<String>,
    pub ended: Option<String>,
    pub status: u8,
    /// "completed_late" or "processing_overdue".
    pub kind: &'static str,
    pub days_late: i32,
    pub personal: Vec<(String, String)>,
}

/// Options the user sets on screen or on the command line.
#[derive(Clone, Debug)]
pub struct Options {
    pub profile: Profile,
    /// Show personal columns in the overdue list as they are.
    pub unmask: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { profile: Profile::default_profile(), unmask: false }
    }
}

/// The default period [D]: the latest month whose receipts are at least half those of the busiest
/// month. An export of May holds May's dossiers, those carried over into it, and a few received in
/// the first days of June; a year's export gives its last full month.
pub fn default_period(store: &DossierStore) -> Option<Period> {
    let mut per_month: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    for d in &store.received {
        let (y, m, _) = d.ymd();
        *per_month.entry((y, m)).or_default() += 1;
    }
    let busiest = per_month.values().copied().max()?;
    let ((y, m), _) = per_month.iter().rev().find(|(_, &n)| n * 2 >= busiest)?;
    Period::month(*y, *m)
}

fn block_counts(store: &DossierStore, units: &[usize]) -> BTreeMap<&'static str, usize> {
    Analysis::by_block(store, units)
        .into_iter()
        .filter(|(b, n)| *b != Block::UNKNOWN || *n > 0)
        .map(|(b, n)| (b.key(), n))
        .collect()
}

fn names(store: &DossierStore, units: &[usize]) -> Vec<String> {
    units.iter().map(|&u| store.units[u].name.clone()).collect()
}

fn threshold(store: &DossierStore, a: &Analysis, rate: impl Fn(&Tally) -> Option<f64> + Copy, t: f64) -> Threshold {
    let below = a.units_below(rate, t);
    Threshold {
        threshold: t,
        units_below: below.len(),
        units_below_by_block: block_counts(store, &below),
        units_below_names: names(store, &below),
        units_without_rate: a.units.iter().filter(|u| u.handled() + u.received > 0 && rate(u).is_none()).count(),
    }
}

pub fn build(store: &DossierStore, inputs: &[SourceInfo], period: Period, opts: &Options) -> Report {
    let a = Analysis::compute(store, period);
    let known = store.known;
    let p = &a.province;
    let th = &opts.profile.thresholds;
    let on_time_indicator = opts.profile.by_computation("on_time");

    let with_overdue: Vec<usize> = (0..a.units.len()).filter(|&u| a.units[u].overdue() > 0).collect();
    let over: Vec<usize> = with_overdue.iter().copied().filter(|&u| a.units[u].overdue() > th.overdue_more_than).collect();

    let payment_rate = |t: &Tally| t.online_payment_rate(&known);
    let payment_below = threshold(store, &a, payment_rate, th.online_payment_below);
    let near_zero = a.units_below(payment_rate, th.online_payment_near_zero);

    let mut units: Vec<UnitRow> = a
        .units
        .iter()
        .enumerate()
        .filter(|(_, t)| t.handled() + t.received > 0)
        .map(|(i, t)| UnitRow { scores: Some(unit_scores(&opts.profile, t, &known)), ..unit_row(store, i, t, &known) })
        .collect();
    rank_within_blocks(&mut units);
    units.sort_by(|x, y| x.block.cmp(&y.block).then_with(|| x.name.cmp(&y.name)));

    let mut overdue_dossiers: Vec<OverdueDossier> = a
        .overdue
        .iter()
        .map(|o| {
            let i = o.index;
            let u = store.unit[i] as usize;
            OverdueDossier {
                unit: u,
                unit_name: store.units[u].name.clone(),
                id: store.id.get(i).to_string(),
                row: store.row[i],
                procedure: store.procedures.get(store.procedure[i]).to_string(),
                received: store.received[i].to_string(),
                due: store.due[i].map(|d| d.to_string()),
                ended: store.ended[i].filter(|_| o.completed).map(|d| d.to_string()),
                status: store.status[i].code(),
                kind: if o.completed { "completed_late" } else { "processing_overdue" },
                days_late: o.days_late,
                personal: store
                    .personal
                    .iter()
                    .map(|c| {
                        let v = c.values.get(i);
                        (c.header.clone(), if opts.unmask { v.to_string() } else { mask::mask(&c.header, v) })
                    })
                    .collect(),
            }
        })
        .collect();
    overdue_dossiers.sort_by(|x, y| x.unit_name.cmp(&y.unit_name).then(y.days_late.cmp(&x.days_late)));

    let mut report = Report {
        tool: Tool { name: "chiso766", version: env!("CARGO_PKG_VERSION") },
        period: PeriodOut { from: period.from.iso(), to: period.to.iso(), label: period.label_vi() },
        inputs: inputs.to_vec(),
        province: Province {
            handled: p.handled(),
            completed: Completed { early: p.early, on_time: p.on_time, late: p.late, total: p.completed() },
            processing: Processing { within: p.within, overdue: p.overdue_processing, total: p.processing() },
            on_time_rate: p.on_time_rate(),
            on_time_points: p.on_time_rate().zip(on_time_indicator).map(|(r, i)| i.points(r)),
            on_time_max: on_time_indicator.map_or(0.0, |i| i.max),
            online_completed: p.online_completed,
            online_on_time: p.online_completed_on_time,
            online_on_time_rate: p.online_on_time_rate(&known),
            online_late_rate: p.online_on_time_rate(&known).map(|r| 1.0 - r),
            overdue: p.overdue(),
            overdue_rate: p.overdue_rate(),
            received: p.received,
            digitised: p.digitised,
            digitization_rate: p.digitization_rate(&known),
            fee_due: p.fee_due,
            paid_online: p.paid_online,
            online_payment_rate: p.online_payment_rate(&known),
            without_progress: a.without_progress,
        },
        overdue: OverdueSummary {
            units_with_overdue: with_overdue.len(),
            more_than: th.overdue_more_than,
            units_over_threshold: over.len(),
            total: p.overdue(),
            rate: p.overdue_rate(),
            units_with_overdue_names: names(store, &with_overdue),
            units_over_threshold_names: names(store, &over),
        },
        digitization: threshold(store, &a, |t| t.digitization_rate(&known), th.digitization_below),
        online_payment: Payment {
            below: payment_below,
            near_zero_threshold: th.online_payment_near_zero,
            units_near_zero: near_zero.len(),
            units_near_zero_by_block: block_counts(store, &near_zero),
            units_near_zero_names: names(store, &near_zero),
        },
        scores: scores(&opts.profile, p, &known),
        units,
        unplaced_units: store.units.iter().filter(|u| u.block == Block::UNKNOWN).map(|u| u.name.clone()).collect(),
        missing: missing(&known),
        overdue_dossiers,
        masked: !opts.unmask,
        notice_text: String::new(),
    };
    report.notice_text = notice::text(&report);
    report
}

fn unit_row(store: &DossierStore, i: usize, t: &Tally, known: &Known) -> UnitRow {
    let u = &store.units[i];
    UnitRow {
        index: i,
        name: u.name.clone(),
        code: u.code.clone(),
        block: u.block,
        block_source: u.block_source,
        handled: t.handled(),
        early: t.early,
        on_time: t.on_time,
        late: t.late,
        within: t.within,
        overdue_processing: t.overdue_processing,
        overdue: t.overdue(),
        on_time_rate: t.on_time_rate(),
        online_completed: t.online_completed,
        online_on_time_rate: t.online_on_time_rate(known),
        received: t.received,
        digitised: t.digitised,
        digitization_rate: t.digitization_rate(known),
        fee_due: t.fee_due,
        paid_online: t.paid_online,
        online_payment_rate: t.online_payment_rate(known),
        scores: None,
    }
}

/// The unit's computed indicators and what-if, from the same computations as the province's.
fn unit_scores(profile: &Profile, t: &Tally, known: &Known) -> UnitScores {
    let th = &profile.thresholds;
    let mut indicators = Vec::new();
    let mut what_if = Vec::new();
    for ind in profile.groups.iter().flat_map(|g| &g.indicators) {
        let Some(comp) = ind.computation.as_deref().and_then(computations::find) else { continue };
        let Some((n, d)) = comp.counts_in(t, known) else { continue };
        let rate = (d > 0).then(|| f64::from(n) / f64::from(d));
        let points = rate.map_or(ind.max, |r| ind.points(r));
        indicators.push(UnitIndicator { id: ind.id.clone(), numerator: n, denominator: d, rate, points, max: ind.max });
        let Some(r) = rate else { continue };
        // The notice's thresholds for its two measures, then full points.
        let threshold = match comp.name {
            "online_payment" => Some(th.online_payment_below),
            "digitization" => Some(th.digitization_below),
            _ => None,
        };
        let mut steps = Vec::new();
        for (goal, full) in threshold.filter(|&x| r < x && x < ind.target).map(|x| (x, false)).into_iter().chain([(ind.target, true)]) {
            if r >= goal {
                continue;
            }
            let more = computations::needed(n, d, goal);
            let after = f64::from(n + more) / f64::from(d);
            steps.push(WhatIfStep { rate: goal, full_points: full, more, points_gain: ind.points(after) - points });
        }
        if !steps.is_empty() {
            what_if.push(WhatIf { indicator: ind.id.clone(), label: ind.label.clone(), success: comp.success, rate: r, steps });
        }
    }
    let total = indicators.iter().map(|i| i.points).fold(0.0, |a, b| a + b);
    let max_computed = indicators.iter().map(|i| i.max).fold(0.0, |a, b| a + b);
    UnitScores { total, max_computed, rank_in_block: 0, of_in_block: 0, indicators, what_if }
}

/// Standard competition ranking (1, 2, 2, 4) of the units within each block, on unrounded totals.
fn rank_within_blocks(units: &mut [UnitRow]) {
    let totals: Vec<(Block, Option<f64>)> = units.iter().map(|u| (u.block, u.scores.as_ref().map(|s| s.total))).collect();
    for (u, (block, total)) in units.iter_mut().zip(&totals) {
        let (Some(scores), Some(total)) = (u.scores.as_mut(), total) else { continue };
        let peers = totals.iter().filter(|(b, t)| b == block && t.is_some());
        scores.of_in_block = peers.clone().count();
        scores.rank_in_block = 1 + peers.filter(|(_, t)| t.is_some_and(|t| t > *total)).count();
    }
}

/// Input kinds in words, for indicators this version cannot compute yet.
fn input_label(input: &str) -> &'static str {
    match input {
        "publication" => "tệp theo dõi công bố TTHC",
        "procedures" => "danh mục TTHC",
        "feedback" => "tệp phản ánh, kiến nghị (PAKN)",
        "units" => "danh mục đơn vị",
        "dossiers+ratings" => "tệp đánh giá mức độ hài lòng",
        "dossiers+procedures" => "danh mục TTHC (kết quả giấy)",
        _ => "dữ liệu kết nối, chia sẻ",
    }
}

const NOTHING_TO_JUDGE: &str = "không phát sinh hồ sơ trong kỳ — đạt điểm tối đa";

fn scores(profile: &Profile, t: &Tally, known: &Known) -> Scores {
    let mut total = 0.0;
    let mut max_computed = 0.0;
    let mut partial = false;
    let groups = profile
        .groups
        .iter()
        .map(|g| {
            let indicators: Vec<IndicatorScore> = g
                .indicators
                .iter()
                .map(|ind| {
                    let comp = ind.computation.as_deref().and_then(computations::find);
                    let missing_col = comp.and_then(|c| (c.missing_column)(known));
                    let counts = comp.and_then(|c| c.counts_in(t, known));
                    let rate = counts.and_then(|(n, d)| (d > 0).then(|| f64::from(n) / f64::from(d)));
                    let missing = match (comp, missing_col, counts) {
                        (None, _, _) => Some(format!("chưa có dữ liệu — cần {}", input_label(&ind.input))),
                        (Some(_), Some(col), _) => Some(messages::needs_column(col).vi),
                        (Some(_), None, Some((_, 0))) => Some(NOTHING_TO_JUDGE.to_string()),
                        _ => None,
                    };
                    // Nothing to judge (no dossier in the denominator): full points, as for a
                    // unit without PAKN [D].
                    let points = match (rate, counts) {
                        (Some(r), _) => Some(ind.points(r)),
                        (None, Some((_, 0))) => Some(ind.max),
                        _ => None,
                    };
                    IndicatorScore {
                        id: ind.id.clone(),
                        label: ind.label.clone(),
                        numerator: counts.map(|c| c.0),
                        denominator: counts.map(|c| c.1),
                        rate,
                        points,
                        max: ind.max,
                        target: ind.target,
                        missing,
                    }
                })
                .collect();
            // fold from +0.0: an empty f64 sum is -0.0.
            let points = indicators.iter().filter_map(|i| i.points).fold(0.0, |a, b| a + b);
            let group_partial = indicators.iter().any(|i| i.points.is_none());
            total += points;
            max_computed += indicators.iter().filter(|i| i.points.is_some()).map(|i| i.max).fold(0.0, |a, b| a + b);
            partial |= group_partial;
            GroupScore { id: g.id.clone(), label: g.label.clone(), points, max: g.max(), partial: group_partial, indicators }
        })
        .collect();
    Scores { profile: profile.id.clone(), computed: Computed { total, partial, max_computed, groups } }
}

fn missing(known: &Known) -> Vec<Missing> {
    let mut out = Vec::new();
    let mut add = |figure: &'static str, column: &str| {
        let t = messages::needs_column(column);
        out.push(Missing { figure, message: t.vi, message_en: t.en });
    };
    if !known.channel {
        add("online_on_time_rate", "Kênh nộp");
    }
    if !known.digitised {
        add("digitization_rate", "Số hóa thành phần hồ sơ");
    }
    if !known.fee {
        add("online_payment_rate", "Phí, lệ phí");
    }
    if !known.paid_online {
        add("online_payment_rate", "Thanh toán trực tuyến");
    }
    out
}
