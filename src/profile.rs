//! The methodology as data: the indicator tree, points rule, thresholds and bands of a versioned
//! profile (methodology §1, §5, §6).
//!
//! The default profile is `profiles/dvcqg-2025.json`, embedded at build time. An indicator's id,
//! label, max and target live there and nowhere else; code refers to computations by name. A
//! profile may add indicators of its own, each scored by a computation this version has.

/// The inputs an indicator is computed from: declared with the computations, which say which one
/// each reads.
pub use crate::indicators::computations::Input;
use crate::indicators::computations::{self, Computation};
use crate::messages::{self, Text};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Profile {
    pub id: String,
    pub label: String,
    pub thresholds: Thresholds,
    pub bands: Vec<Band>,
    pub groups: Vec<Group>,
    /// Days off besides Saturdays and Sundays (ISO dates: Tết, national holidays), which the
    /// early warning does not count as working days. A profile file without them has none.
    #[serde(default)]
    pub holidays: Vec<String>,
}

/// What the notice highlights (methodology §6); all settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Thresholds {
    pub digitization_below: f64,
    pub online_payment_below: f64,
    pub online_payment_near_zero: f64,
    pub overdue_more_than: u32,
    /// The early warning's window: an open dossier due within this many working days after the
    /// day it is run for is "sắp đến hạn" (issue #24; 3 by default).
    #[serde(default = "default_due_soon_days")]
    pub due_soon_working_days: u32,
}

