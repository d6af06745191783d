// Turning the report into DOM. Every value from a file reaches the page through textContent or an
// attribute, never as markup, so a unit called "<script>…" stays text.
import { percent, thousands, count, decimal, byName } from './format.js';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// Saves text as a file on the user's machine (a blob: link; nothing leaves the machine).
export function downloadText(name, text, type = 'application/json') {
  downloadBytes(name, text, type);
}

// Saves bytes (or text) as a file on the user's machine.
export function downloadBytes(name, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const BLOCK_LABELS = {
  tinh: 'Cấp tỉnh',
  huyen: 'Cấp huyện',
  xa: 'Cấp xã',
  chi_nhanh: 'Chi nhánh VPĐKĐĐ',
  khong_xac_dinh: 'Chưa xác định',
};
export const blockLabel = (key) => BLOCK_LABELS[key] ?? key;

function byBlock(map) {
  return Object.keys(BLOCK_LABELS)
    .map((k) => [k, map[k] ?? 0])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${blockLabel(k)}: ${count(n)}`)
    .join('; ') || 'không có';
}

function card(title, figure, value, lines) {
  return el('div', { class: 'card' },
    el('h3', { text: title }),
    el('div', { class: 'big', 'data-figure': figure, text: value }),
    ...lines.map((l) => el('div', { class: 'muted', text: l })));
}

export function renderCards(container, r) {
  const p = r.province;
  const d = r.digitization;
  const op = r.online_payment;
  const o = r.overdue;
  container.replaceChildren(
    card('I.1 Hồ sơ trực tuyến xử lý đúng hạn', 'online_on_time_rate', percent(p.online_on_time_rate), [
      `Trễ hạn: ${percent(p.online_late_rate)}`,
      `Trên ${thousands(p.online_completed)} hồ sơ trực tuyến đã xử lý`,
    ]),
    card('I.3 Tỷ lệ số hóa hồ sơ', 'digitization_rate', percent(p.digitization_rate), [
      `${count(d.units_below)} đơn vị dưới ${percent(d.threshold)} (${byBlock(d.units_below_by_block)})`,
      `${thousands(p.digitised)} / ${thousands(p.received)} hồ sơ tiếp nhận trong kỳ`,
    ]),
    card('I.3 Tỷ lệ thanh toán trực tuyến', 'online_payment_rate', percent(p.online_payment_rate), [
      `${count(op.units_below)} đơn vị dưới ${percent(op.threshold)} (${byBlock(op.units_below_by_block)})`,
      `${count(op.units_near_zero)} đơn vị từ 0% đến dưới ${percent(op.near_zero_threshold)}`,
      `${thousands(p.paid_online)} / ${thousands(p.fee_due)} hồ sơ có phí, lệ phí`,
    ]),
    card('I.4 Hồ sơ quá hạn', 'overdue_total', thousands(o.total), [
      `Tỷ lệ: ${percent(o.rate)} hồ sơ đã và đang giải quyết`,
      `${count(o.units_with_overdue)} đơn vị có hồ sơ quá hạn; ${count(o.units_over_threshold)} đơn vị có trên ${count(o.more_than)} hồ sơ`,
    ]),
    card('Chỉ số 2.1 Tiến độ giải quyết', 'on_time_rate', percent(p.on_time_rate), [
      `${p.on_time_points === null ? '—' : decimal(p.on_time_points)}/${decimal(p.on_time_max)} điểm`,
      `${thousands(p.handled)} hồ sơ đã và đang giải quyết`,
    ]),
  );
}

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
    el('thead', {}, el('tr', {}, el('th', { text: 'Tình trạng' }), el('th', { class: 'num', text: 'Số hồ sơ' }))),
    el('tbody', {}, ...rows.map(([label, n, key]) =>
      el('tr', {}, el('td', { text: label }), el('td', { class: 'num', 'data-figure': key || undefined, text: thousands(n) })))),
  );
  if (p.without_progress > 0) {
    table.append(el('caption', { class: 'warn', text: `${thousands(p.without_progress)} hồ sơ có ngày hoặc trạng thái không đọc được, không tính vào tiến độ (xem lỗi dữ liệu ở mục 1).` }));
  }
}

// The indicator tree of a score set (the province, a block or a unit): groups, indicators with
// numerator/denominator, rate and points, and the total, partial when some input is missing.
export function renderScoreTree(table, c, extraTotal = '') {
  if (!c) { table.replaceChildren(); return; }
  const rows = [];
  for (const g of c.groups) {
    rows.push(el('tr', { class: 'group' }, el('td', { text: g.id }), el('td', { text: g.label }), el('td'), el('td'),
      el('td', { class: 'num', 'data-score': g.id, text: `${decimal(g.points)}/${decimal(g.max)}${g.partial ? ' (một phần)' : ''}` })));
    for (const i of g.indicators) {
      rows.push(el('tr', { 'data-score-row': i.id, class: i.applies === false ? 'muted' : undefined },
        el('td', { text: i.id }),
        el('td', { text: i.label }),
        el('td', { class: 'num', text: i.denominator === null || i.applies === false ? '' : `${thousands(i.numerator)}/${thousands(i.denominator)}` }),
        el('td', { class: 'num', text: i.rate === null ? '' : percent(i.rate) }),
        el('td', { class: i.points === null ? 'muted' : 'num', 'data-score': i.id, text: i.points === null ? i.missing : `${decimal(i.points)}/${decimal(i.max)}${i.missing ? ` (${i.missing})` : ''}` })));
    }
  }
  rows.push(el('tr', { class: 'group' }, el('td', { text: 'Tổng' }), el('td', { text: (c.partial ? `Tổng một phần: chỉ gồm các chỉ số tính được (tối đa ${decimal(c.max_computed)} điểm)` : 'Tổng') + extraTotal }), el('td'), el('td'),
    el('td', { class: 'num', 'data-score': 'total', text: `${decimal(c.total)}/${decimal(c.partial ? c.max_computed : 100)}` })));
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...['Mã', 'Chỉ số', 'Tử số/mẫu số', 'Tỷ lệ', 'Điểm'].map((h) => el('th', { text: h })))),
    el('tbody', {}, ...rows));
}

export function renderScores(table, r) {
  renderScoreTree(table, r.scores.computed, r.scores.band ? ` — xếp loại ${r.scores.band}` : '');
}

// The national scoreboard's figures for the user's province beside the computed ones (notice I.2).
export function renderNational(container, r) {
  const n = r.national;
  const why = r.missing.find((m) => m.figure === 'national');
  if (!n) {
    container.replaceChildren(...(why ? [el('p', { class: 'warn', 'data-national': 'missing', text: `${why.message} (${why.message_en})` })] : []));
    return;
  }
  const change = n.rank_change === null ? '' : n.rank_change > 0 ? `tăng ${n.rank_change} bậc` : n.rank_change < 0 ? `giảm ${-n.rank_change} bậc` : 'giữ nguyên';
  const previous = n.previous_rank === null ? 'chưa có bảng điểm kỳ trước' : `kỳ trước (${n.previous_period}): hạng ${n.previous_rank}, ${decimal(n.previous_total)} điểm — ${change}, ${n.total_change >= 0 ? '+' : ''}${decimal(n.total_change)} điểm`;
  const diff = (x) => (x === null ? '—' : `${x >= 0 ? '+' : ''}${decimal(x)}`);
  container.replaceChildren(
    el('p', {},
      el('b', { text: `${n.name}${n.period ? ` — bảng điểm DVCQG tháng ${n.period}` : ''}: ` }),
      el('span', { 'data-national': 'total', text: `${decimal(n.total)}/100 điểm` }), ', xếp hạng ',
      el('span', { 'data-national': 'rank', text: `${n.rank}/${n.of}` }),
      n.band ? `, xếp loại ${n.band}` : '', '.'),
    el('p', { class: 'muted', 'data-national': 'previous', text: previous }),
    el('table', { id: 'national-table' },
      el('thead', {}, el('tr', {}, ...['Nhóm chỉ số', 'Điểm DVCQG', 'Điểm tính từ dữ liệu tỉnh', 'Chênh lệch (DVCQG − tính)'].map((h) => el('th', { text: h })))),
      el('tbody', {},
        ...n.groups.map((g) => el('tr', { 'data-national-group': g.id },
          el('td', { text: `${g.id}. ${g.name} (tối đa ${decimal(g.max)})` }),
          el('td', { class: 'num', text: g.points === null ? '—' : decimal(g.points) }),
          el('td', { class: 'num', text: `${decimal(g.computed)}${g.computed_partial ? ' (một phần)' : ''}` }),
          el('td', { class: 'num', text: diff(g.difference) }))),
        el('tr', { class: 'group' }, el('td', { text: 'Tổng' }), el('td', { class: 'num', text: decimal(n.total) }),
          el('td', { class: 'num', text: `${decimal(n.computed_total)}${n.computed_partial ? ' (một phần)' : ''}` }), el('td', { class: 'num', text: diff(n.difference) })))));
}

// Phụ lục "Theo dõi chỉ số 766 của các đơn vị": group points, total, rank within the block and
// xếp loại of each unit, block by block in rank order.
export function renderUnitScores(table, units, onPick) {
  const scored = units.filter((u) => u.scores);
  const groups = scored.length ? scored[0].scores.groups : [];
  const order = Object.keys(BLOCK_LABELS);
  const rows = scored.slice().sort((a, b) => order.indexOf(a.block) - order.indexOf(b.block) || a.scores.rank_in_block - b.scores.rank_in_block || byName(a.name, b.name));
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...['Đơn vị', 'Khối', ...groups.map((g) => `${g.id}. ${g.label}`), 'Tổng', 'Hạng trong khối', 'Xếp loại'].map((h) => el('th', { text: h })))),
    el('tbody', {}, ...rows.map((u) => el('tr', { class: 'clickable', 'data-unit-score': u.name, onclick: () => onPick(u) },
      el('td', { text: u.name }),
      el('td', { text: blockLabel(u.block) }),
      ...u.scores.groups.map((g) => el('td', { class: 'num', text: `${decimal(g.points)}${g.partial ? '*' : ''}` })),
      el('td', { class: 'num', text: `${decimal(u.scores.total)}${u.scores.partial ? '*' : ''}` }),
      el('td', { class: 'num', text: `${u.scores.rank_in_block}/${u.scores.of_in_block}` }),
      el('td', { text: u.scores.band ?? '—' })))));
  if (scored.some((u) => u.scores.partial)) {
    table.append(el('caption', { class: 'muted', text: '* một phần: có chỉ số chưa có dữ liệu (xem «Cách tính»); xếp loại chỉ cho tổng điểm đầy đủ.' }));
  }
}

// Notice I.5: the publication lines due in the period, late ones in red.
export function renderPublication(table, r) {
  if (!r.publication_loaded) {
    table.replaceChildren(el('caption', { class: 'muted', text: 'Chưa nạp tệp theo dõi công bố TTHC.' }));
    return;
  }
  const vi = (iso) => (iso ? iso.split('-').reverse().join('/') : '');
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...['STT', 'Cơ quan', 'Nội dung công bố', 'Văn bản triển khai', 'Hạn', 'Ngày trình', 'Ngày công khai', 'Tình trạng', 'Dòng'].map((h) => el('th', { text: h })))),
    el('tbody', {}, ...r.publication.map((l, i) => el('tr', { class: l.on_time ? undefined : 'below' },
      el('td', { class: 'num', text: i + 1 }), el('td', { text: l.agency }), el('td', { text: l.content }), el('td', { text: l.dispatch }),
      el('td', { text: vi(l.deadline) }), el('td', { text: vi(l.submitted) }), el('td', { text: vi(l.published) }),
      el('td', { text: l.on_time ? 'Đúng hạn' : l.submitted ? `Trễ ${l.days_late} ngày` : 'Chưa trình' }),
      el('td', { class: 'num', text: l.row })))));
}

const FIELD_LABELS = { status: 'trạng thái', finish_date: 'ngày kết thúc', on_time: 'tiến độ', channel: 'kênh nộp', paid_online: 'thanh toán trực tuyến' };
const GAP_LABELS = { online_on_time_rate: 'Đúng hạn hồ sơ trực tuyến (I.1)', on_time_rate: 'Đúng hạn (2.1)', online_payment_rate: 'Thanh toán trực tuyến (I.3)' };
const KIND_LABELS_RC = { only_in_provincial: 'Chỉ có trên Cổng DVC tỉnh (chưa đồng bộ)', only_in_national: 'Chỉ có trên Cổng DVCQG', differs: 'Lệch dữ liệu' };

// The provincial export against the DVCQG one: counts, both sides' figures, per unit, and the
// dossiers (the first 500 on screen; every one in the .xlsx/.csv of Phụ lục 6).
export function renderReconciliation(container, r) {
  const rc = r.reconciliation;
  if (!rc) {
    container.replaceChildren(el('p', { class: 'muted', text: 'Nạp tệp hồ sơ xuất từ Cổng DVCQG cùng kỳ (ô «Tệp từ Cổng DVCQG» ở mục 1) để đối chiếu từng hồ sơ với Cổng DVC tỉnh.' }));
    return;
  }
  const side = (label, s) => el('tr', {}, el('td', { text: label }), el('td', { class: 'num', text: thousands(s.dossiers) }), el('td', { class: 'num', text: percent(s.online_on_time_rate) }),
    el('td', { class: 'num', text: percent(s.on_time_rate) }), el('td', { class: 'num', text: thousands(s.overdue) }), el('td', { class: 'num', text: percent(s.digitization_rate) }), el('td', { class: 'num', text: percent(s.online_payment_rate) }));
  const f = rc.by_field;
  container.replaceChildren(
    el('p', {}, el('b', { 'data-rc': 'only_in_provincial', text: thousands(rc.only_in_provincial) }), ' hồ sơ chỉ có trên Cổng DVC tỉnh (chưa đồng bộ), ',
      el('b', { 'data-rc': 'only_in_national', text: thousands(rc.only_in_national) }), ' hồ sơ chỉ có trên Cổng DVCQG, ',
      el('b', { 'data-rc': 'differing', text: thousands(rc.differing) }), ` hồ sơ khớp mã nhưng lệch dữ liệu (trên ${thousands(rc.matched)} hồ sơ khớp mã): `,
      Object.entries(FIELD_LABELS).map(([k, label]) => `${label} ${thousands(f[k])}`).join(', '), '.'),
    el('table', {},
      el('thead', {}, el('tr', {}, ...['Nguồn', 'Số hồ sơ', 'Trực tuyến đúng hạn (I.1)', 'Đúng hạn (2.1)', 'Quá hạn', 'Số hóa', 'Thanh toán trực tuyến'].map((h) => el('th', { text: h })))),
      el('tbody', {}, side('Cổng DVCQG', rc.national), side('Cổng DVC tỉnh', rc.provincial))),
    el('h4', { text: 'Chênh lệch từng số liệu và các hồ sơ gây ra' }),
    el('table', { id: 'reconciliation-gaps' },
      el('thead', {}, el('tr', {}, ...['Số liệu', 'Cổng DVCQG', 'Cổng DVC tỉnh', 'Hồ sơ gây chênh lệch'].map((h) => el('th', { text: h })))),
      el('tbody', {}, ...rc.gaps.map((g) => el('tr', { 'data-gap': g.figure },
        el('td', { text: GAP_LABELS[g.figure] ?? g.figure }), el('td', { class: 'num', text: percent(g.national) }), el('td', { class: 'num', text: percent(g.provincial) }),
        el('td', { text: `${thousands(g.only_in_provincial + g.only_in_national + g.differing)} hồ sơ (chỉ DVC tỉnh ${thousands(g.only_in_provincial)}, chỉ DVCQG ${thousands(g.only_in_national)}, lệch ${thousands(g.differing)})${g.ids.length ? ': ' + g.ids.slice(0, 20).join(', ') : ''}` }))))),
    el('h4', { text: 'Theo đơn vị' }),
    el('table', { id: 'reconciliation-units' },
      el('thead', {}, el('tr', {}, ...['Đơn vị', 'Chỉ có trên DVC tỉnh', 'Chỉ có trên DVCQG', 'Lệch dữ liệu'].map((h) => el('th', { text: h })))),
      el('tbody', {}, ...rc.units.map((u) => el('tr', {}, el('td', { text: u.name }), el('td', { class: 'num', text: thousands(u.only_in_provincial) }), el('td', { class: 'num', text: thousands(u.only_in_national) }), el('td', { class: 'num', text: thousands(u.differing) }))))),
    el('h4', { text: `Hồ sơ cần đồng bộ (${thousands(rc.dossiers.length)}${rc.dossiers.length > 500 ? '; 500 hồ sơ đầu, đủ danh sách trong Phụ lục 6 khi tải .xlsx/.csv' : ''})` }),
    el('table', { id: 'reconciliation-dossiers' },
      el('thead', {}, el('tr', {}, ...['Đơn vị', 'Mã hồ sơ', 'Dòng', 'Loại', 'Khác biệt (DVC tỉnh → DVCQG)'].map((h) => el('th', { text: h })))),
      el('tbody', {}, ...rc.dossiers.slice(0, 500).map((d) => el('tr', { 'data-rc-id': d.id },
        el('td', { text: d.unit }), el('td', { text: d.id }), el('td', { class: 'num', text: d.row }), el('td', { text: KIND_LABELS_RC[d.kind] ?? d.kind }),
        el('td', { text: d.fields.map((x) => `${FIELD_LABELS[x.field] ?? x.field}: ${x.provincial || '(trống)'} → ${x.national || '(trống)'}`).join('; ') }))))),
  );
}

// The period against the one before: the province's measures, who rose and fell most, and each
// unit's change.
export function renderComparison(container, r) {
  const c = r.comparison;
  if (!c) {
    container.replaceChildren(el('p', { class: 'muted', text: 'Nạp thêm dữ liệu của kỳ trước (cùng tệp hoặc tệp khác) để so sánh.' }));
    return;
  }
  const pair = (p, fmt) => `${fmt(p[0])} → ${fmt(p[1])}`;
  const num = (x) => (x === null || x === undefined ? '—' : thousands(x));
  const score = (x) => (x === null || x === undefined ? '—' : decimal(x));
  const movers = (list, sign) => list.map((m) => `${m.name} (${sign}${decimal(Math.abs(m.score_change))})`).join('; ') || 'không có';
  const p = c.province;
  container.replaceChildren(
    el('p', { 'data-comparison': 'province', text: `So với ${c.previous_label}: đúng hạn (2.1) ${pair(p.on_time_rate, percent)}; số hóa ${pair(p.digitization_rate, percent)}; thanh toán trực tuyến ${pair(p.online_payment_rate, percent)}; hồ sơ quá hạn ${pair(p.overdue, num)}.` }),
    el('p', { 'data-comparison': 'improved', text: `Tăng điểm nhiều nhất: ${movers(c.improved, '+')}.` }),
    el('p', { 'data-comparison': 'worsened', text: `Giảm điểm nhiều nhất: ${movers(c.worsened, '−')}.` }),
    el('details', {}, el('summary', { text: `Từng đơn vị (${c.units.length})` }),
      el('table', { id: 'comparison-units' },
        el('thead', {}, el('tr', {}, ...['Đơn vị', 'Khối', 'Đúng hạn (2.1)', 'Số hóa', 'Thanh toán trực tuyến', 'Quá hạn', 'Điểm ước tính', 'Hạng trong khối'].map((h) => el('th', { text: h })))),
        el('tbody', {}, ...c.units.map((u) => el('tr', {},
          el('td', { text: u.name }), el('td', { text: blockLabel(u.block) }),
          el('td', { class: 'num', text: pair(u.on_time_rate, percent) }), el('td', { class: 'num', text: pair(u.digitization_rate, percent) }),
          el('td', { class: 'num', text: pair(u.online_payment_rate, percent) }), el('td', { class: 'num', text: pair(u.overdue, num) }),
          el('td', { class: 'num', text: pair(u.score, score) }), el('td', { class: 'num', text: pair(u.rank_in_block, num) })))))),
  );
}

export function renderBlocks(table, r) {
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...['Khối', 'Số đơn vị', 'Đã và đang giải quyết', 'Quá hạn', 'Đúng hạn (2.1)', 'Số hóa', 'Thanh toán trực tuyến', 'Điểm ước tính'].map((h) => el('th', { text: h })))),
    el('tbody', {}, ...r.blocks.map((b) => el('tr', { 'data-block': b.key },
      el('td', { text: blockLabel(b.key) }),
      el('td', { class: 'num', text: thousands(b.units) }),
      el('td', { class: 'num', text: thousands(b.handled) }),
      el('td', { class: 'num', text: thousands(b.overdue) }),
      el('td', { class: 'num', text: percent(b.on_time_rate) }),
      el('td', { class: 'num', text: percent(b.digitization_rate) }),
      el('td', { class: 'num', text: percent(b.online_payment_rate) }),
      el('td', { class: 'num', text: `${decimal(b.scores.total)}${b.scores.partial ? ' (một phần)' : ''}` })))));
}

export function renderWhatIf(list, unit) {
  const items = (unit.scores?.what_if ?? []).flatMap((w) => w.steps.map((s) => el('li', {
    text: `Chỉ số ${w.indicator} (${w.label}, hiện ${percent(w.rate)}): thêm ${thousands(s.more)} ${w.success} để đạt ${percent(s.rate)}${s.full_points ? ' (điểm tối đa)' : ''}, được thêm ${decimal(s.points_gain)} điểm.`,
  })));
  list.replaceChildren(...(items.length ? items : [el('li', { text: 'Đơn vị đã đạt điểm tối đa ở các chỉ số tính được.' })]));
}

export const UNIT_COLUMNS = [
  { key: 'name', label: 'Đơn vị', text: true },
  { key: 'block', label: 'Khối', text: true, format: blockLabel },
  { key: 'handled', label: 'Đã và đang giải quyết', format: thousands },
  { key: 'overdue', label: 'Quá hạn', format: thousands },
  { key: 'on_time_rate', label: 'Tỷ lệ đúng hạn (2.1)', format: percent },
  { key: 'online_on_time_rate', label: 'Trực tuyến đúng hạn', format: percent },
  { key: 'digitization_rate', label: 'Số hóa', format: percent, threshold: 'digitization' },
  { key: 'online_payment_rate', label: 'Thanh toán trực tuyến', format: percent, threshold: 'online_payment' },
  { key: 'score', label: 'Điểm ước tính', format: (v) => (v === null ? '—' : decimal(v)) },
  { key: 'rank', label: 'Hạng trong khối', format: (v) => v ?? '—' },
];

// Sortable values of a unit row, including the nested scores.
export function unitValue(u, key) {
  if (key === 'score') return u.scores?.total ?? null;
  if (key === 'rank') return u.scores ? u.scores.rank_in_block : null;
  return u[key];
}

export function renderUnits(table, units, report, sort, onSort, onPick, selected) {
  const head = el('tr', {}, ...UNIT_COLUMNS.map((c) => {
    const mark = sort.key === c.key ? (sort.dir > 0 ? ' ▲' : ' ▼') : '';
    return el('th', { 'data-sort': c.key, class: c.text ? '' : 'num', onclick: () => onSort(c.key), text: c.label + mark });
  }));
  const body = units.map((u) => el('tr', {
    class: 'clickable' + (u.index === selected ? ' selected' : ''),
    'data-unit': u.index,
    onclick: () => onPick(u),
  }, ...UNIT_COLUMNS.map((c) => {
    const v = unitValue(u, c.key);
    const below = c.threshold && v !== null && v < report[c.threshold].threshold;
    const shown = c.key === 'rank' && u.scores ? `${u.scores.rank_in_block}/${u.scores.of_in_block}` : c.format ? c.format(v) : v;
    return el('td', { class: (c.text ? '' : 'num') + (below ? ' below' : ''), text: shown });
  })));
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
}

export function renderOverdue(table, dossiers) {
  const personal = dossiers.length ? dossiers[0].personal.map(([h]) => h) : [];
  const head = ['Mã hồ sơ', 'Dòng', 'Thủ tục', 'Ngày tiếp nhận', 'Ngày hẹn trả', 'Ngày kết thúc', 'Tình trạng', 'Số ngày quá hạn', ...personal];
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { text: h })))),
    el('tbody', {}, ...dossiers.map((d) => el('tr', {},
      el('td', { text: d.id }),
      el('td', { class: 'num', text: d.row }),
      el('td', { text: d.procedure }),
      el('td', { text: d.received }),
      el('td', { text: d.due ?? '' }),
      el('td', { text: d.ended ?? '' }),
      el('td', { text: d.kind === 'completed_late' ? 'Đã xử lý trễ hạn' : 'Đang xử lý quá hạn' }),
      el('td', { class: 'num', text: d.days_late }),
      ...d.personal.map(([, v]) => el('td', { class: 'personal', text: v }))))),
  );
}

const KIND_LABELS = {
  national_dossiers: 'hồ sơ Cổng DVCQG (đối chiếu)',
  procedures: 'danh mục TTHC',
  units: 'danh mục đơn vị',
  feedback: 'phản ánh, kiến nghị (PAKN)',
  scoreboard: 'bảng điểm DVCQG',
  publication: 'theo dõi công bố TTHC',
};

export function renderInputs(container, inputs, onEditMapping) {
  container.replaceChildren(...inputs.map((i, index) => {
    const ok = i.kind !== 'unusable';
    const what = i.kind === 'dossiers' ? 'hồ sơ' : i.kind === 'national_dossiers' ? 'hồ sơ của Cổng DVCQG (đối chiếu)' : `dòng ${KIND_LABELS[i.kind] ?? i.kind}`;
    const summary = ok
      ? `${i.path}: ${thousands(i.rows)} ${what} — ` +
        (i.format === 'xlsx' ? `Excel, trang tính «${i.sheet}»` : `bảng mã ${i.encoding}, dấu phân cách «${i.delimiter === '\t' ? 'Tab' : i.delimiter}»`) +
        `, dòng tiêu đề ${i.header_row}` +
        (i.skipped_rows ? `, bỏ qua ${thousands(i.skipped_rows)} dòng` : '') +
        (i.duplicates ? `, ${thousands(i.duplicates)} mã hồ sơ trùng` : '') +
        (i.problems_total ? `, ${thousands(i.problems_total)} lỗi dữ liệu` : '')
      : `${i.path}: không dùng được`;
    const box = el('details', { class: ok ? '' : 'error', 'data-input': i.path }, el('summary', { text: summary }));
    for (const w of i.warnings ?? []) box.append(el('p', { class: 'warn', text: w }));
    box.append(el('button', { type: 'button', class: 'secondary edit-mapping', onclick: () => onEditMapping(index), text: 'Sửa ánh xạ cột, bảng mã, dòng tiêu đề' }));
    if (ok) {
      const read = i.kind === 'dossiers' || i.kind === 'national_dossiers' ? i.mapping.map((m) => `${m.label} ← «${m.column}»`) : (i.read_as ?? []).map(([label, column]) => `${label} ← «${column}»`);
      box.append(el('p', { class: 'muted', text: 'Cột đã nhận: ' + read.join('; ') }));
      if (i.personal_columns.length) box.append(el('p', { class: 'muted', text: 'Cột thông tin cá nhân (được che): ' + i.personal_columns.join(', ') }));
    }
    if (i.problems.length) {
      box.append(el('table', { class: 'problems' },
        el('thead', {}, el('tr', {}, el('th', { text: 'Dòng' }), el('th', { text: 'Cột' }), el('th', { text: 'Lỗi' }))),
        el('tbody', {}, ...i.problems.map((p) => el('tr', {},
          el('td', { class: 'num', text: p.row ?? '' }), el('td', { text: p.column ?? '' }), el('td', { text: `${p.message} (${p.message_en})` }))))));
      if (i.problems_total > i.problems.length) box.append(el('p', { class: 'muted', text: `… và ${thousands(i.problems_total - i.problems.length)} lỗi khác` }));
      if (!ok) box.open = true;
    }
    return box;
  }));
}

export function renderChartTable(table, spec) {
  const fmt = spec.percent ? percent : thousands;
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', { text: 'Đơn vị' }), el('th', { class: 'num', text: spec.percent ? 'Tỷ lệ' : 'Số hồ sơ' }))),
    el('tbody', {}, ...spec.bars.map(([name, v]) => el('tr', {}, el('td', { text: name }), el('td', { class: 'num', text: fmt(v) })))),
  );
}
