//! Replies read back (issue #24): the units' returned lists (`model::reply`) matched to the
//! period's overdue dossiers by id (case and spaces ignored). A dossier gets the unit's reason
//! and remedy; what does not fit is reported, never merged silently: a reply made for another
//! period (not merged), an id no file has, a column other than the two to fill changed, a
//! dossier of another unit than the reply's, two different reasons for one dossier.

use super::DossierFacts;
use crate::indicators::Overdue;
use crate::messages::{self, Text};
use crate::model::other::Others;
use crate::model::reply::Reply;
use crate::model::{Date, DossierStore, Period};
use crate::text::{fold_key, FastMap};
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Explanations {
    /// Reply files read.
    pub files: usize,
    /// Units that replied for the period (a matched dossier of theirs, or their name above the
    /// list), and their names.
    pub units_replied: usize,
    pub units_replied_names: Vec<String>,
    /// Units with an overdue dossier in the period that sent no reply, block by block.
    pub units_pending: Vec<String>,
    /// Overdue dossiers of the period with a reason or a remedy.
    pub dossiers_explained: u32,
    /// Ids of the replies that no loaded file has.
    pub unmatched_ids: Vec<String>,
    /// Ids the files have that are not overdue in the period (the due-soon dossiers of a list):
    /// nothing to attach a reason to.
    pub not_overdue_ids: Vec<String>,
    /// The day replies were asked by (ISO).
    pub deadline: String,
    /// Everything not merged as it came.
    pub problems: Vec<ReplyProblem>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ReplyProblem {
    pub file: String,
    pub row: Option<u64>,
    pub id: Option<String>,
    pub message: String,
    pub message_en: String,
}

/// A dossier's reason and remedy, by folded id.
pub type Reasons = FastMap<String, (String, String)>;

/// An id as matched: without case and spaces.
pub fn id_key(id: &str) -> String {
    id.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn day(s: &str) -> Option<Date> {
    Date::parse_iso(s)
        .or_else(|| super::notice::parse_dmy(s.split_whitespace().next().unwrap_or("")))
}

struct Matcher<'a> {
    store: &'a DossierStore,
    facts: DossierFacts<'a>,
    problems: Vec<ReplyProblem>,
}

impl Matcher<'_> {
    fn report(&mut self, reply: &Reply, row: Option<u64>, id: Option<&str>, t: Text) {
        self.problems.push(ReplyProblem {
            file: reply.path.clone(),
            row,
            id: id.map(str::to_string),
            message: t.vi,
            message_en: t.en,
        });
    }

    /// The columns a reply must leave as they were, against the dossier: the procedure and the
    /// received, due and end dates.
    fn edited(&self, i: usize, others: &[(String, String)]) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for (header, value) in others {
            let ours = match fold_key(header).as_str() {
                "thutuc" => Some(self.facts.procedure(i)),
                "ngaytiepnhan" => Some(self.store.received[i].to_string()),
                "ngayhentra" => Some(self.store.due[i].map_or_else(String::new, |d| d.to_string())),
                _ => None,
            };
            let Some(ours) = ours else { continue };
            let same = match (day(value), day(&ours)) {
                (Some(a), Some(b)) => a == b,
                _ => value.trim() == ours.trim(),
            };
            if !same {
                out.push((header.clone(), ours, value.clone()));
            }
        }
        out
    }
}

/// Matches the loaded replies to the period's overdue dossiers. `None` without any reply.
pub fn explain(
    store: &DossierStore,
    others: &Others,
    overdue: &[Overdue],
    period: Period,
    deadline: Date,
) -> Option<(Explanations, Reasons)> {
    if others.replies.is_empty() {
        return None;
    }
    let overdue_by_id: FastMap<String, usize> = overdue
        .iter()
        .map(|o| (id_key(store.id.get(o.index)), o.index))
        .collect();
    let known: HashSet<String> = store.id.iter().map(id_key).collect();
    let unit_by_name: FastMap<String, usize> = store
        .units
        .iter()
        .enumerate()
        .map(|(u, x)| (fold_key(&x.name), u))
        .collect();
    let mut m = Matcher {
        store,
        facts: DossierFacts::new(store, others, true),
        problems: Vec::new(),
    };
    let mut reasons = Reasons::default();
    let mut replied: BTreeSet<usize> = BTreeSet::new();
    let (mut unmatched, mut not_overdue) = (Vec::new(), Vec::new());
    for reply in &others.replies {
        if let Some((from, to)) = reply
            .period
            .filter(|&(f, t)| (f, t) != (period.from, period.to))
        {
            m.report(
                reply,
                None,
                None,
                messages::reply_other_period(
                    &from.to_string(),
                    &to.to_string(),
                    &period.label_vi(),
                ),
            );
            continue;
        }
        let unit = reply
            .unit
            .as_deref()
            .map(|n| (n, unit_by_name.get(&fold_key(n)).copied()));
        match unit {
            Some((_, Some(u))) => {
                replied.insert(u);
            }
            Some((name, None)) => m.report(reply, None, None, messages::reply_unknown_unit(name)),
            None => {}
        }
        for row in &reply.rows {
            let key = id_key(&row.id);
            let Some(&i) = overdue_by_id.get(&key) else {
                if known.contains(&key) {
                    not_overdue.push(row.id.clone());
                } else {
                    unmatched.push(row.id.clone());
                    m.report(
                        reply,
                        Some(row.row),
                        Some(&row.id),
                        messages::reply_unknown_id(&row.id),
                    );
                }
                continue;
            };
            let u = store.unit[i] as usize;
            replied.insert(u);
            if let Some((name, Some(_))) = unit.filter(|(_, x)| *x != Some(u)) {
                m.report(
                    reply,
                    Some(row.row),
                    Some(&row.id),
                    messages::reply_other_units_dossier(&row.id, &store.units[u].name, name),
                );
            }
            for (header, ours, theirs) in m.edited(i, &row.others) {
                m.report(
                    reply,
                    Some(row.row),
                    Some(&row.id),
                    messages::reply_edited(&header, &ours, &theirs),
                );
            }
            if row.reason.is_empty() && row.remedy.is_empty() {
                continue;
            }
            let now = (row.reason.clone(), row.remedy.clone());
            if reasons
                .insert(key, now.clone())
                .is_some_and(|before| before != now)
            {
                m.report(
                    reply,
                    Some(row.row),
                    Some(&row.id),
                    messages::reply_conflicting(&row.id),
                );
            }
        }
    }
    let mut pending: Vec<usize> = overdue
        .iter()
        .map(|o| store.unit[o.index] as usize)
        .filter(|u| !replied.contains(u))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    pending.sort_by(|&x, &y| {
        store.units[x]
            .block
            .cmp(&store.units[y].block)
            .then_with(|| store.units[x].name.cmp(&store.units[y].name))
    });
    let mut replied: Vec<usize> = replied.into_iter().collect();
    replied.sort_by(|&x, &y| {
        store.units[x]
            .block
            .cmp(&store.units[y].block)
            .then_with(|| store.units[x].name.cmp(&store.units[y].name))
    });
    let explanations = Explanations {
        files: others.replies.len(),
        units_replied: replied.len(),
        units_replied_names: replied
            .iter()
            .map(|&u| store.units[u].name.clone())
            .collect(),
        units_pending: pending
            .iter()
            .map(|&u| store.units[u].name.clone())
            .collect(),
        dossiers_explained: reasons.len() as u32,
        unmatched_ids: unmatched,
        not_overdue_ids: not_overdue,
        deadline: deadline.iso(),
        problems: m.problems,
    };
    Some((explanations, reasons))
}
