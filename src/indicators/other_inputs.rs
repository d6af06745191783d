//! The counts that come from inputs besides dossiers: procedures of the catalogue (1.3, 3.1, 4.1,
//! 4.2, 6.2, 6.7), feedback (5.1, 5.2), publication tracking (1.1, 1.2) and the units catalogue
//! (6.3), per unit and for the province.
//!
//! A line of feedback or publication tracking belongs to the unit whose name it carries (folded:
//! case, diacritics and spacing ignored); a line naming no loaded unit still counts for the
//! province. Choices marked [D] are listed on the "Cách tính" page.

use super::Tally;
use crate::model::other::{Catalogue, Feedback, OnlineLevel, Publication, UnitEntry};
use crate::model::{Block, Date, DossierStore, Period};
use crate::text::{fold_key, FastMap};

/// Finds a dossier's procedure in the catalogue, by code, else by name.
pub struct CatalogueIndex<'a> {
    catalogue: &'a Catalogue,
    /// Indexed by `store.procedure_codes`, and by `store.procedures`.
    by_code: Vec<Option<u32>>,
    by_name: Vec<Option<u32>>,
}

impl<'a> CatalogueIndex<'a> {
    pub fn new(store: &DossierStore, catalogue: &'a Catalogue) -> CatalogueIndex<'a> {
        let mut codes: FastMap<String, u32> = FastMap::default();
        let mut names: FastMap<String, u32> = FastMap::default();
        for (i, p) in catalogue.procedures.iter().enumerate() {
            if !p.code.is_empty() {
                codes.entry(fold_key(&p.code)).or_insert(i as u32);
            }
            if !p.name.is_empty() {
                names.entry(fold_key(&p.name)).or_insert(i as u32);
            }
        }
        let look = |map: &FastMap<String, u32>, other: &FastMap<String, u32>, v: &str| {
            let k = fold_key(v);
            if k.is_empty() {
                return None;
            }
            map.get(&k).or_else(|| other.get(&k)).copied()
        };
        let (by_code, by_name) = if catalogue.procedures.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            (
                store
                    .procedure_codes
                    .values
                    .iter()
                    .map(|v| look(&codes, &names, v))
                    .collect(),
                // A file with only a code column keeps the code as the procedure's display value.
                store
                    .procedures
                    .values
                    .iter()
                    .map(|v| look(&names, &codes, v))
                    .collect(),
            )
        };
        CatalogueIndex {
            catalogue,
            by_code,
            by_name,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.catalogue.procedures.is_empty()
    }

    pub fn len(&self) -> usize {
        self.catalogue.procedures.len()
    }

    /// The catalogue entry of dossier `i`, if its procedure is in the catalogue.
    pub fn find(&self, store: &DossierStore, i: usize) -> Option<u32> {
        if self.by_code.is_empty() {
            return None;
        }
        let by_code = store
            .procedure_code
            .get(i)
            .and_then(|&c| self.by_code.get(c as usize).copied().flatten());
        by_code.or_else(|| {
            self.by_name
                .get(store.procedure[i] as usize)
                .copied()
                .flatten()
        })
    }

    pub fn eligible(&self, p: u32) -> bool {
        self.catalogue.procedures[p as usize].eligible_full == Some(true)
    }

    /// Whether the procedure issues a paper result; unknown counts as yes [D] (the stricter rule).
    pub fn written_result(&self, p: u32) -> bool {
        self.catalogue.procedures[p as usize].written_result != Some(false)
    }

    pub fn counts(&self, set: &ProcedureSet) -> super::ProcedureCounts {
        let mut c = super::ProcedureCounts::default();
        for (&p, &bits) in &set.0 {
            let proc = &self.catalogue.procedures[p as usize];
            c.procedures += 1;
            c.fully_published += u32::from(proc.fully_published == Some(true));
            c.online_service += u32::from(matches!(
                proc.online,
                Some(OnlineLevel::ToanTrinh | OnlineLevel::MotPhan)
            ));
            if proc.has_fee == Some(true) {
                c.with_fee += 1;
                c.fee_integrated += u32::from(proc.integrated_payment == Some(true));
                c.fee_paid_online += u32::from(bits & ProcedureSet::PAID != 0);
            }
            c.population +=
                u32::from(proc.population == Some(true) || bits & ProcedureSet::POPULATION != 0);
        }
        c
    }
}

/// Catalogue procedures (by index) with what their dossiers of the period showed.
#[derive(Clone, Debug, Default)]
pub struct ProcedureSet(FastMap<u32, u8>);

impl ProcedureSet {
    const SEEN: u8 = 1;
    const PAID: u8 = 2;
    const POPULATION: u8 = 4;

    pub fn see(&mut self, p: u32, paid_online: bool, population: bool) {
        let bits = Self::SEEN
            | if paid_online { Self::PAID } else { 0 }
            | if population { Self::POPULATION } else { 0 };
        *self.0.entry(p).or_default() |= bits;
    }

