//! The browser facade: converts types and errors at the wasm boundary and nothing else.
//!
//! One configured serializer ([`to_js`]) and one error conversion ([`js_error`]). The worker owns
//! a [`Session`] (files are read once; changing the period only recomputes); the main thread calls
//! [`chart_svg`], because plotters measures text through the DOM, which a worker does not have.
//! A file read in two parts crosses as `ingest::halves` steps (`Session::feed_file`): the worker
//! carries bytes and the part, and decides nothing.

use crate::ingest::halves::{Halves, Next, SecondReader};
use crate::ingest::part::{PartReader, SplitPlan};
use crate::ingest::{sniff, xlsx};
use crate::ingest::{
    Confidence, Feeds, FileOptions, FileStream, IngestError, Loader, MappedColumn, MappingFile,
    SourceInfo,
};
use crate::messages::Text;
use crate::model::{Date, Period};
use crate::profile::Profile;
use crate::report::scores::UnitScores;
use crate::report::{self, chart, Options};
use crate::sample::{self, SampleOptions};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    // JSON-compatible: maps become plain objects, 64-bit integers plain numbers.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

#[derive(Serialize)]
struct JsError<'a> {
    file: Option<&'a str>,
    message: String,
    message_en: String,
    /// The header cells found, and what was matched, when columns are missing (the page opens
    /// the mapping screen with them).
    columns: Vec<String>,
    mapping: Vec<MappedColumn>,
    /// In a workbook: the sheet the columns were looked for in, and every sheet (the mapping
    /// screen offers the others).
    sheet: Option<String>,
    sheets: Vec<String>,
}

fn js_error(file: Option<&str>, text: Text) -> JsValue {
    to_js(&JsError {
        file,
        message: text.vi,
        message_en: text.en,
        columns: Vec::new(),
        mapping: Vec::new(),
        sheet: None,
        sheets: Vec::new(),
    })
    .unwrap_or_else(|e| e)
}

fn ingest_error(file: &str, e: &IngestError) -> JsValue {
    let (columns, mapping, sheet, sheets) = match e {
        IngestError::MissingColumns {
            found,
            matched,
            sheet,
            sheets,
            ..
        } => (
            found.clone(),
            matched
                .iter()
                .map(|(f, c)| MappedColumn {
                    field: *f,
                    label: f.label_vi(),
                    column: c.clone(),
                    confidence: Confidence::Partial,
                })
                .collect(),
            sheet.clone(),
            sheets.clone(),
        ),
        _ => (Vec::new(), Vec::new(), None, Vec::new()),
    };
    let text = e.text();
    to_js(&JsError {
        file: Some(file),
        message: text.vi,
        message_en: text.en,
        columns,
        mapping,
        sheet,
        sheets,
    })
    .unwrap_or_else(|e| e)
}

/// Whether a file starting with `head` (its first 4 KB) is read by random access
/// (`Session.addWorkbook`: an .xlsx) rather than fed in chunks.
#[wasm_bindgen(js_name = readsByRandomAccess)]
pub fn reads_by_random_access(head: &[u8]) -> bool {
    sniff::file_kind(head) == sniff::FileKind::Xlsx
}

/// The first bytes `readsByRandomAccess` looks at.
#[wasm_bindgen(js_name = kindBytes)]
pub fn kind_bytes() -> usize {
    sniff::KIND_BYTES
}

/// A File read by random access through the worker's synchronous reads.
struct JsSource {
    size: u64,
    read_at: js_sys::Function,
}

impl xlsx::Source for JsSource {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&mut self, at: u64, len: usize) -> Result<Vec<u8>, String> {
        let bytes = self
            .read_at
            .call2(
                &JsValue::NULL,
                &JsValue::from_f64(at as f64),
                &JsValue::from_f64(len as f64),
            )
            .map_err(|e| format!("{e:?}"))?;
        Ok(js_sys::Uint8Array::new(&bytes).to_vec())
    }
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

/// The most the dossiers may hold in the worker (1.2 GiB): a wasm memory holds 4 GiB at most,
/// and reports and exports need room beside the dossiers (a year's .docx of overdue dossiers
/// takes hundreds of megabytes). About four million dossiers fit.
pub const DEFAULT_MEMORY_LIMIT: u64 = 1200 * 1024 * 1024;

