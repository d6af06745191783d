//! The notice's number style (outputs.md): decimal comma, at most two decimals with trailing
//! zeros dropped, thousands with dots, counts under ten with two digits.

/// `0.969` → `"96,9%"`, `0.4092` → `"40,92%"`, `1.0` → `"100%"`.
pub fn percent(rate: f64) -> String {
    format!("{}%", decimal(rate * 100.0))
}

/// At most two decimals, trailing zeros dropped, decimal comma, thousands with dots.
pub fn decimal(x: f64) -> String {
    let fixed = format!("{:.2}", x);
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let frac = frac.trim_end_matches('0');
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int),
    };
    let grouped = group(digits);
    let sign = if grouped == "0" && frac.is_empty() {
        ""
    } else {
        sign
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// `45532` → `"45.532"`.
pub fn thousands(n: u64) -> String {
    group(&n.to_string())
}

fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Counts as the notice writes them: `3` → `"03"`, `18` → `"18"`, `1234` → `"1.234"`; zero
/// stays `"0"`.
pub fn count(n: u64) -> String {
    if (1..10).contains(&n) {
        format!("0{n}")
    } else {
        thousands(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_number_style() {
        assert_eq!(percent(0.969), "96,9%");
        assert_eq!(percent(0.4092), "40,92%");
        assert_eq!(percent(0.0047), "0,47%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(2.0 / 3.0), "66,67%");
        assert_eq!(decimal(78.4949), "78,49");
        assert_eq!(decimal(17.6), "17,6");
        assert_eq!(thousands(45532), "45.532");
        assert_eq!(thousands(1_000_000), "1.000.000");
        assert_eq!(count(3), "03");
        assert_eq!(count(0), "0");
        assert_eq!(count(214), "214");
        assert_eq!(count(45532), "45.532");
    }
}
