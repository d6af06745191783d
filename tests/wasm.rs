//! The browser facade in headless Chromium (`cargo test --target wasm32-unknown-unknown --test
//! wasm`): what crosses the boundary equals what the core computes, errors arrive as
//! `{message, message_en}`, and charts render on the main thread where plotters measures text.
#![cfg(target_arch = "wasm32")]

use chiso766::ingest::Loader;
use chiso766::model::Period;
use chiso766::report::{self, Options};
use chiso766::wasm::{
    chart_svg, export_table, fold_lines, format_count, format_decimal, format_percent,
    format_thousands, page_labels, sample_csv, Session,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/csv_cases.rs"]
mod csv_cases;

const FIXTURE: &[u8] = include_bytes!("fixtures/thang-05-2024.csv");

/// JSON text as the page reads it: with the browser's JSON.parse.
fn parsed(json: &str) -> serde_json::Value {
    let js = js_sys::JSON::parse(json).expect("JSON text");
    serde_wasm_bindgen::from_value(js).expect("plain object")
}

fn core_report(bytes: &[u8], name: &str, period: Period) -> serde_json::Value {
    let mut loader = Loader::new();
    loader.add_file(name, bytes).expect("fixture reads");
    let (store, others, inputs) = loader.finish_all();
    serde_json::to_value(report::build(
        &store,
        None,
        &others,
        &inputs,
        period,
        &Options::default(),
    ))
    .expect("serialisable")
}

/// Each unit's whole scores by its index, and the report as the page's text has it: every
/// unit's groups without their indicators, and no what-if steps (they cross a unit at a time,
/// `Session::unit_scores`).
fn units_scores_apart(core: &mut serde_json::Value) -> Vec<(usize, serde_json::Value)> {
    let mut whole = Vec::new();
    for u in core["units"].as_array_mut().expect("units") {
        let index = u["index"].as_u64().expect("index") as usize;
        whole.push((index, u["scores"].clone()));
        for g in u["scores"]["groups"].as_array_mut().into_iter().flatten() {
            g["indicators"] = serde_json::json!([]);
        }
        if u["scores"].is_object() {
            u["scores"]["what_if"] = serde_json::json!([]);
        }
    }
    whole
}

/// Every unit's scores through `unit_scores` equal the core's, indicators included.
fn assert_unit_scores(s: &Session, whole: Vec<(usize, serde_json::Value)>) {
    assert!(whole
        .iter()
        .any(|(_, scores)| scores["groups"][0]["indicators"]
            .as_array()
            .is_some_and(|l| !l.is_empty())));
    assert!(whole
        .iter()
        .any(|(_, scores)| scores["what_if"].as_array().is_some_and(|l| !l.is_empty())));
    for (index, scores) in whole {
        let via_facade: serde_json::Value =
            serde_wasm_bindgen::from_value(s.unit_scores(index).expect("scores")).expect("plain");
        assert_eq!(
            numbers_as_floats(via_facade),
            numbers_as_floats(scores),
            "unit {index}"
        );
    }
}

#[wasm_bindgen_test]
fn report_through_the_facade_equals_the_core() {
    let mut s = Session::new();
    let info = s
        .add_file("thang-05-2024.csv", FIXTURE)
        .expect("fixture reads");
    let period = Period::month(2024, 5).expect("valid");
    let mut core = core_report(FIXTURE, "thang-05-2024.csv", period);
    let overdue = core["overdue_dossiers"].take();
    let info: serde_json::Value = serde_wasm_bindgen::from_value(info).expect("plain object");
    assert_eq!(info["rows"], 15);
    assert_eq!(s.dossier_count(), 15);
    let json = s
        .report("2024-05-01", "2024-05-31", false, None, None, None)
        .expect("report");
    let via_facade: serde_json::Value = parsed(&json);
    // The overdue dossiers and the units' indicators travel a unit at a time.
    core["overdue_dossiers"] = serde_json::json!([]);
    let whole = units_scores_apart(&mut core);
    assert_eq!(
        numbers_as_floats(via_facade.clone()),
        numbers_as_floats(core)
    );
    assert_unit_scores(&s, whole);
    assert_eq!(via_facade["province"]["overdue"], 5);
    let dong_phu = via_facade["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["name"] == "UBND huyện Đồng Phú")
        .expect("unit")["index"]
        .as_u64()
        .expect("index");
    let list: serde_json::Value =
        serde_wasm_bindgen::from_value(s.overdue(dong_phu as usize).expect("list")).expect("plain");
    let expected: Vec<&serde_json::Value> = overdue
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["unit"] == dong_phu)
        .collect();
    assert_eq!(list.as_array().map(Vec::len), Some(3));
    assert_eq!(
        numbers_as_floats(list),
        numbers_as_floats(serde_json::to_value(expected).expect("json"))
    );
}

#[wasm_bindgen_test]
fn errors_are_objects_with_both_languages() {
    let mut s = Session::new();
    let err = s
        .add_file("rac.bin", b"\x00\x01\x02\x03garbage\x00\x00")
        .expect_err("binary is refused");
    let err: serde_json::Value = serde_wasm_bindgen::from_value(err).expect("plain object");
    assert_eq!(err["file"], "rac.bin");
    assert!(err["message"].as_str().unwrap_or("").contains("CSV"));
    assert!(err["message_en"].as_str().unwrap_or("").contains("CSV"));
    let err = s
        .report("2024-05-01", "2024-05-31", false, None, None, None)
        .expect_err("nothing loaded");
    assert_eq!(js_field(&err, "message_en"), "no readable dossier file");
}

/// JS has one number type: 20 and 20.0 are the same value once they cross the boundary.
fn numbers_as_floats(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n.as_f64().map_or(Value::Null, |f| serde_json::json!(f)),
        Value::Array(a) => Value::Array(a.into_iter().map(numbers_as_floats).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (k, numbers_as_floats(v)))
                .collect(),
        ),
        other => other,
    }
}