    pub fn union(sets: &[ProcedureSet]) -> ProcedureSet {
        let mut out = ProcedureSet::default();
        for s in sets {
            for (&p, &bits) in &s.0 {
                *out.0.entry(p).or_default() |= bits;
            }
        }
        out
    }

    /// Adds every catalogue procedure: the province's counts are over the whole catalogue.
    pub fn with_all(mut self, n: usize) -> ProcedureSet {
        for p in 0..n as u32 {
            *self.0.entry(p).or_default() |= Self::SEEN;
        }
        self
    }
}

/// Units of the store by folded name, to attach feedback and publication lines.
pub struct UnitNames(FastMap<String, usize>);

impl UnitNames {
    pub fn new(store: &DossierStore) -> UnitNames {
        UnitNames(
            store
                .units
                .iter()
                .enumerate()
                .map(|(i, u)| (fold_key(&u.name), i))
                .collect(),
        )
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.0.get(&fold_key(name)).copied()
    }
}

/// A feedback item's part in the period [D, as for dossiers]: received by the period's end and
/// not handled before it began. On time: handled by its due date, or still open and not yet due
/// at the period's end; no due date counts as on time. Returns (on time, answered, satisfied).
fn feedback_in(f: &Feedback, period: Period) -> Option<(bool, bool, bool)> {
    if f.received > period.to || f.handled.is_some_and(|h| h < period.from) {
        return None;
    }
    let handled = f.handled.filter(|&h| h <= period.to);
    let on_time = match (handled, f.due) {
        (_, None) => true,
        (Some(h), Some(d)) => h <= d,
        (None, Some(d)) => d >= period.to,
    };
    let answered = handled.is_some() && f.satisfied.is_some();
    Some((on_time, answered, answered && f.satisfied == Some(true)))
}

fn add_feedback(t: &mut Tally, (on_time, answered, satisfied): (bool, bool, bool)) {
    t.feedback += 1;
    t.feedback_on_time += u32::from(on_time);
    t.feedback_answered += u32::from(answered);
    t.feedback_satisfied += u32::from(satisfied);
}

/// Adds each line in the period to the unit it names; returns the names that match no unit of
/// the dossiers (those lines count for the province only).
fn attach<T, V>(
    lines: &[T],
    names: &UnitNames,
    units: &mut [Tally],
    name: impl Fn(&T) -> &str,
    judge: impl Fn(&T) -> Option<V>,
    add: fn(&mut Tally, V),
) -> Vec<String> {
    let mut unmatched = std::collections::BTreeSet::new();
    for line in lines {
        let Some(v) = judge(line) else { continue };
        match names.find(name(line)) {
            Some(u) => add(&mut units[u], v),
            None => {
                unmatched.insert(name(line).to_string());
            }
        }
    }
    unmatched.into_iter().collect()
}

pub fn feedback(
    items: &[Feedback],
    names: &UnitNames,
    period: Period,
    units: &mut [Tally],
) -> Vec<String> {
    attach(
        items,
        names,
        units,
        |f| &f.unit,
        |f| feedback_in(f, period),
        add_feedback,
    )
}

/// A publication line's part in the period [D]: its deadline falls in the period, or it was
/// submitted in it. On time: submitted (1.1) or published (1.2) by the deadline.
pub fn publication_in(p: &Publication, period: Period) -> Option<(bool, bool)> {
    let deadline = p.deadline?;
    let in_period = period.contains(deadline) || p.submitted.is_some_and(|s| period.contains(s));
    if !in_period || deadline > period.to && p.submitted.is_none() {
        return None;
    }
    let by = |d: Option<Date>| d.is_some_and(|d| d <= deadline && d <= period.to);
    Some((by(p.submitted), by(p.published)))
}

fn add_publication(t: &mut Tally, (submitted, published): (bool, bool)) {
    t.publication_due += 1;
    t.publication_on_time += u32::from(submitted);
    t.publication_published_on_time += u32::from(published);
}

pub fn publication(
    lines: &[Publication],
    names: &UnitNames,
    period: Period,
    units: &mut [Tally],
) -> Vec<String> {
    attach(
        lines,
        names,
        units,
        |p| &p.agency,
        |p| publication_in(p, period),
        add_publication,
    )
}

fn entry_block(e: &UnitEntry) -> Option<Block> {
    e.block.or_else(|| Block::from_name(&e.name))
}

/// Indicator 6.3 for each commune unit of the store that the units catalogue lists; returns the
/// communes it does not list (or lists without the e-certification answer).
pub fn e_certification(
    store: &DossierStore,
    entries: &[UnitEntry],
    units: &mut [Tally],
) -> Vec<String> {
    let mut unlisted = Vec::new();
    if entries.is_empty() {
        return unlisted;
    }
    let by_name: FastMap<String, &UnitEntry> =
        entries.iter().map(|e| (fold_key(&e.name), e)).collect();
    let by_code: FastMap<String, &UnitEntry> = entries
        .iter()
        .filter(|e| !e.code.is_empty())
        .map(|e| (e.code.to_uppercase(), e))
        .collect();
    for (i, u) in store.units.iter().enumerate() {
        if u.block != Block::XA {
            continue;
        }
        let entry = u
            .code
            .as_ref()
            .and_then(|c| by_code.get(&c.to_uppercase()))
            .or_else(|| by_name.get(&fold_key(&u.name)));
        match entry.and_then(|e| e.e_certification) {
            Some(provides) => {
                units[i].ecert_units = 1;
                units[i].ecert_providing = u32::from(provides);
            }
            None if units[i].handled() + units[i].received > 0 => {
                units[i].ecert_unlisted = 1;
                unlisted.push(u.name.clone());
            }
            None => {}
        }
    }
    unlisted
}

/// The province's counts over every line of the other inputs, whether or not it names a unit of
/// the dossiers.
pub fn province_totals(others: &crate::model::other::Others, period: Period, t: &mut Tally) {
    t.feedback = 0;
    t.feedback_on_time = 0;
    t.feedback_answered = 0;
    t.feedback_satisfied = 0;
    for v in others
        .feedback
        .iter()
        .filter_map(|f| feedback_in(f, period))
    {
        add_feedback(t, v);
    }
    t.publication_due = 0;
    t.publication_on_time = 0;
    t.publication_published_on_time = 0;
    for v in others
        .publication
        .iter()
        .filter_map(|p| publication_in(p, period))
    {
        add_publication(t, v);
    }
    if others.has_units {
        let communes = others
            .units
            .iter()
            .filter(|e| entry_block(e) == Some(Block::XA) && e.e_certification.is_some());
        t.ecert_units = communes.clone().count() as u32;
        t.ecert_providing = communes.filter(|e| e.e_certification == Some(true)).count() as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).expect("valid date")
    }

