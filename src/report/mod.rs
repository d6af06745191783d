//! Indicators → the report: the figures of the notice with the rows behind them, in one
//! serialisable value shared by the command line (JSON, text) and the page.
//!
//! Owns what the user reads: which figures, in which order, with which wording (`notice`), number
//! style (`format`), charts (`chart`) and masking of personal data (`mask`). Computes no rate
//! itself: every rate comes from `indicators`.

pub mod appendix;
pub mod chart;
pub mod compare;
pub mod early_warning;
pub mod format;
pub mod labels;
pub mod mask;
pub mod notice;
pub mod reconcile;
pub mod replies;
pub mod scores;
pub mod trend;
#[cfg(test)]
mod typescript;
pub mod unit_pack;

use crate::indicators::{Analysis, Tally};
use crate::ingest::SourceInfo;
use crate::messages;
use crate::model::other::Others;
use crate::model::{Block, DossierStore, Known, Period};
use crate::profile::Profile;
use scores::{Computed, Level, National, UnitScores};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Report {
    pub tool: Tool,
    pub period: PeriodOut,
    pub inputs: Vec<SourceInfo>,
    pub province: Province,
    pub overdue: OverdueSummary,
    pub digitization: Threshold,
    pub online_payment: Payment,
    pub scores: Scores,
    /// The user's province in the national scoreboard, when one is loaded and the province named.
    pub national: Option<National>,
    /// The provincial export against a DVCQG export of the same period, when one is loaded.
    pub reconciliation: Option<reconcile::Reconciliation>,
    /// The period against the one before, when the dossiers reach into it.
    pub comparison: Option<compare::Comparison>,
    /// Open dossiers overdue now, due today or due soon on a day D (`--as-of`), per unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional = nullable))]
    pub early_warning: Option<early_warning::EarlyWarning>,
    pub blocks: Vec<BlockRow>,
    pub units: Vec<UnitRow>,
    /// Units whose block could not be found from a column or their name (methodology §4).
    pub unplaced_units: Vec<String>,
    /// Figures that could not be computed, and which column would provide them.
    pub missing: Vec<Missing>,
    pub overdue_dossiers: Vec<OverdueDossier>,
    /// The units' replies matched to the overdue dossiers, when any reply file is loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional = nullable))]
    pub explanations: Option<replies::Explanations>,
    /// Their reasons and remedies by dossier id, for the overdue list.
    #[serde(skip)]
    reasons: replies::Reasons,
    /// The overdue dossiers still to be listed (see [`summary`]).
    #[serde(skip)]
    overdue_later: Vec<crate::indicators::Overdue>,
    /// Whether personal columns in `overdue_dossiers` are masked.
    pub masked: bool,
    /// Publication tracking lines due in the period (notice I.5), and whether a file was loaded.
    pub publication: Vec<PublicationLine>,
    pub publication_loaded: bool,
    /// The notice draft, as a document (the page's preview, the .docx) and as plain text.
    pub notice: notice::Notice,
    pub notice_text: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PublicationLine {
    pub row: u64,
    pub agency: String,
    pub content: String,
    pub dispatch: String,
    pub deadline: Option<String>,
    pub submitted: Option<String>,
    pub published: Option<String>,
    /// Submitted by the deadline (1.1), published by it (1.2).
    pub on_time: bool,
    pub published_on_time: bool,
    /// Days after the deadline it was submitted (or, not submitted, until the period's end).
    pub days_late: Option<i32>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PeriodOut {
    pub from: String,
    pub to: String,
    pub label: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Completed {
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    pub total: u32,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Processing {
    pub within: u32,
    pub overdue: u32,
    pub total: u32,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Threshold {
    pub threshold: f64,
    pub units_below: usize,
    pub units_below_by_block: BTreeMap<&'static str, usize>,
    pub units_below_names: Vec<String>,
    /// Units without the rate (no dossiers in its denominator): not counted below.
    pub units_without_rate: usize,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Payment {
    #[serde(flatten)]
    pub below: Threshold,
    pub near_zero_threshold: f64,
    pub units_near_zero: usize,
    pub units_near_zero_by_block: BTreeMap<&'static str, usize>,
    pub units_near_zero_names: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Scores {
    pub profile: String,
    pub computed: Computed,
    /// The profile's band (xếp loại) of the computed total, when it is complete.
    pub band: Option<String>,
}

/// One block's sums and computed scores.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BlockRow {
    pub key: &'static str,
    pub label: &'static str,
    pub units: usize,
    pub handled: u32,
    pub overdue: u32,
    pub on_time_rate: Option<f64>,
    pub digitization_rate: Option<f64>,
    pub online_payment_rate: Option<f64>,
    pub scores: Computed,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UnitRow {
    pub index: usize,
    pub name: String,
    pub code: Option<String>,
    pub block: Block,
    pub block_source: crate::model::BlockSource,
    pub handled: u32,
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    pub within: u32,
    pub overdue_processing: u32,
    pub overdue: u32,
    pub on_time_rate: Option<f64>,
    pub online_completed: u32,
    pub online_on_time: u32,
    pub online_on_time_rate: Option<f64>,
    pub received: u32,
    pub digitised: u32,
    pub digitization_rate: Option<f64>,
    pub fee_due: u32,
    pub paid_online: u32,
    pub online_payment_rate: Option<f64>,
    pub scores: Option<UnitScores>,
}

crate::keyed! {
    /// What a `missing[]` entry is about: a figure without its input, or what the reader of the
    /// figures must know (files of other months, names matching nothing, the national rank).
    pub enum MissingFigure {
        OnlineOnTimeRate = "online_on_time_rate",
        DigitizationRate = "digitization_rate",
        OnlinePaymentRate = "online_payment_rate",
        Periods = "periods",
        Catalogue = "catalogue",
        Feedback = "feedback",
        Publication = "publication",
        UnitsCatalogue = "units_catalogue",
        Period = "period",
        Dossiers = "dossiers",
        National = "national",
    }
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Missing {
    pub figure: MissingFigure,
    pub message: String,
    pub message_en: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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
    pub kind: OverdueKind,
    pub days_late: i32,
    pub personal: Vec<(String, String)>,
    /// The unit's reply: why it was late and what it does about it (null: no reply says).
    pub reason: Option<String>,
    pub remedy: Option<String>,
}

crate::keyed! {
    /// How a dossier is overdue (notice I.4).
    pub enum OverdueKind {
        CompletedLate = "completed_late",
        ProcessingOverdue = "processing_overdue",
    }
}

/// Options the user sets on screen or on the command line.
#[derive(Clone, Debug)]
pub struct Options {
    pub profile: Profile,
    /// Show personal columns in the overdue list as they are.
    pub unmask: bool,
    /// The user's province (or unit) in national scoreboards.
    pub province: Option<String>,
    /// The notice's header fields and choices.
    pub notice: notice::NoticeSettings,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            profile: Profile::default_profile(),
            unmask: false,
            province: None,
            notice: notice::NoticeSettings::default(),
        }
    }
}

/// The default period [D]: the latest month whose receipts are at least half those of the busiest
/// month. An export of May holds May's dossiers, those carried over into it, and a few received in
/// the first days of June; a year's export gives its last full month.
pub fn default_period(store: &DossierStore) -> Option<Period> {
    trend::months(store).last().copied()
}

fn publication_lines(others: &Others, period: Period) -> Vec<PublicationLine> {
    let mut lines: Vec<PublicationLine> = others
        .publication
        .iter()
        .filter_map(|l| {
            let (on_time, published_on_time) =
                crate::indicators::other_inputs::publication_in(l, period)?;
            let deadline = l.deadline?;
            let days_late = match l.submitted {
                Some(s) => Some(s.0 - deadline.0).filter(|d| *d > 0),
                None => Some(period.to.0 - deadline.0).filter(|d| *d > 0),
            };
            Some(PublicationLine {
                row: l.row,
                agency: l.agency.clone(),
                content: l.content.clone(),
                dispatch: l.dispatch.clone(),
                deadline: Some(deadline.iso()),
                submitted: l.submitted.map(|d| d.iso()),
                published: l.published.map(|d| d.iso()),
                on_time,
                published_on_time,
                days_late,
            })
        })
        .collect();
    lines.sort_by(|a, b| a.deadline.cmp(&b.deadline).then(a.agency.cmp(&b.agency)));
    lines
}

/// Each dossier file's month: its busiest month of receipts. When files hold different months,
/// or a file's name says another month than its data (`ho-so-thang-04-2024.csv` holding May),
/// says so with the period being computed: a clear choice, never a silent mix.
fn mixed_periods(
    store: &DossierStore,
    inputs: &[SourceInfo],
    period: Period,
) -> Option<messages::Text> {
    let mut per_file: BTreeMap<(u16, (i32, u32)), usize> = BTreeMap::new();
    // Counted by day first, file by file (a file's dossiers are stored together), and then by
    // month: a day's month is worked out once, not once per dossier. Receipt dates lie within
    // 2000–2100, so a day count never passes 37,000 entries.
    let lo = store.received.iter().min().map_or(0, |d| d.0);
    let hi = store.received.iter().max().map_or(0, |d| d.0);
    let mut by_day = vec![0usize; usize::try_from(hi - lo).unwrap_or(0) + 1];
    let mut at = 0;
    while at < store.len() {
        let f = store.file[at];
        let run = store.file[at..].iter().take_while(|&&g| g == f).count();
        for d in &store.received[at..at + run] {
            by_day[(d.0 - lo) as usize] += 1;
        }
        for (day, n) in by_day.iter_mut().enumerate().filter(|(_, n)| **n > 0) {
            let (y, m, _) = crate::model::Date(lo + day as i32).ymd();
            *per_file.entry((f, (y, m))).or_default() += std::mem::take(n);
        }
        at += run;
    }
    let mut busiest: BTreeMap<u16, ((i32, u32), usize)> = BTreeMap::new();
    for ((f, ym), n) in per_file {
        let e = busiest.entry(f).or_insert((ym, 0));
        if n > e.1 {
            *e = (ym, n);
        }
    }
    let name_of = |f: u16| inputs.get(usize::from(f)).map_or("?", |i| i.path.as_str());
    let named_otherwise: Vec<String> = busiest
        .iter()
        .filter_map(|(f, ((y, m), _))| {
            let file_name = name_of(*f)
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or("")
                .replace(['-', '_', '.'], " ");
            let (ny, nm) = crate::ingest::other::month_in(&file_name)?;
            ((ny, nm) != (*y, *m)).then(|| {
                format!(
                    "{} (tên tệp: tháng {nm}/{ny}, dữ liệu: tháng {m}/{y})",
                    name_of(*f)
                )
            })
        })
        .collect();
    let months: std::collections::BTreeSet<(i32, u32)> =
        busiest.values().map(|(ym, _)| *ym).collect();
    if months.len() < 2 && named_otherwise.is_empty() {
        return None;
    }
    let mut files: Vec<String> = if months.len() < 2 {
        Vec::new()
    } else {
        busiest
            .iter()
            .map(|(f, ((y, m), _))| format!("{} (tháng {m}/{y})", name_of(*f)))
            .collect()
    };
    files.extend(named_otherwise);
    Some(messages::mixed_periods(&files, &period.label_vi()))
}

/// Without dossiers: the month of the latest scoreboard.
pub fn scoreboard_period(others: &Others) -> Option<Period> {
    let (y, m) = others.scoreboards.iter().filter_map(|b| b.period).max()?;
    Period::month(y, m)
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

fn threshold(
    store: &DossierStore,
    a: &Analysis,
    rate: impl Fn(&Tally) -> Option<f64> + Copy,
    t: f64,
) -> Threshold {
    let below = a.units_below(rate, t);
    Threshold {
        threshold: t,
        units_below: below.len(),
        units_below_by_block: block_counts(store, &below),
        units_below_names: names(store, &below),
        units_without_rate: a
            .units
            .iter()
            .filter(|u| u.handled() + u.received > 0 && rate(u).is_none())
            .count(),
    }
}

/// The files' entries as the user sees them: a problem quoting a personal value shows it only
/// when she unmasked.
fn inputs_shown(inputs: &[SourceInfo], unmask: bool) -> Vec<SourceInfo> {
    let mut shown = inputs.to_vec();
    if unmask {
        for p in shown.iter_mut().flat_map(|i| &mut i.problems) {
            if let Some(plain) = p.unmasked.take() {
                (p.message, p.message_en) = (plain.vi, plain.en);
            }
        }
    }
    shown
}

/// Why a dossier file gave no dossier: which file, and its first problems.
pub fn no_usable_rows(info: &SourceInfo, unmask: bool) -> messages::Text {
    let first: Vec<(Option<u64>, &str, &str)> = info
        .problems
        .iter()
        .take(3)
        .map(|p| match p.unmasked.as_deref().filter(|_| unmask) {
            Some(plain) => (p.row, plain.vi.as_str(), plain.en.as_str()),
            None => (p.row, p.message.as_str(), p.message_en.as_str()),
        })
        .collect();
    messages::no_usable_rows(&info.path, info.skipped_rows + info.duplicates, &first)
}

/// The report of `period` over the provincial dossiers, the other inputs, and (when a DVCQG export
/// was loaded) the national dossiers to reconcile with.
pub fn build(
    store: &DossierStore,
    national: Option<&DossierStore>,
    others: &Others,
    inputs: &[SourceInfo],
    period: Period,
    opts: &Options,
) -> Report {
    let mut r = summary(store, national, others, inputs, period, opts);
    r.list_overdue(store, others);
    r
}

/// The report without its list of overdue dossiers, which [`Report::list_overdue`] fills when
/// needed: the page shows them a unit at a time, or in an export, and a year has tens of
/// thousands.
pub fn summary(
    store: &DossierStore,
    national: Option<&DossierStore>,
    others: &Others,
    inputs: &[SourceInfo],
    period: Period,
    opts: &Options,
) -> Report {
    let national_store = national;
    let a = Analysis::compute(store, others, period);
    let known = a.known;
    let p = &a.province;
    let th = &opts.profile.thresholds;
    let on_time_indicator = opts
        .profile
        .by_computation(&crate::indicators::computations::ON_TIME);

    // Block by block, as the notice lists units.
    let mut with_overdue: Vec<usize> = (0..a.units.len())
        .filter(|&u| a.units[u].overdue() > 0)
        .collect();
    with_overdue.sort_by(|&x, &y| {
        store.units[x]
            .block
            .cmp(&store.units[y].block)
            .then_with(|| store.units[x].name.cmp(&store.units[y].name))
    });
    let over: Vec<usize> = with_overdue
        .iter()
        .copied()
        .filter(|&u| a.units[u].overdue() > th.overdue_more_than)
        .collect();

    let payment_rate = |t: &Tally| t.online_payment_rate(&known);
    let payment_below = threshold(store, &a, payment_rate, th.online_payment_below);
    let near_zero = a.units_below(payment_rate, th.online_payment_near_zero);

    let mut units: Vec<UnitRow> = a
        .units
        .iter()
        .enumerate()
        .filter(|(_, t)| t.handled() + t.received > 0)
        .map(|(i, t)| UnitRow {
            scores: Some(scores::unit_scores(
                &opts.profile,
                t,
                &known,
                store.units[i].block,
            )),
            ..unit_row(store, i, t, &known)
        })
        .collect();
    rank_within_blocks(&mut units, &opts.profile);
    units.sort_by(|x, y| x.block.cmp(&y.block).then_with(|| x.name.cmp(&y.name)));
    let province_scores = scores::computed(&opts.profile, p, &known, Level::Province);
    let mut missing_list = missing(&known);
    if let Some(t) = mixed_periods(store, inputs, period) {
        missing_list.push(Missing {
            figure: MissingFigure::Periods,
            message: t.vi,
            message_en: t.en,
        });
    }
    for (figure, names, text) in [
        (
            MissingFigure::Catalogue,
            &a.unmatched_procedures,
            messages::procedures_not_in_catalogue as fn(&[String]) -> messages::Text,
        ),
        (
            MissingFigure::Feedback,
            &a.unmatched_feedback,
            messages::feedback_units_unmatched,
        ),
        (
            MissingFigure::Publication,
            &a.unmatched_publication,
            messages::publication_agencies_unmatched,
        ),
        (
            MissingFigure::UnitsCatalogue,
            &a.unlisted_communes,
            messages::communes_not_in_catalogue,
        ),
    ] {
        if !names.is_empty() {
            let t = text(names);
            missing_list.push(Missing {
                figure,
                message: t.vi,
                message_en: t.en,
            });
        }
    }
    let (from_year, _, _) = period.from.ymd();
    let (to_year, _, _) = period.to.ymd();
    if from_year < 2000 || to_year > 2100 {
        let t = messages::period_outside_era(&period.label_vi());
        missing_list.push(Missing {
            figure: MissingFigure::Period,
            message: t.vi,
            message_en: t.en,
        });
    }
    // A period in which no dossier was received or finished (at most some carried over from
    // before) is likely not the one meant: said, with the dates the data covers.
    if !store.is_empty() && p.received + p.completed() == 0 {
        let range = store
            .received
            .iter()
            .min()
            .zip(store.received.iter().max())
            .map(|(a, b)| (a.to_string(), b.to_string()));
        let t = messages::period_without_dossiers(&period.label_vi(), range);
        missing_list.push(Missing {
            figure: MissingFigure::Period,
            message: t.vi,
            message_en: t.en,
        });
    }
    for i in inputs
        .iter()
        .filter(|i| i.kind == crate::ingest::InputKind::Dossiers && i.rows == 0)
    {
        let t = no_usable_rows(i, opts.unmask);
        missing_list.push(Missing {
            figure: MissingFigure::Dossiers,
            message: t.vi,
            message_en: t.en,
        });
    }
    let deadline = opts.notice.resolved().reply_deadline(period.to);
    let (explanations, reasons) = replies::explain(store, others, &a.overdue, period, deadline)
        .map_or((None, replies::Reasons::default()), |(e, r)| (Some(e), r));
    let national = match scores::national(
        &opts.profile,
        &others.scoreboards,
        opts.province.as_deref(),
        period,
        &province_scores,
    ) {
        Ok(n) => {
            for t in n.iter().flat_map(|n| &n.notes) {
                missing_list.push(Missing {
                    figure: MissingFigure::National,
                    message: t.vi.clone(),
                    message_en: t.en.clone(),
                });
            }
            n
        }
        Err(t) => {
            missing_list.push(Missing {
                figure: MissingFigure::National,
                message: t.vi,
                message_en: t.en,
            });
            None
        }
    };
    let blocks = a
        .blocks
        .iter()
        .map(|(b, t)| BlockRow {
            key: b.key(),
            label: b.label(),
            units: units.iter().filter(|u| u.block == *b).count(),
            handled: t.handled(),
            overdue: t.overdue(),
            on_time_rate: t.on_time_rate(),
            digitization_rate: t.digitization_rate(&known),
            online_payment_rate: t.online_payment_rate(&known),
            scores: scores::computed(&opts.profile, t, &known, Level::Block(*b)),
        })
        .collect();
    let mut report = Report {
        tool: Tool {
            name: "chiso766",
            version: env!("CARGO_PKG_VERSION"),
        },
        period: PeriodOut {
            from: period.from.iso(),
            to: period.to.iso(),
            label: period.label_vi(),
        },
        inputs: inputs_shown(inputs, opts.unmask),
        province: Province {
            handled: p.handled(),
            completed: Completed {
                early: p.early,
                on_time: p.on_time,
                late: p.late,
                total: p.completed(),
            },
            processing: Processing {
                within: p.within,
                overdue: p.overdue_processing,
                total: p.processing(),
            },
            on_time_rate: p.on_time_rate(),
            on_time_points: p
                .on_time_rate()
                .zip(on_time_indicator)
                .map(|(r, i)| i.points(r)),
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
        digitization: threshold(
            store,
            &a,
            |t| t.digitization_rate(&known),
            th.digitization_below,
        ),
        online_payment: Payment {
            below: payment_below,
            near_zero_threshold: th.online_payment_near_zero,
            units_near_zero: near_zero.len(),
            units_near_zero_by_block: block_counts(store, &near_zero),
            units_near_zero_names: names(store, &near_zero),
        },
        scores: Scores {
            profile: opts.profile.id.clone(),
            band: (!province_scores.partial)
                .then(|| opts.profile.band(province_scores.total))
                .flatten()
                .map(str::to_string),
            computed: province_scores,
        },
        national,
        reconciliation: national_store.map(|n| reconcile::reconcile(store, n, period)),
        comparison: compare::compare(store, others, &a, &opts.profile),
        early_warning: None,
        blocks,
        units,
        unplaced_units: store
            .units
            .iter()
            .filter(|u| u.block == Block::UNKNOWN)
            .map(|u| u.name.clone())
            .collect(),
        missing: missing_list,
        overdue_dossiers: Vec::new(),
        explanations,
        reasons,
        overdue_later: a.overdue,
        masked: !opts.unmask,
        publication: publication_lines(others, period),
        publication_loaded: others.has_publication,
        notice: notice::Notice::default(),
        notice_text: String::new(),
    };
    report.notice = notice::build(&report, &opts.notice, opts.province.as_deref());
    report.notice_text = notice::text(&report.notice);
    report
}

impl Report {
    /// Lists the overdue dossiers [`summary`] left out (nothing when they are listed).
    pub fn list_overdue(&mut self, store: &DossierStore, others: &Others) {
        let later = std::mem::take(&mut self.overdue_later);
        if later.is_empty() {
            return;
        }
        let facts = DossierFacts::new(store, others, self.masked);
        let mut overdue_dossiers: Vec<OverdueDossier> = later
            .iter()
            .map(|o| {
                let i = o.index;
                let u = store.unit[i] as usize;
                let said = self.reasons.get(&replies::id_key(store.id.get(i)));
                OverdueDossier {
                    unit: u,
                    unit_name: store.units[u].name.clone(),
                    id: store.id.get(i).to_string(),
                    row: store.row[i],
                    procedure: facts.procedure(i),
                    received: store.received[i].to_string(),
                    due: store.due[i].map(|d| d.to_string()),
                    ended: store.ended[i]
                        .filter(|_| o.completed)
                        .map(|d| d.to_string()),
                    status: store.status[i].code(),
                    kind: if o.completed {
                        OverdueKind::CompletedLate
                    } else {
                        OverdueKind::ProcessingOverdue
                    },
                    days_late: o.days_late,
                    personal: facts.personal(i),
                    reason: said.map(|r| r.0.clone()).filter(|s| !s.is_empty()),
                    remedy: said.map(|r| r.1.clone()).filter(|s| !s.is_empty()),
                }
            })
            .collect();
        overdue_dossiers.sort_by(|x, y| {
            let block = |d: &OverdueDossier| store.units[d.unit].block;
            block(x)
                .cmp(&block(y))
                .then_with(|| x.unit_name.cmp(&y.unit_name))
                .then(y.days_late.cmp(&x.days_late))
        });
        self.overdue_dossiers = overdue_dossiers;
    }
}

/// What a list of dossiers shows beyond the store's own columns: the procedure's name from the
/// catalogue, and the personal values, masked unless the user unmasked them.
pub(crate) struct DossierFacts<'a> {
    store: &'a DossierStore,
    others: &'a Others,
    catalogue: crate::indicators::other_inputs::CatalogueIndex<'a>,
    maskers: Vec<mask::Masker>,
    masked: bool,
}

impl<'a> DossierFacts<'a> {
    pub(crate) fn new(
        store: &'a DossierStore,
        others: &'a Others,
        masked: bool,
    ) -> DossierFacts<'a> {
        let catalogue =
            crate::indicators::other_inputs::CatalogueIndex::new(store, &others.procedures);
        let maskers = store
            .personal
            .iter()
            .map(|c| mask::Masker::new(&c.header))
            .collect();
        DossierFacts {
            store,
            others,
            catalogue,
            maskers,
            masked,
        }
    }

    /// The catalogue's name where the export gives only a code.
    pub(crate) fn procedure(&self, i: usize) -> String {
        let store = self.store;
        self.catalogue.find(store, i).map_or_else(
            || store.procedures.get(store.procedure[i]).to_string(),
            |p| self.others.procedures.procedures[p as usize].name.clone(),
        )
    }

    pub(crate) fn personal(&self, i: usize) -> Vec<(String, String)> {
        self.store
            .personal
            .iter()
            .zip(&self.maskers)
            .map(|(c, m)| {
                // Kept for every dossier that can be overdue (`model::may_be_overdue`) whose file
                // has personal columns; empty where it had not this one.
                let v = self
                    .store
                    .personal_at(i)
                    .map(|k| c.values.text(k))
                    .unwrap_or_default();
                (
                    c.header.clone(),
                    if !self.masked {
                        v.into_owned()
                    } else {
                        m.mask(&v)
                    },
                )
            })
            .collect()
    }
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
        online_on_time: t.online_completed_on_time,
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

/// Standard competition ranking (1, 2, 2, 4) of the units within each block, on unrounded totals.
fn rank_within_blocks(units: &mut [UnitRow], profile: &Profile) {
    let totals: Vec<(Block, Option<f64>)> = units
        .iter()
        .map(|u| (u.block, u.scores.as_ref().map(|s| s.total)))
        .collect();
    for (u, (block, total)) in units.iter_mut().zip(&totals) {
        let (Some(scores), Some(total)) = (u.scores.as_mut(), total) else {
            continue;
        };
        let peers = totals.iter().filter(|(b, t)| b == block && t.is_some());
        scores.of_in_block = peers.clone().count();
        scores.rank_in_block = scores::competition_rank(*total, peers.filter_map(|(_, t)| *t));
        scores.band = (!scores.partial)
            .then(|| profile.band(scores.total))
            .flatten()
            .map(str::to_string);
    }
}

fn missing(known: &Known) -> Vec<Missing> {
    let mut out = Vec::new();
    let mut add = |figure: MissingFigure, column: &str| {
        let t = messages::needs_column(column);
        out.push(Missing {
            figure,
            message: t.vi,
            message_en: t.en,
        });
    };
    if !known.channel {
        add(MissingFigure::OnlineOnTimeRate, "Kênh nộp");
    }
    if !known.digitised {
        add(MissingFigure::DigitizationRate, "Số hóa thành phần hồ sơ");
    }
    if !known.fee {
        add(MissingFigure::OnlinePaymentRate, "Phí, lệ phí");
    }
    if !known.paid_online {
        add(MissingFigure::OnlinePaymentRate, "Thanh toán trực tuyến");
    }
    out
}
