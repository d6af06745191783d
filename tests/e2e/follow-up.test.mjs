// End to end in Chromium: the follow-up with the units (issue #24) on the page. The early
// warning on the built-in sample equals the command line's `early_warning` on the same generated
// files, day by day; the units' packs download as one .zip (built in the worker, with progress and
// a Cancel that stops it) whose entries are the command line's `unit-packs`; a unit's list taken
// from the page's own .zip, filled in and dropped back (with a CSV reply of another unit) shows
// its reasons beside the overdue dossiers and the replies' summary; a district's files and
// settings (tests/fixtures/huyen) give the district's notice, blocks and letters, and travel in
// the share link with the early warning's N and holidays; every new control works from the
// keyboard; axe-core finds no serious or critical problem on what the follow-up adds; and no
// test makes a network request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { decimal, percent, thousands, count, blockLabel, view, launch } from './support.mjs';
import { readZip, fillReplyList } from './zip.mjs';

const root = resolve(import.meta.dirname, '../..');
const cli = resolve(root, 'target/release/chiso766');
const fixture = resolve(root, 'tests/fixtures/thang-05-2024.csv');
const single = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
const out = resolve(root, 'test-results', 'follow-up');
mkdirSync(out, { recursive: true });

// The built-in sample's seven files, as the command line writes them (the page's "Dùng dữ liệu
// mẫu" is the same generator: 20,000 dossiers of May 2024, seed 766).
const sampleDir = resolve(out, 'mau');
rmSync(sampleDir, { recursive: true, force: true });
const sampleFiles = execFileSync(cli,
  ['generate', '--all-inputs', sampleDir, '--rows', '20000', '--month', '2024-05'],
  { encoding: 'utf8' }).trim().split('\n');
const PROVINCE = 'Bình Phước';

// The fixture's default day D, as the command line takes it.
const fixtureAsOf = JSON.parse(execFileSync(cli, ['report', '--month', '2024-05', fixture],
  { encoding: 'utf8' })).early_warning.as_of;

const cliJson = (args, files = sampleFiles) => JSON.parse(
  execFileSync(cli, ['report', '--province', PROVINCE, ...args, ...files],
    { encoding: 'utf8', maxBuffer: 1 << 28 }));

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser?.close());

async function open(url = single, { init, ...options } = {}) {
  const context = await browser.newContext(
    { acceptDownloads: true, serviceWorkers: 'block', viewport: { width: 1366, height: 900 },
      ...options });
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  const seen = { requests: [], errors: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') seen.errors.push(m.text()); });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { page, context, seen };
}

async function close({ context, seen }) {
  await context.close();
  assert.deepEqual(seen.errors, [], 'no console error');
  assert.deepEqual(seen.requests.filter(
    (u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:')), [],
    'no network request');
}

const idle = (page) => page.waitForSelector('body[data-analysing="false"][data-worker-idle="true"]',
  { timeout: 60000 });
const vi = (iso) => iso.split('-').reverse().join('/');

// The warning's tables have drawn the warning of day `asOf`.
async function warningShown(page, asOf) {
  await page.waitForFunction((d) => document.getElementById('as-of').value === d &&
    !/Đang tính/.test(document.getElementById('warning-status').textContent), asOf,
    { timeout: 60000 });
  await idle(page);
  await page.waitForSelector('[data-table="warning-units"][data-busy="false"]');
  await page.waitForSelector('[data-table="warning-dossiers"][data-busy="false"]');
}

// A CSV the page exported, as rows of cells (quoted cells may hold commas and quotes).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"')
        quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function download(page, click, name) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), click()]);
  const path = resolve(out, name ?? d.suggestedFilename());
  await d.saveAs(path);
  return { path, suggested: d.suggestedFilename() };
}

