//! The browser facade: converts types and errors at the wasm boundary and nothing else.
//!
//! One configured serializer ([`to_js`]) and one error conversion ([`js_error`]). The worker owns
//! a [`Session`] (files are read once; changing the period only recomputes); the main thread calls
//! [`chart_svg`], because plotters measures text through the DOM, which a worker does not have.

use crate::ingest::{Loader, SourceInfo};
use crate::messages::Text;
use crate::model::{Date, Period};
use crate::report::{self, chart, Options};
use crate::sample::{self, SampleOptions};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    // JSON-compatible: maps become plain objects, 64-bit integers plain numbers.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| JsValue::from_str(&e.to_string()))
}

#[derive(Serialize)]
struct JsError<'a> {
    file: Option<&'a str>,
    message: String,
    message_en: String,
}

fn js_error(file: Option<&str>, text: Text) -> JsValue {
    to_js(&JsError { file, message: text.vi, message_en: text.en }).unwrap_or_else(|e| e)
}

fn install_panic_hook() {
    use std::sync::Once;
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&JsValue::from_str(&format!("chiso766 panic: {info}")));
        }));
    });
}

/// The dossiers loaded so far and what was understood of each file.
#[wasm_bindgen]
pub struct Session {
    loader: Loader,
    failed: Vec<SourceInfo>,
}

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        install_panic_hook();
        Session { loader: Loader::new(), failed: Vec::new() }
    }

    /// Reads one file; returns what was understood of it, or throws `{file, message, message_en}`.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<JsValue, JsValue> {
        match self.loader.add_file(name, bytes) {
            Ok(info) => to_js(info),
            Err(e) => {
                self.failed.push(SourceInfo::failed(name, &e));
                Err(js_error(Some(name), e.text()))
            }
        }
    }

    #[wasm_bindgen(js_name = dossierCount)]
    pub fn dossier_count(&self) -> usize {
        self.loader.store().len()
    }

    /// `{from, to}` as ISO dates, or `null` without data.
    #[wasm_bindgen(js_name = defaultPeriod)]
    pub fn default_period(&self) -> Result<JsValue, JsValue> {
        let p = report::default_period(self.loader.store());
        to_js(&p.map(|p| [p.from.iso(), p.to.iso()]))
    }

    /// The full report for `[from, to]` (ISO dates).
    pub fn report(&self, from: &str, to: &str, unmask: bool) -> Result<JsValue, JsValue> {
        let store = self.loader.store();
        if store.is_empty() {
            return Err(js_error(None, crate::messages::no_dossiers()));
        }
        let period = match (Date::parse_iso(from), Date::parse_iso(to)) {
            (Some(from), Some(to)) if from <= to => Period { from, to },
            _ => return Err(js_error(None, crate::messages::bad_period())),
        };
        let mut inputs = self.loader.inputs().to_vec();
        inputs.extend(self.failed.iter().cloned());
        let opts = Options { unmask, ..Options::default() };
        to_js(&report::build(store, &inputs, period, &opts))
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

/// The built-in sample: a province's month (`YYYY-MM`) as a CSV file.
#[wasm_bindgen(js_name = sampleCsv)]
pub fn sample_csv(rows: usize, month: &str, seed: u32) -> Result<Vec<u8>, JsValue> {
    let period = Period::parse_month(month).ok_or_else(|| js_error(None, crate::messages::bad_period()))?;
    Ok(sample::csv(&SampleOptions { rows, period, seed: u64::from(seed), ..SampleOptions::default() }))
}

/// Draws a bar chart (main thread only).
#[wasm_bindgen(js_name = chartSvg)]
pub fn chart_svg(spec: JsValue) -> Result<String, JsValue> {
    install_panic_hook();
    let spec: chart::BarChart = serde_wasm_bindgen::from_value(spec).map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(chart::bar_chart_svg(&spec))
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
