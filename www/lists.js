// The page's long lists as tables of table.js: which columns, filters and sort each has. The
// rows are the report's (or, for the overdue and differing dossiers, slices the worker hands
// over); every word for a key comes from labels.js.
import { DataTable } from './table.js';
import { el } from './dom.js';
import { decimal, percent, thousands, byName } from './format.js';
import { blockLabel, blockKeys, overdueKindLabel, warningKindLabel, warningKinds, replyColumnLabel,
  differenceKindLabel, differenceFieldLabel } from './labels.js';

/** @typedef {import('./types/report').UnitRow} UnitRow */
/** @typedef {import('./types/report').OverdueDossier} OverdueDossier */
/** @typedef {import('./types/report').WarnedUnit} WarnedUnit */
/** @typedef {import('./types/report').WarnedDossier} WarnedDossier */
/** @typedef {import('./types/report').TableRow} TableRow */
/** @typedef {import('./types/report').DossierDifference} DossierDifference */
/** @typedef {import('./types/report').UnitDifferences} UnitDifferences */
/** @typedef {import('./types/report').UnitChange} UnitChange */
/** @typedef {import('./types/report').PublicationLine} PublicationLine */
/** @typedef {import('./types/report').Problem} Problem */
/**
 * @template T
 * @typedef {import('./table.js').Filter<T>} Filter
 */
/**
 * @template T
 * @typedef {import('./table.js').TableOptions<T>} TableOptions
 */

/**
 * @template {{ block: string }} T
 * @param {(row: T) => string} [value]
 * @returns {Filter<T>}
 */
const blockFilter = (value = (r) => r.block) => ({
  key: 'block', label: 'Khối', value,
  options: (rows) => {
    const present = new Set(rows.map(value));
    return blockKeys().filter((k) => present.has(k)).map((k) => [k, blockLabel(k)]);
  },
});
/**
 * @template T
 * @param {(row: T) => string} value
 * @returns {Filter<T>}
 */
const unitFilter = (value) => ({
  key: 'unit', label: 'Đơn vị', value,
  options: (rows) => {
    const names = new Set();
    for (const r of rows) names.add(value(r));
    return [...names].sort(byName).map((n) => [n, n]);
  },
});
/**
 * @template T
 * @param {(row: T) => string} name
 * @param {(picked: any) => void} onPick
 * @param {(row: T) => unknown} [row] what onPick gets (default: the row)
 * @returns {(row: T, td: HTMLTableCellElement) => void}
 */
const nameButton = (name, onPick, row) => (r, td) => {
  td.append(el('button', { type: 'button', class: 'link', text: name(r),
    onclick: () => onPick(row ? row(r) : r) }));
};

// Units: the figures of each, threshold breaches in red; a name opens the unit's panel.
export function unitsTable(container, { onPick, onExport, thresholds, selected }) {
  const below = (key, r) => { const v = r[key]; const t = thresholds()[key];
    return t !== undefined && v !== null && v !== undefined && v < t; };
  const rateCell = (key) => (r, td) => { td.textContent = percent(r[key]); if (below(key, r))
    td.classList.add('below'); };
  return new DataTable(container, /** @satisfies {TableOptions<UnitRow>} */ ({
    id: 'units', label: 'Đơn vị', onExport, sort: { key: 'overdue', dir: -1 }, pageSize: 20,
    title: () => 'Số liệu theo đơn vị',
    filters: [blockFilter()],
    rowAttrs: (r) => ({ 'data-unit': r.index }),
    rowClass: (r) => (r.index === selected() ? 'selected' : ''),
    columns: [
      { key: 'name', label: 'Đơn vị', type: 'text', value: (r) => r.name,
        cell: nameButton((r) => r.name, onPick), width: 30 },
      { key: 'block', label: 'Khối', type: 'text', value: (r) => r.block,
        text: (r) => blockLabel(r.block), width: 14 },
      { key: 'handled', label: 'Đã và đang giải quyết', type: 'int', value: (r) => r.handled },
      { key: 'overdue', label: 'Quá hạn', type: 'int', value: (r) => r.overdue },
      { key: 'on_time_rate', label: 'Đúng hạn (2.1)', type: 'rate', value: (r) => r.on_time_rate },
      { key: 'online_on_time_rate', label: 'Trực tuyến đúng hạn', type: 'rate',
        value: (r) => r.online_on_time_rate },
      { key: 'digitization_rate', label: 'Số hóa', type: 'rate', value: (r) => r.digitization_rate,
        cell: rateCell('digitization_rate') },
      { key: 'online_payment_rate', label: 'Thanh toán trực tuyến', type: 'rate',
        value: (r) => r.online_payment_rate, cell: rateCell('online_payment_rate') },
      { key: 'score', label: 'Điểm ước tính', type: 'decimal',
        value: (r) => r.scores?.total ?? null },
      { key: 'rank', label: 'Hạng trong khối', type: 'int',
        value: (r) => r.scores?.rank_in_block ?? null,
        text: (r) => (r.scores ? `${r.scores.rank_in_block}/${r.scores.of_in_block}` : '—') },
    ],
  }));
}

