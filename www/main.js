// Boot and wiring: loads the wasm on the main thread (charts, number style, search folding),
// starts the worker (all analysis), and connects the controls to state, views and rendering.
import { initSync, chartSvg, fieldList, defaultProfile, checkProfile, computationList,
  sampleFileNames, sampleProvince } from '../pkg/chiso766.js';
import wasmDataUrl from '../pkg/chiso766_bg.wasm.gz';
import { startOffline } from 'chiso766-offline';
import { AnalysisWorker } from './worker-client.js';
import { state, monthPeriod, monthOf } from './state.js';
import { renderCards, renderProgressTable, renderInputs, renderChartTable, renderScores,
  renderScoreTree, renderWhatIf, renderNational, renderBlocks, renderReconciliation,
  renderComparison, el, downloadBytes, downloadText } from './render.js';
import { loadProfile, renderProfile, saveProfile } from './profile.js';
import { thousands, decimal, percent, byName } from './format.js';
import { openMappingEditor, rememberedMapping, rememberMapping, signature } from './mapping.js';
import { loadSettings, saveSettings, renderSettings, renderPreview,
  readPreview } from './notice.js';
import { VIEWS, buildNav, showView, viewFromHash, currentView, onShow, goTo,
  isView } from './views.js';
import { unitsTable, unit766Table, overdueTable, differencesTable, reconciliationUnitsTable,
  comparisonTable, publicationTable, problemsTable, warningUnitsTable, warningDossiersTable,
  packsTable } from './lists.js';
import { warningWindow, renderWarningCards, renderReplies, replyProblems } from './follow-up.js';
import { SETUP_KIND, SETUP_VERSION, profileChanges, applyProfileChanges, setupFragment,
  isSetupFragment, readSetupFragment, checkSetup } from './share.js';

/**
 * @type {(id: string) => any} An element of index.html by id: inputs, selects, images, dialogs;
 * which kind, only the id says.
 */
const $ = (id) => document.getElementById(id);
const SAMPLE_ROWS = 20000;
const SAMPLE_MONTH = '2024-05';
// The user's province (or unit) on national scoreboards, remembered on this machine.
const PROVINCE_KEY = 'chiso766.province.v1';

function setProvince(name) {
  $('province').value = name;
  if (name) localStorage.setItem(PROVINCE_KEY, name);
  else localStorage.removeItem(PROVINCE_KEY);
}

// The module is inlined gzipped as a data: URL (see webpack.config.js); it is decoded and
// inflated without fetch(), which the page's CSP forbids (a Response over a local stream is not a
// request). Compiling it as it inflates (compileStreaming) was no faster.
async function compileWasm() {
  const base64 = wasmDataUrl.slice(wasmDataUrl.indexOf(',') + 1);
  const inflated = new Blob([fromBase64(base64)]).stream()
    .pipeThrough(new DecompressionStream('gzip'));
  return WebAssembly.compile(await new Response(inflated).arrayBuffer());
}

// Uint8Array.fromBase64 where the browser has it (Chromium 140 on), else atob.
/** @returns {Uint8Array<ArrayBuffer>} */
function fromBase64(base64) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(base64);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function setStatus(text, kind = 'muted') {
  const s = $('status');
  s.textContent = text;
  s.className = kind;
}

function showProgress(msg) {
  if (msg.task === 'unitPacks') {
    packsProgress(msg);
    return;
  }
  $('progress-row').hidden = false;
  $('progress').value = msg.total ? msg.loaded / msg.total : 1;
  const mb = (bytes) => thousands(Math.round(bytes / 1048576));
  $('progress-text').textContent = `Đang đọc ${msg.file}: ${mb(msg.loaded)} / ${mb(msg.total)} MB`;
}

let worker;

// The longest main-thread block, for the benchmark (the page must never freeze).
window.__chiso766 = { longestTaskMs: 0, worker: () => worker };
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      window.__chiso766.longestTaskMs = Math.max(window.__chiso766.longestTaskMs, e.duration);
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // Browsers without long-task timing: the figure stays 0.
}

async function boot() {
  // The first worker loads its script while the module inflates and compiles: the two overlap
  // instead of one waiting for the other.
  worker = new AnalysisWorker(showProgress);
  const module = await compileWasm();
  initSync({ module });
  await worker.init(module);
  buildNav($('views-list'));
  wire();
  makeTables();
  const defaults = chooseProfile();
  window.addEventListener('hashchange', () => followHash(true));
  await followHash(false);
  startOffline((apply) => {
    $('update-banner').hidden = false;
    $('update-reload').onclick = apply;
  });
  document.body.dataset.ready = 'true';
  // The "Cách tính" editor in a task of its own, after the page is ready for a file: drawn in
  // the same task as the rest of the start, it made that task long enough to block the page.
  setTimeout(() => drawProfile(defaults), 0);
}