// The page's warning against the command line's for the same day: counts, window, every unit's
// row (through the table's .csv export) and every dossier.
async function assertWarningEquals(page, w, label) {
  await warningShown(page, w.as_of);
  const figure = async (key) => page.textContent(`[data-warning-figure="${key}"]`);
  assert.equal(await figure('overdue_now'), thousands(w.overdue_now), `${label}: overdue now`);
  assert.equal(await figure('due_today'), thousands(w.due_today), `${label}: due today`);
  assert.equal(await figure('due_soon'), thousands(w.due_soon), `${label}: due soon`);
  assert.equal(await figure('on_time_rate'), percent(w.on_time_rate), `${label}: 2.1 so far`);
  assert.equal(await page.inputValue('#warning-days'), String(w.working_days));
  const cards = await page.textContent('#warning-cards');
  assert.ok(cards.includes(percent(w.projected_on_time_rate)),
    `${label}: projected 2.1 ${percent(w.projected_on_time_rate)} in ${cards}`);
  if (w.points_lost !== null)
    assert.ok(cards.includes(decimal(w.points_lost)), `${label}: points lost`);
  const window = await page.textContent('#warning-window');
  assert.ok(window.includes(vi(w.horizon)), `${label}: window ends ${w.horizon}: ${window}`);
  for (const h of w.holidays_in_window)
    assert.ok(window.includes(vi(h)), `${label}: holiday ${h} in ${window}`);
  assert.equal(await page.isVisible('#calendar-note'), Boolean(w.calendar_note),
    `${label}: calendar note`);
  if (w.calendar_note)
    assert.match(await page.textContent('#calendar-note'),
      new RegExp(w.calendar_note.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  // Every unit, in the command line's order (by due-soon count), with its stake.
  assert.equal(await page.textContent('#warning-units-count'), `${thousands(w.units.length)} dòng`);
  const units = parseCsv(readFileSync(
    (await download(page, () => page.click('#warning-units [data-export="csv"]'),
      `canh-bao-don-vi-${label}.csv`)).path, 'utf8'));
  assert.deepEqual(units[0], ['Đơn vị', 'Khối', 'Sắp đến hạn', 'Đến hạn trong ngày', 'Đang quá hạn',
    'Đúng hạn (2.1) đến ngày D', 'Đúng hạn (2.1) nếu các hồ sơ này quá hạn',
    'Điểm 2.1 có thể mất']);
  assert.deepEqual(units.slice(1).map((r) => [r[0], r[2], r[3], r[4], r[5], r[6], r[7]]),
    w.units.map((u) => [u.name, thousands(u.due_soon), thousands(u.due_today),
      thousands(u.overdue_now), percent(u.on_time_rate), percent(u.projected_on_time_rate),
      u.points_lost === null ? '—' : decimal(u.points_lost)]), `${label}: units`);
  // Every dossier, with its days left.
  assert.equal(await page.textContent('#warning-dossiers-count'),
    `${thousands(w.dossiers.length)} dòng`);
  const dossiers = parseCsv(readFileSync(
    (await download(page, () => page.click('#warning-dossiers [data-export="csv"]'),
      `canh-bao-ho-so-${label}.csv`)).path, 'utf8'));
  const head = dossiers[0];
  const at = (name) => head.indexOf(name);
  const pageRows = dossiers.slice(1)
    .map(
      (r) =>
      `${r[at('Mã hồ sơ')]} ${r[at('Tình trạng')]} ${r[at('Thời hạn')]} ${r[at('Ngày hẹn trả')]} ` +
      `${r[at('Ngày làm việc còn lại')]}`).sort();
  const kinds = { overdue_now: 'Đang quá hạn', due_today: 'Đến hạn trong ngày',
    due_soon: 'Sắp đến hạn' };
  const left = (n) => (n < 0 ? `quá hạn ${-n} ngày` : n === 0 ? 'đến hạn hôm nay'
    : `còn ${n} ngày`);
  const cliRows =
    w.dossiers.map(
      (d) =>
      `${d.id} ${kinds[d.kind]} ${left(d.days_left)} ${vi(d.due)} ${d.working_days_left ?? '—'}`)
      .sort();
  // The window's due-soon dossiers are at most N working days away (0: due on a day off
  // before the next working day).
  assert.ok(w.dossiers.every((d) => d.kind !== 'due_soon' ||
    (d.working_days_left >= 0 && d.working_days_left <= w.working_days)));
  assert.deepEqual(pageRows, cliRows, `${label}: dossiers`);
}

test(
  'early warning on the sample: every figure is the command line\'s, for the default day, ' +
  'another day, a window over holidays and a year without a holiday list; N changed on the view',
  async () => {
  const session = await open();
  const { page } = session;
  await page.click('#sample-button');
  await page.waitForSelector('#results:not([hidden])', { timeout: 60000 });
  await idle(page);
  await view(page, 'canh-bao');
  // The default day D: the latest receipt or finish date.
  const byDefault = cliJson(['--format', 'json']).early_warning;
  assert.ok(byDefault.units.length > 5 && byDefault.due_soon > 0,
    'the sample has dossiers due soon');
  await assertWarningEquals(page, byDefault, 'mac-dinh');
  assert.match(await page.textContent('#warning-status'),
    new RegExp(`mặc định: ${vi(byDefault.as_of)}`));
  // A unit's name shows its dossiers.
  const first = byDefault.units[0];
  await page.click(`#warning-units tr[data-warning-unit="${first.name}"] button`);
  await page.waitForFunction((n) => document.getElementById(
    'warning-dossiers-title').textContent.includes(n), first.name);
  await page.waitForSelector('[data-table="warning-dossiers"][data-busy="false"]');
  assert.equal(await page.textContent('#warning-dossiers-count'),
    `${thousands(first.overdue_now + first.due_today + first.due_soon)} / ` +
    `${thousands(byDefault.dossiers.length)} dòng`);
  await page.selectOption('#warning-dossiers-filter-unit', '');
  // Other days: mid-month, a window across 30/4 and 1/5, a year the profile lists no holiday of.
  for (const day of ['2024-05-20', '2024-04-26', '2027-01-04']) {
    await page.fill('#as-of', day);
    const w = cliJson(['--format', 'json', '--as-of', day]).early_warning;
    await assertWarningEquals(page, w, day);
    if (day === '2024-04-26') assert.ok(w.holidays_in_window.includes('2024-04-30'));
    if (day === '2027-01-04') assert.ok(w.calendar_note, 'the profile lists no holiday of 2027');
  }
  // N changed on the view is the profile's: the warning, and "Cách tính", follow it.
  await page.fill('#as-of', '2024-05-20');
  await warningShown(page, '2024-05-20');
  await page.fill('#warning-days', '5');
  await page.dispatchEvent('#warning-days', 'change');
  await page.waitForFunction(() => /5 ngày làm việc/.test(
    document.getElementById('warning-cards').textContent), null, { timeout: 60000 });
  const profile = JSON.parse(readFileSync(resolve(root, 'profiles/dvcqg-2025.json'), 'utf8'));
  profile.thresholds.due_soon_working_days = 5;
  const profileFile = resolve(out, 'n5.json');
  writeFileSync(profileFile, JSON.stringify(profile));
  await assertWarningEquals(page, cliJson(
    ['--format', 'json', '--as-of', '2024-05-20', '--profile', profileFile]).early_warning, 'n5');
  // The view's "cách tính" link opens the definitions, where N is the same.
  await page.click('section[data-view="canh-bao"] [data-method-link]');
  await page.waitForSelector('section[data-view="cach-tinh"]:not([hidden])');
  assert.ok(await page.evaluate(() => document.getElementById('method-follow-up').open));
  assert.equal(await page.evaluate(() => document.activeElement.closest('details')?.id),
    'method-follow-up', 'the keyboard on the section');
  assert.match(await page.textContent('#method-follow-up'), /Cảnh báo sớm.*ngày làm việc/s);
  assert.equal(await page.inputValue('#profile-due-soon'), '5');
  await close(session);
});

// The units done as the worker reports them, whatever the page shows: a Cancel must stop the
// worker, not only the page's bar.
function countWorkerPacks() {
  window.__workerPacks = [];
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('message',
        (e) => { if (e.data?.task === 'unitPacks') window.__workerPacks.push(e.data.loaded); });
    }
  };
}