fn js_field(v: &JsValue, key: &str) -> String {
    js_sys::Reflect::get(v, &JsValue::from_str(key))
        .ok()
        .and_then(|x| x.as_string())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn sample_data_analyses_and_charts_render_on_the_main_thread() {
    let bytes = sample_csv(500, "2024-05", 7).expect("sample");
    let mut s = Session::new();
    s.add_file("mau.csv", &bytes).expect("sample reads");
    let json = s
        .report("2024-05-01", "2024-05-31", false, None, None, None)
        .expect("report");
    let r: serde_json::Value = parsed(&json);
    assert!(r["province"]["handled"].as_u64().is_some_and(|n| n > 300));

    let spec = serde_json::json!({
        "title": "Số hồ sơ quá hạn", "subtitle": "tháng 5/2024",
        "bars": [["Sở Tư pháp", 3.0], ["UBND xã Tân Lập", 1.0]], "percent": false, "threshold": null
    });
    let spec = spec
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("to JS");
    let svg = chart_svg(spec).expect("chart");
    assert!(
        svg.starts_with("<svg") && svg.contains("UBND xã Tân Lập"),
        "{svg}"
    );
}

use serde::Serialize;

/// Every kind of input through the facade, with the user's province: the same scores and national
/// rank as the core.
#[wasm_bindgen_test]
fn all_inputs_through_the_facade_equal_the_core() {
    let files: [(&str, &[u8]); 7] = [
        (
            "ho-so.csv",
            include_bytes!("fixtures/day-du/ho-so-thang-05-2024.csv"),
        ),
        (
            "danh-muc-tthc.csv",
            include_bytes!("fixtures/day-du/danh-muc-tthc.csv"),
        ),
        (
            "danh-muc-don-vi.csv",
            include_bytes!("fixtures/day-du/danh-muc-don-vi.csv"),
        ),
        ("pakn.csv", include_bytes!("fixtures/day-du/pakn.csv")),
        (
            "cong-bo-tthc.csv",
            include_bytes!("fixtures/day-du/cong-bo-tthc.csv"),
        ),
        (
            "bang-diem-thang-05-2024.csv",
            include_bytes!("fixtures/day-du/bang-diem-thang-05-2024.csv"),
        ),
        (
            "bang-diem-truoc.csv",
            include_bytes!("fixtures/day-du/bang-diem-truoc.csv"),
        ),
    ];
    let mut s = Session::new();
    let mut loader = Loader::new();
    for (name, bytes) in files {
        s.add_file(name, bytes).expect("reads");
        loader.add_file(name, bytes).expect("reads");
    }
    let (store, others, inputs) = loader.finish_all();
    let opts = Options {
        province: Some("Bình Phước".into()),
        ..Options::default()
    };
    let mut core = serde_json::to_value(report::build(
        &store,
        None,
        &others,
        &inputs,
        Period::month(2024, 5).expect("valid"),
        &opts,
    ))
    .expect("json");
    core["overdue_dossiers"] = serde_json::json!([]);
    let json = s
        .report(
            "2024-05-01",
            "2024-05-31",
            false,
            None,
            Some("Bình Phước".into()),
            None,
        )
        .expect("report");
    let via_facade: serde_json::Value = parsed(&json);
    assert_eq!(via_facade["national"]["rank"], 3);
    assert_eq!(via_facade["scores"]["computed"]["partial"], false);
    let whole = units_scores_apart(&mut core);
    assert_eq!(numbers_as_floats(via_facade), numbers_as_floats(core));
    assert_unit_scores(&s, whole);
}

/// The worker's memory ceiling: a file that would pass it stops with a message naming the
/// ceiling, its rows dropped; the session keeps working.
#[wasm_bindgen_test]
fn the_memory_ceiling_stops_a_file_in_the_browser() {
    let mut s = Session::new();
    s.add_file("thang-05-2024.csv", FIXTURE)
        .expect("fixture reads");
    s.set_memory_limit(1);
    let big = sample_csv(20_000, "2024-05", 7).expect("sample");
    let err = s.add_file("lon.csv", &big).expect_err("over 1 MB");
    let err: serde_json::Value = serde_wasm_bindgen::from_value(err).expect("plain object");
    assert!(
        err["message"]
            .as_str()
            .unwrap_or("")
            .contains("giới hạn bộ nhớ"),
        "{err}"
    );
    assert_eq!(s.dossier_count(), 15);
    s.set_memory_limit(0);
    s.add_file("lon.csv", &big)
        .expect("without a ceiling it reads");
    assert!(s.dossier_count() > 15);
}

#[wasm_bindgen_test]
fn the_vector_splitter_splits_as_csv_core_does() {
    // The page's splitter finds fields with wasm's vector instructions (the command line's with
    // 64-bit words, tests/splitter.rs).
    let data = csv_cases::generated_lines(2000);
    assert_eq!(
        csv_cases::by_chiso766(&data),
        csv_cases::by_csv_crate(&data)
    );
}

/// The page's long lists cross a slice at a time: the reconciliation's dossiers leave the
/// report's text, and the slices put together are the whole list; the overdue list's slices hold
/// each unit's dossiers as `overdue` does.
#[wasm_bindgen_test]
fn long_lists_cross_in_slices() {
    let mut s = Session::new();
    s.add_file(
        "ho-so.csv",
        include_bytes!("fixtures/day-du/ho-so-thang-05-2024.csv"),
    )
    .expect("reads");
    s.begin_national("dvcqg.csv", None).expect("begins");
    s.feed(include_bytes!("fixtures/doi-chieu/dvcqg-thang-05-2024.csv"))
        .expect("feeds");
    s.end().expect("ends");
    let report = parsed(
        &s.report("2024-05-01", "2024-05-31", false, None, None, None)
            .expect("report"),
    );
    let rc = &report["reconciliation"];
    assert_eq!(
        rc["dossiers"],
        serde_json::json!([]),
        "not in the report's text"
    );
    let count = |k: &str| rc[k].as_u64().expect("count");
    let all = parsed(&s.list_slice("differences", 0, 10_000).expect("slice"));
    let total = count("only_in_provincial") + count("only_in_national") + count("differing");
    assert!(total >= 3);
    assert_eq!(all["total"].as_u64(), Some(total));
    assert_eq!(all["rows"].as_array().map(Vec::len), Some(total as usize));
    let middle = parsed(&s.list_slice("differences", 1, 2).expect("slice"));
    assert_eq!(
        middle["rows"].as_array().expect("rows")[..],
        all["rows"].as_array().expect("rows")[1..3]
    );
    assert_eq!(
        parsed(
            &s.list_slice("differences", 10_000, 5)
                .expect("past the end")
        )["rows"],
        serde_json::json!([])
    );
    let overdue = parsed(&s.list_slice("overdue", 0, 10_000).expect("slice"));
    let unit = overdue["rows"][0]["unit"].as_u64().expect("a unit") as usize;
    let of_unit: Vec<serde_json::Value> = overdue["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|d| d["unit"] == unit)
        .cloned()
        .collect();
    let via_overdue: serde_json::Value =
        serde_wasm_bindgen::from_value(s.overdue(unit).expect("list")).expect("plain");
    assert_eq!(
        numbers_as_floats(serde_json::Value::Array(of_unit)),
        numbers_as_floats(via_overdue)
    );
    assert!(s.list_slice("nothing", 0, 1).is_err());
}

/// What the page shows comes from Rust: number style, labels, search folding, table exports.
#[wasm_bindgen_test]
fn the_page_takes_words_numbers_and_exports_from_rust() {
    use chiso766::report::format;
    assert_eq!(format_percent(0.4092), format::percent(0.4092));
    assert_eq!(format_decimal(78.4949), "78,49");
    assert_eq!(format_thousands(45532.0), "45.532");
    assert_eq!(format_count(3.0), "03");
    assert_eq!(
        fold_lines("UBND huyện ĐỒNG Phú\nSở Tư-pháp"),
        "ubnd huyen dong phu\nso tu phap"
    );
    let labels: serde_json::Value =
        serde_wasm_bindgen::from_value(page_labels().expect("labels")).expect("plain");
    let blocks = labels["blocks"].as_array().expect("blocks");
    assert_eq!(blocks.len(), chiso766::model::Block::all().count());
    assert_eq!(
        blocks[3],
        serde_json::json!(["chi_nhanh", chiso766::model::Block::CHI_NHANH.label()])
    );
    assert_eq!(
        labels["overdue_kinds"][0],
        serde_json::json!(["completed_late", "Đã xử lý trễ hạn"])
    );
    let table = r#"{"title":"Đơn vị",
        "columns":[{"title":"Đơn vị","width":20},{"title":"Tỷ lệ","width":8}],
        "rows":[{"cells":[{"text":"=HYPERLINK(1)"},
            {"text":"40,92%","value":0.4092,"percent":true}]}]}"#;
    let csv = String::from_utf8(export_table("csv", table).expect("csv")).expect("UTF-8");
    assert_eq!(csv, "\u{feff}Đơn vị,Tỷ lệ\n'=HYPERLINK(1),\"40,92%\"\n");
    assert_eq!(&export_table("xlsx", table).expect("xlsx")[..2], b"PK");
    assert!(export_table("csv", "{").is_err());
}

/// The follow-up with the units through the facade: the early warning equals the core's, and the
/// units' packs arrive as one .zip (built in wasm) a unit at a time.
#[wasm_bindgen_test]
fn early_warning_and_unit_packs_through_the_facade() {
    let mut s = Session::new();
    s.add_file("thang-05-2024.csv", FIXTURE)
        .expect("fixture reads");
    assert!(s.early_warning(None).is_err(), "after a report only");
    s.report("2024-05-01", "2024-05-31", false, None, None, None)
        .expect("report");
    let day = s.default_as_of().expect("a day D");
    let via_facade = parsed(&s.early_warning(Some(day.clone())).expect("warning"));
    let mut loader = Loader::new();
    loader
        .add_file("thang-05-2024.csv", FIXTURE)
        .expect("fixture reads");
    let (store, others, _) = loader.finish_all();
    let d = chiso766::model::Date::parse_iso(&day).expect("ISO");
    let core = serde_json::to_value(report::early_warning::build(
        &store,
        &others,
        d,
        &chiso766::profile::Profile::default_profile(),
        true,
    ))
    .expect("JSON");
    assert_eq!(numbers_as_floats(via_facade), numbers_as_floats(core));
    assert!(s.early_warning(Some("31/05/2024".into())).is_err());

    let list = parsed(&s.unit_pack_list(None).expect("list"));
    let units = list["packs"].as_array().expect("packs").len();
    assert!(units >= 3, "{list}");
    let mut builder = s.unit_pack_builder(None).expect("builder");
    assert_eq!(builder.total(), units);
    let steps: Vec<usize> = (0..units)
        .map(|_| builder.step().expect("a unit"))
        .collect();
    assert_eq!(steps, (1..=units).collect::<Vec<_>>(), "one unit a step");
    assert_eq!(builder.step().expect("past the end"), units);
    let zip = builder.finish().expect("zip");
    assert!(zip.starts_with(b"PK\x03\x04"));
    // finish() alone builds what no step has: the same .zip.
    assert_eq!(
        s.unit_pack_builder(None)
            .expect("builder")
            .finish()
            .expect("zip"),
        zip
    );
    let archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    assert_eq!(archive.len(), 2 * units + 1);
}
