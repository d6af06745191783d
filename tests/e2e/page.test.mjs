// End to end in Chromium: the single .html from file:// and the hosted build from localhost.
// A clerk's session: load a fixture through the file input, read the figures, click a unit, see
// its overdue dossiers (masked). Every request and CSP violation is recorded: the page must make
// no network request at all, and log no error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { decimal, view, launch } from './support.mjs';

const root = resolve(import.meta.dirname, '../..');
const fixture = resolve(root, 'tests/fixtures/thang-05-2024.csv');
const cli = resolve(root, 'target/release/chiso766');
const shots = resolve(root, 'test-results');
mkdirSync(shots, { recursive: true });

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser?.close());

// Opens a page that records requests, CSP violations and console errors; `init` runs in the page
// before its own scripts, `prepare(context)` before the page opens.
async function openPage(url, init = null, prepare = null) {
  // Service workers blocked: these tests are about one page load each (workspace.test.mjs tests
  // the hosted build's offline copy).
  const context = await browser.newContext({ acceptDownloads: true, serviceWorkers: 'block' });
  await prepare?.(context);
  const page = await context.newPage();
  const seen = { requests: [], errors: [], violations: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') seen.errors.push(m.text()); });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation',
      (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  if (init) await page.addInitScript(init);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { page, context, seen };
}

async function finish({ page, context, seen }, allowed) {
  seen.violations = await page.evaluate(() => window.__violations);
  await context.close();
  const network = seen.requests.filter((u) => !allowed(u));
  assert.deepEqual(network, [], 'no network request');
  assert.deepEqual(seen.violations, [], 'no CSP violation');
  assert.deepEqual(seen.errors, [], 'no console error');
}

function cliReport(format, month = '2024-05') {
  return execFileSync(cli, ['report', '--month', month, '--format', format, fixture],
    { encoding: 'utf8' });
}

test('single file from file://: figures equal the command line, overdue list masked, no request',
  async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', fixture);
  await page.waitForSelector('#results:not([hidden])');

  const expectedText = cliReport('text');
  assert.equal(await page.textContent('#notice-text'), expectedText);
  const json = JSON.parse(cliReport('json'));
  assert.equal(await page.textContent('[data-figure="online_on_time_rate"]'), '80%');
  assert.equal(await page.textContent('[data-figure="digitization_rate"]'), '45,45%');
  assert.equal(await page.textContent('[data-figure="online_payment_rate"]'), '50%');
  assert.equal(await page.textContent('[data-figure="overdue_total"]'),
    String(json.province.overdue));
  assert.equal(await page.textContent('[data-figure="on_time_rate"]'), '54,55%');
  assert.equal(await page.textContent('[data-figure="handled"]'), String(json.province.handled));

  // The unit table lists every unit of the report; the bad row is reported with its line.
  assert.equal(await page.locator('#units-table tbody tr').count(), json.units.length);
  assert.match(await page.textContent('#inputs'), /15 hồ sơ/);

  // Click the unit with most overdue dossiers: its list appears, personal columns masked.
  await view(page, 'don-vi');
  await page.click('#units-table tbody tr[data-unit] >> text=UBND huyện Đồng Phú');
  await page.waitForSelector('#overdue-panel:not([hidden])');
  await page.waitForFunction(() => document.getElementById('overdue-title').textContent.includes(
    'UBND huyện Đồng Phú'));
  await page.waitForSelector('[data-table="overdue"][data-busy="false"]');
  const rows = page.locator('#overdue-table tbody tr');
  assert.equal(await rows.count(), 3);
  const personal = await page.locator('#overdue-table td.personal').allTextContents();
  assert.ok(personal.length > 0 && personal.every((v) => v.includes('*')), `masked: ${personal}`);
  assert.ok(!(await page.content()).includes('Đặng Văn Hải'), 'the owner name is not on the page');

  // A chart was drawn (plotters SVG as an image) with its data table.
  const src = await page.getAttribute('#chart-img', 'src');
  assert.ok(src.startsWith('data:image/svg+xml'), 'chart image');
  assert.ok(decodeURIComponent(src).includes('UBND huyện Đồng Phú'));
  assert.ok((await page.locator('#chart-table tbody tr').count()) >= 1);

  // Skipped and unreadable rows are counted next to the figures.
  assert.match(await page.textContent('#partial-note'), /(^|\s)1 dòng bị bỏ qua/);
  assert.match(await page.textContent('#partial-note'), /1 hồ sơ không tính vào tiến độ/);

  // The status says how long reading the file took, apart from computing and drawing.
  await page.waitForFunction(() => /Đã phân tích/.test(
    document.getElementById('status').textContent));
  assert.match(await page.textContent('#status'),
    /^Đã phân tích 15 hồ sơ \(đọc tệp \d+(,\d+)? s, tính và vẽ \d+ ms\)\.$/);

  await page.screenshot({ path: resolve(shots, 'single-file.png'), fullPage: true });

  // Another month: recomputed from the loaded file, still equal to the command line; nothing read.
  await view(page, 'du-lieu');
  await page.fill('#month', '2024-04');
  await page.waitForFunction(() => document.getElementById('period-label').textContent.includes(
    '4/2024'));
  assert.equal(await page.textContent('#notice-text'), cliReport('text', '2024-04'));
  await page.waitForFunction(() => !/đọc tệp/.test(document.getElementById('status').textContent));
  assert.match(await page.textContent('#status'),
    /^Đã phân tích 15 hồ sơ \(tính và vẽ \d+ ms\)\.$/);
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test(
  'hosted build on localhost: built-in sample data gives a full analysis, only own files requested',
  async () => {
  const server = await new Promise((ok) => serve((s) => ok(s)));
  const port = server.address().port;
  const origin = `http://127.0.0.1:${port}`;
  try {
    const session = await openPage(`${origin}/`);
    const { page } = session;
    await page.click('#sample-button');
    await page.waitForSelector('#results:not([hidden])');
    assert.match(await page.textContent('#notice-text'), /Tỉnh đạt tỷ lệ \d/);
    assert.ok(Number((await page.textContent('#units-count')).replace(/\D/g, '')) > 50,
      'sample has many units');
    // The sample brings every input: the national rank of its province, and a complete total.
    await page.waitForSelector('[data-national="rank"]', { state: 'attached' });
    assert.match(await page.textContent('[data-national="rank"]'), /^\d+\/63$/);
    assert.match(await page.textContent('#scores-table [data-score="total"]'), /\/100$/);
    await page.screenshot({ path: resolve(shots, 'hosted-sample.png'), fullPage: false });
    await finish(session, (u) => u.startsWith(origin + '/') || u.startsWith('data:') ||
      u.startsWith('blob:'));
  } finally {
    server.close();
  }
});

test('a file that is not a dossier export gets a clear message and the page keeps working',
  async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', resolve(root, 'tests/fixtures/khong-phai-ho-so.csv'));
  await page.waitForSelector('#status.error');
  const status = await page.textContent('#status');
  assert.match(status, /thiếu cột Ngày hẹn trả/);
  assert.match(status, /not a dossier export/);
  await page.setInputFiles('#file-input', fixture);
  // The first file's column question stays open on the data view, the results behind it.
  await page.waitForSelector('#results:not([hidden])', { state: 'attached' });
  assert.equal(await page.textContent('[data-figure="online_on_time_rate"]'), '80%');
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test('a renamed column fixed on the mapping screen gives the same figures, and is remembered',
  async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const tmp = resolve(shots, 'inputs');
  mkdirSync(tmp, { recursive: true });
  // Rename "Đơn vị" so the reader cannot find the unit column by itself.
  const text = readFileSync(fixture, 'utf8').replace('Đơn vị', 'Nơi xử lý');
  const renamed = resolve(tmp, 'noi-xu-ly.csv');
  writeFileSync(renamed, text);
  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', renamed);
  await page.waitForSelector('#mapping-editor');
  await page.selectOption('select[data-field="unit"]', 'Nơi xử lý');
  await page.click('#mapping-apply');
  await page.waitForSelector('#results:not([hidden])');
  assert.equal(await page.textContent('#notice-text'), cliReport('text'));

  // The confirmed mapping is remembered: the same header next time needs no correction.
  await view(page, 'du-lieu');
  await page.click('#reset-button');
  await page.waitForSelector('#results', { state: 'hidden' });
  await page.setInputFiles('#file-input', renamed);
  await page.waitForSelector('#results:not([hidden])');
  assert.equal(await page.textContent('#notice-text'), cliReport('text'));
  assert.equal(await page.isVisible('#mapping-editor'), false);
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test('windows-1258 with ";" reads to the same figures as UTF-8', async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const tmp = resolve(shots, 'inputs');
  mkdirSync(tmp, { recursive: true });
  const cp1258 = resolve(tmp, 'thang-05-2024-cp1258.csv');
  execFileSync(cli, ['transcode', '--encoding', 'windows-1258', '--out', cp1258, fixture]);
  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', cp1258);
  await page.waitForSelector('#results:not([hidden])');
  assert.match(await page.textContent('#inputs'), /bảng mã windows-1258/);
  assert.equal(await page.textContent('#notice-text'), cliReport('text'));
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test('a title-rowed .xlsx with a two-row header gives the same figures as its CSV', async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const tmp = resolve(shots, 'inputs');
  mkdirSync(tmp, { recursive: true });
  const xlsx = resolve(tmp, 'mau.xlsx');
  const csvFile = resolve(tmp, 'mau.csv');
  execFileSync(cli, ['generate', '--rows', '2000', '--xlsx', '--out', xlsx]);
  execFileSync(cli, ['generate', '--rows', '2000', '--out', csvFile]);
  const expected = execFileSync(cli, ['report', '--month', '2024-05', '--format', 'text', csvFile],
    { encoding: 'utf8' });
  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', xlsx);
  await page.waitForSelector('#results:not([hidden])');
  assert.match(await page.textContent('#inputs'), /Excel, trang tính «Hồ sơ», dòng tiêu đề 3/);
  assert.equal(await page.textContent('#notice-text'), expected);
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test('Cancel stops reading a large file, drops it, and the page keeps working', async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const big = resolve(shots, 'inputs', 'lon.csv');
  mkdirSync(resolve(shots, 'inputs'), { recursive: true });
  execFileSync(cli, ['generate', '--rows', '600000', '--out', big]);
  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', big);
  await page.waitForSelector('#progress-row:not([hidden])');
  await page.waitForFunction(() => document.getElementById('progress').value > 0);
  await page.click('#cancel-button');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith(
    'Đã hủy'));
  assert.equal(await page.isVisible('#results'), false);
  await page.setInputFiles('#file-input', fixture);
  await page.waitForSelector('#results:not([hidden])');
  assert.equal(await page.textContent('#notice-text'), cliReport('text'));
  // The large file again, read to the end by the two workers (the second started afresh after
  // the cancel): the same notice as the command line's.
  await view(page, 'du-lieu');
  await page.click('#reset-button');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith(
    'Chưa nạp'));
  await page.setInputFiles('#file-input', big);
  // Polled on a timer, as the benchmark does: a poll on animation frames begun while the two
  // workers read was seen never to run again once the overview took over (the status had been
  // set within two seconds).
  await page.waitForFunction(() => /Đã phân tích/.test(
    document.getElementById('status').textContent), null, { timeout: 120_000, polling: 250 });
  const expected = execFileSync(cli, ['report', '--month', '2024-05', '--format', 'text', big],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(await page.textContent('#notice-text'), expected);
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test(
  'a browser without Uint8Array.fromBase64 (Chromium before 140) decodes the inlined wasm itself',
  async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const session = await openPage(url, () => {
    delete Uint8Array.fromBase64;
  });
  const { page } = session;
  assert.equal(await page.evaluate(() => typeof Uint8Array.fromBase64), 'undefined');
  await page.setInputFiles('#file-input', fixture);
  await page.waitForSelector('#results:not([hidden])');
  assert.equal(await page.textContent('[data-figure="online_on_time_rate"]'), '80%');
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test(
  'a browser whose File streams have no reader into a buffer of its own (BYOB) reads a large ' +
  'file in two workers to the same figures', async () => {
  const big = resolve(shots, 'inputs', 'hai-nua.csv');
  mkdirSync(resolve(shots, 'inputs'), { recursive: true });
  // Over 16 MB: read in two halves by two workers.
  execFileSync(cli, ['generate', '--rows', '60000', '--out', big]);
  const server = await new Promise((ok) => serve((s) => ok(s)));
  const origin = `http://127.0.0.1:${server.address().port}`;
  // Both workers' script, as a browser without byte streams for Files would run it.
  const refusals = [];
  const noByob = `{ const getReader = ReadableStream.prototype.getReader;
    ReadableStream.prototype.getReader = function (options) {
      if (options && options.mode === 'byob') {
        console.log('test: BYOB reader refused');
        throw new TypeError('no BYOB reader');
      }
      return getReader.call(this, options);
    }; }\n`;
  try {
    const session = await openPage(`${origin}/`, null, async (context) => {
      context.on('console', (m) => { if (m.text() === 'test: BYOB reader refused')
        refusals.push(m.text()); });
      await context.route(`${origin}/worker.js`, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: noByob + (await response.text()) });
      });
    });
    const { page } = session;
    await page.setInputFiles('#file-input', big);
    await page.waitForFunction(() => /Đã phân tích/.test(
      document.getElementById('status').textContent), null, { timeout: 120_000 });
    const expected = execFileSync(cli, ['report', '--month', '2024-05', '--format', 'text', big],
      { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(await page.textContent('#notice-text'), expected);
    // The first worker's reader and the second's were both refused, and both halves read.
    assert.ok(refusals.length >= 2, `BYOB refused ${refusals.length} time(s)`);
    await finish(session, (u) => u.startsWith(origin + '/') || u.startsWith('data:') ||
      u.startsWith('blob:'));
  } finally {
    server.close();
  }
});

test('an ambiguous unit column is asked on the mapping screen, and the choice changes the figures',
  async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const tmp = resolve(shots, 'inputs');
  mkdirSync(tmp, { recursive: true });
  // Two unit columns: the handling unit (as the fixture) and a receiving desk for all.
  const lines = readFileSync(fixture, 'utf8').split('\r\n');
  const twoUnits = lines.map((l, i) => (
    l ? l.replace(/^([^;]*);/, i === 0 ? '$1;Đơn vị tiếp nhận;'
      : '$1;Trung tâm Phục vụ hành chính công;') : l))
    .join('\r\n').replace('Đơn vị;', 'Đơn vị xử lý;');
  const file = resolve(tmp, 'hai-cot-don-vi.csv');
  writeFileSync(file, twoUnits);
  const mapping = resolve(tmp, 'tiep-nhan.json');
  writeFileSync(mapping, JSON.stringify(
    { kind: 'chiso766-mapping', fields: [['unit', 'Đơn vị tiếp nhận']] }));
  const byReceiver = execFileSync(cli,
    ['report', '--month', '2024-05', '--format', 'text', '--mapping', mapping, file],
    { encoding: 'utf8' });
  assert.notEqual(byReceiver, cliReport('text'));

  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', file);
  // The results are computed, and the data view stays with the question on screen.
  await page.waitForSelector('#results:not([hidden])', { state: 'attached' });
  assert.equal(await page.getAttribute('body', 'data-view'), 'du-lieu');
  // The handling unit was taken, and the question is on screen.
  assert.equal(await page.textContent('#notice-text'), cliReport('text'));
  await page.waitForSelector('#mapping-editor');
  assert.match(await page.textContent('#mapping-editor'), /có nhiều cột phù hợp/);
  await page.selectOption('select[data-field="unit"]', 'Đơn vị tiếp nhận');
  // The mapping exports as the file the command line takes.
  const [download] = await Promise.all(
    [page.waitForEvent('download'), page.click('text=Xuất tệp ánh xạ')]);
  const exported = resolve(tmp, 'xuat-anh-xa.json');
  await download.saveAs(exported);
  const saved = JSON.parse(readFileSync(exported, 'utf8'));
  assert.equal(saved.kind, 'chiso766-mapping');
  assert.deepEqual(saved.fields.find(([f]) => f === 'unit'), ['unit', 'Đơn vị tiếp nhận']);
  assert.equal(execFileSync(cli, ['report', '--month', '2024-05', '--format', 'text', '--mapping',
    exported, file], { encoding: 'utf8' }), byReceiver);
  await page.click('#mapping-apply');
  await page.waitForFunction((t) => document.getElementById('notice-text').textContent === t,
    byReceiver);
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test(
  'scores follow the profile: a target changed on the page re-scores, a bad ' +
  'profile file is refused', async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', fixture);
  await page.waitForSelector('#results:not([hidden])');
  const json = JSON.parse(cliReport('json'));
  const g4 = json.scores.computed.groups[3].indicators[2];
  assert.equal(await page.textContent('[data-score="4.3"]'),
    `${String(g4.points).replace('.', ',')}/6`);
  // A unit's what-if: Đồng Phú needs 1 more online payment for 50%.
  await view(page, 'don-vi');
  await page.click('#units-table tbody tr[data-unit] >> text=UBND huyện Đồng Phú');
  await page.waitForFunction(() => document.getElementById('what-if').textContent.includes('thêm'));
  assert.match(await page.textContent('#what-if'),
    /thêm 1 hồ sơ có phí được thanh toán trực tuyến để đạt 50%, được thêm 3 điểm/);

  await view(page, 'cach-tinh');
  await page.fill('#profile-table input[data-name="4.3"]', '50');
  await page.click('#profile-apply');
  await page.waitForFunction(() => document.querySelector(
    '[data-score="4.3"]').textContent === '6/6');

  const tmp = resolve(shots, 'inputs');
  mkdirSync(tmp, { recursive: true });
  const bad = resolve(tmp, 'profile-sai.json');
  const profile = JSON.parse(readFileSync(resolve(root, 'profiles/dvcqg-2025.json'), 'utf8'));
  profile.groups[3].indicators[2].target = 1.5;
  writeFileSync(bad, JSON.stringify(profile));
  await page.setInputFiles('#profile-import', bad);
  await page.waitForFunction(() => document.querySelector('#profile .error').textContent.includes(
    'target (4.3)'));
  assert.equal(await page.textContent('[data-score="4.3"]'), '6/6', 'the previous profile is kept');
  await page.screenshot({ path: resolve(shots, 'scores.png'), fullPage: true });
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test(
  'every input at once: the page shows the national rank and the same 766 scores ' +
  'as the command line', async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const dir = resolve(root, 'tests/fixtures/day-du');
  const names = ['ho-so-thang-05-2024.csv', 'danh-muc-tthc.csv', 'danh-muc-don-vi.csv', 'pakn.csv',
    'cong-bo-tthc.csv', 'bang-diem-thang-05-2024.csv', 'bang-diem-truoc.csv'];
  const files = names.map((n) => resolve(dir, n));
  const json = JSON.parse(execFileSync(cli,
    ['report', '--month', '2024-05', '--province', 'Bình Phước', ...files], { encoding: 'utf8' }));
  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', files);
  await page.waitForSelector('#results:not([hidden])');
  // Without a province named, the page asks for one.
  await page.waitForSelector('[data-national="missing"]', { state: 'attached' });
  assert.match(await page.textContent('#national'), /--province|tỉnh hoặc đơn vị/);
  await view(page, 'du-lieu');
  await page.fill('#province', 'Bình Phước');
  await page.dispatchEvent('#province', 'change');
  await page.waitForSelector('[data-national="rank"]', { state: 'attached' });
  assert.equal(await page.textContent('[data-national="rank"]'),
    `${json.national.rank}/${json.national.of}`);
  assert.equal(await page.textContent('[data-national="rank"]'), '3/5');
  assert.match(await page.textContent('[data-national="previous"]'),
    /hạng 5, 75,5 điểm — tăng 2 bậc, \+3,09 điểm/);
  // Every group and indicator as the command line computed it.
  const c = json.scores.computed;
  for (const g of c.groups) {
    assert.equal(await page.textContent(`#scores-table [data-score="${g.id}"]`),
      `${decimal(g.points)}/${decimal(g.max)}`, `group ${g.id}`);
    for (const i of g.indicators) {
      assert.equal(await page.textContent(`#scores-table [data-score="${i.id}"]`),
        `${decimal(i.points)}/${decimal(i.max)}`, `indicator ${i.id}`);
    }
  }
  assert.equal(await page.textContent('#scores-table [data-score="total"]'),
    `${decimal(c.total)}/100`);
  for (const g of json.national.groups) {
    const cells = await page.locator(`[data-national-group="${g.id}"] td`).allTextContents();
    assert.deepEqual(cells.slice(1),
      [decimal(g.points), decimal(g.computed),
        `${g.difference >= 0 ? '+' : ''}${decimal(g.difference)}`], `national group ${g.id}`);
  }
  // The files were recognised by content, whatever their names.
  const inputs = await page.textContent('#inputs');
  // In the words Rust gives each kind (src/report/labels.rs).
  for (const kind of ['danh mục thủ tục hành chính', 'danh mục đơn vị', 'PAKN',
    'bảng điểm chỉ số 766 của Cổng DVCQG', 'theo dõi công bố TTHC'])
      assert.ok(inputs.includes(kind), kind);
  // A unit's own indicator tree, and blocks.
  await view(page, 'don-vi');
  await page.fill('#units-search', 'tan lap');
  await page.waitForFunction(() => document.querySelectorAll('#units-table tbody tr').length === 1);
  await page.click('#units-table tbody tr[data-unit] >> text=UBND xã Tân Lập');
  await page.waitForSelector('#overdue-panel:not([hidden])');
  const tanLap = json.units.find((u) => u.name === 'UBND xã Tân Lập');
  assert.equal(await page.textContent('#unit-scores [data-score="total"]'),
    `${decimal(tanLap.scores.total)}/100`);
  // Its indicators come from the worker when the unit is chosen (the report's units carry groups).
  const onTime = tanLap.scores.groups.flatMap((g) => g.indicators).find((i) => i.id === '2.1');
  assert.equal(await page.textContent('#unit-scores [data-score="2.1"]'),
    `${decimal(onTime.points)}/${decimal(onTime.max)}`);
  assert.equal(await page.locator('#blocks-table tbody tr').count(), json.blocks.length);
  // The per-unit 766 appendix ranks units within their block.
  await page.fill('#unit-766-search', 'Tân Lập');
  await page.waitForFunction(() => document.querySelectorAll(
    '#unit-766-table tbody tr').length === 1);
  const tanLapRow = await page.locator('[data-unit-score="UBND xã Tân Lập"] td').allTextContents();
  assert.deepEqual(tanLapRow.slice(-3),
    [decimal(tanLap.scores.total), `${tanLap.scores.rank_in_block}/${tanLap.scores.of_in_block}`,
      tanLap.scores.band]);
  await page.screenshot({ path: resolve(shots, 'all-inputs.png'), fullPage: true });

  // Profile round trip: export it from the page, raise 3.1's target to 80%, import it: the
  // province's 3.1 (60%) falls to 12 × 0,6/0,8 = 9, as the command line computes with that file.
  await view(page, 'cach-tinh');
  const [download] = await Promise.all(
    [page.waitForEvent('download'), page.click('text=Xuất tệp phương pháp tính')]);
  const exported = resolve(shots, 'inputs', 'phuong-phap.json');
  mkdirSync(resolve(shots, 'inputs'), { recursive: true });
  await download.saveAs(exported);
  const profile = JSON.parse(readFileSync(exported, 'utf8'));
  profile.groups[2].indicators[0].target = 0.8;
  writeFileSync(exported, JSON.stringify(profile, null, 2));
  await page.setInputFiles('#profile-import', exported);
  await page.waitForFunction(() => document.querySelector(
    '#scores-table [data-score="3.1"]').textContent === '9/12');
  const edited = JSON.parse(execFileSync(cli,
    ['report', '--month', '2024-05', '--profile', exported, ...files], { encoding: 'utf8' }));
  assert.ok(Math.abs(edited.scores.computed.groups[2].indicators[0].points - 9) < 1e-9);
  assert.equal(await page.textContent('#scores-table [data-score="total"]'),
    `${decimal(edited.scores.computed.total)}/100`);
  await page.click('text=Khôi phục mặc định');

  // The province is remembered on this machine.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#province'), 'Bình Phước');
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

// The entries of a zip file (a .docx or .xlsx), read with node's zlib: name → text.
function unzipText(buffer) {
  const { inflateRawSync } = require_zlib();
  const out = {};
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let p = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(p + 10);
    const size = buffer.readUInt32LE(p + 20);
    const nameLen = buffer.readUInt16LE(p + 28);
    const extraLen = buffer.readUInt16LE(p + 30);
    const commentLen = buffer.readUInt16LE(p + 32);
    const local = buffer.readUInt32LE(p + 42);
    const name = buffer.toString('utf8', p + 46, p + 46 + nameLen);
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) +
      buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + size);
    out[name] = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
let zlibModule;
function require_zlib() { return zlibModule; }

// Clicks a download button and saves the file under test-results/exports: its bytes.
async function saveDownload(page, button, name) {
  const out = resolve(shots, 'exports');
  mkdirSync(out, { recursive: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const path = resolve(out, name);
  await download.saveAs(path);
  return readFileSync(path);
}

test('the notice preview is edited, then exported as .docx, .xlsx, .csv, charts and print',
  async () => {
  zlibModule = await import('node:zlib');
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const dir = resolve(root, 'tests/fixtures/day-du');
  const names = ['ho-so-thang-05-2024.csv', 'danh-muc-tthc.csv', 'danh-muc-don-vi.csv', 'pakn.csv',
    'cong-bo-tthc.csv', 'bang-diem-thang-05-2024.csv', 'bang-diem-truoc.csv'];
  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', names.map((n) => resolve(dir, n)));
  await page.waitForSelector('#results:not([hidden])');
  await view(page, 'du-lieu');
  await page.fill('#province', 'Bình Phước');
  await page.dispatchEvent('#province', 'change');
  await page.waitForSelector('[data-national="rank"]', { state: 'attached' });
  await view(page, 'thong-bao');
  const out = resolve(shots, 'exports');
  mkdirSync(out, { recursive: true });

  // Header settings, remembered: the signer's name reaches the preview.
  await page.click('#notice-settings summary');
  await page.fill('[data-setting="signer_name"]', 'Nguyễn Văn Ký');
  await page.dispatchEvent('[data-setting="signer_name"]', 'change');
  await page.waitForFunction(() => document.querySelector(
    '#notice-preview [data-field="signer_name"]').textContent === 'Nguyễn Văn Ký');
  await page.waitForSelector('body[data-analysing="false"][data-worker-idle="true"]');
  // The preview holds the command line's figures; a figure leads to the table behind it.
  assert.match(await page.textContent('#notice-preview'), /78,59\/100 Xếp hạng: 3\/5/);
  await page.click('#notice-preview [data-link="appendix-publication"] >> nth=0');
  await page.waitForFunction(() => document.getElementById('publication-table').classList.contains(
    'flash'));
  // The figure led to its view; back to the notice.
  assert.equal(await page.evaluate(() => location.hash), '#tong-quan');
  await page.goBack();
  await page.waitForSelector('section[data-view="thong-bao"]:not([hidden])');
  // An edit in the preview goes into the .docx.
  await page.evaluate(() => { document.querySelector(
    '#notice-preview [data-field="regards"]').textContent = 'Trân trọng cảm ơn./.'; });
  const save = (button, name) => saveDownload(page, button, name);
  const docx = unzipText(await save('#export-docx', 'thong-bao.docx'));
  const xml = docx['word/document.xml'];
  assert.ok(xml.includes('Trân trọng cảm ơn./.'), 'the edit is in the document');
  assert.ok(xml.includes('Nguyễn Văn Ký'), 'the signer is in the document');
  assert.ok(xml.includes('Times New Roman') && xml.includes('78,59/100 Xếp hạng: 3/5'));
  assert.ok(xml.includes('PHỤ LỤC 4. HỒ SƠ TTHC QUÁ HẠN XỬ LÝ'));

  const xlsx = unzipText(await save('#export-xlsx', 'phu-luc.xlsx'));
  assert.ok(xlsx['xl/workbook.xml'].includes('Thanh toán trực tuyến'), 'one sheet per appendix');
  assert.ok(Object.keys(xlsx).filter((n) => n.startsWith('xl/worksheets/sheet')).length >= 5);

  await page.selectOption('#csv-appendix', 'appendix-payment');
  const csv = (await save('#export-csv', 'thanh-toan.csv')).toString('utf8');
  assert.ok(csv.startsWith('\uFEFF'), 'UTF-8 with BOM');
  assert.match(csv, /UBND xã An Bình,cấp xã,1,0,0%,0% đến dưới 2%/);

  await view(page, 'tong-quan');
  await page.selectOption('#chart-measure', 'groups');
  await page.waitForFunction(() => decodeURIComponent(document.getElementById('chart-img').src)
    .includes('nhóm chỉ số'));
  const svg = (await save('#chart-svg', 'nhom.svg')).toString('utf8');
  assert.ok(svg.includes('<svg') && svg.includes('Số hóa hồ sơ'));
  const png = await save('#chart-png', 'nhom.png');
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
  assert.ok(png.length > 5000);

  // Print: only the notice, A4.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#units-table'), false);
  assert.equal(await page.isVisible('#notice-preview'), true);
  const pdf = resolve(out, 'in-thong-bao.pdf');
  await page.pdf({ path: pdf, format: 'A4' });
  assert.ok(readFileSync(pdf).subarray(0, 4).toString() === '%PDF');
  await page.screenshot({ path: resolve(shots, 'print-view.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test('two months loaded: the trend chart has a bar per month, for the province and for a unit',
  async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const tmp = resolve(shots, 'inputs');
  mkdirSync(tmp, { recursive: true });
  const april = resolve(tmp, 'thang-04.csv');
  const may = resolve(tmp, 'thang-05.csv');
  execFileSync(cli, ['generate', '--rows', '3000', '--month', '2024-04', '--seed', '11', '--out',
    april]);
  execFileSync(cli, ['generate', '--rows', '3000', '--month', '2024-05', '--seed', '12', '--out',
    may]);
  const aprilJson = JSON.parse(execFileSync(cli, ['report', '--month', '2024-04', april, may],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', [april, may]);
  await page.waitForSelector('#results:not([hidden])');
  // The month before is loaded: the comparison names it.
  assert.match(await page.textContent('[data-comparison="province"]'), /^So với tháng 4\/2024: /);
  await view(page, 'so-sanh');
  await page.selectOption('#trend-measure', 'trend_overdue');
  await page.waitForFunction(() => document.querySelectorAll('#trend-table tbody tr').length === 2);
  const rows = await page.locator('#trend-table tbody tr').allTextContents();
  assert.ok(rows[0].startsWith('04/2024') && rows[1].startsWith('05/2024'), rows.join(' | '));
  assert.ok(rows[0].endsWith(String(aprilJson.province.overdue)
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.')), `April's overdue as the April report: ${rows[0]}`);
  // A unit selected: its own months.
  await page.selectOption('#trend-unit', { index: 1 });
  await page.waitForFunction(() => decodeURIComponent(document.getElementById('trend-img').src)
    .includes('Xu hướng') && !decodeURIComponent(document.getElementById('trend-img').src)
    .includes('toàn tỉnh'));
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test(
  'a DVCQG export loaded beside the provincial one: differences counted, listed, and in the notice',
  async () => {
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const provincial = resolve(root, 'tests/fixtures/day-du/ho-so-thang-05-2024.csv');
  const national = resolve(root, 'tests/fixtures/doi-chieu/dvcqg-thang-05-2024.csv');
  const json = JSON.parse(execFileSync(cli,
    ['report', '--month', '2024-05', '--national', national, provincial], { encoding: 'utf8' }));
  const session = await openPage(url);
  const { page } = session;
  await page.setInputFiles('#file-input', provincial);
  await page.waitForSelector('#results:not([hidden])');
  await page.setInputFiles('#national-input', national);
  await page.waitForSelector('[data-rc="differing"]', { state: 'attached' });
  const rc = json.reconciliation;
  assert.equal(await page.textContent('[data-rc="only_in_provincial"]'),
    String(rc.only_in_provincial));
  assert.equal(await page.textContent('[data-rc="only_in_national"]'), String(rc.only_in_national));
  assert.equal(await page.textContent('[data-rc="differing"]'), String(rc.differing));
  await view(page, 'doi-chieu');
  await page.waitForSelector('[data-table="differences"][data-busy="false"]');
  assert.equal(await page.locator('#reconciliation-dossiers tbody tr').count(), rc.dossiers.length);
  assert.match(await page.textContent('[data-rc-id="S3"]'), /trạng thái: 4 → 10/);
  assert.match(await page.textContent('[data-gap="online_on_time_rate"]'), /02 hồ sơ|2 hồ sơ/);
  assert.match(await page.textContent('[data-gap="online_on_time_rate"]'), /S3, T2$/);
  assert.match(await page.textContent('#notice-preview'),
    /Kết quả hồ sơ xử lý đúng hạn đạt 80% \(DVC tỉnh đạt 100%\)/);
  // The national file is read apart: the provincial figures did not change.
  assert.equal(await page.textContent('[data-figure="handled"]'), String(json.province.handled));
  assert.match(await page.textContent('#inputs'), /hồ sơ của Cổng DVCQG \(đối chiếu\)/);
  await page.waitForSelector('body[data-analysing="false"][data-worker-idle="true"]');
  await view(page, 'thong-bao');
  await page.selectOption('#csv-appendix', 'appendix-reconciliation');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const path = resolve(shots, 'exports', 'doi-chieu.csv');
  mkdirSync(resolve(shots, 'exports'), { recursive: true });
  await download.saveAs(path);
  const csv = readFileSync(path, 'utf8');
  assert.ok(csv.includes('S4') && csv.includes('Chỉ có trên Cổng DVC tỉnh (chưa đồng bộ)'));
  await page.screenshot({ path: resolve(shots, 'reconciliation.png'), fullPage: true });
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});

test(
  'content is data: hostile names render as text on every surface, and personal data never ' +
  'reaches storage or a masked export', async () => {
  zlibModule = await import('node:zlib');
  const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
  const tmp = resolve(shots, 'inputs');
  mkdirSync(tmp, { recursive: true });
  const evil = resolve(tmp, 'doc-hai.csv');
  const unit = 'Sở <img src=x onerror="window.__xss=1">Tư \u202Epháp';
  writeFileSync(evil, [
    'Mã hồ sơ;Đơn vị;Tên TTHC;Ngày tiếp nhận;Ngày hẹn trả;Trạng thái;Chủ hồ sơ;Số điện thoại;<b ' +
      'id="hdr" onmouseover="window.__xss=4">Ghi chú</b>',
    `<script>window.__xss=2</script>;${unit};javascript:window.__xss=3;02/05/2024;03/05/2024;4;` +
      'Nguyễn Văn Bí Mật;0912345678;x',
    `HS2;${unit};=HYPERLINK("http://x");02/05/2024;03/05/2024;4;Trần Thị Kín;0987654321;x`,
    `HS3;${unit};Thủ tục;02/05/2024;03/05/2024;4;Lê Văn Riêng;0911222333;x`,
  ].join('\n'));
  const session = await openPage(url);
  const { page } = session;
  page.on('dialog', (d) => { session.seen.errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.setInputFiles('#file-input', evil);
  await page.waitForSelector('#results:not([hidden])');
  await view(page, 'don-vi');
  await page.click(`#units-table tbody tr[data-unit] button >> nth=0`);
  await page.waitForFunction(() => document.querySelectorAll(
    '#overdue-table tbody tr').length === 3);
  await page.waitForSelector('body[data-analysing="false"][data-worker-idle="true"]');
  // Tables, overdue list, notice preview: the name is text.
  assert.ok((await page.textContent('#units-table'))
    .includes('<img src=x onerror="window.__xss=1">'), 'shown as text in the table');
  assert.ok((await page.textContent('#overdue-table')).includes('<script>window.__xss=2</script>'),
    'the id as text');
  assert.ok((await page.textContent('#notice-preview')).includes('<img src=x'),
    'the notice names the unit as text');
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 2,
    'only the two charts\' images exist');
  assert.equal(await page.evaluate(() => document.getElementById('hdr')), null,
    'a header is never markup');
  assert.equal(await page.evaluate(
    () => document.querySelectorAll('script[src], iframe, object, embed').length), 0);
  // The chart's SVG escapes it.
  const svg = decodeURIComponent(await page.getAttribute('#chart-img', 'src'));
  assert.ok(svg.includes('&lt;img') && !svg.includes('<img src=x'), 'SVG text escaped');
  // Masked by default: no personal value on the page.
  assert.ok(!(await page.content()).includes('Bí Mật') &&
    !(await page.content()).includes('0912345678'));
  // Exports while masked: none carries a personal value; the CSV neutralises the formula.
  const out = resolve(shots, 'exports');
  mkdirSync(out, { recursive: true });
  const save = (button, name) => saveDownload(page, button, name);
  await view(page, 'thong-bao');
  const docx = unzipText(await save('#export-docx', 'doc-hai.docx'))['word/document.xml'];
  assert.ok(docx.includes('&lt;img src=x') && !docx.includes('<img src=x'), 'escaped in the .docx');
  const xlsx = Object.values(unzipText(await save('#export-xlsx', 'doc-hai.xlsx'))).join('\n');
  await page.selectOption('#csv-appendix', 'appendix-overdue');
  const csv = (await save('#export-csv', 'doc-hai.csv')).toString('utf8');
  for (const [name, text] of [['docx', docx], ['xlsx', xlsx], ['csv', csv]]) {
    for (const secret of ['Bí Mật', '0912345678', 'Kín', '0987654321'])
      assert.ok(!text.includes(secret), `${secret} not in the masked ${name}`);
  }
  assert.ok(csv.includes("'=HYPERLINK"), 'the formula is neutralised in the CSV');
  assert.ok(xlsx.includes('&lt;img src=x onerror') && !xlsx.includes('<img src=x'),
    'escaped in the .xlsx');
  assert.ok(csv.includes('<script>window.__xss=2</script>'), 'plain text in the CSV');
  // Unmasked for the session only: shown, and still never stored.
  await view(page, 'don-vi');
  await page.check('#unmask');
  await page.waitForFunction(() => document.getElementById('overdue-table').textContent.includes(
    'Bí Mật'));
  const stored = await page.evaluate(async () => ({
    local: JSON.stringify(Object.entries(localStorage)),
    session: JSON.stringify(Object.entries(sessionStorage)),
    idb: (await indexedDB.databases()).map((d) => d.name),
  }));
  for (const secret of ['Bí Mật', '0912345678', 'Kín', 'Riêng']) {
    assert.ok(!stored.local.includes(secret) && !stored.session.includes(secret),
      `${secret} not in web storage`);
  }
  assert.deepEqual(stored.idb, [], 'no IndexedDB');
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'nothing ran');
  await finish(session, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
});
