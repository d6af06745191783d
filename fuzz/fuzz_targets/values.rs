//! Cells and headers: dates, numbers, yes/no, statuses, channels, fees, header matching, kind
//! recognition and scoreboard months never panic on any text; nor do tidying names, what XML may
//! hold, and masking a value quoted in a message.
#![no_main]
use chiso766::ingest::{header, other, value};
use chiso766::report::mask;
use chiso766::text as names;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(f) = value::DateFormat::detect(&text) {
        let _ = f.parse(&text);
    }
    let _ = value::parse_number(&text);
    let _ = value::parse_bool(&text);
    let _ = value::parse_status(&text);
    let _ = value::parse_channel(&text);
    let _ = value::parse_fee(&text);
    let _ = value::parse_paid_online(&text);
    let _ = other::month_in(&text);
    let _ = other::parse_score(&text);
    let _ = names::tidy(&text);
    assert!(!names::printable(&text)
        .chars()
        .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r')));
    let _ = mask::if_personal(&text);
    let _ = mask::hide(&text);
    let cells: Vec<&str> = text.split(';').collect();
    let _ = header::match_headers(&cells);
    let _ = header::recognise(&cells);
});