function wire() {
  $('file-input').addEventListener('change', (e) => {
    loadFiles([...e.target.files]);
    e.target.value = ''; // so choosing the same file again (after a reset) is seen
  });
  $('national-input').addEventListener('change', (e) => {
    if (e.target.files.length)
      addEntries([...e.target.files].map(
        (file) => ({ name: file.name, file, mapping: null, national: true })));
    e.target.value = '';
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    loadFiles([...e.dataTransfer.files]);
  });
  $('sample-button').addEventListener('click', () => {
    // The sample is one province's month: name it as "my province" unless the user named one.
    if (!$('province').value) setProvince(sampleProvince());
    addEntries(sampleFileNames(SAMPLE_MONTH)
      .map((name, index) => ({ name,
        sample: { rows: SAMPLE_ROWS, month: SAMPLE_MONTH, index, name }, mapping: null })));
  });
  $('province').value = localStorage.getItem(PROVINCE_KEY) ?? '';
  $('province').addEventListener('change', () => {
    setProvince($('province').value.trim());
    if (state.period) analyse(state.period);
  });
  $('cancel-button').addEventListener('click', () => worker.send('cancel'));
  $('reset-button').addEventListener('click', reset);
  $('month').addEventListener('change', () => {
    if (!$('month').value) return;
    const p = monthPeriod($('month').value);
    $('from').value = p.from;
    $('to').value = p.to;
    analyse(p);
  });
  $('apply-period').addEventListener('click',
    () => analyse({ from: $('from').value, to: $('to').value }));
  $('chart-measure').addEventListener('change', () => drawChart('overview'));
  $('trend-measure').addEventListener('change', () => drawChart('trend'));
  $('trend-unit').addEventListener('change', () => drawChart('trend'));
  $('share-link').addEventListener('click', shareLink);
  $('share-close').addEventListener('click', () => {
    $('share-panel').hidden = true;
    $('share-link').setAttribute('aria-expanded', 'false');
    $('share-link').focus();
  });
  $('save-setup').addEventListener('click',
    () => downloadText('thiet-lap-chiso766.json',
      JSON.stringify({ kind: SETUP_KIND, ...currentSetup() }, null, 2)));
  $('open-setup').addEventListener('click', () => $('setup-file').click());
  $('setup-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    try {
      await applySetup(checkSetup(await file.text()), `tệp ${file.name}`);
    } catch (error) {
      linkMessage(error.message, 'error');
    }
  });
  $('export-docx').addEventListener('click', () => exportFile('docx'));
  $('export-xlsx').addEventListener('click', () => exportFile('xlsx'));
  $('export-csv').addEventListener('click', () => exportFile('csv'));
  $('print-notice').addEventListener('click', () => window.print());
  for (const [which, ui] of Object.entries(CHART_UI)) {
    $(ui.svg).addEventListener('click',
      () => downloadBytes(`bieu-do-${$(ui.select).value}-${periodStem()}.svg`,
        new TextEncoder().encode(state.charts[which] ?? ''), 'image/svg+xml'));
    $(ui.png).addEventListener('click', () => chartPng(which));
  }
  renderSettings($('notice-settings-form'), loadSettings(),
    () => { if (state.period) analyse(state.period); });
  $('unmask').addEventListener('change', async () => {
    state.unmask = $('unmask').checked;
    await analyse(state.period);
  });
  // Lists the worker holds are fetched when their view is first shown after a report.
  onShow('don-vi', () => loadList('overdue'));
  onShow('doi-chieu', () => loadList('differences'));
  onShow('so-sanh', () => { if (state.report && !state.charts.trend) drawChart('trend'); });
  onShow('canh-bao', () => loadWarning());
  $('as-of').addEventListener('change', () => {
    state.asOf = $('as-of').value || null;
    loadWarning();
  });
  $('warning-days').addEventListener('change', changeDueSoonDays);
  for (const box of document.querySelectorAll('[data-packs]')) {
    box.querySelector('[data-packs-download]').addEventListener('click', () => downloadPacks(box));
    box.querySelector('[data-packs-cancel]')
      .addEventListener('click', () => worker.request('cancelUnitPacks'));
  }
  // "Cách tính" opened at the section a link names (its href is the view's: the fragment names
  // views only), with the keyboard on that section's summary.
  for (const a of /** @type {NodeListOf<HTMLElement>} */ (
    document.querySelectorAll('[data-method-link]')))
      a.addEventListener('click', () => { methodSection = a.dataset.methodLink; });
  onShow('cach-tinh', () => {
    const section = methodSection && $(methodSection);
    methodSection = null;
    if (!section) return;
    section.open = true;
    section.scrollIntoView({ block: 'start' });
    section.querySelector('summary')?.focus({ preventScroll: true });
  });
}

let methodSection = null;

// The methodology profile in use (the stored one, else the defaults), and its editor drawn.
function showProfile() {
  drawProfile(chooseProfile());
}

// Sets the profile in use: the stored one where this version accepts it, else the defaults
// (returned).
function chooseProfile() {
  const defaults = defaultProfile();
  state.profile = loadProfile(defaults);
  try {
    state.profile = checkProfile(state.profile);
  } catch {
    state.profile = defaults; // a stored profile this version no longer accepts
  }
  return defaults;
}

function drawProfile(defaults) {
  renderProfile($('profile'), state.profile, defaults, checkProfile, computationList(), (json) => {
    state.profile = json;
    showProfile();
    if (state.period) analyse(state.period);
  });
}

function loadFiles(files) {
  if (!files.length) return;
  addEntries(files.map((file) => ({ name: file.name, file, mapping: null })));
}

// Every file the user loaded, with the mapping it is read with: re-reading after a correction
// starts again from these.
const entries = [];

// Reading, re-reading and resetting run one after another, in the order asked: a file dropped
// while another is read waits its turn, and a reset never races a read.
let queue = Promise.resolve();
function enqueue(job) {
  queue = queue.then(job, job);
  return queue;
}

function addEntries(list) {
  return enqueue(() => {
    entries.push(...list);
    return read(list, `Đang đọc ${list.length} tệp…`);
  });
}

function rereadAll() {
  return enqueue(async () => {
    await worker.request('reset');
    await read(entries, 'Đang đọc lại với ánh xạ cột mới…');
  });
}

async function read(list, message) {
  state.busy = true;
  setStatus(message);
  $('progress-row').hidden = false;
  let again = false;
  // How long reading took, said with the analysis that follows (showEntries): that analysis's own
  // time is only the computing and drawing, a small part of a large file's wait.
  let readMs = null;
  try {
    const items = list.map((e) => (
      e.sample ? { sample: e.sample }
      : { file: e.file, mapping: e.mapping, national: !!e.national }));
    const began = performance.now();
    const results = await worker.request('addFiles', { files: items });
    readMs = performance.now() - began;
    results.forEach((r, i) => Object.assign(list[i],
      { info: r.ok ? r.info : null, error: r.ok ? null : r.error, cancelled: !!r.cancelled }));
    // A cancelled read drops its file, and those after it, from the list.
    const cut = list.findIndex((e) => e.cancelled || !results[list.indexOf(e)]);
    if (cut >= 0) {
      entries.splice(entries.indexOf(list[cut]), entries.length);
      setStatus('Đã hủy đọc tệp (reading cancelled).');
    }
    for (const e of list.slice(0, cut >= 0 ? cut : list.length)) {
      const columns = e.info?.columns ?? e.error?.columns ?? [];
      if (e.mapping || !columns.length) continue;
      const remembered = rememberedMapping(columns);
      if (remembered) {
        e.mapping = remembered;
        again = true;
      } else if (e.error || e.info?.ambiguous?.length) {
        // Missing or ambiguous required columns are asked, not guessed.
        editMapping(e, columns);
      }
    }
  } catch (error) {
    setStatus(`${error.message ?? error} (${error.message_en ?? ''})`, 'error');
  } finally {
    state.busy = false;
    $('progress-row').hidden = true;
  }
  if (again) {
    // Queued behind this job; not awaited here, or the queue would wait on itself.
    rereadAll();
    return;
  }
  showEntries(readMs);
}