/// The dossiers loaded so far and what was understood of each file.
#[wasm_bindgen]
pub struct Session {
    loader: Loader,
    failed: Vec<SourceInfo>,
    /// The file being read chunk by chunk.
    current: Option<Current>,
    /// The last report, whole (with its overdue dossiers): the page gets it without them, and
    /// asks for a unit's list or an export when it needs one.
    last: Option<report::Report>,
    /// The options of the last report (profile, masking, notice settings): the early warning
    /// and the units' packs follow them.
    last_options: Option<Options>,
}

/// A file being read: its name, its stream, and (read through `beginFile`) the decisions of a
/// two-worker reading, with the plan of a second worker to start.
struct Current {
    name: String,
    stream: FileStream,
    halves: Option<Halves>,
    plan: Option<Vec<u8>>,
}

/// What the worker does next with the file it reads (`ingest::halves::Next`), as the page sees
/// it: `{step: 'feed' | 'look' | 'second' | 'part' | 'readFrom' | 'end', at, len, cut}`. A
/// `second` step's plan is `Session::secondPlan`'s (bytes cross as a `Uint8Array` to transfer).
#[derive(Serialize)]
#[serde(tag = "step", rename_all = "camelCase")]
enum Step {
    Feed,
    Look { at: f64, len: usize },
    Second { cut: f64 },
    Part,
    ReadFrom { at: f64 },
    End,
}

impl Current {
    /// The step for the page, the second worker's plan set aside.
    fn step(&mut self, next: Next) -> Step {
        match next {
            Next::Feed => Step::Feed,
            Next::Look { at, len } => Step::Look { at: at as f64, len },
            Next::StartSecond { cut, plan } => {
                self.plan = Some(plan.to_bytes());
                Step::Second { cut: cut as f64 }
            }
            Next::Part => Step::Part,
            Next::ReadFrom { at } => Step::ReadFrom { at: at as f64 },
            Next::End => Step::End,
        }
    }
}

/// The second worker's reader of a large CSV: from a line end to the end of the file, with the
/// first worker's plan (`ingest::part`).
#[wasm_bindgen]
pub struct PartSession {
    reader: Option<PartReader>,
}

