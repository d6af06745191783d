//! A unit's reply (issue #24) → [`Reply`]: the dossier id, reason and remedy columns found by
//! name ("Mã hồ sơ" as in dossier exports, "Lý do quá hạn" or any "Lý do …", "Biện pháp khắc
//! phục"), the unit and period from the lines above the header as `report::unit_pack` writes
//! them, and every other column kept so that an edit can be reported. Matching is not done here.

use super::header::{match_headers, Field};
use super::other::Table;
use super::{Problem, SourceInfo, MAX_LISTED_PROBLEMS};
use crate::messages;
use crate::model::other::Others;
use crate::model::reply::{Reply, ReplyRow};
use crate::model::Date;
use crate::text::{fold_key, fold_words, nfc};

/// `dd/mm/yyyy` dates in a line of text, in order.
fn dates_in(line: &str) -> Vec<Date> {
    line.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(' || c == ')')
        .filter_map(|w| {
            let mut p = w.trim_matches('.').splitn(3, '/');
            let (d, m, y) = (
                p.next()?.parse().ok()?,
                p.next()?.parse().ok()?,
                p.next()?.parse().ok()?,
            );
            Date::from_ymd(y, m, d)
        })
        .collect()
}

/// The unit and the period the list names above its header.
fn unit_and_period(titles: &[String]) -> (Option<String>, Option<(Date, Date)>) {
    let unit = titles.iter().find_map(|l| {
        let (head, rest) = l.split_once(':')?;
        (fold_words(head) == "don vi")
            .then(|| nfc(rest.trim()).into_owned())
            .filter(|u| !u.is_empty())
    });
    let period = titles
        .iter()
        .filter(|l| fold_words(l).contains("ky bao cao"))
        .find_map(|l| match dates_in(l)[..] {
            [from, to, ..] => Some((from, to)),
            _ => None,
        });
    (unit, period)
}

pub fn read(t: &Table, info: &mut SourceInfo, others: &mut Others) {
    let keys: Vec<String> = t.headers.iter().map(|h| fold_key(h)).collect();
    let id = match_headers(&t.headers).column(Field::Id);
    let reason = keys.iter().position(|k| k.starts_with("lydo"));
    let remedy = keys
        .iter()
        .position(|k| k.contains("bienphap") || k.contains("khacphuc"));
    info.columns = t.headers.clone();
    info.read_as = [
        ("Mã hồ sơ", id),
        ("Lý do quá hạn", reason),
        ("Biện pháp khắc phục", remedy),
    ]
    .iter()
    .filter_map(|(l, c)| c.map(|c| (*l, t.headers[c].clone())))
    .collect();
    let Some(id) = id else { return };
    let (unit, period) = unit_and_period(&t.titles);
    let rest: Vec<usize> = (0..t.headers.len())
        .filter(|&c| {
            Some(c) != reason
                && Some(c) != remedy
                && c != id
                && !matches!(keys[c].as_str(), "" | "stt" | "tt")
        })
        .collect();
    let cell = |cells: &[String], c: Option<usize>| {
        c.and_then(|c| cells.get(c))
            .map_or(String::new(), |s| nfc(s.trim()).into_owned())
    };
    let mut reply = Reply {
        path: info.path.clone(),
        unit,
        period,
        rows: Vec::new(),
    };
    for (line, cells) in &t.rows {
        let dossier = cell(cells, Some(id));
        let (why, fix) = (cell(cells, reason), cell(cells, remedy));
        if dossier.is_empty() {
            // The blank lines left open for notes; a reason without an id is reported.
            if !why.is_empty() || !fix.is_empty() {
                info.problems_total += 1;
                if info.problems.len() < MAX_LISTED_PROBLEMS {
                    info.problems.push(Problem::new(
                        Some(*line),
                        Some(t.headers[id].clone()),
                        messages::reply_without_id(),
                    ));
                }
                info.skipped_rows += 1;
            }
            continue;
        }
        reply.rows.push(ReplyRow {
            row: *line,
            id: dossier,
            reason: why,
            remedy: fix,
            others: rest
                .iter()
                .map(|&c| (t.headers[c].clone(), cell(cells, Some(c))))
                .collect(),
        });
        info.rows += 1;
    }
    others.replies.push(reply);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_above_name_the_unit_and_the_period() {
        let titles = [
            "DANH SÁCH … CỦA UBND XÃ TÂN LẬP".to_string(),
            "Đơn vị: UBND xã Tân Lập".to_string(),
            "Kỳ báo cáo: từ ngày 01/05/2024 đến ngày 31/05/2024".to_string(),
        ];
        let (unit, period) = unit_and_period(&titles);
        assert_eq!(unit.as_deref(), Some("UBND xã Tân Lập"));
        assert_eq!(
            period,
            Some((
                Date::from_ymd(2024, 5, 1).expect("date"),
                Date::from_ymd(2024, 5, 31).expect("date")
            ))
        );
        assert_eq!(unit_and_period(&[]), (None, None));
    }
}