function showEntries(readMs = null) {
  state.inputs = entries.map((e) => e.info ?? {
    path: e.name, kind: 'unusable', mapping: [], personal_columns: [], problems_total: 1,
    problems: [{ row: null, column: null, message: e.error?.message ?? '',
      message_en: e.error?.message_en ?? '' }],
  });
  renderInputs($('inputs'), state.inputs,
    (i) => editMapping(entries[i], entries[i].info?.columns ?? entries[i].error?.columns ?? []));
  showProblems();
  const failed = entries.filter((e) => e.error);
  if (!entries.length)
    setStatus($('status').textContent.startsWith('Đã hủy') ? $('status').textContent
      : 'Chưa nạp tệp nào.');
  if (failed.length)
    setStatus(failed.map((e) => `${e.name}: ${e.error.message} (${e.error.message_en})`).join('\n'),
      'error');
  if (entries.some((e) => e.info)) {
    worker.request('defaultPeriod')
      .then((p) => p && analyse(state.period ?? state.pendingPeriod ?? { from: p[0], to: p[1] },
        true, readMs));
  } else {
    state.report = null;
    $('summary').hidden = true;
    showView(currentView() ?? 'du-lieu');
  }
}

// The files' problems, and those of the units' replies the last report matched.
function showProblems() {
  const problems = [...state.inputs.flatMap((i) => i.problems.map((p) => ({ ...p, file: i.path }))),
    ...replyProblems(state.report?.explanations)];
  $('problems-section').hidden = !problems.length;
  tables.problems.setRows(problems);
}

function editMapping(entry, columns) {
  if (!columns.length) return;
  const info = entry.info ?? { mapping: entry.error?.mapping ?? [] };
  const forced = entry.mapping ? JSON.parse(entry.mapping).encoding : null;
  openMappingEditor($('mapping'), {
    name: entry.name, columns, mapping: (info.mapping ?? []).filter((m) => m.field !== 'personal'),
    personal_columns: info.personal_columns ??
      (info.mapping ?? []).filter((m) => m.field === 'personal').map((m) => m.column),
    sheets: info.sheets ?? entry.error?.sheets ?? [], sheet: info.sheet ?? entry.error?.sheet,
    header_row: info.header_row, forcedEncoding: forced,
    ambiguous: info.ambiguous ?? [],
  }, fieldList(), (json) => {
    entry.mapping = json;
    $('mapping').hidden = true;
    rereadAll();
  }, () => { $('mapping').hidden = true; });
}

function reset() {
  if (state.busy) worker.send('cancel');
  return enqueue(resetNow);
}

async function resetNow() {
  await worker.request('reset');
  entries.length = 0;
  Object.assign(state, { inputs: [], period: null, report: null, selectedUnit: null,
    noticeJson: null, asOf: null, warning: null });
  // The next report is a first one again: it shows the overview.
  delete document.body.dataset.hasReport;
  shown += 1;
  $('inputs').replaceChildren();
  // The replies go with the files: nothing of them stays on the data view.
  renderReplies($('replies-data'), null);
  $('problems-section').hidden = true;
  $('mapping').hidden = true;
  $('summary').hidden = true;
  $('period-section').hidden = true;
  showView(currentView() ?? 'du-lieu');
  setStatus('Chưa nạp tệp nào.');
}

// Analyses in flight (the page and its tests wait for none before reading the results).
let analysing = 0;

// readMs: how long the files this analysis follows took to read (null: nothing was read).
async function analyse(period, keepStatus = false, readMs = null) {
  if (!period?.from || !period?.to) return;
  analysing += 1;
  document.body.dataset.analysing = 'true';
  try {
    await analyseNow(period, keepStatus, readMs);
  } finally {
    analysing -= 1;
    if (!analysing) document.body.dataset.analysing = 'false';
  }
}

// Counts reports shown, failed analyses and resets: an analysis that waited for a frame sets its
// status only if none came in between.
let shown = 0;

async function analyseNow(period, keepStatus, readMs) {
  const started = performance.now();
  try {
    const settings = loadSettings();
    state.report = JSON.parse(await worker.request('report',
      { from: period.from, to: period.to, unmask: state.unmask, profile: state.profile,
        province: $('province').value.trim(),
        settings: settings ? JSON.stringify(settings) : null }));
  } catch (error) {
    shown += 1;
    setStatus(`${error.message} (${error.message_en})`, 'error');
    return;
  }
  const mine = ++shown;
  const report = state.report;
  state.period = period;
  $('period-section').hidden = false;
  $('month').value = monthOf(period.from);
  $('from').value = period.from;
  $('to').value = period.to;
  render();
  // The chart measures its labels through the page's layout (plotters appends a span for each
  // and reads its size): drawn once the new tables have been laid out and painted, that costs a
  // few milliseconds, where drawn at once each measurement redid the tables' layout, and a large
  // analysis blocked the page in one long task.
  await afterPaint();
  // Another report or a reset since: that one draws its own chart, or none.
  if (state.report !== report) return;
  await drawCharts();
  if (mine !== shown) return;
  const ms = Math.round(performance.now() - started);
  const rows = state.inputs.filter((i) => i.kind === 'dossiers')
    .reduce((n, i) => n + (i.rows ?? 0), 0);
  const reading = readMs === null ? '' : `đọc tệp ${decimal(readMs / 1000)} s, `;
  if (!keepStatus || $('status').className !== 'error')
    setStatus(`Đã phân tích ${thousands(rows)} hồ sơ (${reading}tính và vẽ ${ms} ms).`);
}

