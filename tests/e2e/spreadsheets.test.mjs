// End to end in Chromium: spreadsheets other than .xlsx as users bring them — an Excel 97-2003
// workbook (.xls) and an HTML page saved as .xls — give the notice of the same rows as CSV, and
// the mapping screen works for them as for CSV and .xlsx: the workbook's sheets offered, a
// renamed column fixed, another sheet chosen. The files are written here, by SheetJS (npm
// `xlsx`, a dev dependency that never reaches the page) from CSV files the command line
// generates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { launch, view } from './support.mjs';

const root = resolve(import.meta.dirname, '../..');
const cli = resolve(root, 'target/release/chiso766');
const tmp = resolve(root, 'test-results/inputs');
const url = pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href;
mkdirSync(tmp, { recursive: true });

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser?.close());

// A generated month as CSV (`seed` varies the dossiers), its rows, and the command line's notice.
function month(name, seed) {
  const file = resolve(tmp, `${name}.csv`);
  execFileSync(cli, ['generate', '--rows', '1500', '--seed', String(seed), '--out', file]);
  const rows = Papa.parse(readFileSync(file, 'utf8'), { skipEmptyLines: true }).data;
  const notice = execFileSync(cli, ['report', '--month', '2024-05', '--format', 'text', file],
    { encoding: 'utf8' });
  return { rows, notice };
}

// An .xls (BIFF8) of the named sheets, each an array of rows of text.
function xls(name, sheets) {
  const wb = XLSX.utils.book_new();
  for (const [sheet, rows] of sheets)
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), sheet);
  const file = resolve(tmp, name);
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }));
  return file;
}

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

// The page a portal's "Xuất Excel" writes: a title table, then the rows in a table of their own.
function htmlPage(name, rows) {
  const [head, ...body] = rows;
  const cells = (tag, r) => `<tr>${r.map((c) => `<${tag}>${escape(c)}</${tag}>`).join('')}</tr>`;
  const page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">' +
    `</head><body>
<table><tr><td colspan="${head.length}"><b>DANH SÁCH HỒ SƠ</b></td></tr></table>
<table border="1">${cells('th', head)}
${body.map((r) => cells('td', r)).join('\n')}</table></body></html>`;
  const file = resolve(tmp, name);
  writeFileSync(file, page);
  return file;
}

async function openPage() {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { context, page, errors };
}

async function close({ context, errors }) {
  await context.close();
  assert.deepEqual(errors, [], 'no console error');
}

test(
  'an .xls with a sheet of instructions first and the unit column renamed: the mapping screen ' +
  'offers its sheets and columns, and gives the CSV notice', async () => {
  const { rows, notice } = month('xls-mau', 1);
  const renamed = rows.map((r, i) => (
    i === 0 ? r.map((h) => (h === 'Đơn vị' ? 'Nơi xử lý' : h)) : r));
  const file = xls('huong-dan-truoc.xls',
    [['Hướng dẫn', [['Cách điền biểu mẫu'], ['Mỗi dòng một hồ sơ']]], ['Hồ sơ', renamed]]);
  const session = await openPage();
  const { page } = session;
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('#mapping-editor');
  // The sheet where most columns were recognised is offered, beside the others.
  assert.deepEqual(await page.$$eval('#mapping-sheet option', (os) => os.map((o) => o.value)),
    ['Hướng dẫn', 'Hồ sơ']);
  assert.equal(await page.inputValue('#mapping-sheet'), 'Hồ sơ');
  await page.selectOption('select[data-field="unit"]', 'Nơi xử lý');
  await page.click('#mapping-apply');
  await page.waitForSelector('#results:not([hidden])');
  assert.equal(await page.textContent('#notice-text'), notice);
  await view(page, 'du-lieu');
  assert.match(await page.textContent('#inputs'), /Excel 97-2003, trang tính «Hồ sơ»/);
  await close(session);
});

test('another sheet of an .xls chosen on the mapping screen gives that sheet\'s notice',
  async () => {
  const other = month('xls-khac', 7);
  const wanted = month('xls-chon', 1);
  assert.notEqual(other.notice, wanted.notice);
  const file = xls('hai-trang.xls', [['Tổng hợp', other.rows], ['Chi tiết', wanted.rows]]);
  const session = await openPage();
  const { page } = session;
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('#results:not([hidden])');
  assert.equal(await page.textContent('#notice-text'), other.notice,
    'the first sheet is read by itself');
  await view(page, 'du-lieu');
  await page.click('#inputs details summary');
  await page.click('.edit-mapping');
  await page.waitForSelector('#mapping-editor');
  await page.selectOption('#mapping-sheet', 'Chi tiết');
  await page.click('#mapping-apply');
  await page.waitForFunction(() => /«Chi tiết»/.test(
    document.getElementById('inputs').textContent));
  // The files' list is shown as soon as the sheet is read; the notice follows once the new
  // analysis is done, so wait for it to change before comparing.
  await page.waitForFunction((before) => document.getElementById(
    'notice-text').textContent !== before, other.notice);
  assert.equal(await page.textContent('#notice-text'), wanted.notice);
  await close(session);
});

test('an HTML table saved as .xls gives the CSV notice', async () => {
  const { rows, notice } = month('html-mau', 1);
  const file = htmlPage('xuat-excel.xls', rows);
  const session = await openPage();
  const { page } = session;
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('#results:not([hidden])');
  assert.equal(await page.textContent('#notice-text'), notice);
  await view(page, 'du-lieu');
  assert.match(await page.textContent('#inputs'), /trang HTML, bảng mã utf-8/);
  await close(session);
});
