//! The named computations a profile's indicators refer to: each says which counts of a
//! [`Tally`] make its rate, which column it needs, and what one more success is, in words.
//!
//! A profile names a computation; nothing else about an indicator (label, max, target) lives here.

use super::Tally;
use crate::model::Known;

pub struct Computation {
    pub name: &'static str,
    /// (numerator, denominator).
    pub counts: fn(&Tally) -> (u32, u32),
    /// The column it needs when that column is absent from the loaded files.
    pub missing_column: fn(&Known) -> Option<&'static str>,
    /// What one more numerator is, for the what-if ("hồ sơ thanh toán trực tuyến").
    pub success: &'static str,
}

pub const ON_TIME: Computation = Computation {
    name: "on_time",
    counts: |t| (t.early + t.on_time + t.within, t.handled()),
    missing_column: |_| None,
    success: "hồ sơ giải quyết đúng hạn (thay cho hồ sơ quá hạn)",
};

pub const SYNCED: Computation = Computation {
    name: "synced",
    counts: |t| (t.synced, t.received),
    missing_column: |k| (!k.synced).then_some("Đồng bộ DVCQG"),
    success: "hồ sơ đồng bộ lên Cổng DVCQG",
};

pub const ONLINE_PAYMENT: Computation = Computation {
    name: "online_payment",
    counts: |t| (t.paid_online, t.fee_due),
    missing_column: |k| if !k.fee { Some("Phí, lệ phí") } else { (!k.paid_online).then_some("Thanh toán trực tuyến") },
    success: "hồ sơ có phí được thanh toán trực tuyến",
};

pub const DIGITIZATION: Computation = Computation {
    name: "digitization",
    counts: |t| (t.digitised, t.received),
    missing_column: |k| (!k.digitised).then_some("Số hóa thành phần hồ sơ"),
    success: "hồ sơ được số hóa thành phần",
};

pub const E_RESULT: Computation = Computation {
    name: "e_result",
    counts: |t| (t.completed_e_result, t.completed()),
    missing_column: |k| (!k.e_result).then_some("Kết quả điện tử"),
    success: "hồ sơ được cấp kết quả điện tử",
};

pub const REUSED: Computation = Computation {
    name: "reused",
    counts: |t| (t.reused, t.received),
    missing_column: |k| (!k.reused).then_some("Tái sử dụng dữ liệu số hóa"),
    success: "hồ sơ tái sử dụng dữ liệu số hóa",
};

pub const COMPUTATIONS: [Computation; 6] = [ON_TIME, SYNCED, ONLINE_PAYMENT, DIGITIZATION, E_RESULT, REUSED];

impl Computation {
    /// (numerator, denominator), or `None` when the loaded files lack the column it needs.
    pub fn counts_in(&self, t: &Tally, known: &Known) -> Option<(u32, u32)> {
        (self.missing_column)(known).is_none().then(|| (self.counts)(t))
    }

    /// The rate, or `None` without its column or without a dossier in its denominator.
    pub fn rate(&self, t: &Tally, known: &Known) -> Option<f64> {
        let (n, d) = self.counts_in(t, known)?;
        (d > 0).then(|| f64::from(n) / f64::from(d))
    }
}

pub fn find(name: &str) -> Option<&'static Computation> {
    COMPUTATIONS.iter().find(|c| c.name == name)
}

/// How many more successes (out of the same denominator) lift `n / d` to at least `rate`.
pub fn needed(n: u32, d: u32, rate: f64) -> u32 {
    let want = (rate * f64::from(d) - 1e-9).ceil().max(0.0) as u32;
    want.saturating_sub(n).min(d - n.min(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needed_counts_the_missing_successes() {
        assert_eq!(needed(3, 10, 0.5), 2);
        assert_eq!(needed(5, 10, 0.5), 0);
        assert_eq!(needed(0, 3, 1.0), 3);
        assert_eq!(needed(1, 3, 0.8), 2); // 2.4 → 3 of 3
        assert_eq!(needed(7, 10, 0.7), 0); // no rounding drift at the exact rate
    }
}
