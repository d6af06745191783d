//! The provincial portal's export against DVCQG's export of the same period: which dossiers one
//! has and the other lacks, which matched dossiers disagree (status, finish date, on-time verdict,
//! channel, online payment), and each notice figure from both sides, so the gap the seed notice
//! mentions ("chưa đồng bộ, thống nhất") is a list of dossiers the information department can
//! chase.

use crate::indicators::progress::{classify, Progress, Verdict};
use crate::indicators::Analysis;
use crate::model::other::Others;
use crate::model::{flag, Channel, DossierStore, Period};
use crate::text::FastMap;
use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ByField {
    pub status: u32,
    pub finish_date: u32,
    pub on_time: u32,
    pub channel: u32,
    pub paid_online: u32,
}

/// One source's notice figures.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Side {
    pub dossiers: usize,
    pub handled: u32,
    pub online_completed: u32,
    pub online_on_time_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub overdue: u32,
    pub digitization_rate: Option<f64>,
    pub online_payment_rate: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UnitDifferences {
    pub name: String,
    pub only_in_provincial: u32,
    pub only_in_national: u32,
    pub differing: u32,
}

crate::keyed! {
    /// A compared field of a dossier found on both portals.
    pub enum DifferenceField {
        Status = "status",
        FinishDate = "finish_date",
        OnTime = "on_time",
        Channel = "channel",
        PaidOnline = "paid_online",
    }
}

crate::keyed! {
    /// A dossier of the reconciliation: on one portal only, or on both with different values.
    pub enum DifferenceKind {
        OnlyInProvincial = "only_in_provincial",
        OnlyInNational = "only_in_national",
        Differs = "differs",
    }
}

crate::keyed! {
    /// The figures whose gap between the portals is explained dossier by dossier.
    pub enum GapFigure {
        /// Notice I.1.
        OnlineOnTimeRate = "online_on_time_rate",
        /// Indicator 2.1.
        OnTimeRate = "on_time_rate",
        /// Notice I.3.
        OnlinePaymentRate = "online_payment_rate",
    }
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FieldDifference {
    pub field: DifferenceField,
    pub provincial: String,
    pub national: String,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DossierDifference {
    pub unit: String,
    pub id: String,
    pub kind: DifferenceKind,
    /// The row in its file (the provincial one where it has one).
    pub row: u32,
    pub fields: Vec<FieldDifference>,
}

/// One notice figure from both sources, and the dossiers that make the difference: those in one
/// file only that count for it, and matched ones that count differently (in or out of its
/// denominator, or on the other side of its numerator).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Gap {
    pub figure: GapFigure,
    pub provincial: Option<f64>,
    pub national: Option<f64>,
    pub only_in_provincial: u32,
    pub only_in_national: u32,
    pub differing: u32,
    /// The ids behind the difference (at most 50).
    pub ids: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Reconciliation {
    pub only_in_provincial: u32,
    pub only_in_national: u32,
    pub matched: u32,
    /// Matched dossiers with at least one differing field.
    pub differing: u32,
    pub by_field: ByField,
    pub provincial: Side,
    pub national: Side,
    pub units: Vec<UnitDifferences>,
    pub dossiers: Vec<DossierDifference>,
    /// Each notice figure's difference, explained by dossiers.
    pub gaps: Vec<Gap>,
}

/// How a dossier counts for each explained figure: `None` outside the denominator, else whether
/// it is in the numerator. Order: online on time (I.1), on time (2.1), paid online (I.3).
fn contributions(s: &DossierStore, i: usize, period: Period) -> [Option<bool>; 3] {
    let progress = if s.flags[i] & flag::NO_PROGRESS != 0 {
        Progress::Excluded
    } else {
        classify(s.status[i], s.received[i], s.due[i], s.ended[i], period)
    };
    let online_on_time = match progress {
        Progress::Completed(v) if s.channel[i] == Channel::TrucTuyen => Some(v != Verdict::Late),
        _ => None,
    };
    let on_time = match progress {
        Progress::Completed(v) => Some(v != Verdict::Late),
        Progress::Processing { overdue } => Some(!overdue),
        Progress::Excluded => None,
    };
    let received = period.contains(s.received[i]) && !s.status[i].never_received();
    let paid =
        (received && s.flags[i] & flag::FEE_DUE != 0).then(|| s.flags[i] & flag::PAID_ONLINE != 0);
    [online_on_time, on_time, paid]
}

/// An id as both portals may write it: without case, spaces or separators ("H21.17-240502-0001"
/// = "h2117 240502 0001"), in NFC, `Ð` as `Đ` (as duplicates are found within a file).
pub fn id_key(id: &str) -> String {
    crate::text::nfc(id)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| crate::text::as_d(c).unwrap_or(c))
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether dossier `i` takes part in the period's figures (received in it, or completed or still
/// processing in it).
fn in_period(s: &DossierStore, i: usize, period: Period) -> bool {
    let received = period.contains(s.received[i]) && !s.status[i].never_received();
    received
        || !matches!(
            classify(s.status[i], s.received[i], s.due[i], s.ended[i], period),
            Progress::Excluded
        )
}

fn verdict(s: &DossierStore, i: usize, period: Period) -> &'static str {
    if s.flags[i] & flag::NO_PROGRESS != 0 {
        return "không xác định";
    }
    match classify(s.status[i], s.received[i], s.due[i], s.ended[i], period) {
        Progress::Excluded => "ngoài kỳ",
        Progress::Completed(Verdict::Late) => "đã xử lý trễ hạn",
        Progress::Completed(_) => "đã xử lý đúng hạn",
        Progress::Processing { overdue: true } => "đang xử lý quá hạn",
        Progress::Processing { overdue: false } => "đang xử lý trong hạn",
    }
}

fn channel_label(c: Channel) -> &'static str {
    match c {
        Channel::TrucTiep => "trực tiếp",
        Channel::TrucTuyen => "trực tuyến",
        Channel::BuuChinh => "bưu chính công ích",
        Channel::Unknown => "",
    }
}

