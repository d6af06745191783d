// Turning the report into DOM. Every value from a file reaches the page through textContent or an
// attribute, never as markup, so a unit called "<script>…" stays text. Long lists are tables of
// lists.js; the words for the report's keys come from labels.js (Rust's).
import { percent, thousands, count, decimal } from './format.js';
import { el } from './dom.js';
import { blockLabel, blockName, blockKeys, sourceKindLabel, sourceFormatLabel, differenceFieldLabel,
  differenceFields, gapFigureLabel } from './labels.js';

/** @typedef {import('./types/report').Report} Report */

export { el, downloadBytes, downloadText } from './dom.js';
export { blockLabel };

function byBlock(map) {
  return blockKeys()
    .map((k) => [k, map[k] ?? 0])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${blockName(k)}: ${count(n)}`)
    .join('; ') || 'không có';
}

// A table in a box of its own that scrolls sideways on a narrow screen, reachable by keyboard.
function scroller(label, table) {
  return el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label },
    table);
}

function card(title, figure, value, lines) {
  return el('div', { class: 'card' },
    el('h3', { text: title }),
    el('div', { class: 'big', 'data-figure': figure, text: value }),
    ...lines.map((l) => el('div', { class: 'muted', text: l })));
}

/** @param {HTMLElement} container @param {Report} r */
export function renderCards(container, r) {
  const p = r.province;
  const d = r.digitization;
  const op = r.online_payment;
  const o = r.overdue;
  container.replaceChildren(
    card('I.1 Hồ sơ trực tuyến xử lý đúng hạn', 'online_on_time_rate',
      percent(p.online_on_time_rate), [
      `Trễ hạn: ${percent(p.online_late_rate)}`,
      `Trên ${thousands(p.online_completed)} hồ sơ trực tuyến đã xử lý`,
    ]),
    card('I.3 Tỷ lệ số hóa hồ sơ', 'digitization_rate', percent(p.digitization_rate), [
      `${count(d.units_below)} đơn vị dưới ${percent(d.threshold)} ` +
        `(${byBlock(d.units_below_by_block)})`,
      `${thousands(p.digitised)} / ${thousands(p.received)} hồ sơ tiếp nhận trong kỳ`,
    ]),
    card('I.3 Tỷ lệ thanh toán trực tuyến', 'online_payment_rate', percent(p.online_payment_rate), [
      `${count(op.units_below)} đơn vị dưới ${percent(op.threshold)} ` +
        `(${byBlock(op.units_below_by_block)})`,
      `${count(op.units_near_zero)} đơn vị từ 0% đến dưới ${percent(op.near_zero_threshold)}`,
      `${thousands(p.paid_online)} / ${thousands(p.fee_due)} hồ sơ có phí, lệ phí`,
    ]),
    card('I.4 Hồ sơ quá hạn', 'overdue_total', thousands(o.total), [
      `Tỷ lệ: ${percent(o.rate)} hồ sơ đã và đang giải quyết`,
      `${count(o.units_with_overdue)} đơn vị có hồ sơ quá hạn; ${count(o.units_over_threshold)} ` +
        `đơn vị có trên ${count(o.more_than)} hồ sơ`,
    ]),
    card('Chỉ số 2.1 Tiến độ giải quyết', 'on_time_rate', percent(p.on_time_rate), [
      `${p.on_time_points === null ? '—' : decimal(p.on_time_points)}/` +
        `${decimal(p.on_time_max)} điểm`,
      `${thousands(p.handled)} hồ sơ đã và đang giải quyết`,
    ]),
  );
}

/** @param {HTMLElement} table @param {Report} r */
export function renderProgressTable(table, r) {
  const p = r.province;
  const rows = [
    ['Đã xử lý', p.completed.total, ''],
    ['— trước hạn', p.completed.early, 'early'],
    ['— đúng hạn', p.completed.on_time, 'on_time'],
    ['— trễ hạn', p.completed.late, 'late'],
    ['Đang xử lý', p.processing.total, ''],
    ['— trong hạn', p.processing.within, 'within'],
    ['— quá hạn', p.processing.overdue, 'overdue_processing'],
    ['Tổng đã và đang giải quyết', p.handled, 'handled'],
  ];
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', { text: 'Tình trạng' }),
      el('th', { class: 'num', text: 'Số hồ sơ' }))),
    el('tbody', {}, ...rows.map(([label, n, key]) =>
      el('tr', {}, el('td', { text: label }),
        el('td', { class: 'num', 'data-figure': key || undefined, text: thousands(n) })))),
  );
  if (p.without_progress > 0) {
    table.append(el('caption', { class: 'warn',
      text: `${thousands(p.without_progress)} hồ sơ có ngày hoặc trạng thái không đọc được, ` +
      `không tính vào tiến độ (xem lỗi dữ liệu ở mục 1).` }));
  }
}

// The indicator tree of a score set (the province, a block or a unit): groups, indicators with
// numerator/denominator, rate and points, and the total, partial when some input is missing.
/**
 * @param {HTMLElement} table
 * @param {import('./types/report').Computed | undefined} c
 * @param {string} [extraTotal]
 */
export function renderScoreTree(table, c, extraTotal = '') {
  if (!c) { table.replaceChildren(); return; }
  const rows = [];
  for (const g of c.groups) {
    rows.push(el('tr', { class: 'group' }, el('td', { text: g.id }), el('td', { text: g.label }),
      el('td'), el('td'),
      el('td', { class: 'num', 'data-score': g.id,
        text: `${decimal(g.points)}/${decimal(g.max)}${g.partial ? ' (một phần)' : ''}` })));
    for (const i of g.indicators) {
      rows.push(el('tr', { 'data-score-row': i.id,
        class: i.applies === false ? 'muted' : undefined },
        el('td', { text: i.id }),
        el('td', { text: i.label }),
        el('td', { class: 'num', text: i.denominator === null || i.applies === false ? ''
          : `${thousands(i.numerator)}/${thousands(i.denominator)}` }),
        el('td', { class: 'num', text: i.rate === null ? '' : percent(i.rate) }),
        el('td', { class: i.points === null ? 'muted' : 'num', 'data-score': i.id,
          text: i.points === null ? i.missing
          : `${decimal(i.points)}/${decimal(i.max)}${i.missing ? ` (${i.missing})` : ''}` })));
    }
  }
  rows.push(el('tr', { class: 'group' }, el('td', { text: 'Tổng' }),
    el('td',
      {
        text: (
          c.partial
          ? `Tổng một phần: chỉ gồm các chỉ số tính được (tối đa ${decimal(c.max_computed)} điểm)`
          : 'Tổng') + extraTotal }), el('td'), el('td'),
    el('td', { class: 'num', 'data-score': 'total',
      text: `${decimal(c.total)}/${decimal(c.partial ? c.max_computed : c.max)}` })));
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...['Mã', 'Chỉ số', 'Tử số/mẫu số', 'Tỷ lệ',
      'Điểm'].map((h) => el('th', { text: h })))),
    el('tbody', {}, ...rows));
}

/** @param {HTMLElement} table @param {Report} r */
export function renderScores(table, r) {
  renderScoreTree(table, r.scores.computed, r.scores.band ? ` — xếp loại ${r.scores.band}` : '');
}

// The national scoreboard's figures for the user's province beside the computed ones (notice I.2).
/** @param {HTMLElement} container @param {Report} r */
export function renderNational(container, r) {
  const n = r.national;
  const why = r.missing.find((m) => m.figure === 'national');
  if (!n) {
    container.replaceChildren(...(why
      ? [el('p', { class: 'warn', 'data-national': 'missing',
        text: `${why.message} (${why.message_en})` })] : []));
    return;
  }
  const change = n.rank_change === null ? '' : n.rank_change > 0 ? `tăng ${n.rank_change} bậc`
    : n.rank_change < 0 ? `giảm ${-n.rank_change} bậc` : 'giữ nguyên';
  const previous = n.previous_rank === null ? 'chưa có bảng điểm kỳ trước'
    : `kỳ trước (${n.previous_period}): hạng ${n.previous_rank}, ${decimal(n.previous_total)} ` +
    `điểm — ${change}, ${n.total_change >= 0 ? '+' : ''}${decimal(n.total_change)} điểm`;
  const diff = (x) => (x === null ? '—' : `${x >= 0 ? '+' : ''}${decimal(x)}`);
  container.replaceChildren(
    el('p', {},
      el('b', { text: `${n.name}${n.period ? ` — bảng điểm DVCQG tháng ${n.period}` : ''}: ` }),
      el('span', { 'data-national': 'total', text: `${decimal(n.total)}/${decimal(n.max)} điểm` }),
      ', xếp hạng ',
      el('span', { 'data-national': 'rank', text: `${n.rank}/${n.of}` }),
      n.band ? `, xếp loại ${n.band}` : '', '.'),
    el('p', { class: 'muted', 'data-national': 'previous', text: previous }),
    scroller('Điểm DVCQG theo nhóm', el('table', { id: 'national-table' },
      el('thead', {}, el('tr', {}, ...['Nhóm chỉ số', 'Điểm DVCQG', 'Điểm tính từ dữ liệu tỉnh',
        'Chênh lệch (DVCQG − tính)'].map((h) => el('th', { text: h })))),
      el('tbody', {},
        ...n.groups.map((g) => el('tr', { 'data-national-group': g.id },
          el('td', { text: `${g.id}. ${g.name} (tối đa ${decimal(g.max)})` }),
          el('td', { class: 'num', text: g.points === null ? '—' : decimal(g.points) }),
          el('td',
            { class: 'num',
              text: `${decimal(g.computed)}${g.computed_partial ? ' (một phần)' : ''}` }),
          el('td', { class: 'num', text: diff(g.difference) }))),
        el('tr', { class: 'group' }, el('td', { text: 'Tổng' }),
          el('td', { class: 'num', text: decimal(n.total) }),
          el('td',
            { class: 'num',
              text: `${decimal(n.computed_total)}${n.computed_partial ? ' (một phần)' : ''}` }),
              el('td', { class: 'num', text: diff(n.difference) }))))));
}


// The provincial export against the DVCQG one: counts, both sides' figures, and the gaps; the
// units and the dossiers are tables of lists.js in #reconciliation-units and
// #reconciliation-dossiers.
/** @param {HTMLElement} container @param {Report} r */
export function renderReconciliation(container, r) {
  const rc = r.reconciliation;
  if (!rc) {
    container.replaceChildren(el('p',
      { class: 'muted',
        text: 'Nạp tệp hồ sơ xuất từ Cổng DVCQG cùng kỳ (ô «Tệp từ Cổng DVCQG» ở mục 1) để đối ' +
        'chiếu từng hồ sơ với Cổng DVC tỉnh.' }));
    return;
  }
  const side = (label, s) => el('tr', {}, el('td', { text: label }),
    el('td', { class: 'num', text: thousands(s.dossiers) }),
    el('td', { class: 'num', text: percent(s.online_on_time_rate) }),
    el('td', { class: 'num', text: percent(s.on_time_rate) }),
    el('td', { class: 'num', text: thousands(s.overdue) }),
    el('td', { class: 'num', text: percent(s.digitization_rate) }),
    el('td', { class: 'num', text: percent(s.online_payment_rate) }));
  const f = rc.by_field;
  container.replaceChildren(
    el('p', {}, el('b', { 'data-rc': 'only_in_provincial',
      text: thousands(rc.only_in_provincial) }),
      ' hồ sơ chỉ có trên Cổng DVC tỉnh (chưa đồng bộ), ',
      el('b', { 'data-rc': 'only_in_national', text: thousands(rc.only_in_national) }),
      ' hồ sơ chỉ có trên Cổng DVCQG, ',
      el('b', { 'data-rc': 'differing', text: thousands(rc.differing) }),
      ` hồ sơ khớp mã nhưng lệch dữ liệu (trên ${thousands(rc.matched)} hồ sơ khớp mã): `,
      differenceFields().map((k) => `${differenceFieldLabel(k)} ${thousands(f[k])}`).join(', '),
      '.'),
    scroller('Số liệu của hai cổng', el('table', {},
      el('thead', {}, el('tr', {}, ...['Nguồn', 'Số hồ sơ', 'Trực tuyến đúng hạn (I.1)',
        'Đúng hạn (2.1)', 'Quá hạn', 'Số hóa',
        'Thanh toán trực tuyến'].map((h) => el('th', { text: h })))),
      el('tbody', {}, side('Cổng DVCQG', rc.national), side('Cổng DVC tỉnh', rc.provincial)))),
    el('h4', { text: 'Chênh lệch từng số liệu và các hồ sơ gây ra' }),
    scroller('Chênh lệch từng số liệu', el('table', { id: 'reconciliation-gaps' },
      el('thead', {}, el('tr', {}, ...['Số liệu', 'Cổng DVCQG', 'Cổng DVC tỉnh',
        'Hồ sơ gây chênh lệch'].map((h) => el('th', { text: h })))),
      el('tbody', {}, ...rc.gaps.map((g) => el('tr', { 'data-gap': g.figure },
        el('td', { text: gapFigureLabel(g.figure) }),
        el('td', { class: 'num', text: percent(g.national) }),
        el('td', { class: 'num', text: percent(g.provincial) }),
        el('td', {
          text: `${thousands(g.only_in_provincial + g.only_in_national + g.differing)} hồ sơ ` +
            `(chỉ DVC tỉnh ${thousands(g.only_in_provincial)}, ` +
            `chỉ DVCQG ${thousands(g.only_in_national)}, lệch ${thousands(g.differing)})` +
            (g.ids.length ? ': ' + g.ids.slice(0, 20).join(', ') : ''),
        })))))),
    el('h4', { text: 'Theo đơn vị' }),
    el('div', { id: 'reconciliation-units' }),
    el('h4',
      {
        text: 'Hồ sơ cần đồng bộ (đủ danh sách cũng trong Phụ lục 6 khi tải ' +
        '.xlsx/.csv của thông báo)' }),
    el('div', { id: 'reconciliation-dossiers' }),
  );
}

// The period against the one before: the province's measures, who rose and fell most, and each
// unit's change.
/** @param {HTMLElement} container @param {Report} r */
export function renderComparison(container, r) {
  const c = r.comparison;
  if (!c) {
    container.replaceChildren(el('p',
      { class: 'muted',
        text: 'Nạp thêm dữ liệu của kỳ trước (cùng tệp hoặc tệp khác) để so sánh.' }));
    return;
  }
  const pair = (p, fmt) => `${fmt(p[0])} → ${fmt(p[1])}`;
  const num = (x) => (x === null || x === undefined ? '—' : thousands(x));
  const score = (x) => (x === null || x === undefined ? '—' : decimal(x));
  const movers = (list, sign) => list.map(
    (m) => `${m.name} (${sign}${decimal(Math.abs(m.score_change))})`).join('; ') || 'không có';
  const p = c.province;
  container.replaceChildren(
    el('p', { 'data-comparison': 'province',
      text: `So với ${c.previous_label}: đúng hạn (2.1) ${pair(p.on_time_rate, percent)}; số hóa ` +
      `${pair(p.digitization_rate, percent)}; thanh toán trực tuyến ` +
      `${pair(p.online_payment_rate, percent)}; hồ sơ quá hạn ${pair(p.overdue, num)}.` }),
    el('p', { 'data-comparison': 'improved',
      text: `Tăng điểm nhiều nhất: ${movers(c.improved, '+')}.` }),
    el('p', { 'data-comparison': 'worsened',
      text: `Giảm điểm nhiều nhất: ${movers(c.worsened, '−')}.` }),
    el('h3', { text: `Từng đơn vị (${thousands(c.units.length)})` }),
    el('div', { id: 'comparison-units' }),
  );
}

/** @param {HTMLElement} table @param {Report} r */
export function renderBlocks(table, r) {
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...['Khối', 'Số đơn vị', 'Đã và đang giải quyết', 'Quá hạn',
      'Đúng hạn (2.1)', 'Số hóa', 'Thanh toán trực tuyến',
      'Điểm ước tính'].map((h) => el('th', { text: h })))),
    el('tbody', {}, ...r.blocks.map((b) => el('tr', { 'data-block': b.key },
      el('td', { text: blockLabel(b.key) }),
      el('td', { class: 'num', text: thousands(b.units) }),
      el('td', { class: 'num', text: thousands(b.handled) }),
      el('td', { class: 'num', text: thousands(b.overdue) }),
      el('td', { class: 'num', text: percent(b.on_time_rate) }),
      el('td', { class: 'num', text: percent(b.digitization_rate) }),
      el('td', { class: 'num', text: percent(b.online_payment_rate) }),
      el('td',
        { class: 'num',
          text: `${decimal(b.scores.total)}${b.scores.partial ? ' (một phần)' : ''}` })))));
}

/** @param {HTMLElement} list @param {{scores: import('./types/report').UnitScores | null}} unit */
export function renderWhatIf(list, unit) {
  const items = (unit.scores?.what_if ?? []).flatMap((w) => w.steps.map((s) => el('li', {
    text: `Chỉ số ${w.indicator} (${w.label}, hiện ${percent(w.rate)}): thêm ` +
      `${thousands(s.more)} ${w.success} để đạt ` +
      `${percent(s.rate)}${s.full_points ? ' (điểm tối đa)' : ''}, được thêm ` +
      `${decimal(s.points_gain)} điểm.`,
  })));
  list.replaceChildren(...(items.length ? items
    : [el('li', { text: 'Đơn vị đã đạt điểm tối đa ở các chỉ số tính được.' })]));
}

/**
 * @param {HTMLElement} container
 * @param {import('./types/report').SourceInfo[]} inputs
 * @param {(index: number) => void} onEditMapping
 */
export function renderInputs(container, inputs, onEditMapping) {
  container.replaceChildren(...inputs.map((i, index) => {
    const ok = i.kind !== 'unusable';
    const what = i.kind === 'dossiers' ? 'hồ sơ' : i.kind === 'national_dossiers'
      ? sourceKindLabel('national_dossiers') : `dòng ${sourceKindLabel(i.kind)}`;
    const summary = ok
      ? `${i.path}: ${thousands(i.rows)} ${what} — ` +
        (i.sheet ? `${sourceFormatLabel(i.format)}, trang tính «${i.sheet}»`
          : i.format === 'html' ? `${sourceFormatLabel(i.format)}, bảng mã ${i.encoding}`
            : `bảng mã ${i.encoding}, dấu phân cách ` +
              `«${i.delimiter === '\t' ? 'Tab' : i.delimiter}»`) +
        `, dòng tiêu đề ${i.header_row}` +
        (i.skipped_rows ? `, bỏ qua ${thousands(i.skipped_rows)} dòng` : '') +
        (i.duplicates ? `, ${thousands(i.duplicates)} mã hồ sơ trùng` : '') +
        (i.problems_total ? `, ${thousands(i.problems_total)} lỗi dữ liệu` : '')
      : `${i.path}: không dùng được`;
    const box = el('details', { class: ok ? '' : 'error', 'data-input': i.path },
      el('summary', { text: summary }));
    for (const w of i.warnings ?? []) box.append(el('p', { class: 'warn', text: w }));
    box.append(el('button', { type: 'button', class: 'secondary edit-mapping',
      onclick: () => onEditMapping(index), text: 'Sửa ánh xạ cột, bảng mã, dòng tiêu đề' }));
    if (ok) {
      const read = i.kind === 'dossiers' || i.kind === 'national_dossiers'
        ? i.mapping.map((m) => `${m.label} ← «${m.column}»`)
        : (i.read_as ?? []).map(([label, column]) => `${label} ← «${column}»`);
      box.append(el('p', { class: 'muted', text: 'Cột đã nhận: ' + read.join('; ') }));
      if (i.personal_columns.length)
        box.append(el('p', { class: 'muted',
          text: 'Cột thông tin cá nhân (được che): ' + i.personal_columns.join(', ') }));
    }
    if (i.problems_total)
      box.append(el('p', { class: 'muted',
        text: `${thousands(i.problems_total)} lỗi dữ liệu: xem bảng «Lỗi dữ liệu» bên ` +
        `dưới${i.problems_total > i.problems.length ? ` ` +
        `(${thousands(i.problems.length)} lỗi đầu tiên)` : ''}.` }));
    if (!ok) box.open = true;
    return box;
  }));
}

export function renderChartTable(table, spec) {
  const fmt = spec.percent ? percent : thousands;
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', { text: 'Đơn vị' }),
      el('th', { class: 'num', text: spec.percent ? 'Tỷ lệ' : 'Số hồ sơ' }))),
    el('tbody', {}, ...spec.bars.map(
      ([name, v]) => el('tr', {}, el('td', { text: name }),
        el('td', { class: 'num', text: fmt(v) })))),
  );
}