function render() {
  const r = state.report;
  const first = !document.body.dataset.hasReport;
  document.body.dataset.hasReport = 'true';
  $('period-label').textContent = `— ${r.period.label}`;
  renderSummary(r);
  renderCards($('cards'), r);
  renderProgressTable($('progress-table'), r);
  renderNational($('national'), r);
  renderScores($('scores-table'), r);
  renderBlocks($('blocks-table'), r);
  $('notice-text').textContent = r.notice_text;
  // A re-analysis that gives the same notice keeps the user's edits in the preview.
  const noticeJson = JSON.stringify(r.notice);
  if (noticeJson !== state.noticeJson) {
    state.noticeJson = noticeJson;
    renderPreview($('notice-preview'), r.notice, followLink);
  }
  renderReconciliation($('reconciliation'), r);
  renderComparison($('comparison'), r);
  // The tables whose containers the two above drew anew.
  if (r.reconciliation) {
    tables.reconciliationUnits = reconciliationUnitsTable($('reconciliation-units'), { onExport });
    tables.reconciliationUnits.setRows(r.reconciliation.units);
    tables.differences = differencesTable($('reconciliation-dossiers'), { onExport });
  } else tables.differences = null;
  if (r.comparison)
    comparisonTable($('comparison-units'), { onExport }).setRows(r.comparison.units);
  if (r.publication_loaded) {
    if (!$('publication-table').querySelector('table'))
      tables.publication = publicationTable($('publication-table'), { onExport });
    tables.publication.setRows(r.publication);
  } else $('publication-table').replaceChildren(
    el('p', { class: 'muted', text: 'Chưa nạp tệp theo dõi công bố TTHC.' }));
  worker.request('appendixList').then((list) => {
    const keep = $('csv-appendix').value;
    $('csv-appendix').replaceChildren(
      ...list.map(([id, title]) => el('option', { value: id, text: title })));
    if (list.some(([id]) => id === keep)) $('csv-appendix').value = keep;
  });
  const missing = r.missing.map((m) => m.message);
  const skipped = r.inputs.reduce((n, i) => n + (i.skipped_rows ?? 0) + (i.duplicates ?? 0), 0);
  if (skipped)
    missing.push(
      `${thousands(skipped)} dòng bị bỏ qua (lỗi hoặc trùng mã hồ sơ) — xem chi ` +
      `tiết ở phần Dữ liệu`);
  if (r.province.without_progress)
    missing.push(
      `${thousands(r.province.without_progress)} hồ sơ không tính vào tiến độ do ngày/trạng ` +
      `thái không đọc được`);
  const unplaced = r.unplaced_units.length
    ? [`${r.unplaced_units.length} đơn vị chưa xác định được khối: ${r.unplaced_units.join(', ')}`]
    : [];
  $('partial-note').hidden = !missing.length && !unplaced.length;
  $('partial-note').textContent = [...missing, ...unplaced].join(' · ');
  tables.units.setRows(r.units);
  tables.unit766.setRows(r.units.filter((u) => u.scores));
  const keepUnit = $('trend-unit').value;
  $('trend-unit').replaceChildren(el('option', { value: '', text: 'Toàn tỉnh' }),
    ...r.units.slice().sort((a, b) => byName(a.name, b.name))
    .map((u) => el('option', { value: u.index, text: u.name })));
  $('trend-unit').value = r.units.some((u) => String(u.index) === keepUnit) ? keepUnit : '';
  // Long lists the worker holds: fetched anew for this report when their view is shown.
  lists.clear();
  if (currentView() === 'don-vi') loadList('overdue');
  if (currentView() === 'doi-chieu') loadList('differences');
  if (state.selectedUnit !== null) showUnit(state.selectedUnit);
  // The units' replies, if any were loaded, and their problems beside the files'.
  renderReplies($('replies'), r.explanations);
  renderReplies($('replies-data'), r.explanations, { inData: true });
  showProblems();
  if (currentView() === 'canh-bao') loadWarning();
  // The first report: the view a setup asked for, or the overview when the user is still on
  // the data (unless a column question waits there).
  const next = state.pendingView ??
    (first && currentView() === 'du-lieu' && $('mapping').hidden ? 'tong-quan' : null);
  state.pendingView = null;
  state.pendingPeriod = null;
  if (next && next !== currentView()) goTo(next);
  else showView(currentView() ?? 'tong-quan', { hasReport: true });
}

// The bar under the navigation: the period and the main figures, on every view.
function renderSummary(r) {
  $('summary').hidden = false;
  $('summary-period').textContent = r.period.label;
  const score = r.national
    ? `${decimal(r.national.total)} (hạng ${r.national.rank}/${r.national.of})`
    : `${decimal(r.scores.computed.total)}${r.scores.computed.partial ? ' (một phần)' : ''}` +
      ' (ước tính)';
  const figures = {
    online_on_time_rate: percent(r.province.online_on_time_rate),
    on_time_rate: percent(r.province.on_time_rate),
    overdue: thousands(r.overdue.total),
    digitization_rate: percent(r.province.digitization_rate),
    online_payment_rate: percent(r.province.online_payment_rate),
    score,
  };
  for (const node of /** @type {NodeListOf<HTMLElement>} */ (
    document.querySelectorAll('[data-summary]'))) node.textContent = figures[node.dataset.summary];
}