fn default_due_soon_days() -> u32 {
    3
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Band {
    pub label: String,
    pub min: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Group {
    pub id: String,
    pub label: String,
    /// Folded words that name this group in a national scoreboard's column header ("congkhai"
    /// finds "Công khai, minh bạch"): scoreboards and notices number groups differently.
    #[serde(default)]
    pub scoreboard: Vec<String>,
    pub indicators: Vec<Indicator>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Indicator {
    pub id: String,
    pub label: String,
    pub max: f64,
    /// The rate (0..1] that earns full points.
    pub target: f64,
    pub status: Sourcing,
    /// The input kind that feeds it.
    pub input: Input,
    /// The named computation over loaded data (`indicators::computations`). A built-in indicator
    /// may go without (it then has no figure); one the profile adds must name one.
    #[serde(default)]
    #[cfg_attr(test, ts(type = "string | null"))]
    pub computation: Option<&'static Computation>,
    /// The blocks whose units it applies to (their keys in JSON); empty = all. A unit elsewhere
    /// gets full points (methodology §1). The province and blocks are always scored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<crate::model::Block>,
    /// A remark shown on the "Cách tính" page (a choice, a disagreeing source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where an indicator's definition comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Sourcing {
    /// Confirmed from public sources.
    #[serde(rename = "C")]
    Confirmed,
    /// A default chiso766 chose (methodology-choices.md says why).
    #[serde(rename = "D")]
    Default,
}

pub const DEFAULT_JSON: &str = include_str!("../profiles/dvcqg-2025.json");

impl Profile {
    pub fn default_profile() -> Profile {
        // The embedded file is checked by a test below, so this cannot fail in a build that passed.
        serde_json::from_str(DEFAULT_JSON).expect("embedded default profile is valid")
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.groups
            .iter()
            .flat_map(|g| &g.indicators)
            .find(|i| i.id == id)
    }

    /// The (first) indicator fed by a computation.
    pub fn by_computation(&self, c: &Computation) -> Option<&Indicator> {
        self.groups
            .iter()
            .flat_map(|g| &g.indicators)
            .find(|i| i.computation == Some(c))
    }

    /// The holidays as dates (checked when the profile was read: an unreadable one is skipped).
    pub fn holiday_dates(&self) -> Vec<crate::model::Date> {
        self.holidays
            .iter()
            .filter_map(|h| crate::model::Date::parse_iso(h))
            .collect()
    }

    pub fn max_total(&self) -> f64 {
        self.groups.iter().map(Group::max).sum()
    }
}

impl Profile {
    /// Reads a profile file (the page's export, `--profile FILE`), checking every value; an
    /// error names the field, and the caller keeps its previous profile.
    pub fn from_json(text: &str) -> Result<Profile, Text> {
        let p: Profile = serde_json::from_str(text).map_err(|e| Profile::misread(text, &e))?;
        p.validate()?;
        Ok(p)
    }

    /// Where a profile that does not read went wrong: the indicator, when one of them is the
    /// trouble (serde names only a line and column), else the line.
    fn misread(text: &str, e: &serde_json::Error) -> Text {
        let value: Option<serde_json::Value> = serde_json::from_str(text).ok();
        let indicator = value.as_ref().and_then(|v| {
            v["groups"]
                .as_array()?
                .iter()
                .enumerate()
                .find_map(|(gi, g)| {
                    g["indicators"]
                        .as_array()?
                        .iter()
                        .enumerate()
                        .find_map(|(ii, ind)| {
                            let err = Indicator::deserialize(ind).err()?;
                            // An unknown block is named as the field it is in.
                            let (field, err) = match ind
                                .get("levels")
                                .and_then(|l| Vec::<crate::model::Block>::deserialize(l).err())
                            {
                                Some(levels) => (".levels", levels),
                                None => ("", err),
                            };
                            Some((
                                format!(
                                    "groups[{gi}].indicators[{ii}]{field} ({})",
                                    ind["id"].as_str().unwrap_or("?")
                                ),
                                err.to_string(),
                            ))
                        })
                })
        });
        match indicator {
            Some((field, detail)) => messages::bad_profile(&field, &detail),
            None => messages::bad_profile("JSON", &e.to_string()),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn validate(&self) -> Result<(), Text> {
        let known = Profile::default_profile();
        let mut seen = std::collections::HashSet::new();
        for (gi, g) in self.groups.iter().enumerate() {
            for (ii, ind) in g.indicators.iter().enumerate() {
                let at = |f: &str| format!("groups[{gi}].indicators[{ii}].{f} ({})", ind.id);
                if !seen.insert(ind.id.clone()) {
                    return Err(messages::bad_profile(
                        &at("id"),
                        "chỉ số lặp lại / indicator repeated",
                    ));
                }
                // An indicator of the profile's own (not in the built-in index) is scored by a
                // computation this version has; a built-in one may go without (no figure then).
                if ind.computation.is_none() && known.indicator(&ind.id).is_none() {
                    return Err(messages::indicator_without_computation(
                        &at("computation"),
                        &ind.id,
                        &computation_names(),
                    ));
                }
                if let Some(c) = ind.computation.filter(|c| c.input != ind.input) {
                    return Err(messages::computation_reads_other_input(
                        &at("input"),
                        c.name,
                        c.input.key(),
                        ind.input.key(),
                    ));
                }
                if !(ind.target > 0.0 && ind.target <= 1.0) {
                    return Err(messages::bad_profile(
                        &at("target"),
                        &format!("{} phải trong (0, 1] / must be in (0, 1]", ind.target),
                    ));
                }
                if !(ind.max.is_finite() && ind.max >= 0.0) {
                    return Err(messages::bad_profile(
                        &at("max"),
                        &format!("{} phải ≥ 0 / must be ≥ 0", ind.max),
                    ));
                }
            }
        }
        let t = &self.thresholds;
        for (name, v) in [
            ("digitization_below", t.digitization_below),
            ("online_payment_below", t.online_payment_below),
            ("online_payment_near_zero", t.online_payment_near_zero),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(messages::bad_profile(
                    &format!("thresholds.{name}"),
                    &format!("{v} phải trong [0, 1] / must be in [0, 1]"),
                ));
            }
        }
        if !(1..=60).contains(&t.due_soon_working_days) {
            return Err(messages::bad_profile(
                "thresholds.due_soon_working_days",
                &format!(
                    "{} phải từ 1 đến 60 / must be 1 to 60",
                    t.due_soon_working_days
                ),
            ));
        }
        if let Some((i, h)) = self
            .holidays
            .iter()
            .enumerate()
            .find(|(_, h)| crate::model::Date::parse_iso(h).is_none())
        {
            return Err(messages::bad_profile(
                &format!("holidays[{i}]"),
                &format!("«{h}» không phải ngày YYYY-MM-DD / not a YYYY-MM-DD date"),
            ));
        }
        for (i, b) in self.bands.iter().enumerate() {
            if !(0.0..=100.0).contains(&b.min) {
                return Err(messages::bad_profile(
                    &format!("bands[{i}].min"),
                    &format!("{} phải trong [0, 100] / must be in [0, 100]", b.min),
                ));
            }
        }
        Ok(())
    }

    /// The band (xếp loại) of a total out of 100: the first band whose minimum it reaches.
    pub fn band(&self, total: f64) -> Option<&str> {
        let mut bands: Vec<&Band> = self.bands.iter().collect();
        bands.sort_by(|a, b| b.min.total_cmp(&a.min));
        bands
            .into_iter()
            .find(|b| total >= b.min)
            .map(|b| b.label.as_str())
    }
}

/// The computations a profile may name, for a message.
fn computation_names() -> String {
    computations::COMPUTATIONS
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Group {
    pub fn max(&self) -> f64 {
        self.indicators.iter().map(|i| i.max).sum()
    }
}

impl Indicator {
    /// `max × min(1, rate / target)`, unrounded (methodology §1).
    pub fn points(&self, rate: f64) -> f64 {
        self.max * (rate / self.target).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_profile_sums_to_100() {
        let p = Profile::default_profile();
        assert_eq!(p.max_total(), 100.0);
        let maxima: Vec<f64> = p.groups.iter().map(Group::max).collect();
        assert_eq!(maxima, vec![18.0, 20.0, 12.0, 10.0, 18.0, 22.0]);
        assert!(p
            .groups
            .iter()
            .flat_map(|g| &g.indicators)
            .all(|i| i.target > 0.0 && i.target <= 1.0));
    }

    #[test]
    fn a_profile_round_trips_and_a_bad_one_names_its_field() {
        let p = Profile::default_profile();
        assert_eq!(Profile::from_json(&p.to_json()), Ok(p.clone()));
        let mut bad = p.clone();
        bad.groups[3].indicators[2].target = 1.5;
        let err = Profile::from_json(&bad.to_json()).expect_err("target above 1");
        assert!(
            err.vi.contains("groups[3].indicators[2].target (4.3)"),
            "{}",
            err.vi
        );
        let mut bad = p.clone();
        bad.groups[0].indicators[0].id = "9.9".into();
        bad.groups[0].indicators[0].computation = None;
        let err = Profile::from_json(&bad.to_json())
            .expect_err("an indicator of its own, computed by nothing");
        assert!(
            err.vi.contains("groups[0].indicators[0].computation (9.9)")
                && err.vi.contains("publication_on_time"),
            "{}",
            err.vi
        );
        assert!(err.en.contains("needs a \"computation\""), "{}", err.en);
        let mut bad = p.clone();
        bad.groups[1].indicators[0].target = 0.0;
        assert!(Profile::from_json(&bad.to_json()).is_err());
        assert!(Profile::from_json("{")
            .expect_err("not JSON")
            .en
            .contains("JSON"));
    }

    #[test]
    fn inputs_and_sourcing_read_and_write_the_profile_keys() {
        let p = Profile::default_profile();
        let json = p.to_json();
        for key in [
            "\"dossiers+data-store\"",
            "\"procedures\"",
            "\"status\": \"C\"",
            "\"status\": \"D\"",
        ] {
            assert!(json.contains(key), "{key}");
        }
        let i = p.indicator("2.1").expect("2.1");
        assert_eq!(
            (i.input, i.input.key(), i.status),
            (Input::Dossiers, "dossiers", Sourcing::Confirmed)
        );
        let bad = json.replacen("\"procedures\"", "\"procedure-list\"", 1);
        let err = Profile::from_json(&bad).expect_err("an input no computation reads");
        assert!(err.en.contains("procedure-list"), "{}", err.en);
    }

    #[test]
    fn a_profile_adds_an_indicator_from_a_computation_it_names() {
        let mut p = Profile::default_profile();
        let mut second = p.indicator("4.3").expect("4.3").clone();
        (second.id, second.label, second.target) = (
            "4.3b".into(),
            "Thanh toán trực tuyến đạt một nửa".into(),
            0.5,
        );
        p.groups[3].indicators.push(second);
        let read = Profile::from_json(&p.to_json()).expect("a new id with a known computation");
        assert_eq!(read.indicator("4.3b").map(|i| i.target), Some(0.5));

        let json = p.to_json().replacen(
            "\"computation\": \"online_payment\"",
            "\"computation\": \"payment_online\"",
            2,
        );
        let err = Profile::from_json(&json).expect_err("no such computation");
        assert!(
            err.vi.contains("groups[3].indicators[2] (4.3)")
                && err.vi.contains("«payment_online» không có"),
            "{}",
            err.vi
        );
        assert!(
            err.en.contains("unknown computation \"payment_online\"")
                && err.en.contains("online_payment"),
            "{}",
            err.en
        );

        let mut bad = p.clone();
        bad.groups[3].indicators[3].input = Input::Feedback;
        let err = Profile::from_json(&bad.to_json()).expect_err("the input is the computation's");
        assert!(
            err.vi.contains("indicators[3].input (4.3b)") && err.vi.contains("đọc «dossiers»"),
            "{}",
            err.vi
        );
    }

    #[test]
    fn bands_classify_totals() {
        let p = Profile::default_profile();
        assert_eq!(p.band(90.0), Some("Xuất sắc"));
        assert_eq!(p.band(78.49), Some("Khá"));
        assert_eq!(p.band(49.99), Some("Yếu"));
    }

    #[test]
    fn points_are_capped_at_the_target() {
        let p = Profile::default_profile();
        let i = p.indicator("4.1").expect("4.1 in the default profile");
        assert_eq!(i.points(0.4), 1.0); // 2 × 0.4 / 0.8
        assert_eq!(i.points(0.95), 2.0);
        let on_time = p
            .by_computation(&computations::ON_TIME)
            .expect("2.1 is computed");
        assert_eq!(on_time.id, "2.1");
        assert!((on_time.points(0.88) - 17.6).abs() < 1e-9);
    }
}