test(
  'packs: one .zip built in the worker with progress and a Cancel that stops it; its entries are ' +
  'the command line\'s unit-packs', async () => {
  const session = await open(single, { init: countWorkerPacks });
  const { page } = session;
  await page.click('#sample-button');
  await page.waitForSelector('#results:not([hidden])', { timeout: 60000 });
  await idle(page);
  await view(page, 'canh-bao');
  const w = cliJson(['--format', 'json']).early_warning;
  await warningShown(page, w.as_of);
  await page.waitForSelector('[data-table="packs"][data-busy="false"]');
  const listed = Number((await page.textContent('#packs-count')).replace(/\D/g, ''));
  assert.ok(listed > 5, `${listed} units get a pack`);
  // Every status the panel shows, and every download.
  await page.evaluate(() => {
    window.__packProgress = [];
    const status = document.querySelector('#packs-panel [data-packs-status]');
    new MutationObserver(() => window.__packProgress.push(status.textContent))
      .observe(status, { childList: true, characterData: true, subtree: true });
  });
  const downloads = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));

  // Cancelled once the first unit is done: the worker stops before the last unit, nothing is
  // downloaded, and the panel is ready again.
  await page.evaluate(() => {
    const box = document.getElementById('packs-panel');
    const status = box.querySelector('[data-packs-status]');
    const watch = new MutationObserver(() => {
      if (!/^Đang tạo gói: \d/.test(status.textContent)) return;
      watch.disconnect();
      box.querySelector('[data-packs-cancel]').click();
    });
    watch.observe(status, { childList: true, characterData: true, subtree: true });
  });
  await page.click('#packs-panel [data-packs-download]');
  await page.waitForFunction(() => /^Đã hủy/.test(
    document.querySelector('#packs-panel [data-packs-status]').textContent), null,
    { timeout: 60000 });
  await idle(page);
  const stopped = await page.evaluate(() => window.__packProgress.splice(0));
  const done = stopped.map((t) => /^Đang tạo gói: (\d+) \/ (\d+)/.exec(t)).filter(Boolean)
    .map((m) => [Number(m[1]), Number(m[2])]);
  assert.ok(done.length > 0, stopped.join(' | '));
  assert.ok(done.every(([, total]) => total === listed));
  assert.ok(Math.max(...done.map(([n]) => n)) < listed,
    `stopped before the last unit: ${stopped.join(' | ')}`);
  const worked = await page.evaluate(() => window.__workerPacks.splice(0));
  assert.ok(worked.length > 0 && Math.max(...worked) < listed,
    `the worker stopped at ${Math.max(...worked)} of ${listed}`);
  assert.deepEqual(downloads, [], 'nothing downloaded');
  assert.ok(await page.isHidden('#packs-panel progress'));
  assert.ok(await page.isHidden('#packs-panel [data-packs-cancel]'));
  assert.ok(await page.isEnabled('#packs-panel [data-packs-download]'));

  // Then built to the end.
  const { path, suggested } = await download(page,
    () => page.click('#packs-panel [data-packs-download]'));
  assert.equal(suggested, `goi-don-vi-2024-05-ngay-${w.as_of}.zip`);
  const entries = readZip(readFileSync(path));
  const names = entries.map((e) => e.name).sort();
  // Each unit listed: its letter and its list; and the index.
  assert.equal(names.length, 2 * listed + 1, names.join('\n'));
  assert.ok(names.includes('danh-sach-don-vi.csv'));
  assert.equal(names.filter((n) => n.endsWith('.docx')).length, listed);
  assert.equal(names.filter((n) => n.endsWith('.xlsx')).length, listed);
  // The same files as the command line writes for the same day.
  const dir = resolve(out, 'goi-cli');
  rmSync(dir, { recursive: true, force: true });
  execFileSync(cli, ['report', '--province', PROVINCE, '--as-of', w.as_of, '--format', 'unit-packs',
    '--out', dir, ...sampleFiles]);
  assert.deepEqual(names, readdirSync(dir).sort());
  assert.equal(entries.find((e) => e.name === 'danh-sach-don-vi.csv').data.toString('utf8'),
    readFileSync(resolve(dir, 'danh-sach-don-vi.csv'), 'utf8'));
  // Progress unit by unit up to every unit, then what was made.
  await page.waitForFunction(() => /^Đã tạo/.test(
    document.querySelector('#packs-panel [data-packs-status]').textContent));
  const progress = await page.evaluate(() => window.__packProgress);
  assert.ok(progress.includes(`Đang tạo gói: ${thousands(listed)} / ${thousands(listed)} đơn vị`),
    progress.join(' | '));
  assert.match(await page.textContent('#packs-panel [data-packs-status]'),
    new RegExp(`^Đã tạo ${suggested.replace(/\./g, '\\.')}: ${listed} đơn vị`));
  assert.ok(await page.isHidden('#packs-panel progress'));
  // The file reading's progress bar was never taken by the packs' messages.
  assert.ok(await page.isHidden('#progress-row'));
  assert.deepEqual(downloads, [suggested]);
  assert.equal(Math.max(...await page.evaluate(() => window.__workerPacks)), listed);
  await close(session);
});

