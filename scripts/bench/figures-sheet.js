// A sheet's rows as SheetJS gives them (`sheet_to_json(…, {header: 1, raw: true})`: numbers, date
// serials, text) → the rows of text the generator's CSV holds, fed to the same per-unit figures
// as PapaParse's (figures-papaparse.js). Written for the benchmark's two writers' workbooks only:
// rust_xlsxwriter's (`chiso766 generate --xlsx`: a title row, then a two-row header with "Ngày"
// over the date columns) and openpyxl's (scripts/bench/xlsx-openpyxl.py: one header row).
import { Figures } from './figures-papaparse.js';

// Days from Excel's 1900 epoch (after its phantom 29/02/1900) to 1970-01-01.
const EPOCH = 25569;
const two = (n) => String(n).padStart(2, '0');

// A date serial as the CSV writes it: 'dd/mm/yyyy HH:MM:SS' (to the second, as Excel shows it).
function dateText(serial) {
  const seconds = Math.round(serial * 86400);
  const d = new Date((seconds - EPOCH * 86400) * 1000);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

export function sheetFigures(rows, from, to) {
  const at = rows.findIndex((r) => r.includes('Mã đơn vị'));
  if (at < 0) throw new Error('no header row with "Mã đơn vị"');
  let header = rows[at].map(String);
  let first = at + 1;
  if (header.includes('Ngày')) {
    const below = rows[at + 1];
    header = header.map((h, i) => (h === 'Ngày' && below[i] ? `Ngày ${below[i]}` : h));
    first = at + 2;
  }
  const dates = header.map((h) => h.startsWith('Ngày'));
  const figures = new Figures(from, to);
  figures.add(header);
  for (let i = first; i < rows.length; i++) {
    const row = rows[i];
    if (!row.length) continue;
    figures.add(row.map((v, c) => (
      typeof v === 'number' ? (dates[c] ? dateText(v) : String(v)) : String(v))));
  }
  return figures.result();
}