#[wasm_bindgen]
impl PartSession {
    /// `bytes`: how many bytes the part has (from its start to the file's end).
    #[wasm_bindgen(constructor)]
    pub fn new(plan: &[u8], bytes: f64) -> Result<PartSession, JsValue> {
        install_panic_hook();
        let plan =
            SplitPlan::from_bytes(plan).ok_or_else(|| JsValue::from_str("unreadable plan"))?;
        let mut reader = PartReader::new(&plan, bytes as u64);
        reader.set_memory_limit(Some(DEFAULT_MEMORY_LIMIT));
        Ok(PartSession {
            reader: Some(reader),
        })
    }

    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let reader = self
            .reader
            .as_mut()
            .ok_or_else(|| JsValue::from_str("finished"))?;
        reader.feed(chunk).map_err(|e| js_error(None, e.text()))
    }

    /// The rows read, as bytes for the first worker's `Session::takePart`.
    pub fn finish(&mut self) -> Result<Vec<u8>, JsValue> {
        let reader = self
            .reader
            .take()
            .ok_or_else(|| JsValue::from_str("finished"))?;
        let part = reader.finish().map_err(|e| js_error(None, e.text()))?;
        Ok(part.into_bytes())
    }
}

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        install_panic_hook();
        let mut loader = Loader::new();
        loader.set_memory_limit(Some(DEFAULT_MEMORY_LIMIT));
        Session {
            loader,
            failed: Vec::new(),
            current: None,
            last: None,
            last_options: None,
        }
    }

    /// Reads one whole file; returns what was understood of it, or throws
    /// `{file, message, message_en, columns}`.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<JsValue, JsValue> {
        self.begin(name, None)?;
        self.feed(bytes)?;
        self.end()
    }

    /// Starts a file that arrives in chunks. `mapping` is a mapping file's JSON text (or null).
    pub fn begin(&mut self, name: &str, mapping: Option<String>) -> Result<(), JsValue> {
        self.start(name, mapping, Feeds::Provincial, None)
    }

    /// Starts a DVCQG export (reconciled with the provincial dossiers, never merged with them).
    #[wasm_bindgen(js_name = beginNational)]
    pub fn begin_national(&mut self, name: &str, mapping: Option<String>) -> Result<(), JsValue> {
        self.start(name, mapping, Feeds::National, None)
    }

    /// Starts a file of `size` bytes that the worker reads as [`Session::feed_file`]'s steps
    /// say: in two parts at once where `second_worker` can read one and the file is worth it.
    /// `cut_at`: a cut target of the caller's, whatever the file's size (the warm-up).
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(
        &mut self,
        name: &str,
        mapping: Option<String>,
        national: bool,
        size: f64,
        second_worker: bool,
        cut_at: Option<f64>,
    ) -> Result<(), JsValue> {
        let size = size as u64;
        let halves = match cut_at {
            Some(at) => Halves::with_target(size, at as u64),
            None => Halves::new(size, second_worker.then_some(SecondReader::Worker)),
        };
        self.start(
            name,
            mapping,
            if national {
                Feeds::National
            } else {
                Feeds::Provincial
            },
            Some(halves),
        )?;
        self.expect(size as f64);
        Ok(())
    }

    fn start(
        &mut self,
        name: &str,
        mapping: Option<String>,
        feeds: Feeds,
        halves: Option<Halves>,
    ) -> Result<(), JsValue> {
        self.cancel();
        let options = match mapping {
            Some(json) => MappingFile::parse(&json).map_err(|t| js_error(Some(name), t))?,
            None => FileOptions::default(),
        };
        let stream = self.loader.begin_into(name, options, feeds);
        self.current = Some(Current {
            name: name.to_string(),
            stream,
            halves,
            plan: None,
        });
        Ok(())
    }

    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let mut current = self
            .current
            .take()
            .ok_or_else(|| js_error(None, IngestError::Cancelled.text()))?;
        match self.loader.feed(&mut current.stream, chunk) {
            Ok(()) => {
                self.current = Some(current);
                Ok(())
            }
            Err(e) => Err(self.failed(current, &e)),
        }
    }

    /// Feeds the file's next bytes (begun with `beginFile`); returns the next step.
    #[wasm_bindgen(js_name = feedFile)]
    pub fn feed_file(&mut self, chunk: &[u8]) -> Result<JsValue, JsValue> {
        let mut current = self
            .current
            .take()
            .ok_or_else(|| js_error(None, IngestError::Cancelled.text()))?;
        let next = match current.halves.as_mut() {
            Some(halves) => halves.feed(&mut self.loader, &mut current.stream, chunk),
            None => self
                .loader
                .feed(&mut current.stream, chunk)
                .map(|()| Next::Feed),
        };
        match next {
            Ok(next) => {
                let step = current.step(next);
                self.current = Some(current);
                to_js(&step)
            }
            Err(e) => Err(self.failed(current, &e)),
        }
    }

    /// The file has no more bytes; returns the next step.
    #[wasm_bindgen(js_name = bytesEnded)]
    pub fn bytes_ended(&mut self) -> Result<JsValue, JsValue> {
        self.step(|h, _, _| h.bytes_ended())
    }

    /// The bytes a `look` step asked for; returns the next step.
    pub fn look(&mut self, bytes: &[u8]) -> Result<JsValue, JsValue> {
        self.step(|h, _, _| h.look(bytes))
    }

    /// Whether the second worker was asked for its part (a `second` step); returns the next step.
    #[wasm_bindgen(js_name = secondStarted)]
    pub fn second_started(&mut self, ok: bool) -> Result<JsValue, JsValue> {
        self.step(|h, _, _| h.started(ok))
    }

    /// The second worker's part (`PartSession::finish`), or nothing when it failed; returns the
    /// next step (`end` when the part was taken over).
    #[wasm_bindgen(js_name = takePart)]
    pub fn take_part(&mut self, part: Option<Vec<u8>>) -> Result<JsValue, JsValue> {
        self.step(|h, loader, stream| h.part(loader, stream, part.as_deref()))
    }

    /// The plan of the second worker a `second` step asked to start (`PartSession`'s).
    #[wasm_bindgen(js_name = secondPlan)]
    pub fn second_plan(&mut self) -> Option<Vec<u8>> {
        self.current.as_mut()?.plan.take()
    }

    /// How far the file is read, in bytes of the whole file.
    pub fn progress(&self) -> f64 {
        self.current
            .as_ref()
            .and_then(|c| c.halves.as_ref())
            .map_or(0.0, |h| h.progress() as f64)
    }

    fn step(
        &mut self,
        f: impl FnOnce(&mut Halves, &mut Loader, &mut FileStream) -> Next,
    ) -> Result<JsValue, JsValue> {
        let current = self
            .current
            .as_mut()
            .ok_or_else(|| js_error(None, IngestError::Cancelled.text()))?;
        let halves = current
            .halves
            .as_mut()
            .ok_or_else(|| JsValue::from_str("not begun with beginFile"))?;
        let next = f(halves, &mut self.loader, &mut current.stream);
        to_js(&current.step(next))
    }

    /// Drops a file that failed, noting it for the report.
    fn failed(&mut self, current: Current, e: &IngestError) -> JsValue {
        self.loader.cancel(current.stream);
        self.failed.push(SourceInfo::failed(&current.name, e));
        ingest_error(&current.name, e)
    }

    pub fn end(&mut self) -> Result<JsValue, JsValue> {
        let current = self
            .current
            .take()
            .ok_or_else(|| js_error(None, IngestError::Cancelled.text()))?;
        match self.loader.end(current.stream) {
            Ok(info) => to_js(info),
            Err(e) => {
                self.failed.push(SourceInfo::failed(&current.name, &e));
                Err(ingest_error(&current.name, &e))
            }
        }
    }

    /// Reads an .xlsx by random access ([`reads_by_random_access`]): `read_at(at, len)` returns
    /// up to `len` of the file's bytes from `at` as a Uint8Array, synchronously (the worker's
    /// FileReaderSync over `File.slice`). The zip's directory and the parts needed are read a
    /// megabyte at a time: the workbook is never held, whatever its size. Returns what was
    /// understood of it, or throws as `end` does.
    #[wasm_bindgen(js_name = addWorkbook)]
    pub fn add_workbook(
        &mut self,
        name: &str,
        mapping: Option<String>,
        national: bool,
        size: f64,
        read_at: js_sys::Function,
    ) -> Result<JsValue, JsValue> {
        self.cancel();
        let options = match mapping {
            Some(json) => MappingFile::parse(&json).map_err(|t| js_error(Some(name), t))?,
            None => FileOptions::default(),
        };
        let feeds = if national {
            Feeds::National
        } else {
            Feeds::Provincial
        };
        let mut source = JsSource {
            size: size as u64,
            read_at,
        };
        match self.loader.add_workbook(name, &mut source, options, feeds) {
            Ok(info) => to_js(info),
            Err(e) => {
                self.failed.push(SourceInfo::failed(name, &e));
                Err(ingest_error(name, &e))
            }
        }
    }

    /// Says how many bytes the file being read has: its columns are then given room for all
    /// its rows at once.
    pub fn expect(&mut self, bytes: f64) {
        if let Some(c) = self.current.as_mut() {
            self.loader.expect(&mut c.stream, bytes as u64);
        }
    }

    /// Drops the file being read and what it added.
    pub fn cancel(&mut self) {
        if let Some(c) = self.current.take() {
            self.loader.cancel(c.stream);
        }
    }

    /// Changes the memory ceiling (megabytes; 0: none).
    #[wasm_bindgen(js_name = setMemoryLimit)]
    pub fn set_memory_limit(&mut self, megabytes: u32) {
        self.loader
            .set_memory_limit((megabytes > 0).then(|| u64::from(megabytes) * 1024 * 1024));
    }

    /// Bytes the loaded dossiers hold.
    #[wasm_bindgen(js_name = memoryUsed)]
    pub fn memory_used(&self) -> f64 {
        self.loader.memory_used() as f64
    }

    #[wasm_bindgen(js_name = dossierCount)]
    pub fn dossier_count(&self) -> usize {
        self.loader.store().len()
    }

    /// `{from, to}` as ISO dates, or `null` without data.
    #[wasm_bindgen(js_name = defaultPeriod)]
    pub fn default_period(&self) -> Result<JsValue, JsValue> {
        let p = report::default_period(self.loader.store())
            .or_else(|| report::scoreboard_period(self.loader.others()));
        to_js(&p.map(|p| [p.from.iso(), p.to.iso()]))
    }

    /// The report for `[from, to]` (ISO dates), under a profile file's JSON (or the default),
    /// without the overdue dossiers themselves (see [`Session::overdue`]) and without each
    /// unit's indicators under its groups and its what-if steps (see [`Session::unit_scores`]),
    /// as JSON text. One string crosses to the page, which parses it, where a JS object was
    /// built value by value and then copied again on the way to the page. The units' indicators
    /// and steps, their labels and notes repeated for every unit, were most of the text; the
    /// page shows one unit's at a time.
    pub fn report(
        &mut self,
        from: &str,
        to: &str,
        unmask: bool,
        profile: Option<String>,
        province: Option<String>,
        settings: Option<String>,
    ) -> Result<String, JsValue> {
        if self.loader.store().is_empty() && self.loader.others().is_empty() {
            return Err(js_error(None, crate::messages::no_dossiers()));
        }
        let period = match (Date::parse_iso(from), Date::parse_iso(to)) {
            (Some(from), Some(to)) if from <= to => Period { from, to },
            _ => return Err(js_error(None, crate::messages::bad_period())),
        };
        let mut inputs = self.loader.inputs().to_vec();
        inputs.extend(self.failed.iter().cloned());
        let profile = match profile {
            Some(json) => Profile::from_json(&json).map_err(|t| js_error(None, t))?,
            None => Profile::default_profile(),
        };
        let notice = match settings {
            Some(json) => crate::report::notice::NoticeSettings::from_json(&json)
                .map_err(|t| js_error(None, t))?,
            None => Default::default(),
        };
        // A district's run places its offices by its own rule; a province's puts them back.
        crate::model::district::place_units(
            self.loader.units_mut(),
            notice.scope == crate::report::notice::Scope::Huyen,
        );
        let store = self.loader.store();
        let opts = Options {
            unmask,
            profile,
            province,
            notice,
        };
        // The overdue dossiers are listed when first asked for (a unit's list, an export).
        let mut r = report::summary(
            store,
            self.loader.national(),
            self.loader.others(),
            &inputs,
            period,
            &opts,
        );
        self.last_options = Some(opts);
        // Each unit's whole scores set aside for the text and put back: exports and `unit_scores`
        // use the whole report.
        let whole: Vec<Option<UnitScores>> = r
            .units
            .iter_mut()
            .map(|u| {
                let scores = u.scores.take();
                u.scores = scores.as_ref().map(UnitScores::headline);
                scores
            })
            .collect();
        // The reconciliation's dossiers likewise (a year against the DVCQG export lists
        // hundreds of thousands): the page asks for them a slice at a time (`list_slice`).
        let differences = r
            .reconciliation
            .as_mut()
            .map(|rc| std::mem::take(&mut rc.dossiers));
        let json = serde_json::to_string(&r).map_err(|e| JsValue::from_str(&e.to_string()));
        for (u, scores) in r.units.iter_mut().zip(whole) {
            u.scores = scores;
        }
        if let (Some(rc), Some(d)) = (r.reconciliation.as_mut(), differences) {
            rc.dossiers = d;
        }
        self.last = Some(r);
        json
    }

    /// The last report's scores of one unit (its index in `units[]`), indicators and what-if
    /// steps included; `null` for a unit without scores.
    #[wasm_bindgen(js_name = unitScores)]
    pub fn unit_scores(&self, unit: usize) -> Result<JsValue, JsValue> {
        let r = self
            .last
            .as_ref()
            .ok_or_else(|| js_error(None, crate::messages::no_dossiers()))?;
        to_js(
            &r.units
                .iter()
                .find(|u| u.index == unit)
                .and_then(|u| u.scores.as_ref()),
        )
    }

    /// The last report, its overdue dossiers listed.
    fn last(&mut self) -> Result<&report::Report, JsValue> {
        let r = self
            .last
            .as_mut()
            .ok_or_else(|| js_error(None, crate::messages::no_dossiers()))?;
        r.list_overdue(self.loader.store(), self.loader.others());
        Ok(r)
    }

    /// Rows `from..from + count` of one of the last report's long lists, as JSON text
    /// `{total, rows}`: `"overdue"` (every unit's overdue dossiers) or `"differences"` (the
    /// reconciliation's dossiers). The page reads a long list in slices, each parsed in a few
    /// milliseconds, where the whole list at once would hold its main thread.
    #[wasm_bindgen(js_name = listSlice)]
    pub fn list_slice(&mut self, list: &str, from: usize, count: usize) -> Result<String, JsValue> {
        #[derive(Serialize)]
        struct Slice<'a, T> {
            total: usize,
            rows: &'a [T],
        }
        fn slice<T: Serialize>(all: &[T], from: usize, count: usize) -> Result<String, JsValue> {
            let rows = all
                .get(from..all.len().min(from.saturating_add(count)))
                .unwrap_or(&[]);
            serde_json::to_string(&Slice {
                total: all.len(),
                rows,
            })
            .map_err(|e| JsValue::from_str(&e.to_string()))
        }
        let r = self.last()?;
        match list {
            "overdue" => slice(&r.overdue_dossiers, from, count),
            "differences" => slice(
                r.reconciliation.as_ref().map_or(&[][..], |rc| &rc.dossiers),
                from,
                count,
            ),
            _ => Err(JsValue::from_str(&format!("no list {list}"))),
        }
    }

    /// The last report's overdue dossiers of one unit (its index in `units[]`).
    pub fn overdue(&mut self, unit: usize) -> Result<JsValue, JsValue> {
        let list: Vec<&report::OverdueDossier> = self
            .last()?
            .overdue_dossiers
            .iter()
            .filter(|d| d.unit == unit)
            .collect();
        to_js(&list)
    }

    /// The notice (as the page's preview holds it, edits included: `notice` is its JSON) with
    /// the appendices of the last report, as a .docx.
    #[wasm_bindgen(js_name = exportDocx)]
    pub fn export_docx(&mut self, notice: &str) -> Result<Vec<u8>, JsValue> {
        let r = self.last()?;
        let n: report::notice::Notice = serde_json::from_str(notice)
            .map_err(|e| js_error(None, crate::messages::bad_settings(&e.to_string())))?;
        crate::export::docx::notice(&n, &report::appendix::appendices(r, &r.overdue_dossiers))
            .map_err(|e| JsValue::from_str(&e))
    }

    /// The last report's appendices as a workbook.
    #[wasm_bindgen(js_name = exportXlsx)]
    pub fn export_xlsx(&mut self) -> Result<Vec<u8>, JsValue> {
        let r = self.last()?;
        crate::export::xlsx::appendices(&report::appendix::appendices(r, &r.overdue_dossiers))
            .map_err(|e| JsValue::from_str(&e))
    }

    /// One appendix (by id, e.g. "appendix-payment") as CSV, UTF-8 with BOM.
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&mut self, id: &str) -> Result<Vec<u8>, JsValue> {
        let r = self.last()?;
        let list = report::appendix::appendices(r, &r.overdue_dossiers);
        let a = list
            .iter()
            .find(|a| a.id == id)
            .ok_or_else(|| JsValue::from_str(&format!("no appendix {id}")))?;
        Ok(crate::export::csv::table(&a.table))
    }

    /// The early warning's default day D (ISO): the latest receipt or finish date in the files;
    /// `undefined` without dossiers.
    #[wasm_bindgen(js_name = defaultAsOf)]
    pub fn default_as_of(&self) -> Option<String> {
        crate::indicators::early_warning::default_as_of(self.loader.store()).map(|d| d.iso())
    }

    /// The early warning on day `as_of` (ISO; undefined: [`Session::default_as_of`]) under the
    /// last report's profile (holidays, N) and masking.
    fn warning(
        &self,
        as_of: Option<String>,
    ) -> Result<report::early_warning::EarlyWarning, JsValue> {
        let opts = self
            .last_options
            .as_ref()
            .ok_or_else(|| js_error(None, crate::messages::no_dossiers()))?;
        let store = self.loader.store();
        let day = match as_of {
            Some(d) => {
                Date::parse_iso(&d).ok_or_else(|| js_error(None, crate::messages::bad_as_of()))?
            }
            None => crate::indicators::early_warning::default_as_of(store)
                .ok_or_else(|| js_error(None, crate::messages::no_dossiers()))?,
        };
        Ok(report::early_warning::build(
            store,
            self.loader.others(),
            day,
            &opts.profile,
            !opts.unmask,
        ))
    }

    /// The early warning (the command line's `early_warning`) as JSON text: day D, the window,
    /// counts, units by due-soon count with the month's 2.1 and what it would lose, and the
    /// dossiers (masked as the last report). Call after `report`.
    #[wasm_bindgen(js_name = earlyWarning)]
    pub fn early_warning(&self, as_of: Option<String>) -> Result<String, JsValue> {
        serde_json::to_string(&self.warning(as_of)?).map_err(|e| JsValue::from_str(&e.to_string()))
    }

    /// The units concerned and their packs' file names, as JSON text (`{packs: [{unit, name,
    /// block, reasons, overdue, due_soon, letter_file, list_file}], index_file, index}`),
    /// without building the files. Call after `report`.
    #[wasm_bindgen(js_name = unitPackList)]
    pub fn unit_pack_list(&mut self, as_of: Option<String>) -> Result<String, JsValue> {
        let packs = self.packs(as_of)?;
        serde_json::to_string(&packs).map_err(|e| JsValue::from_str(&e.to_string()))
    }

    fn packs(&mut self, as_of: Option<String>) -> Result<report::unit_pack::Packs, JsValue> {
        let warning = self.warning(as_of)?;
        let settings = self
            .last_options
            .as_ref()
            .map(|o| o.notice.clone())
            .unwrap_or_default();
        let r = self.last()?;
        Ok(report::unit_pack::build(r, Some(&warning), &settings))
    }

    /// Every unit's pack (a letter .docx, the list of dossiers to explain .xlsx, and the index
    /// .csv) as one .zip, built a unit at a time by the returned builder. Call after `report`.
    #[wasm_bindgen(js_name = unitPackBuilder)]
    pub fn unit_pack_builder(&mut self, as_of: Option<String>) -> Result<PackBuilder, JsValue> {
        let packs = self.packs(as_of)?;
        let files = vec![crate::export::packs::index(&packs)];
        Ok(PackBuilder {
            packs,
            files,
            done: 0,
        })
    }

    /// Month by month, for the province (`unit` undefined) or one unit: the trend charts.
    pub fn trend(&self, unit: Option<usize>) -> Result<JsValue, JsValue> {
        to_js(&report::trend::trend(
            self.loader.store(),
            self.loader.others(),
            unit,
        ))
    }

    /// The appendices' ids and titles (what can be exported).
    #[wasm_bindgen(js_name = appendixList)]
    pub fn appendix_list(&self) -> Result<JsValue, JsValue> {
        let r = self
            .last
            .as_ref()
            .ok_or_else(|| js_error(None, crate::messages::no_dossiers()))?;
        let list: Vec<(&str, String)> = report::appendix::appendices(r, &[])
            .into_iter()
            .map(|a| (a.id, a.title))
            .collect();
        to_js(&list)
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

/// The units' packs being built: `step()` makes the next unit's letter and list, `finish()` the
/// .zip. A call into wasm runs to its end, so the worker steps from a task of its own per unit
/// and takes a Cancel between them (then drops the builder); it owns its packs, so a report made
/// meanwhile does not change them.
#[wasm_bindgen]
pub struct PackBuilder {
    packs: report::unit_pack::Packs,
    files: Vec<crate::export::packs::File>,
    done: usize,
}

#[wasm_bindgen]
impl PackBuilder {
    /// How many units get a pack.
    pub fn total(&self) -> usize {
        self.packs.packs.len()
    }

    /// Builds the next unit's two files; returns how many units are done.
    pub fn step(&mut self) -> Result<usize, JsValue> {
        if let Some(p) = self.packs.packs.get(self.done) {
            self.files
                .extend(crate::export::packs::unit(p).map_err(|e| JsValue::from_str(&e))?);
            self.done += 1;
        }
        Ok(self.done)
    }

    /// The .zip of every unit's files (those `step()` has not built yet are built now), its
    /// entries dated day D.
    pub fn finish(&mut self) -> Result<Vec<u8>, JsValue> {
        while self.done < self.total() {
            self.step()?;
        }
        let day = Date::parse_iso(&self.packs.as_of).map(Date::ymd);
        crate::export::packs::zip(&std::mem::take(&mut self.files), day)
            .map_err(|e| JsValue::from_str(&e))
    }
}

/// The built-in sample: a province's month (`YYYY-MM`) as a CSV file.
#[wasm_bindgen(js_name = sampleCsv)]
pub fn sample_csv(rows: usize, month: &str, seed: u32) -> Result<Vec<u8>, JsValue> {
    Ok(sample::csv(&sample_options(rows, month, seed)?))
}

fn sample_options(rows: usize, month: &str, seed: u32) -> Result<SampleOptions, JsValue> {
    let period =
        Period::parse_month(month).ok_or_else(|| js_error(None, crate::messages::bad_period()))?;
    Ok(SampleOptions {
        rows,
        period,
        seed: u64::from(seed),
        ..SampleOptions::default()
    })
}

/// The names of the built-in sample's files (dossiers, catalogues, PAKN, publication, scoreboards).
#[wasm_bindgen(js_name = sampleFileNames)]
pub fn sample_file_names(month: &str) -> Result<Vec<String>, JsValue> {
    let period =
        Period::parse_month(month).ok_or_else(|| js_error(None, crate::messages::bad_period()))?;
    Ok(sample::others::file_names(period))
}

/// One file of the built-in sample, by its index in [`sample_file_names`].
#[wasm_bindgen(js_name = sampleFile)]
pub fn sample_file(rows: usize, month: &str, seed: u32, index: usize) -> Result<Vec<u8>, JsValue> {
    let opts = sample_options(rows, month, seed)?;
    sample::others::file(&opts, index).ok_or_else(|| js_error(None, crate::messages::no_dossiers()))
}

#[derive(Serialize)]
struct ComputationInfo {
    name: &'static str,
    numerator: &'static str,
    denominator: &'static str,
}

/// What each named computation counts, for the "Cách tính" page.
#[wasm_bindgen(js_name = computationList)]
pub fn computation_list() -> Result<JsValue, JsValue> {
    let list: Vec<ComputationInfo> = crate::indicators::computations::COMPUTATIONS
        .iter()
        .map(|c| ComputationInfo {
            name: c.name,
            numerator: c.numerator,
            denominator: c.denominator,
        })
        .collect();
    to_js(&list)
}

/// The province the built-in sample belongs to (its name on the sample scoreboards).
#[wasm_bindgen(js_name = sampleProvince)]
pub fn sample_province() -> String {
    sample::others::SAMPLE_PROVINCE.to_string()
}

/// Draws a bar chart (main thread only).
#[wasm_bindgen(js_name = chartSvg)]
pub fn chart_svg(spec: JsValue) -> Result<String, JsValue> {
    install_panic_hook();
    let spec: chart::BarChart =
        serde_wasm_bindgen::from_value(spec).map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(chart::bar_chart_svg(&spec))
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[derive(Serialize)]
struct FieldInfo {
    field: crate::ingest::header::Field,
    label: &'static str,
    required: bool,
}

/// The fields a column can be mapped to, for the mapping screen.
#[wasm_bindgen(js_name = fieldList)]
pub fn field_list() -> Result<JsValue, JsValue> {
    use crate::ingest::header::{Field, REQUIRED};
    let list: Vec<FieldInfo> = Field::ALL
        .iter()
        .map(|&f| FieldInfo {
            field: f,
            label: f.label_vi(),
            required: REQUIRED.contains(&f),
        })
        .collect();
    to_js(&list)
}

/// The default methodology profile as JSON (the page's "Cách tính" starts from it).
#[wasm_bindgen(js_name = defaultProfile)]
pub fn default_profile() -> String {
    crate::profile::DEFAULT_JSON.to_string()
}

/// Checks a profile file: the normalised JSON, or throws `{message, message_en}` naming the field.
#[wasm_bindgen(js_name = checkProfile)]
pub fn check_profile(json: &str) -> Result<String, JsValue> {
    Profile::from_json(json)
        .map(|p| p.to_json())
        .map_err(|t| js_error(None, t))
}

/// The words the page shows for the report's keys (blocks, kinds of file, indicator inputs,
/// overdue and reconciliation kinds), as `[key, label]` lists (`report::labels`).
#[wasm_bindgen(js_name = pageLabels)]
pub fn page_labels() -> Result<JsValue, JsValue> {
    to_js(&report::labels::all())
}

/// Folds each line of `lines` as the header matching does (`text::fold_words`: no case, no
/// diacritics, đ as d): the page's table search compares folded text, a batch of rows a call.
#[wasm_bindgen(js_name = foldLines)]
pub fn fold_lines(lines: &str) -> String {
    lines
        .split('\n')
        .map(crate::text::fold_words)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The notice's number style (`report::format`), for every figure the page shows.
#[wasm_bindgen(js_name = formatPercent)]
pub fn format_percent(rate: f64) -> String {
    report::format::percent(rate)
}

#[wasm_bindgen(js_name = formatDecimal)]
pub fn format_decimal(x: f64) -> String {
    report::format::decimal(x)
}

#[wasm_bindgen(js_name = formatThousands)]
pub fn format_thousands(n: f64) -> String {
    report::format::thousands(n as u64)
}

#[wasm_bindgen(js_name = formatCount)]
pub fn format_count(n: f64) -> String {
    report::format::count(n as u64)
}

/// A table the page shows (the rows its search and filters kept) as `.csv` or `.xlsx` bytes,
/// written as the appendices are. `table` is JSON text: `{title, columns: [{title, width}],
/// rows: [{cells: [{text, value, percent, date}]}]}`.
#[wasm_bindgen(js_name = exportTable)]
pub fn export_table(format: &str, table: &str) -> Result<Vec<u8>, JsValue> {
    #[derive(serde::Deserialize)]
    struct Shown {
        title: String,
        #[serde(flatten)]
        table: report::notice::Table,
    }
    let shown: Shown =
        serde_json::from_str(table).map_err(|e| JsValue::from_str(&e.to_string()))?;
    if format == "csv" {
        return Ok(crate::export::csv::table(&shown.table));
    }
    let sheet = report::appendix::Appendix {
        id: "table",
        title: shown.title,
        sheet: "Danh sách",
        note: None,
        table: shown.table,
    };
    crate::export::xlsx::appendices(&[sheet]).map_err(|e| JsValue::from_str(&e))
}