test(
  'replies: a unit\'s list from the page\'s .zip, filled in, and another unit\'s CSV dropped ' +
  'with the month\'s files: reasons beside the overdue dossiers, in the notice and its .xlsx; ' +
  'who replied, who has not, unknown ids', async () => {
  const session = await open();
  const { page } = session;
  await page.setInputFiles('#file-input', fixture);
  await page.waitForSelector('#results:not([hidden])', { timeout: 60000 });
  await idle(page);
  // The month's packs, as the clerk sends them from the page.
  await view(page, 'canh-bao');
  await warningShown(page, fixtureAsOf);
  const zip = readZip(readFileSync(
    (await download(page, () => page.click('#packs-panel [data-packs-download]'),
      'goi-thang-05.zip')).path));
  const index = parseCsv(zip.find((e) => e.name === 'danh-sach-don-vi.csv').data.toString('utf8'));
  const pack = index.slice(1).find((r) => r.includes('UBND huyện Đồng Phú'));
  assert.ok(pack, index.map((r) => r.join(',')).join('\n'));
  const listFile = pack.find((c) => c.endsWith('.xlsx'));
  // The unit explains each of its overdue dossiers (not those only due soon), gives one remedy,
  // and names an id no file has.
  const before = JSON.parse(execFileSync(cli,
    ['report', '--month', '2024-05', '--format', 'json', fixture], { encoding: 'utf8' }));
  const overdueIds = new Set(before.overdue_dossiers.filter(
    (d) => d.unit_name === 'UBND huyện Đồng Phú').map((d) => d.id));
  assert.ok(overdueIds.size >= 2);
  let n = 0;
  const { xlsx, filled } = fillReplyList(zip.find((e) => e.name === listFile).data, (id) => {
    if (!overdueIds.has(id)) return null;
    n += 1;
    return [`Lý do số ${n}: chờ ý kiến cơ quan phối hợp`,
      n === 1 ? 'Đã đôn đốc, trả kết quả trong tuần' : null];
  }, [['HS-KHONG-CO-9999', 'Hồ sơ không có', '']]);
  assert.deepEqual(new Set(filled), overdueIds);
  const replyName = listFile.replace(/\.xlsx$/, '-da-dien.xlsx');
  const reply = resolve(out, replyName);
  writeFileSync(reply, xlsx);
  // Another unit answers with a CSV of its own: the id column and the two the list has.
  const csvName = 'giai-trinh-so-tu-phap.csv';
  const csvReply = resolve(out, csvName);
  const soTuPhap = before.overdue_dossiers.find((d) => d.unit_name === 'Sở Tư pháp');
  writeFileSync(csvReply,
    `Mã hồ sơ,Lý do quá hạn,Biện pháp khắc phục\n${soTuPhap.id},"Chờ xác minh, liên ngành",Trả ` +
    `kết quả trước 10/6\n`);
  const files = [fixture, reply, csvReply];
  const json = JSON.parse(execFileSync(cli,
    ['report', '--month', '2024-05', '--format', 'json', ...files], { encoding: 'utf8' }));
  const e = json.explanations;
  assert.equal(e.units_replied, 2);
  assert.equal(e.dossiers_explained, filled.length + 1);
  assert.deepEqual(e.unmatched_ids, ['HS-KHONG-CO-9999']);
  assert.ok(e.units_pending.length >= 1);

  // Dropped on the same page, after the month's files.
  await view(page, 'du-lieu');
  await page.setInputFiles('#file-input', [reply, csvReply]);
  await page.waitForSelector('#replies-data:not([hidden])', { timeout: 60000 });
  await idle(page);
  // Read as replies; the summary with the files; the unknown id in the problems.
  for (const name of [replyName, csvName])
    assert.match(await page.textContent(`[data-input="${name}"]`), /giải trình/i, name);
  const summary = async (box) => {
    assert.equal(await page.textContent(`${box} [data-replies="replied"]`),
      `${count(2)} đơn vị đã gửi giải trình (2 tệp): ${e.units_replied_names.join('; ')}.`);
    assert.equal(await page.textContent(`${box} [data-replies="pending"]`),
      `${count(e.units_pending.length)} đơn vị có hồ sơ quá hạn chưa gửi giải trình (hạn ` +
      `${vi(e.deadline)}): ${e.units_pending.join('; ')}.`);
    assert.match(await page.textContent(`${box} [data-replies="explained"]`),
      new RegExp(`^${e.dossiers_explained} hồ sơ quá hạn đã có lý do`));
    assert.equal(await page.textContent(`${box} [data-replies="unmatched"]`),
      '1 mã hồ sơ trong tệp giải trình không có trong dữ liệu đã nạp, không ghép ' +
      'được: HS-KHONG-CO-9999.');
  };
  await summary('#replies-data');
  await page.waitForSelector('[data-table="problems"][data-busy="false"]');
  const problems = await page.textContent('#problems-table');
  assert.ok(e.problems.length > 0);
  for (const p of e.problems)
    assert.ok(problems.includes(p.message), `${p.message} in the problems`);
  // The overdue table with the units' words, and the same summary beside it.
  await view(page, 'don-vi');
  await page.waitForSelector('#replies:not([hidden])');
  await summary('#replies');
  await page.waitForSelector('[data-table="overdue"][data-busy="false"]');
  await page.waitForSelector('#overdue-table th >> text=Lý do quá hạn');
  assert.ok(await page.isVisible('#overdue-table th >> text=Biện pháp khắc phục'));
  const reasons = json.overdue_dossiers.filter((d) => d.reason);
  assert.equal(reasons.length, e.dossiers_explained);
  const rows = await page.locator('#overdue-table tbody tr').allTextContents();
  assert.equal(rows.length, json.overdue_dossiers.length);
  for (const d of reasons)
    assert.ok(rows.some((t) => t.includes(d.id) && t.includes(d.reason) &&
      (!d.remedy || t.includes(d.remedy))), `${d.id}: ${d.reason}`);
  // Searched by a unit's words.
  await page.fill('#overdue-search', 'chờ ý kiến');
  await page.waitForFunction((k) => document.getElementById('overdue-count').textContent.startsWith(
    `${k} /`), filled.length);
  // The notice says who has not replied, as the command line's; its .xlsx appendix has the words.
  await view(page, 'thong-bao');
  assert.equal(await page.textContent('#notice-text'),
    execFileSync(cli, ['report', '--month', '2024-05', '--format', 'text', ...files],
      { encoding: 'utf8' }));
  const appendix = readZip(readFileSync(
    (await download(page, () => page.click('#export-xlsx'), 'phu-luc-giai-trinh.xlsx')).path));
  const strings = appendix.find((x) => x.name === 'xl/sharedStrings.xml')?.data.toString('utf8') ??
    '';
  const sheets = appendix.filter((x) => x.name.startsWith('xl/worksheets/'))
    .map((x) => x.data.toString('utf8')).join('');
  for (const d of reasons)
    assert.ok(strings.includes(d.reason) || sheets.includes(d.reason),
      `${d.reason} in the .xlsx appendix`);
  assert.ok(strings.includes('Lý do quá hạn') || sheets.includes('Lý do quá hạn'));
  await close(session);
});