// Phụ lục "Theo dõi chỉ số 766 của các đơn vị": group points, total, rank in block, xếp loại.
export function unit766Table(container, { onPick, onExport, groups }) {
  return new DataTable(container, /** @satisfies {TableOptions<UnitRow>} */ ({
    id: 'unit-766', label: 'Theo dõi chỉ số 766 của các đơn vị', onExport, pageSize: 15,
    sort: { key: 'block_rank', dir: 1 },
    filters: [blockFilter()],
    rowAttrs: (r) => ({ 'data-unit-score': r.name }),
    get columns() {
      return [
        { key: 'name', label: 'Đơn vị', type: 'text', value: (r) => r.name,
          cell: nameButton((r) => r.name, onPick), width: 30 },
        { key: 'block', label: 'Khối', type: 'text', value: (r) => r.block,
          text: (r) => blockLabel(r.block), width: 14 },
        ...groups().map((g, k) => (
          { key: `g${g.id}`, label: `${g.id}. ${g.label}`, type: 'decimal',
            value: (r) => r.scores.groups[k]?.points ?? null,
            text: (r) => decimal(r.scores.groups[k]?.points ?? 0) +
              (r.scores.groups[k]?.partial ? '*' : '') })),
        { key: 'total', label: 'Tổng', type: 'decimal', value: (r) => r.scores.total,
          text: (r) => `${decimal(r.scores.total)}${r.scores.partial ? '*' : ''}` },
        // Block by block, then by rank: the appendix's own order.
        { key: 'block_rank', label: 'Hạng trong khối', type: 'int',
          value: (r) => blockKeys().indexOf(r.block) * 1e6 + r.scores.rank_in_block,
          text: (r) => `${r.scores.rank_in_block}/${r.scores.of_in_block}` },
        { key: 'band', label: 'Xếp loại', type: 'text', value: (r) => r.scores.band ?? '—' },
      ];
    },
  }));
}

// Every unit's overdue dossiers (Phụ lục 4), personal columns masked unless unmasked; with the
// units' replies loaded (`replies()`), the reason and remedy each unit wrote.
export function overdueTable(container, { onExport, personal, replies }) {
  return new DataTable(container, /** @satisfies {TableOptions<OverdueDossier>} */ ({
    id: 'overdue', label: 'Hồ sơ quá hạn', onExport, sort: { key: 'days_late', dir: -1 },
    pageSize: 15,
    filters: [unitFilter((r) => r.unit_name),
      { key: 'kind', label: 'Tình trạng', value: (r) => r.kind,
        options: () => ['completed_late',
          'processing_overdue'].map((k) => [k, overdueKindLabel(k)]) }],
    get columns() {
      return [
        { key: 'unit', label: 'Đơn vị', type: 'text', value: (r) => r.unit_name, width: 24 },
        { key: 'id', label: replyColumnLabel('id'), type: 'text', value: (r) => r.id, width: 16 },
        { key: 'row', label: 'Dòng', type: 'int', value: (r) => r.row, width: 6 },
        { key: 'procedure', label: 'Thủ tục', type: 'text', value: (r) => r.procedure, width: 30 },
        { key: 'received', label: 'Ngày tiếp nhận', type: 'date', value: (r) => r.received },
        { key: 'due', label: 'Ngày hẹn trả', type: 'date', value: (r) => r.due ?? '' },
        { key: 'ended', label: 'Ngày kết thúc', type: 'date', value: (r) => r.ended ?? '' },
        { key: 'kind', label: 'Tình trạng', type: 'text', value: (r) => r.kind,
          text: (r) => overdueKindLabel(r.kind), width: 16 },
        { key: 'days_late', label: 'Số ngày quá hạn', type: 'int', value: (r) => r.days_late,
          width: 8 },
        ...(replies() ? [
          { key: 'reason', label: replyColumnLabel('reason'), type: 'text',
            value: (r) => r.reason ?? '', width: 30 },
          { key: 'remedy', label: replyColumnLabel('remedy'), type: 'text',
            value: (r) => r.remedy ?? '', width: 30 },
        ] : []),
        ...personal().map((h, k) => (
          { key: `p${k}`, label: h, type: 'text', value: (r) => r.personal[k]?.[1] ?? '',
            cell: (r, td) => { td.className = 'personal'; td.textContent = r.personal[k]?.[1] ?? '';
            }, search: false })),
      ];
    },
  }));
}