fn side(s: &DossierStore, others: &Others, period: Period) -> Side {
    let a = Analysis::compute(s, others, period);
    let p = &a.province;
    Side {
        dossiers: s.len(),
        handled: p.handled(),
        online_completed: p.online_completed,
        online_on_time_rate: p.online_on_time_rate(&a.known),
        on_time_rate: p.on_time_rate(),
        overdue: p.overdue(),
        digitization_rate: p.digitization_rate(&a.known),
        online_payment_rate: p.online_payment_rate(&a.known),
    }
}

pub fn reconcile(prov: &DossierStore, nat: &DossierStore, period: Period) -> Reconciliation {
    let key_of = |s: &DossierStore| -> FastMap<String, usize> {
        let mut m = FastMap::default();
        for i in 0..s.len() {
            m.entry(id_key(s.id.get(i))).or_insert(i);
        }
        m
    };
    let nat_index = key_of(nat);
    let prov_index = key_of(prov);
    let none = Others::default();
    let mut by_field = ByField::default();
    let mut units: FastMap<String, UnitDifferences> = FastMap::default();
    let mut dossiers = Vec::new();
    let (mut only_p, mut only_n, mut matched, mut differing) = (0, 0, 0, 0);
    // Per figure: (only in provincial, only in national, differing, ids).
    let mut gaps: [(u32, u32, u32, Vec<String>); 3] = Default::default();
    let note = |gaps: &mut [(u32, u32, u32, Vec<String>); 3], k: usize, which: usize, id: &str| {
        let g = &mut gaps[k];
        match which {
            0 => g.0 += 1,
            1 => g.1 += 1,
            _ => g.2 += 1,
        }
        if g.3.len() < 50 {
            g.3.push(id.to_string());
        }
    };
    let bump =
        |units: &mut FastMap<String, UnitDifferences>, name: &str, f: fn(&mut UnitDifferences)| {
            f(units
                .entry(name.to_string())
                .or_insert_with(|| UnitDifferences {
                    name: name.to_string(),
                    only_in_provincial: 0,
                    only_in_national: 0,
                    differing: 0,
                }));
        };
    let both_known = |a: bool, b: bool| a && b;
    for i in 0..prov.len() {
        if !in_period(prov, i, period) {
            continue;
        }
        let unit = &prov.units[prov.unit[i] as usize].name;
        let cp = contributions(prov, i, period);
        let Some(&j) = nat_index.get(&id_key(prov.id.get(i))) else {
            for (k, c) in cp.iter().enumerate() {
                if c.is_some() {
                    note(&mut gaps, k, 0, prov.id.get(i));
                }
            }
            only_p += 1;
            bump(&mut units, unit, |u| u.only_in_provincial += 1);
            dossiers.push(DossierDifference {
                unit: unit.clone(),
                id: prov.id.get(i).to_string(),
                kind: DifferenceKind::OnlyInProvincial,
                row: prov.row[i],
                fields: Vec::new(),
            });
            continue;
        };
        matched += 1;
        let cn = contributions(nat, j, period);
        for k in 0..3 {
            if cp[k] != cn[k] {
                note(&mut gaps, k, 2, prov.id.get(i));
            }
        }
        let mut fields = Vec::new();
        if both_known(prov.known.status, nat.known.status) && prov.status[i] != nat.status[j] {
            by_field.status += 1;
            fields.push(FieldDifference {
                field: DifferenceField::Status,
                provincial: prov.status[i].code().to_string(),
                national: nat.status[j].code().to_string(),
            });
        }
        if prov.ended[i] != nat.ended[j] {
            by_field.finish_date += 1;
            let show = |d: Option<crate::model::Date>| d.map(|d| d.to_string()).unwrap_or_default();
            fields.push(FieldDifference {
                field: DifferenceField::FinishDate,
                provincial: show(prov.ended[i]),
                national: show(nat.ended[j]),
            });
        }
        let (vp, vn) = (verdict(prov, i, period), verdict(nat, j, period));
        if vp != vn {
            by_field.on_time += 1;
            fields.push(FieldDifference {
                field: DifferenceField::OnTime,
                provincial: vp.into(),
                national: vn.into(),
            });
        }
        if both_known(prov.known.channel, nat.known.channel) && prov.channel[i] != nat.channel[j] {
            by_field.channel += 1;
            fields.push(FieldDifference {
                field: DifferenceField::Channel,
                provincial: channel_label(prov.channel[i]).into(),
                national: channel_label(nat.channel[j]).into(),
            });
        }
        let paid = |s: &DossierStore, k: usize| s.flags[k] & flag::PAID_ONLINE != 0;
        if both_known(prov.known.paid_online, nat.known.paid_online)
            && paid(prov, i) != paid(nat, j)
        {
            by_field.paid_online += 1;
            let yes = |b: bool| if b { "có" } else { "không" }.to_string();
            fields.push(FieldDifference {
                field: DifferenceField::PaidOnline,
                provincial: yes(paid(prov, i)),
                national: yes(paid(nat, j)),
            });
        }
        if !fields.is_empty() {
            differing += 1;
            bump(&mut units, unit, |u| u.differing += 1);
            dossiers.push(DossierDifference {
                unit: unit.clone(),
                id: prov.id.get(i).to_string(),
                kind: DifferenceKind::Differs,
                row: prov.row[i],
                fields,
            });
        }
    }
    for j in 0..nat.len() {
        if !in_period(nat, j, period) || prov_index.contains_key(&id_key(nat.id.get(j))) {
            continue;
        }
        only_n += 1;
        for (k, c) in contributions(nat, j, period).iter().enumerate() {
            if c.is_some() {
                note(&mut gaps, k, 1, nat.id.get(j));
            }
        }
        let unit = &nat.units[nat.unit[j] as usize].name;
        bump(&mut units, unit, |u| u.only_in_national += 1);
        dossiers.push(DossierDifference {
            unit: unit.clone(),
            id: nat.id.get(j).to_string(),
            kind: DifferenceKind::OnlyInNational,
            row: nat.row[j],
            fields: Vec::new(),
        });
    }
    let mut units: Vec<UnitDifferences> = units.into_values().collect();
    units.sort_by(|a, b| {
        (b.only_in_provincial + b.only_in_national + b.differing)
            .cmp(&(a.only_in_provincial + a.only_in_national + a.differing))
            .then(a.name.cmp(&b.name))
    });
    dossiers.sort_by(|a, b| {
        a.unit
            .cmp(&b.unit)
            .then(a.kind.key().cmp(b.kind.key()))
            .then(a.id.cmp(&b.id))
    });
    let provincial = side(prov, &none, period);
    let national = side(nat, &none, period);
    let rates = |s: &Side| [s.online_on_time_rate, s.on_time_rate, s.online_payment_rate];
    let gaps = gaps
        .into_iter()
        .enumerate()
        .map(|(k, (p, n, d, ids))| Gap {
            figure: GapFigure::ALL[k],
            provincial: rates(&provincial)[k],
            national: rates(&national)[k],
            only_in_provincial: p,
            only_in_national: n,
            differing: d,
            ids,
        })
        .collect();
    Reconciliation {
        only_in_provincial: only_p,
        only_in_national: only_n,
        matched,
        differing,
        by_field,
        provincial,
        national,
        units,
        dossiers,
        gaps,
    }
}