// The setup a share link carries.
function decodeSetup(url) {
  const body = decodeURIComponent(new URL(url).hash).replace(/^#thiet-lap=/, '');
  const bytes = Buffer.from(body.slice(1).replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return JSON.parse((body[0] === 'z' ? inflateRawSync(bytes) : bytes).toString('utf8'));
}

// The district of tests/fixtures/huyen: its settings as thiet-lap-huyen.json has them, typed into
// the page's form.
const huyen = resolve(root, 'tests/fixtures/huyen');
const huyenFile = resolve(huyen, 'ho-so-thang-05-2024.csv');
const huyenSettings = resolve(huyen, 'thiet-lap-huyen.json');

async function typeSettings(page, settings) {
  await page.click('#notice-settings summary');
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'scope') await page.selectOption('[data-setting="scope"]', value);
    else {
      await page.fill(`[data-setting="${key}"]`, value);
      await page.dispatchEvent(`[data-setting="${key}"]`, 'change');
    }
    await idle(page);
  }
}

test(
  'a district (tests/fixtures/huyen): its notice, blocks, early warning and letters are the ' +
  'district\'s, as the command line\'s; the share link carries the settings with ' +
  'N and the holidays', async () => {
  const settings = JSON.parse(readFileSync(huyenSettings, 'utf8'));
  const expected = readFileSync(resolve(huyen, 'thong-bao-huyen-thang-05-2024.txt'), 'utf8');
  assert.equal(execFileSync(cli, ['report', '--month', '2024-05', '--format', 'text', '--settings',
    huyenSettings, huyenFile], { encoding: 'utf8' }), expected);
  const session = await open();
  const { page } = session;
  await page.setInputFiles('#file-input', huyenFile);
  await page.waitForSelector('#results:not([hidden])', { timeout: 60000 });
  await idle(page);
  await view(page, 'thong-bao');
  // Before the settings: the province's wording.
  assert.doesNotMatch(await page.textContent('#notice-text'), /UBND HUYỆN/);
  await typeSettings(page, settings);
  await page.waitForFunction(() => /UBND HUYỆN ĐỒNG PHÚ/.test(
    document.getElementById('notice-text').textContent));
  assert.equal(await page.textContent('#notice-text'), expected);
  assert.match(await page.textContent('#notice-preview'), /VĂN PHÒNG HĐND VÀ UBND/);
  // The offices named without a level are the district's.
  const cliHuyen = (args) => JSON.parse(
    execFileSync(cli, ['report', '--month', '2024-05', '--format', 'json', '--settings',
      huyenSettings, ...args, huyenFile], { encoding: 'utf8' }));
  const r = cliHuyen([]);
  await view(page, 'don-vi');
  await page.waitForSelector('[data-table="units"][data-busy="false"]');
  const units = await page.locator('#units-table tbody tr').allTextContents();
  for (const u of r.units)
    assert.ok(units.some((t) => t.includes(u.name) && t.includes(blockLabel(u.block))),
      `${u.name}: ${blockLabel(u.block)}`);
  assert.equal(r.units.find((u) => u.name === 'Phòng Tư pháp').block, 'huyen');
  // The early warning on a day with a dossier due today and one due soon: the district's blocks.
  await view(page, 'canh-bao');
  await page.fill('#as-of', '2024-05-24');
  const w = cliHuyen(['--as-of', '2024-05-24']).early_warning;
  assert.ok(w.due_soon >= 1 && w.units.some((u) => u.block === 'huyen'), JSON.stringify(w.units));
  await assertWarningEquals(page, w, 'huyen');
  const warned = await page.locator('#warning-units tbody tr').allTextContents();
  for (const u of w.units)
    assert.ok(warned.some((t) => t.includes(u.name) && t.includes(blockLabel(u.block))), u.name);
  // The letters from the district's office, the files the command line writes.
  const zip = readZip(readFileSync(
    (await download(page, () => page.click('#packs-panel [data-packs-download]'),
      'goi-huyen.zip')).path));
  const dir = resolve(out, 'goi-huyen-cli');
  rmSync(dir, { recursive: true, force: true });
  execFileSync(cli, ['report', '--month', '2024-05', '--as-of', '2024-05-24', '--settings',
    huyenSettings, '--format', 'unit-packs', '--out', dir, huyenFile]);
  assert.deepEqual(zip.map((x) => x.name).sort(), readdirSync(dir).sort());
  const letters = zip.filter((x) => x.name.endsWith('.docx'));
  assert.ok(letters.length >= 3);
  for (const letter of letters) {
    const text = readZip(letter.data)
      .find((x) => x.name === 'word/document.xml').data.toString('utf8').replace(/<[^>]+>/g, '');
    assert.match(text, /UBND HUYỆN ĐỒNG PHÚ/, letter.name);
    assert.match(text, /Văn phòng HĐND và UBND huyện/, letter.name);
    assert.doesNotMatch(text, /UBND TỈNH|toàn tỉnh/i, letter.name);
  }

  // N and the holidays changed in "Cách tính": one day removed, one added.
  await view(page, 'cach-tinh');
  await page.fill('#profile-due-soon', '4');
  await page.click('#holidays-details summary');
  await page.click('[data-holiday="2024-04-30"] button');
  await page.fill('#holiday-add', '2024-05-15');
  await page.click('#holiday-add-button');
  assert.ok(await page.isVisible('[data-holiday="2024-05-15"]'));
  await page.click('#profile-apply');
  await idle(page);
  await view(page, 'canh-bao');
  await warningShown(page, '2024-05-24');
  assert.equal(await page.inputValue('#warning-days'), '4');
  await page.click('#share-link');
  await page.waitForFunction(() => document.getElementById('share-url').value.includes(
    '#thiet-lap='));
  const url = await page.inputValue('#share-url');
  const setup = decodeSetup(url);
  assert.deepEqual(setup.settings, settings);
  assert.equal(setup.profile.thresholds.due_soon_working_days, 4);
  assert.ok(setup.profile.holidays.includes('2024-05-15') &&
    !setup.profile.holidays.includes('2024-04-30'));
  assert.equal(setup.profile.full, undefined, 'the changes, not the whole profile');
  assert.equal(setup.view, 'canh-bao');
  // No dossier id or personal value in the link.
  const raw = JSON.stringify(setup);
  for (const id of ['TP1', 'TP3', 'TT2']) assert.ok(!raw.includes(`"${id}"`), id);
  await close(session);

  // Opened elsewhere: the same settings and profile, and the same notice from the same file.
  const other = await open(url);
  const p = other.page;
  await p.waitForSelector('#link-message:not([hidden])');
  for (const [key, value] of Object.entries(settings))
    assert.equal(await p.inputValue(`[data-setting="${key}"]`), value, key);
  await p.setInputFiles('#file-input', huyenFile);
  await p.waitForSelector('section[data-view="canh-bao"]:not([hidden])', { timeout: 60000 });
  await idle(p);
  // Day D is the user's of the moment, not part of the setup: the file's default again.
  await warningShown(p, r.early_warning.as_of);
  assert.equal(await p.inputValue('#warning-days'), '4');
  await view(p, 'cach-tinh');
  assert.equal(await p.inputValue('#profile-due-soon'), '4');
  assert.equal(await p.locator('[data-holiday="2024-05-15"]').count(), 1);
  assert.equal(await p.locator('[data-holiday="2024-04-30"]').count(), 0);
  await view(p, 'thong-bao');
  assert.equal(await p.textContent('#notice-text'), expected);
  await close(other);
});

