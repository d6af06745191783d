//! The early warning as the user reads it (`early_warning` in the JSON, the page's "Cảnh báo
//! sớm"): per unit, the dossiers overdue now, due today and due soon, and the month's indicator
//! 2.1 with what it would lose if those due turned overdue; the dossiers themselves, personal
//! columns masked as in `overdue_dossiers`.
//!
//! Every count comes from `indicators::early_warning`; this module names, sorts and words them.

use super::{DossierFacts, PeriodOut};
use crate::indicators::early_warning::{self, Calendar, Standing, UnitWarning};
use crate::messages;
use crate::model::other::Others;
use crate::model::{Block, Date, DossierStore};
use crate::profile::Profile;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EarlyWarning {
    /// Day D (ISO).
    pub as_of: String,
    /// N: the window in working days, and its last day (ISO).
    pub working_days: u32,
    pub horizon: String,
    /// Holidays of the profile that the window skips (ISO), weekends aside.
    pub holidays_in_window: Vec<String>,
    /// Set when the profile lists no holiday in the window's year(s): the window may then count
    /// a holiday as a working day.
    pub calendar_note: Option<String>,
    pub calendar_note_en: Option<String>,
    pub overdue_now: u32,
    pub due_today: u32,
    pub due_soon: u32,
    /// D's month from its first day to D: the period of the 2.1 figures below.
    pub month: PeriodOut,
    /// The province's 2.1 for the month so far, and if every dossier due today or soon (before
    /// the month's last day) turned overdue; the points of 2.1 that would cost.
    pub on_time_rate: Option<f64>,
    pub projected_on_time_rate: Option<f64>,
    pub points_lost: Option<f64>,
    /// Units with a dossier overdue now, due today or due soon: by due-soon count, then overdue
    /// now, then name.
    pub units: Vec<WarnedUnit>,
    pub dossiers: Vec<WarnedDossier>,
    /// Whether personal columns in `dossiers` are masked.
    pub masked: bool,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WarnedUnit {
    /// The unit's index in the store (as `units[].index`).
    pub index: usize,
    pub name: String,
    pub block: Block,
    pub due_soon: u32,
    pub due_today: u32,
    pub overdue_now: u32,
    pub on_time_rate: Option<f64>,
    pub projected_on_time_rate: Option<f64>,
    pub points_lost: Option<f64>,
}

crate::keyed! {
    /// Where an open dossier stands on day D.
    pub enum WarningKind {
        OverdueNow = "overdue_now",
        DueToday = "due_today",
        DueSoon = "due_soon",
    }
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WarnedDossier {
    pub unit: usize,
    pub unit_name: String,
    pub id: String,
    pub row: u32,
    pub procedure: String,
    /// ISO dates.
    pub received: String,
    pub due: String,
    pub status: u8,
    pub kind: WarningKind,
    /// Calendar days from D to the due date (negative: days overdue).
    pub days_left: i32,
    /// Working days from D to the due date (due soon only).
    pub working_days_left: Option<u32>,
    pub personal: Vec<(String, String)>,
}

/// 2.1's points under the profile at `rate` and at `projected`: the difference.
fn points_lost(profile: &Profile, w: &UnitWarning) -> Option<f64> {
    let ind = profile.by_computation(&crate::indicators::computations::ON_TIME)?;
    Some(ind.points(w.on_time_rate()?) - ind.points(w.projected_on_time_rate()?))
}

/// The warning for day `as_of` under the profile's working days and holidays.
pub fn build(
    store: &DossierStore,
    others: &Others,
    as_of: Date,
    profile: &Profile,
    masked: bool,
) -> EarlyWarning {
    let calendar = Calendar::new(profile.holiday_dates());
    let n = profile.thresholds.due_soon_working_days;
    let w = early_warning::compute(store, as_of, &calendar, n);
    let years = as_of.ymd().0..=w.horizon.ymd().0;
    let unknown_years: Vec<i32> = years.filter(|&y| !calendar.knows_year(y)).collect();
    let note = (!unknown_years.is_empty()).then(|| messages::holidays_not_listed(&unknown_years));
    let mut units: Vec<WarnedUnit> = w
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.overdue_now + u.due_today + u.due_soon > 0)
        .map(|(i, u)| WarnedUnit {
            index: i,
            name: store.units[i].name.clone(),
            block: store.units[i].block,
            due_soon: u.due_soon,
            due_today: u.due_today,
            overdue_now: u.overdue_now,
            on_time_rate: u.on_time_rate(),
            projected_on_time_rate: u.projected_on_time_rate(),
            points_lost: points_lost(profile, u),
        })
        .collect();
    units.sort_by(|a, b| {
        b.due_soon
            .cmp(&a.due_soon)
            .then(b.due_today.cmp(&a.due_today))
            .then(b.overdue_now.cmp(&a.overdue_now))
            .then_with(|| a.name.cmp(&b.name))
    });
    let facts = DossierFacts::new(store, others, masked);
    let mut dossiers: Vec<WarnedDossier> = w
        .dossiers
        .iter()
        .map(|f| {
            let i = f.index;
            let u = store.unit[i] as usize;
            let (kind, working_days_left) = match f.standing {
                Standing::OverdueNow => (WarningKind::OverdueNow, None),
                Standing::DueToday => (WarningKind::DueToday, None),
                Standing::DueSoon { working_days_left } => {
                    (WarningKind::DueSoon, Some(working_days_left))
                }
            };
            WarnedDossier {
                unit: u,
                unit_name: store.units[u].name.clone(),
                id: store.id.get(i).to_string(),
                row: store.row[i],
                procedure: facts.procedure(i),
                received: store.received[i].iso(),
                due: as_of.add_days(f.days_left).iso(),
                status: store.status[i].code(),
                kind,
                days_left: f.days_left,
                working_days_left,
                personal: facts.personal(i),
            }
        })
        .collect();
    // Unit by unit as the notice lists them, the most urgent first.
    dossiers.sort_by(|x, y| {
        let block = |d: &WarnedDossier| store.units[d.unit].block;
        block(x)
            .cmp(&block(y))
            .then_with(|| x.unit_name.cmp(&y.unit_name))
            .then(x.days_left.cmp(&y.days_left))
            .then_with(|| x.id.cmp(&y.id))
    });
    EarlyWarning {
        as_of: as_of.iso(),
        working_days: n,
        horizon: w.horizon.iso(),
        holidays_in_window: calendar
            .holidays_between(as_of, w.horizon)
            .iter()
            .map(|d| d.iso())
            .collect(),
        calendar_note: note.as_ref().map(|t| t.vi.clone()),
        calendar_note_en: note.map(|t| t.en),
        overdue_now: w.province.overdue_now,
        due_today: w.province.due_today,
        due_soon: w.province.due_soon,
        month: PeriodOut {
            from: w.month_so_far.from.iso(),
            to: w.month_so_far.to.iso(),
            label: w.month_so_far.label_vi(),
        },
        on_time_rate: w.province.on_time_rate(),
        projected_on_time_rate: w.province.projected_on_time_rate(),
        points_lost: points_lost(profile, &w.province),
        units,
        dossiers,
        masked,
    }
}