// Resolves once the browser has drawn a frame of what was just rendered, or after 100 ms (a tab
// in the background draws no frames; its timers run, later).
function afterPaint() {
  return new Promise((resolve) => {
    setTimeout(resolve, 100);
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}

// ---- Views and the fragment ----

// The fragment: a setup (#thiet-lap=…) is applied once and replaced by its view; a view's name
// shows that view; anything else the default one.
async function followHash(byUser) {
  if (isSetupFragment(location.hash)) {
    const hash = location.hash;
    history.replaceState(null, '', `${location.pathname}${location.search}#du-lieu`);
    try {
      await applySetup(await readSetupFragment(hash), 'liên kết');
    } catch (error) {
      linkMessage(error.message, 'error');
      showView('du-lieu', { hasReport: !!state.report });
    }
    return;
  }
  showView(viewFromHash(state.report ? 'tong-quan' : 'du-lieu'),
    { focus: byUser, hasReport: !!state.report });
}

function linkMessage(text, kind = 'muted') {
  const node = $('link-message');
  node.hidden = !text;
  node.textContent = text;
  node.className = `panel ${kind}`;
}

// ---- The setup: as a link, as a file ----

function currentSetup() {
  const mappings = entries.filter((e) => e.mapping)
    .map((e) => [signature(e.info?.columns ?? e.error?.columns ?? []), e.mapping])
    .filter(([sig]) => sig);
  return {
    v: SETUP_VERSION,
    view: currentView() ?? 'tong-quan',
    period: state.period ?? state.pendingPeriod ?? null,
    province: $('province').value.trim(),
    profile: profileChanges(state.profile, defaultProfile()),
    settings: loadSettings(),
    mappings,
  };
}

async function shareLink() {
  const panel = $('share-panel');
  const url = `${location.href.split('#')[0]}${await setupFragment(currentSetup())}`;
  $('share-url').value = url;
  panel.hidden = false;
  $('share-link').setAttribute('aria-expanded', 'true');
  try {
    await navigator.clipboard.writeText(url);
    $('share-status').textContent = 'Đã chép liên kết vào bộ nhớ tạm.';
  } catch {
    $('share-status').textContent = 'Hãy chép liên kết trong ô bên cạnh (Ctrl+C).';
  }
  $('share-url').focus();
  $('share-url').select();
}

// Applies a setup (from a link or a file) and asks for the files, which never travel with it.
async function applySetup(setup, source) {
  const done = [];
  const problems = [];
  if (setup.province) {
    setProvince(setup.province);
    done.push(`tỉnh ${setup.province}`);
  }
  if (setup.profile) {
    try {
      const defaults = defaultProfile();
      const checked = checkProfile(applyProfileChanges(setup.profile, defaults));
      saveProfile(checked, defaults);
      state.profile = checked;
      drawProfile(defaults);
      done.push('phương pháp tính');
    } catch (error) {
      problems.push(`phương pháp tính không dùng được: ${error.message ?? error}`);
    }
  }
  if (setup.settings) {
    saveSettings(setup.settings);
    renderSettings($('notice-settings-form'), loadSettings(),
      () => { if (state.period) analyse(state.period); });
    done.push('thông tin văn bản');
  }
  for (const [sig, json] of setup.mappings) rememberMapping(sig, json);
  if (setup.mappings.length) done.push(`${setup.mappings.length} ánh xạ cột`);
  if (setup.period) {
    done.push(
      `kỳ ${setup.period.from.split('-').reverse().join('/')} – ` +
      `${setup.period.to.split('-').reverse().join('/')}`);
    state.pendingPeriod = setup.period;
  }
  state.pendingView = isView(setup.view) ? setup.view : null;
  const what = done.length ? done.join(', ') : 'không có thay đổi nào';
  const more = problems.length ? ` Không áp dụng được: ${problems.join('; ')}.` : '';
  if (state.report) {
    linkMessage(`Đã áp dụng thiết lập từ ${source}: ${what}.${more}`,
      problems.length ? 'warn' : 'muted');
    await analyse(state.pendingPeriod ?? state.period);
    return;
  }
  linkMessage(
    `Đã áp dụng thiết lập từ ${source}: ${what}.${more} Hãy chọn các tệp dữ liệu của bạn: liên ` +
    `kết không mang dữ liệu hồ sơ.`, problems.length ? 'warn' : 'muted');
  showView('du-lieu', { hasReport: false });
  $('file-input').focus();
}

// ---- Tables ----

const tables = {};
function makeTables() {
  const thresholds = () => ({ digitization_rate: state.report?.digitization.threshold,
    online_payment_rate: state.report?.online_payment.threshold });
  tables.units = unitsTable($('units-table'),
    { onPick: (u) => pickUnit(u.index), onExport, thresholds, selected: () => state.selectedUnit });
  tables.unit766 = unit766Table($('unit-766-table'),
    { onPick: (u) => pickUnit(u.index), onExport,
      groups: () => state.report?.units.find((u) => u.scores)?.scores.groups ?? [] });
  tables.overdue = overdueTable($('overdue-table'),
    { onExport, personal: () => state.overduePersonal ?? [],
      replies: () => Boolean(state.report?.explanations) });
  tables.overdue.o.onRender = (t) => {
    const unit = state.report?.units.find((u) => u.index === state.selectedUnit);
    const scope = t.filterValues.unit ? ` của ${t.filterValues.unit}` : '';
    $('overdue-title').textContent = `Hồ sơ quá hạn${scope}: ${thousands(t.kept.length)}`;
    $('overdue-title').dataset.unit = unit?.name ?? '';
  };
  tables.publication = publicationTable($('publication-table'), { onExport });
  tables.problems = problemsTable($('problems-table'), { onExport });
  tables.warningUnits = warningUnitsTable($('warning-units'),
    { onExport, onPick: pickWarningUnit });
  tables.warningDossiers = warningDossiersTable($('warning-dossiers'),
    { onExport, personal: () => state.warningPersonal ?? [] });
  tables.warningDossiers.o.onRender = (t) => {
    const scope = t.filterValues.unit ? ` của ${t.filterValues.unit}` : '';
    $('warning-dossiers-title').textContent =
      `Hồ sơ cần xử lý${scope}: ${thousands(t.kept.length)}`;
  };
  tables.packs = packsTable($('packs-table'), { onExport, index: () => state.packIndex });
}

async function onExport(format, json, table) {
  try {
    const bytes = await worker.request('exportTable', { format, table: json });
    const type = format === 'csv' ? 'text/csv;charset=utf-8'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    downloadBytes(`${table.id}-${periodStem()}.${format}`, bytes, type);
  } catch (error) {
    setStatus(`${error.message ?? error} (${error.message_en ?? ''})`, 'error');
  }
}

// The worker's long lists of the current report, fetched a slice at a time (each slice parsed
// in a few milliseconds; a year's list at once would hold the page).
const SLICE = 5000;
const lists = new Map();
function loadList(name) {
  const report = state.report;
  if (!report || lists.has(name)) return lists.get(name);
  const table = name === 'overdue' ? tables.overdue : tables.differences;
  if (!table) return Promise.resolve();
  const job = (async () => {
    const rows = [];
    for (let from = 0, total = 1; from < total; from += SLICE) {
      const slice = JSON.parse(await worker.request('listSlice',
        { list: name, from, count: SLICE }));
      if (state.report !== report) return;
      total = slice.total;
      for (const row of slice.rows) rows.push(row);
    }
    if (name === 'overdue')
      state.overduePersonal = rows.length ? rows[0].personal.map(([h]) => h) : [];
    await table.setRows(rows);
  })();
  lists.set(name, job);
  return job;
}

// A figure in the notice preview leads to the view and table behind it.
const LINKS = {
  cards: { view: 'tong-quan', id: 'cards' },
  'progress-table': { view: 'tong-quan', id: 'progress-table' },
  national: { view: 'tong-quan', id: 'national' },
  'appendix-766': { view: 'don-vi', id: 'unit-766-table' },
  'appendix-digitization': { view: 'don-vi', id: 'units-table',
    sort: { key: 'digitization_rate', dir: 1 } },
  'appendix-payment': { view: 'don-vi', id: 'units-table',
    sort: { key: 'online_payment_rate', dir: 1 } },
  'appendix-overdue': { view: 'don-vi', id: 'units-table', sort: { key: 'overdue', dir: -1 } },
  'appendix-publication': { view: 'tong-quan', id: 'publication-table' },
  'notice-settings': { view: 'thong-bao', id: 'notice-settings' },
  reconciliation: { view: 'doi-chieu', id: 'reconciliation' },
  comparison: { view: 'so-sanh', id: 'comparison' },
};

async function followLink(link) {
  const target = LINKS[link];
  if (!target) return;
  goTo(target.view);
  if (target.sort) await tables.units.setSort(target.sort);
  const node = $(target.id);
  if (node.tagName === 'DETAILS') node.open = true;
  node.scrollIntoView({ behavior: 'smooth', block: 'start' });
  node.classList.add('flash');
  setTimeout(() => node.classList.remove('flash'), 1500);
}

function periodStem() {
  return state.report ? state.report.period.from.slice(0, 7) : 'ky';
}

async function exportFile(kind) {
  try {
    if (kind === 'docx') {
      const notice = readPreview($('notice-preview'), state.report.notice);
      const bytes = await worker.request('exportDocx', { notice: JSON.stringify(notice) });
      downloadBytes(`thong-bao-766-${periodStem()}.docx`, bytes,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    } else if (kind === 'xlsx') {
      const bytes = await worker.request('exportXlsx');
      downloadBytes(`phu-luc-766-${periodStem()}.xlsx`, bytes,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    } else if (kind === 'csv') {
      const appendix = $('csv-appendix').value;
      const bytes = await worker.request('exportCsv', { appendix });
      downloadBytes(`${appendix}-${periodStem()}.csv`, bytes, 'text/csv;charset=utf-8');
    }
  } catch (error) {
    setStatus(`${error.message ?? error} (${error.message_en ?? ''})`, 'error');
  }
}

// A unit chosen in a table: its panel, its overdue dossiers, its trend.
function pickUnit(index) {
  state.selectedUnit = index;
  const unit = state.report.units.find((u) => u.index === index);
  for (const tr of /** @type {NodeListOf<HTMLElement>} */ (
    document.querySelectorAll('#units-table tr[data-unit]')))
      tr.classList.toggle('selected', Number(tr.dataset.unit) === index);
  showUnit(index);
  if (unit) {
    $('trend-unit').value = String(index);
    loadList('overdue')?.then(() => tables.overdue.setFilter('unit', unit.name));
  }
  $('what-if-title').focus({ preventScroll: true });
  $('overdue-panel').scrollIntoView({ block: 'nearest' });
}

async function showUnit(unitIndex) {
  const r = state.report;
  const unit = r.units.find((u) => u.index === unitIndex);
  if (!unit) { $('overdue-panel').hidden = true; return; }
  $('overdue-panel').hidden = false;
  $('what-if-title').textContent =
    `${unit.name}: điểm ước tính ${unit.scores ? decimal(unit.scores.total) : '—'}, hạng ` +
    `${unit.scores ? `${unit.scores.rank_in_block}/${unit.scores.of_in_block}` : '—'} trong ` +
    'khối — cần thêm bao nhiêu hồ sơ';
  // The unit's indicators and what-if steps come from the worker, a unit at a time; until they
  // do, the previous unit's are not shown under this one's name.
  for (const id of ['what-if', 'unit-scores']) $(id).replaceChildren();
  const scores = await worker.request('unitScores', { unit: unitIndex });
  if (state.report !== r || state.selectedUnit !== unitIndex) return;
  renderWhatIf($('what-if'), { ...unit, scores });
  renderScoreTree($('unit-scores'), scores);
}

// ---- Follow-up with the units: early warning, packs ----

// The early warning of the current report on day state.asOf (null: the default day D), fetched
// when its view is shown; the units' packs listed with it.
let warningJob = null;
function loadWarning() {
  const report = state.report;
  if (!report) return Promise.resolve();
  const asOf = state.asOf;
  if (warningJob?.report === report && warningJob.asOf === asOf) return warningJob.promise;
  const stale = () => state.report !== report || state.asOf !== asOf;
  const status = $('warning-status');
  const promise = (async () => {
    status.className = 'muted';
    status.textContent = 'Đang tính cảnh báo sớm…';
    try {
      const w = JSON.parse(await worker.request('earlyWarning', { asOf }));
      if (stale()) return;
      state.warning = w;
      showWarning(w);
      const byDefault = await worker.request('defaultAsOf');
      if (stale()) return;
      status.textContent = w.as_of === byDefault
        ? `Ngày D mặc định: ${vi(byDefault)}, ngày tiếp nhận hoặc kết thúc muộn nhất trong các tệp.`
        : `Ngày D do bạn chọn; mặc định là ${vi(byDefault)} (ngày tiếp nhận hoặc kết thúc muộn ` +
          `nhất trong các tệp).`;
      const packs = JSON.parse(await worker.request('unitPackList', { asOf: w.as_of }));
      if (stale()) return;
      state.packIndex = packs.index;
      await tables.packs.setRows(packs.index.rows);
    } catch (error) {
      if (stale()) return;
      status.className = 'error';
      status.textContent = `${error.message ?? error} (${error.message_en ?? ''})`;
      // A day that cannot be used leaves nothing of another day's figures on screen.
      state.warning = null;
      warningJob = null;
    }
  })();
  warningJob = { report, asOf, promise };
  return promise;
}

const vi = (iso) => (iso ? iso.split('-').reverse().join('/') : '');

function showWarning(w) {
  $('as-of').value = w.as_of;
  $('warning-days').value = String(w.working_days);
  $('warning-window').textContent = warningWindow(w);
  $('calendar-note').hidden = !w.calendar_note;
  $('calendar-note').textContent = w.calendar_note ? `${w.calendar_note} (${w.calendar_note_en})`
    : '';
  renderWarningCards($('warning-cards'), w);
  state.warningPersonal = w.dossiers.length ? w.dossiers[0].personal.map(([h]) => h) : [];
  tables.warningUnits.setRows(w.units);
  tables.warningDossiers.setRows(w.dossiers);
}

// A unit chosen in the warning's units: its dossiers below.
async function pickWarningUnit(unit) {
  await tables.warningDossiers.setFilter('unit', unit.name);
  $('warning-dossiers-title').focus({ preventScroll: true });
  $('warning-dossiers-title').scrollIntoView({ block: 'start' });
}

// N, the due-soon window in working days, set on the warning's view: a change of the profile
// (as on "Cách tính"), so the report, the notice and the packs follow it.
function changeDueSoonDays() {
  const input = $('warning-days');
  const p = JSON.parse(state.profile);
  p.thresholds.due_soon_working_days = Math.round(Number(input.value));
  const defaults = defaultProfile();
  try {
    const checked = checkProfile(JSON.stringify(p, null, 2));
    saveProfile(checked, defaults);
    state.profile = checked;
    drawProfile(defaults);
    if (state.period) analyse(state.period);
  } catch (error) {
    $('warning-status').className = 'error';
    $('warning-status').textContent = `${error.message ?? error} (${error.message_en ?? ''})`;
    input.value = String(JSON.parse(state.profile).thresholds.due_soon_working_days);
  }
}

// Every unit's pack as one .zip, built in the worker on day D of the warning (the default day
// when the warning was not opened); `box` shows its progress and its Cancel (the warning's view
// or the notice's).
let packsBox = null;
async function downloadPacks(box) {
  if (!state.report || packsBox) return;
  packsBox = box;
  const buttons = /** @type {NodeListOf<HTMLButtonElement>} */ (
    document.querySelectorAll('[data-packs-download]'));
  const progress = box.querySelector('progress');
  const status = box.querySelector('[data-packs-status]');
  const cancel = box.querySelector('[data-packs-cancel]');
  for (const b of buttons) b.disabled = true;
  status.className = 'muted';
  status.textContent = 'Đang tạo gói cho từng đơn vị…';
  progress.value = 0;
  progress.hidden = false;
  cancel.hidden = false;
  try {
    const asOf = state.asOf;
    const list = JSON.parse(await worker.request('unitPackList', { asOf }));
    if (!list.packs.length) {
      status.textContent = `Không có đơn vị nào cần gửi gói ngày ${vi(list.as_of)}.`;
      return;
    }
    const bytes = await worker.request('unitPacks', { asOf });
    // The period, as the other exports, and day D: packs of two days differ.
    const name = `goi-don-vi-${periodStem()}-ngay-${list.as_of}.zip`;
    downloadBytes(name, bytes, 'application/zip');
    status.textContent =
      `Đã tạo ${name}: ${thousands(list.packs.length)} đơn vị, mỗi đơn vị một công văn (.docx) ` +
      `và một danh sách hồ sơ (.xlsx), kèm ${list.index_file} (ngày D ${vi(list.as_of)}).`;
  } catch (error) {
    status.className = error.cancelled ? 'muted' : 'error';
    status.textContent = error.cancelled
      ? 'Đã hủy tạo gói cho từng đơn vị: không có tệp nào được tải.'
      : `${error.message ?? error} (${error.message_en ?? ''})`;
  } finally {
    // The keyboard was on Cancel: it goes back to the button that starts again.
    const refocus = document.activeElement === cancel;
    progress.hidden = true;
    cancel.hidden = true;
    for (const b of buttons) b.disabled = false;
    if (refocus) box.querySelector('[data-packs-download]').focus();
    packsBox = null;
  }
}

// Progress messages are the file reading's unless they name the packs' task.
function packsProgress(msg) {
  if (!packsBox) return;
  packsBox.querySelector('progress').value = msg.total ? msg.loaded / msg.total : 1;
  packsBox.querySelector('[data-packs-status]').textContent =
    `Đang tạo gói: ${thousands(msg.loaded)} / ${thousands(msg.total)} đơn vị`;
}

// ---- Charts ----

const CHART_UI = {
  overview: { select: 'chart-measure', img: 'chart-img', table: 'chart-table', svg: 'chart-svg',
    png: 'chart-png' },
  trend: { select: 'trend-measure', img: 'trend-img', table: 'trend-table', svg: 'trend-svg',
    png: 'trend-png' },
};

const CHARTS = {
  overdue: { title: 'Số hồ sơ quá hạn theo đơn vị', percent: false, pick: (u) => u.overdue,
    keep: (v) => v > 0, dir: -1 },
  on_time_rate: { title: 'Tỷ lệ giải quyết đúng hạn thấp nhất', percent: true,
    pick: (u) => u.on_time_rate, keep: (v) => v !== null, dir: 1 },
  digitization_rate: { title: 'Tỷ lệ số hóa hồ sơ thấp nhất', percent: true,
    pick: (u) => u.digitization_rate, keep: (v) => v !== null, dir: 1, threshold: 'digitization' },
  online_payment_rate: { title: 'Tỷ lệ thanh toán trực tuyến thấp nhất', percent: true,
    pick: (u) => u.online_payment_rate, keep: (v) => v !== null, dir: 1,
    threshold: 'online_payment' },
};

// Units counted by rate band, the bands' edges being the report's thresholds (the profile's):
// under the near-zero threshold where there is one, under the notice's threshold, and above.
function bandBars(r, pick, edges) {
  const rates = r.units.map(pick).filter((v) => v !== null && v !== undefined);
  const bounds = [0, ...edges];
  const bands = bounds.map((lo, k) => {
    const hi = bounds[k + 1];
    const label = hi === undefined ? `${percent(lo)} – ${percent(1)}`
      : `${percent(lo)} – dưới ${percent(hi)}`;
    return [label, rates.filter((v) => v >= lo && (hi === undefined || v < hi)).length];
  });
  return bands;
}

const SPECIAL_CHARTS = {
  // The six groups against their maxima: national points where a scoreboard names them, else
  // computed.
  groups: (r) => ({
    title: 'Điểm các nhóm chỉ số so với điểm tối đa',
    bars: r.scores.computed.groups.map((g) => {
      const national = r.national?.groups.find((x) => x.id === g.id)?.points;
      return [`${g.id}. ${g.label} (${decimal(national ?? g.points)}/${decimal(g.max)})`,
        (national ?? g.points) / g.max];
    }),
    percent: true,
    threshold: null,
  }),
  digitization_bands: (r) => ({ title: 'Số đơn vị theo mức tỷ lệ số hóa',
    bars: bandBars(r, (u) => u.digitization_rate, [r.digitization.threshold]), percent: false,
    threshold: null }),
  payment_bands: (r) => ({ title: 'Số đơn vị theo mức tỷ lệ thanh toán trực tuyến',
    bars: bandBars(r, (u) => u.online_payment_rate,
      [r.online_payment.near_zero_threshold, r.online_payment.threshold]), percent: false,
      threshold: null }),
};

const TRENDS = {
  trend_on_time_rate: { title: 'Tỷ lệ giải quyết đúng hạn (2.1)', percent: true,
    pick: (p) => p.on_time_rate },
  trend_digitization_rate: { title: 'Tỷ lệ số hóa hồ sơ', percent: true,
    pick: (p) => p.digitization_rate, threshold: 'digitization' },
  trend_online_payment_rate: { title: 'Tỷ lệ thanh toán trực tuyến', percent: true,
    pick: (p) => p.online_payment_rate, threshold: 'online_payment' },
  trend_overdue: { title: 'Số hồ sơ quá hạn', percent: false, pick: (p) => p.overdue },
};

// The trend is computed month by month in the worker: drawn when its view is shown.
async function drawCharts() {
  await drawChart('overview');
  state.charts.trend = null;
  if (currentView() === 'so-sanh') await drawChart('trend');
}

async function drawChart(which) {
  const r = state.report;
  if (!r) return;
  const ui = CHART_UI[which];
  const measure = $(ui.select).value;
  let spec;
  if (TRENDS[measure]) {
    const t = TRENDS[measure];
    const unit = r.units.find((u) => String(u.index) === $('trend-unit').value);
    const points = await worker.request('trend', { unit: unit ? unit.index : null });
    if (state.report !== r) return;
    const bars = points.filter((p) => t.pick(p) !== null).map((p) => [p.month, t.pick(p)]);
    spec = {
      title: `Xu hướng theo tháng: ${t.title} — ${unit ? unit.name : 'toàn tỉnh'}`,
      subtitle: points.length < 2 ? 'cần dữ liệu từ hai tháng trở lên'
        : `${points[0].month} – ${points[points.length - 1].month}`,
      bars, percent: t.percent, threshold: t.threshold ? r[t.threshold].threshold : null,
    };
  } else if (SPECIAL_CHARTS[measure]) {
    spec = { subtitle: r.period.label, ...SPECIAL_CHARTS[measure](r) };
  } else {
    const c = CHARTS[measure];
    const bars = r.units
      .map((u) => [u.name, c.pick(u)])
      .filter(([, v]) => c.keep(v))
      .sort((a, b) => (a[1] - b[1]) * c.dir || byName(a[0], b[0]))
      .slice(0, 20);
    spec = { title: c.title, subtitle: r.period.label, bars, percent: c.percent,
      threshold: c.threshold ? r[c.threshold].threshold : null };
  }
  const svg = chartSvg(spec);
  state.charts[which] = svg;
  // As an image: an SVG shown through <img> can never run script, whatever its text says.
  $(ui.img).src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
  $(ui.img).alt = `${spec.title} — ${r.period.label} (bảng số liệu bên dưới)`;
  renderChartTable($(ui.table), spec);
}

// A chart as PNG: its SVG image drawn on a canvas at twice its size.
function chartPng(which) {
  const ui = CHART_UI[which];
  const img = $(ui.img);
  const canvas = document.createElement('canvas');
  canvas.width = (img.naturalWidth || 800) * 2;
  canvas.height = (img.naturalHeight || 500) * 2;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  canvas.toBlob(async (blob) => downloadBytes(`bieu-do-${$(ui.select).value}-${periodStem()}.png`,
    new Uint8Array(await blob.arrayBuffer()), 'image/png'), 'image/png');
}

// In a task after the one that parsed and ran the page's script (the browser's own work on a
// large script): in one task together they blocked the page, the more so on a busy PC.
setTimeout(() => boot().catch((error) => {
  setStatus(
    `Không khởi động được bộ phân tích: ${error.message ?? error} (the analyzer failed to start)`,
    'error');
  console.error(error);
}), 0);