// Presses Tab until `selector` has the focus.
async function tabTo(page, selector, most = 400) {
  for (let i = 0; i < most; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { id: a.id, outline: getComputedStyle(a).outlineStyle };
});

test(
  'keyboard alone: the early warning\'s day, N, a unit\'s dossiers, the packs from both views, ' +
  'the holidays and the district setting', async () => {
  const session = await open(single, { locale: 'en-US' });
  const { page } = session;
  await page.setInputFiles('#file-input', fixture);
  await page.waitForSelector('#results:not([hidden])', { timeout: 60000 });
  await idle(page);
  await tabTo(page, '[data-view-link="canh-bao"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('section[data-view="canh-bao"]:not([hidden])');
  assert.equal((await focused(page)).id, 'h-canh-bao');
  await warningShown(page, fixtureAsOf);
  // The day typed into the date field (month, day, year in this locale).
  await tabTo(page, '#as-of');
  assert.notEqual((await focused(page)).outline, 'none', 'the focus is visible');
  await page.keyboard.type('05202024');
  await warningShown(page, '2024-05-20');
  // N one more with the arrow key, committed by leaving the field.
  await tabTo(page, '#warning-days');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => /4 ngày làm việc/.test(
    document.getElementById('warning-cards').textContent), null, { timeout: 60000 });
  await warningShown(page, '2024-05-20');
  // A unit chosen with Enter: its dossiers, and the keyboard on their heading.
  await tabTo(page, '#warning-units tbody button.link');
  const unit = await page.evaluate(() => document.activeElement.textContent);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.getElementById(
    'warning-dossiers-title').textContent.includes(n), unit);
  assert.equal((await focused(page)).id, 'warning-dossiers-title');
  // The packs from the warning's view.
  await tabTo(page, '#packs-panel [data-packs-download]');
  assert.notEqual((await focused(page)).outline, 'none');
  const fromWarning = await download(page, () => page.keyboard.press('Enter'),
    'clavier-canh-bao.zip');
  assert.equal(fromWarning.suggested, 'goi-don-vi-2024-05-ngay-2024-05-20.zip');
  // And from the notice's view (the warning's day D goes with them).
  await tabTo(page, '[data-view-link="thong-bao"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('section[data-view="thong-bao"]:not([hidden])');
  await tabTo(page, 'section[data-view="thong-bao"] [data-packs-download]');
  const fromNotice = await download(page, () => page.keyboard.press('Enter'),
    'clavier-thong-bao.zip');
  assert.deepEqual(readZip(readFileSync(fromNotice.path)).map((e) => e.name),
    readZip(readFileSync(fromWarning.path)).map((e) => e.name));
  // The district setting: the disclosure opened and the level chosen with the keyboard.
  await tabTo(page, '#notice-settings summary');
  await page.keyboard.press('Enter');
  await tabTo(page, '[data-setting="scope"]');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => /VĂN PHÒNG HĐND VÀ UBND/.test(
    document.getElementById('notice-text').textContent), null, { timeout: 60000 });
  // A holiday removed and one added in "Cách tính", then applied.
  await tabTo(page, '[data-view-link="cach-tinh"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('section[data-view="cach-tinh"]:not([hidden])');
  await tabTo(page, '#holidays-details summary');
  await page.keyboard.press('Enter');
  await tabTo(page, '[data-holiday="2024-05-01"] button');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('[data-holiday="2024-05-01"]').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.holiday),
    '2024-08-31', 'the keyboard stays in the list');
  await tabTo(page, '#holiday-add');
  await page.keyboard.type('05212024');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('[data-holiday="2024-05-21"]').count(), 1);
  assert.equal((await focused(page)).id, 'holiday-add');
  await tabTo(page, '#profile-apply');
  await page.keyboard.press('Enter');
  await idle(page);
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('chiso766.profile.v1')));
  assert.ok(stored.holidays.includes('2024-05-21') && !stored.holidays.includes('2024-05-01'));
  assert.equal(stored.thresholds.due_soon_working_days, 4);
  await close(session);
});