    #[test]
    fn feedback_is_judged_like_dossiers() {
        let may = Period::month(2024, 5).expect("valid");
        let f = |received: &str, due: Option<&str>, handled: Option<&str>| Feedback {
            unit: "Sở A".into(),
            received: d(received),
            due: due.map(d),
            handled: handled.map(d),
            satisfied: Some(true),
        };
        assert_eq!(
            feedback_in(
                &f("2024-05-02", Some("2024-05-10"), Some("2024-05-10")),
                may
            ),
            Some((true, true, true))
        );
        assert_eq!(
            feedback_in(
                &f("2024-05-02", Some("2024-05-10"), Some("2024-05-11")),
                may
            ),
            Some((false, true, true))
        );
        // Open at the period's end: on time only while not yet due.
        assert_eq!(
            feedback_in(&f("2024-05-02", Some("2024-05-30"), None), may).map(|v| v.0),
            Some(false)
        );
        assert_eq!(
            feedback_in(&f("2024-05-02", Some("2024-05-31"), None), may).map(|v| v.0),
            Some(true)
        );
        // Handled before the period, or received after it: not in it.
        assert_eq!(
            feedback_in(
                &f("2024-04-02", Some("2024-04-10"), Some("2024-04-09")),
                may
            ),
            None
        );
        assert_eq!(feedback_in(&f("2024-06-01", None, None), may), None);
        // Handled after the period's end: open at the end, and no answer counted yet.
        assert_eq!(
            feedback_in(
                &f("2024-05-02", Some("2024-06-10"), Some("2024-06-03")),
                may
            ),
            Some((true, false, false))
        );
    }

    #[test]
    fn publication_lines_are_judged_by_their_deadline() {
        let may = Period::month(2024, 5).expect("valid");
        let p = |deadline: &str, submitted: Option<&str>, published: Option<&str>| Publication {
            row: 1,
            agency: "Sở A".into(),
            content: String::new(),
            dispatch: String::new(),
            deadline: Some(d(deadline)),
            submitted: submitted.map(d),
            published: published.map(d),
        };
        assert_eq!(
            publication_in(
                &p("2024-05-10", Some("2024-05-09"), Some("2024-05-12")),
                may
            ),
            Some((true, false))
        );
        assert_eq!(
            publication_in(&p("2024-05-10", None, None), may),
            Some((false, false))
        );
        assert_eq!(publication_in(&p("2024-06-10", None, None), may), None);
        assert_eq!(
            publication_in(&p("2024-06-10", Some("2024-05-20"), None), may),
            Some((true, false))
        );
        assert_eq!(
            publication_in(&p("2024-04-10", Some("2024-04-09"), None), may),
            None
        );
    }
}
