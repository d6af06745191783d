//! Text → the shape of a delimited table: which delimiter, and whether Excel's `sep=` line
//! comes first.
//!
//! The delimiter is the candidate whose count per line (outside quotes) is the most consistent:
//! a `;` file full of decimal commas has a steady number of `;` and a varying number of `,`.

pub const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// (delimiter, byte offset where the table starts).
pub fn sniff(text: &str) -> (u8, usize) {
    if let Some(rest) = text.strip_prefix("sep=") {
        if let Some(&d) = rest.as_bytes().first() {
            let line_end = rest.find('\n').map_or(text.len(), |i| 4 + i + 1);
            return (d, line_end);
        }
    }
    (delimiter(text.as_bytes()), 0)
}

fn delimiter(bytes: &[u8]) -> u8 {
    const SAMPLE_LINES: usize = 50;
    let mut counts: Vec<[usize; 4]> = Vec::with_capacity(SAMPLE_LINES);
    let mut line = [0usize; 4];
    let mut in_quotes = false;
    for &b in bytes {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                counts.push(line);
                line = [0; 4];
                if counts.len() == SAMPLE_LINES {
                    break;
                }
            }
            _ if !in_quotes => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    line[i] += 1;
                }
            }
            _ => {}
        }
    }
    if line.iter().any(|&n| n > 0) {
        counts.push(line);
    }
    let mut best = (0usize, 0usize, b','); // (lines agreeing with the mode, mode, delimiter)
    for (i, &c) in CANDIDATES.iter().enumerate() {
        let per_line: Vec<usize> = counts.iter().map(|l| l[i]).collect();
        let mode = mode(&per_line);
        if mode == 0 {
            continue;
        }
        let agreeing = per_line.iter().filter(|&&n| n == mode).count();
        if (agreeing, mode) > (best.0, best.1) {
            best = (agreeing, mode, c);
        }
    }
    best.2
}

fn mode(values: &[usize]) -> usize {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mut best = (0, 0);
    let mut i = 0;
    while i < sorted.len() {
        let j = sorted[i..].iter().take_while(|&&v| v == sorted[i]).count();
        if j > best.1 || (j == best.1 && sorted[i] > best.0) {
            best = (sorted[i], j);
        }
        i += j;
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_beat_decimal_commas() {
        let t = "Mã;Đơn vị;Tỷ lệ\nA;Sở Tư pháp;96,9\nB;UBND xã A, huyện B;1,5\nC;X;0,47\n";
        assert_eq!(sniff(t), (b';', 0));
    }

    #[test]
    fn tabs_commas_pipes() {
        assert_eq!(sniff("a\tb\tc\n1\t2\t3\n").0, b'\t');
        assert_eq!(sniff("a,b,c\n1,\"x,y\",3\n").0, b',');
        assert_eq!(sniff("a|b\n1|2\n").0, b'|');
    }

    #[test]
    fn excel_sep_line_is_honoured_and_skipped() {
        let t = "sep=;\nMã;Đơn vị\n";
        assert_eq!(sniff(t), (b';', 6));
    }

    #[test]
    fn quoted_newlines_do_not_break_lines() {
        let t = "a;b;c\n\"x\ny, z\";2;3\n4;5;6\n";
        assert_eq!(sniff(t).0, b';');
    }
}