// axe-core's serious and critical WCAG 2 A/AA violations on what is on screen.
async function axeProblems(page) {
  await page.evaluate(() => { for (
    const d of document.querySelectorAll('section[data-view]:not([hidden]) details')) d.open = true;
    });
  const result = await page.evaluate(
    () => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'] }));
  return result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map(
      (x) =>
      `${x.id} (${x.impact}): ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test(
  'axe-core and a phone: the early warning (a unit chosen, packs made) and the replies\' ' +
  'summaries have no serious or critical violation, and nothing scrolls sideways at 390 px',
  async () => {
  const axe = readFileSync(resolve(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const csvReply = resolve(out, 'giai-trinh-axe.csv');
  const before = JSON.parse(execFileSync(cli,
    ['report', '--month', '2024-05', '--format', 'json', fixture], { encoding: 'utf8' }));
  writeFileSync(csvReply,
    `Mã hồ sơ,Lý do quá hạn,Biện pháp khắc phục\n${before.overdue_dossiers[0].id},Chờ xác ` +
    `minh,Trả kết quả trong tuần\nHS-KHONG-CO-1,Không có,\n`);
  const found = {};
  for (const [width, height] of [[1366, 900], [390, 844]]) {
    // The page's policy forbids injected script: bypassed for this check only.
    const phone = width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {};
    const session = await open(single, { viewport: { width, height }, bypassCSP: true, ...phone });
    const { page } = session;
    await page.setInputFiles('#file-input', [fixture, csvReply]);
    await page.waitForSelector('#results:not([hidden])', { timeout: 60000 });
    await idle(page);
    await page.addScriptTag({ content: axe });
    // At a PC's width the navigation shows every view, the new one among them, without scrolling.
    if (width > 1000)
      assert.ok(await page.evaluate(
        () => { const n = document.getElementById('views'); return n.scrollWidth <= n.clientWidth;
        }), 'the navigation fits');
    await view(page, 'canh-bao');
    await warningShown(page, fixtureAsOf);
    await page.click('#warning-units tbody button.link >> nth=0');
    await page.waitForSelector('[data-table="warning-dossiers"][data-busy="false"]');
    await download(page, () => page.click('#packs-panel [data-packs-download]'),
      `axe-${width}.zip`);
    await page.waitForFunction(() => /^Đã tạo/.test(
      document.querySelector('#packs-panel [data-packs-status]').textContent));
    found[`canh-bao-${width}`] = await axeProblems(page);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= width, `canh-bao is ${wide} px wide at ${width}`);
    for (const id of ['don-vi', 'du-lieu']) {
      await view(page, id);
      await idle(page);
      assert.ok(await page.isVisible(id === 'don-vi' ? '#replies' : '#replies-data'));
      found[`${id}-${width}`] = await axeProblems(page);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= width,
        `${id} at ${width}`);
    }
    await close(session);
  }
  assert.deepEqual(found, Object.fromEntries(Object.keys(found).map((k) => [k, []])));
});