const vi = (iso) => (iso ? iso.split('-').reverse().join('/') : '');

// The early warning's units, by due-soon count, with the stake: the month's 2.1 so far, the
// same if every dossier due turned overdue, and the points that would cost. A name shows the
// unit's dossiers below.
export function warningUnitsTable(container, { onPick, onExport }) {
  return new DataTable(container, /** @satisfies {TableOptions<WarnedUnit>} */ ({
    id: 'warning-units', label: 'Đơn vị có hồ sơ cần xử lý', onExport, pageSize: 15,
    title: () => 'Cảnh báo sớm theo đơn vị',
    sort: { key: 'due_soon', dir: -1 },
    filters: [blockFilter()],
    rowAttrs: (r) => ({ 'data-warning-unit': r.name }),
    columns: [
      { key: 'name', label: 'Đơn vị', type: 'text', value: (r) => r.name,
        cell: nameButton((r) => r.name, onPick), width: 30 },
      { key: 'block', label: 'Khối', type: 'text', value: (r) => r.block,
        text: (r) => blockLabel(r.block), width: 14 },
      { key: 'due_soon', label: warningKindLabel('due_soon'), type: 'int',
        value: (r) => r.due_soon },
      { key: 'due_today', label: warningKindLabel('due_today'), type: 'int',
        value: (r) => r.due_today },
      { key: 'overdue_now', label: warningKindLabel('overdue_now'), type: 'int',
        value: (r) => r.overdue_now },
      { key: 'on_time_rate', label: 'Đúng hạn (2.1) đến ngày D', type: 'rate',
        value: (r) => r.on_time_rate },
      { key: 'projected', label: 'Đúng hạn (2.1) nếu các hồ sơ này quá hạn', type: 'rate',
        value: (r) => r.projected_on_time_rate },
      { key: 'points_lost', label: 'Điểm 2.1 có thể mất', type: 'decimal',
        value: (r) => r.points_lost,
        cell: (r, td) => { td.textContent = r.points_lost === null ? '—' : decimal(r.points_lost);
          if (r.points_lost > 0) td.classList.add('below'); } },
    ],
  }));
}

const daysLeft = (r) => (r.days_left < 0 ? `quá hạn ${thousands(-r.days_left)} ngày`
  : r.days_left === 0 ? 'đến hạn hôm nay' : `còn ${thousands(r.days_left)} ngày`);

// The early warning's dossiers: overdue now, due today, due soon, with the days left.
export function warningDossiersTable(container, { onExport, personal }) {
  return new DataTable(container, /** @satisfies {TableOptions<WarnedDossier>} */ ({
    id: 'warning-dossiers', label: 'Hồ sơ đang mở cần xử lý', onExport, pageSize: 15,
    title: () => 'Cảnh báo sớm: hồ sơ cần xử lý',
    sort: { key: 'days_left', dir: 1 },
    filters: [unitFilter((r) => r.unit_name),
      { key: 'kind', label: 'Tình trạng', value: (r) => r.kind,
        options: () => warningKinds().map((k) => [k, warningKindLabel(k)]) }],
    rowClass: (r) => (r.kind === 'overdue_now' ? 'below' : ''),
    rowAttrs: (r) => ({ 'data-warning-id': r.id }),
    get columns() {
      return [
        { key: 'unit', label: 'Đơn vị', type: 'text', value: (r) => r.unit_name, width: 24 },
        { key: 'id', label: replyColumnLabel('id'), type: 'text', value: (r) => r.id, width: 16 },
        { key: 'row', label: 'Dòng', type: 'int', value: (r) => r.row, width: 6 },
        { key: 'procedure', label: 'Thủ tục', type: 'text', value: (r) => r.procedure, width: 30 },
        { key: 'received', label: 'Ngày tiếp nhận', type: 'date', value: (r) => vi(r.received) },
        { key: 'due', label: 'Ngày hẹn trả', type: 'date', value: (r) => vi(r.due) },
        { key: 'kind', label: 'Tình trạng', type: 'text', value: (r) => r.kind,
          text: (r) => warningKindLabel(r.kind), width: 16 },
        // Calendar days from D to the due date, in words; sorted (and in the .xlsx) as the
        // number, negative when overdue.
        { key: 'days_left', label: 'Thời hạn', type: 'int', value: (r) => r.days_left,
          text: daysLeft, width: 14 },
        { key: 'working_days_left', label: 'Ngày làm việc còn lại', type: 'int',
          value: (r) => r.working_days_left ?? null, width: 8 },
        ...personal().map((h, k) => (
          { key: `p${k}`, label: h, type: 'text', value: (r) => r.personal[k]?.[1] ?? '',
            cell: (r, td) => { td.className = 'personal'; td.textContent = r.personal[k]?.[1] ?? '';
            }, search: false })),
      ];
    },
  }));
}

