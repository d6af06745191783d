//! The methodology as data: the indicator tree, points rule, thresholds and bands of a versioned
//! profile (methodology §1, §5, §6).
//!
//! The default profile is `profiles/dvcqg-2025.json`, embedded at build time. An indicator's id,
//! label, max and target live there and nowhere else; code refers to computations by name.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub label: String,
    pub thresholds: Thresholds,
    pub bands: Vec<Band>,
    pub groups: Vec<Group>,
}

/// What the notice highlights (methodology §6); all settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    pub digitization_below: f64,
    pub online_payment_below: f64,
    pub online_payment_near_zero: f64,
    pub overdue_more_than: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub label: String,
    pub min: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub label: String,
    pub indicators: Vec<Indicator>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub label: String,
    pub max: f64,
    /// The rate (0..1] that earns full points.
    pub target: f64,
    /// "C" confirmed from public sources, "D" a default we chose.
    pub status: String,
    /// The input kind that feeds it.
    pub input: String,
    /// The named computation over loaded data, when this version computes it.
    #[serde(default)]
    pub computation: Option<String>,
}

pub const DEFAULT_JSON: &str = include_str!("../profiles/dvcqg-2025.json");

impl Profile {
    pub fn default_profile() -> Profile {
        // The embedded file is checked by a test below, so this cannot fail in a build that passed.
        serde_json::from_str(DEFAULT_JSON).expect("embedded default profile is valid")
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.groups.iter().flat_map(|g| &g.indicators).find(|i| i.id == id)
    }

    /// The indicator fed by a named computation.
    pub fn by_computation(&self, name: &str) -> Option<&Indicator> {
        self.groups.iter().flat_map(|g| &g.indicators).find(|i| i.computation.as_deref() == Some(name))
    }

    pub fn max_total(&self) -> f64 {
        self.groups.iter().map(Group::max).sum()
    }
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
        assert!(p.groups.iter().flat_map(|g| &g.indicators).all(|i| i.target > 0.0 && i.target <= 1.0));
    }

    #[test]
    fn points_are_capped_at_the_target() {
        let p = Profile::default_profile();
        let i = p.indicator("4.1").expect("4.1 in the default profile");
        assert_eq!(i.points(0.4), 1.0); // 2 × 0.4 / 0.8
        assert_eq!(i.points(0.95), 2.0);
        let on_time = p.by_computation("on_time").expect("2.1 is computed");
        assert_eq!(on_time.id, "2.1");
        assert!((on_time.points(0.88) - 17.6).abs() < 1e-9);
    }
}