/// The list of differing dossiers as a table (the .xlsx and .csv the information department
/// chases the sync with).
pub fn table(r: &Reconciliation) -> super::notice::Table {
    use super::labels::{difference_field as field, difference_kind as kind};
    use super::notice::{columns, Cell, Table, TableRow};
    Table {
        columns: columns(&[
            ("STT", 5),
            ("Đơn vị", 22),
            ("Mã hồ sơ", 16),
            ("Dòng", 6),
            ("Loại", 20),
            ("Khác biệt (Cổng DVC tỉnh → Cổng DVCQG)", 31),
        ]),
        rows: r
            .dossiers
            .iter()
            .enumerate()
            .map(|(n, d)| TableRow {
                cells: vec![
                    Cell::count(n as u64 + 1),
                    Cell::text(&d.unit),
                    Cell::text(&d.id),
                    Cell::count(u64::from(d.row)),
                    Cell::text(kind(d.kind)),
                    Cell::text(
                        d.fields
                            .iter()
                            .map(|f| {
                                format!("{}: {} → {}", field(f.field), f.provincial, f.national)
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                ],
                highlight: false,
                strong: false,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_match_across_normal_forms_invisible_characters_and_eth() {
        let key = super::id_key("HỒ-SƠ-Đ1");
        for same in [
            "ho\u{302}\u{300}-so\u{31b}-đ1",
            "HỒ\u{200b}SƠ Ð1",
            "\u{feff}hồ.sơ.đ1",
        ] {
            assert_eq!(super::id_key(same), key, "{same:?}");
        }
    }
}