// The units' packs as their index file lists them (`index()`: the table of unitPackList, whose
// columns are Rust's, src/report/unit_pack.rs): who gets one, why, and its two files' names.
export function packsTable(container, { onExport, index }) {
  return new DataTable(container, /** @satisfies {TableOptions<TableRow>} */ ({
    id: 'packs', label: 'Gói cho từng đơn vị', onExport, pageSize: 10,
    title: () => 'Danh sách gói cho từng đơn vị',
    rowAttrs: (r) => ({ 'data-pack': r.cells[1]?.text }),
    get columns() {
      const t = index();
      if (!t) return [];
      return t.columns.map((c, k) => {
        const numeric = t.rows.some((r) => typeof r.cells[k]?.value === 'number');
        return numeric
          ? { key: `c${k}`, label: c.title, type: 'int', value: (r) => r.cells[k]?.value ?? null,
            width: c.width }
          : { key: `c${k}`, label: c.title, type: 'text', value: (r) => r.cells[k]?.text ?? '',
            width: c.width };
      });
    },
  }));
}

// The reconciliation's dossiers: only on one portal, or differing.
export function differencesTable(container, { onExport }) {
  const fields = (r) => r.fields.map(
    (x) =>
    `${differenceFieldLabel(x.field)}: ${x.provincial || '(trống)'} → ${x.national || '(trống)'}`)
    .join('; ');
  return new DataTable(container, /** @satisfies {TableOptions<DossierDifference>} */ ({
    id: 'differences', label: 'Hồ sơ cần đồng bộ', onExport,
    filters: [unitFilter((r) => r.unit),
      { key: 'kind', label: 'Loại khác biệt', value: (r) => r.kind,
        options: () => ['only_in_provincial', 'only_in_national',
          'differs'].map((k) => [k, differenceKindLabel(k)]) }],
    rowAttrs: (r) => ({ 'data-rc-id': r.id }),
    columns: [
      { key: 'unit', label: 'Đơn vị', type: 'text', value: (r) => r.unit, width: 24 },
      { key: 'id', label: 'Mã hồ sơ', type: 'text', value: (r) => r.id, width: 16 },
      { key: 'row', label: 'Dòng', type: 'int', value: (r) => r.row, width: 6 },
      { key: 'kind', label: 'Loại', type: 'text', value: (r) => r.kind,
        text: (r) => differenceKindLabel(r.kind), width: 20 },
      { key: 'fields', label: 'Khác biệt (DVC tỉnh → DVCQG)', type: 'text', value: fields,
        width: 36, sortable: false },
    ],
  }));
}

export function reconciliationUnitsTable(container, { onExport }) {
  return new DataTable(container, /** @satisfies {TableOptions<UnitDifferences>} */ ({
    id: 'reconciliation-units-list', label: 'Đối chiếu theo đơn vị', onExport,
    columns: [
      { key: 'name', label: 'Đơn vị', type: 'text', value: (r) => r.name, width: 30 },
      { key: 'p', label: 'Chỉ có trên DVC tỉnh', type: 'int', value: (r) => r.only_in_provincial },
      { key: 'n', label: 'Chỉ có trên DVCQG', type: 'int', value: (r) => r.only_in_national },
      { key: 'd', label: 'Lệch dữ liệu', type: 'int', value: (r) => r.differing },
    ],
  }));
}

export function comparisonTable(container, { onExport }) {
  const pair = (key, fmt) => (r) => `${fmt(r[key][0])} → ${fmt(r[key][1])}`;
  const num = (x) => (x === null || x === undefined ? '—' : thousands(x));
  const score = (x) => (x === null || x === undefined ? '—' : decimal(x));
  const change = (key) => (r) => (r[key][0] === null || r[key][1] === null ? null
    : r[key][1] - r[key][0]);
  return new DataTable(container, /** @satisfies {TableOptions<UnitChange>} */ ({
    id: 'comparison-list', label: 'So sánh từng đơn vị với kỳ trước', onExport,
    filters: [blockFilter()],
    columns: [
      { key: 'name', label: 'Đơn vị', type: 'text', value: (r) => r.name, width: 30 },
      { key: 'block', label: 'Khối', type: 'text', value: (r) => r.block,
        text: (r) => blockLabel(r.block), width: 14 },
      { key: 'on_time_rate', label: 'Đúng hạn (2.1)', type: 'rate', value: change('on_time_rate'),
        text: pair('on_time_rate', percent), export: true },
      { key: 'digitization_rate', label: 'Số hóa', type: 'rate', value: change('digitization_rate'),
        text: pair('digitization_rate', percent) },
      { key: 'online_payment_rate', label: 'Thanh toán trực tuyến', type: 'rate',
        value: change('online_payment_rate'), text: pair('online_payment_rate', percent) },
      { key: 'overdue', label: 'Quá hạn', type: 'int', value: change('overdue'),
        text: pair('overdue', num) },
      { key: 'score', label: 'Điểm ước tính', type: 'decimal', value: change('score'),
        text: pair('score', score) },
      { key: 'rank', label: 'Hạng trong khối', type: 'int', value: change('rank_in_block'),
        text: pair('rank_in_block', num) },
    ],
  }));
}

// Notice I.5: the publication lines due in the period, late ones in red.
export function publicationTable(container, { onExport }) {
  return new DataTable(container, /** @satisfies {TableOptions<PublicationLine>} */ ({
    id: 'publication', label: 'Theo dõi công bố TTHC', onExport,
    rowClass: (l) => (l.on_time ? '' : 'below'),
    filters: [{ key: 'state', label: 'Tình trạng', value: (l) => (l.on_time ? 'on_time' : 'late'),
      options: () => [['on_time', 'Đúng hạn'], ['late', 'Trễ hoặc chưa trình']] }],
    columns: [
      { key: 'agency', label: 'Cơ quan', type: 'text', value: (l) => l.agency, width: 18 },
      { key: 'content', label: 'Nội dung công bố', type: 'text', value: (l) => l.content,
        width: 30 },
      { key: 'dispatch', label: 'Văn bản triển khai', type: 'text', value: (l) => l.dispatch,
        width: 16 },
      { key: 'deadline', label: 'Hạn', type: 'date', value: (l) => vi(l.deadline) },
      { key: 'submitted', label: 'Ngày trình', type: 'date', value: (l) => vi(l.submitted) },
      { key: 'published', label: 'Ngày công khai', type: 'date', value: (l) => vi(l.published) },
      { key: 'state', label: 'Tình trạng', type: 'text',
        value: (l) => (l.on_time ? 'Đúng hạn' : l.submitted ? `Trễ ${l.days_late} ngày`
          : 'Chưa trình') },
      { key: 'row', label: 'Dòng', type: 'int', value: (l) => l.row, width: 6 },
    ],
  }));
}

// Problems found in the files' rows, every file's together.
export function problemsTable(container, { onExport }) {
  return new DataTable(container, /** @satisfies {TableOptions<Problem & { file: string }>} */ ({
    id: 'problems', label: 'Lỗi dữ liệu', onExport,
    filters: [{ key: 'file', label: 'Tệp', value: (p) => p.file }],
    columns: [
      { key: 'file', label: 'Tệp', type: 'text', value: (p) => p.file, width: 20 },
      { key: 'row', label: 'Dòng', type: 'int', value: (p) => p.row, width: 6 },
      { key: 'column', label: 'Cột', type: 'text', value: (p) => p.column ?? '', width: 16 },
      { key: 'message', label: 'Lỗi', type: 'text', value: (p) => `${p.message} (${p.message_en})`,
        width: 50 },
    ],
  }));
}
