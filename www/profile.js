// The methodology profile on the page: the "Cách tính" table generated from it, with targets and
// thresholds the user may change, export and import. Checked by the wasm (checkProfile) before
// use; a bad file is refused with the field named and the previous profile kept.
import { el, downloadText } from './dom.js';
import { indicatorInputLabel, blockName } from './labels.js';
import { decimal } from './format.js';

const STORE_KEY = 'chiso766.profile.v1';

export function loadProfile(defaultJson) {
  const stored = localStorage.getItem(STORE_KEY);
  if (!stored) return defaultJson;
  // A profile stored by a page from before holidays were part of it takes the default list: read
  // as none, Tết would count as working days in the early warning.
  try {
    const p = JSON.parse(stored);
    if (p && typeof p === 'object' && !('holidays' in p)) {
      p.holidays = JSON.parse(defaultJson).holidays;
      return JSON.stringify(p, null, 2);
    }
  } catch {
    // Not JSON: checkProfile refuses it and the defaults are used.
  }
  return stored;
}

export function saveProfile(json, defaultJson) {
  if (json === defaultJson) localStorage.removeItem(STORE_KEY);
  else localStorage.setItem(STORE_KEY, json);
}

// The formula in words: numerator over denominator, the input it comes from, where it applies.
/**
 * @param {{numerator: string, denominator: string} | undefined} c
 * @param {import('./types/report').Indicator} ind
 */
function formula(c, ind) {
  const parts = [];
  if (c) parts.push(`${c.numerator} / ${c.denominator}`);
  parts.push(`nguồn: ${indicatorInputLabel(ind.input)}`);
  if (ind.levels?.length)
    parts.push(`đơn vị ${ind.levels.map(blockName).join(', ')}; đơn vị khối khác được điểm tối đa`);
  if (ind.max === 0) parts.push('chỉ theo dõi, không tính điểm');
  if (ind.note) parts.push(ind.note);
  return parts.join(' — ');
}

const vi = (iso) => iso.split('-').reverse().join('/');

// The days off (ISO dates) besides weekends, which the early warning does not count as working
// days: listed, each with a button to remove it, and a date field to add one. Changes wait for
// "Áp dụng phương pháp tính", as the other fields do.
function holidayEditor(initial) {
  const dates = [...new Set(initial)].sort();
  const list = el('ul', { class: 'holidays', id: 'holiday-list',
    'aria-label': 'Ngày nghỉ lễ, Tết' });
  const summary = el('summary');
  const add = el('input', { type: 'date', id: 'holiday-add' });
  const message = el('span', { class: 'muted', role: 'status' });
  const draw = () => {
    const years = [...new Set(dates.map((d) => d.slice(0, 4)))];
    summary.textContent =
      `Ngày nghỉ lễ, Tết không tính là ngày làm việc: ${dates.length} ngày${years.length ? ` ` +
      `(năm ${years.join(', ')})` : ''}`;
    list.replaceChildren(...dates.map((d, i) => el('li', { 'data-holiday': d },
      el('span', { text: vi(d) }),
      el('button', { type: 'button', class: 'secondary', 'aria-label': `Xóa ngày nghỉ ${vi(d)}`,
        text: 'Xóa', onclick: () => remove(i) }))));
  };
  const remove = (i) => {
    const [d] = dates.splice(i, 1);
    draw();
    message.textContent = `Đã bỏ ngày ${vi(d)}; nhấn «Áp dụng phương pháp tính» để dùng.`;
    // The keyboard stays in the list: on the day that took this one's place, else on the field.
    (list.querySelectorAll('button')[Math.min(i, dates.length - 1)] ?? add).focus();
  };
  const addDate = () => {
    const d = add.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) {
      message.textContent = 'Hãy chọn một ngày.';
      return;
    }
    if (!dates.includes(d)) {
      dates.push(d);
      dates.sort();
    }
    draw();
    message.textContent = `Đã thêm ngày ${vi(d)}; nhấn «Áp dụng phương pháp tính» để dùng.`;
    add.value = '';
    add.focus();
  };
  add.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addDate();
    }
  });
  draw();
  const node = el('details', { id: 'holidays-details' }, summary,
    el('p',
      { class: 'muted',
        text: 'Ngoài thứ Bảy, Chủ nhật, các ngày này không tính là ngày làm việc khi xác định hồ ' +
        'sơ sắp đến hạn (cảnh báo sớm). Năm không có ngày nào trong danh sách thì cảnh báo sớm ' +
        'ghi chú để kiểm tra lại. Ngày làm bù vào thứ Bảy không được tính.' }),
    list,
    el('div', { class: 'row' },
      el('label', {}, 'Thêm ngày nghỉ ', add),
      el('button', { type: 'button', class: 'secondary', id: 'holiday-add-button', text: 'Thêm',
        onclick: addDate }),
      message));
  return { node, dates: () => [...dates] };
}

const percentInput = (name, value, label) => el('input',
  { type: 'number', min: 0, max: 100, step: 'any', 'data-name': name,
    value: String(Math.round(value * 10000) / 100), class: 'narrow', 'aria-label': label });

// Renders the editor; onApply(json) gets a checked profile.
export function renderProfile(container, json, defaultJson, check, computations, onApply) {
  /** @type {import('./types/report').Profile} */
  const p = JSON.parse(json);
  const byName = new Map(computations.map((c) => [c.name, c]));
  const error = el('p', { class: 'error', role: 'alert' });
  const targets = new Map();
  const rows = [];
  for (const g of p.groups) {
    const max = g.indicators.reduce((a, i) => a + i.max, 0);
    rows.push(el('tr', { class: 'group' }, el('td', { text: g.id }), el('td', { text: g.label }),
      el('td', { class: 'num', text: decimal(max) }), el('td'), el('td'), el('td')));
    for (const ind of g.indicators) {
      const input = percentInput(ind.id, ind.target, `Mức đạt tối đa (%) của chỉ số ${ind.id}`);
      targets.set(ind.id, input);
      rows.push(el('tr', { 'data-indicator': ind.id },
        el('td', { text: ind.id }),
        el('td', { text: ind.label }),
        el('td', { class: 'num', text: decimal(ind.max) }),
        el('td', { class: 'num' }, input, '%'),
        el('td', { text: ind.status === 'C' ? '[C] nguồn công khai'
          : '[D] mặc định của chiso766' }),
        el('td', { text: formula(byName.get(ind.computation), ind) })));
    }
  }
  const t = p.thresholds;
  const thresholds = {
    digitization_below: percentInput('digitization_below', t.digitization_below,
      'Ngưỡng số hóa (%)'),
    online_payment_below: percentInput('online_payment_below', t.online_payment_below,
      'Ngưỡng thanh toán trực tuyến (%)'),
    online_payment_near_zero: percentInput('online_payment_near_zero', t.online_payment_near_zero,
      'Ngưỡng gần 0% của thanh toán trực tuyến (%)'),
  };
  const overdueMore = el('input', { type: 'number', min: 0, step: 1, value: t.overdue_more_than,
    class: 'narrow', 'data-name': 'overdue_more_than' });
  const dueSoon = el('input', { type: 'number', min: 1, max: 60, step: 1,
    value: t.due_soon_working_days, class: 'narrow', 'data-name': 'due_soon_working_days',
    id: 'profile-due-soon' });
  const holidays = holidayEditor(p.holidays ?? []);

  const build = () => {
    const q = JSON.parse(json);
    for (const g of q.groups) for (const ind of g.indicators)
      ind.target = Number(targets.get(ind.id).value) / 100;
    for (const [k, input] of Object.entries(thresholds))
      q.thresholds[k] = Number(input.value) / 100;
    q.thresholds.overdue_more_than = Math.max(0, Math.round(Number(overdueMore.value)));
    q.thresholds.due_soon_working_days = Math.round(Number(dueSoon.value));
    q.holidays = holidays.dates();
    return JSON.stringify(q, null, 2);
  };
  const apply = (text) => {
    try {
      const checked = check(text);
      saveProfile(checked, defaultJson);
      error.textContent = '';
      onApply(checked);
    } catch (e) {
      error.textContent = `${e.message} (${e.message_en})`;
    }
  };
  const importInput = el('input', { type: 'file', accept: '.json,application/json', hidden: true,
    id: 'profile-import', 'aria-label': 'Tệp phương pháp tính' });
  importInput.addEventListener('change', async () => {
    apply(await importInput.files[0].text());
    importInput.value = '';
  });
  const download = () => downloadText(`phuong-phap-tinh-${p.id}.json`, build());

  container.replaceChildren(
    el('p',
      { class: 'muted',
        text: `${p.label} (${p.id}). Điểm = điểm tối đa × min(1, tỷ lệ / mức đạt tối đa); nhóm = ` +
        `tổng các chỉ số; tổng = tổng các nhóm; làm tròn 2 chữ số chỉ khi hiển thị. Chỉ số không ` +
        `có dữ liệu được bỏ ra khỏi tổng và tổng được ghi là «một phần». Chỉ số không phát sinh ` +
        `hồ sơ ở mẫu số được điểm tối đa [D].` }),
    el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Bộ chỉ số' },
      el('table', { id: 'profile-table' },
      el('thead', {}, el('tr', {}, ...['Mã', 'Chỉ số', 'Điểm tối đa', 'Mức đạt tối đa',
        'Trạng thái', 'Cách tính (tử số / mẫu số), dữ liệu'].map((h) => el('th', { text: h })))),
      el('tbody', {}, ...rows))),
    el('div', { class: 'row' },
      el('label', {}, 'Ngưỡng số hóa dưới ', thresholds.digitization_below, '%'),
      el('label', {}, 'Ngưỡng thanh toán trực tuyến dưới ', thresholds.online_payment_below, '%'),
      el('label', {}, 'trong đó từ 0% đến dưới ', thresholds.online_payment_near_zero, '%'),
      el('label', {}, 'Đơn vị có trên ', overdueMore, ' hồ sơ quá hạn')),
    el('div', { class: 'row' },
      el('label', {}, 'Cảnh báo sớm: hồ sơ sắp đến hạn trong ', dueSoon, ' ngày làm việc')),
    holidays.node,
    error,
    el('div', { class: 'row' },
      el('button', { type: 'button', id: 'profile-apply', onclick: () => apply(build()),
        text: 'Áp dụng phương pháp tính' }),
      el('button', { type: 'button', class: 'secondary', onclick: download,
        text: 'Xuất tệp phương pháp tính' }),
      el('button', { type: 'button', class: 'secondary', onclick: () => importInput.click(),
        text: 'Nhập tệp phương pháp tính' }),
      el('button', { type: 'button', class: 'secondary', onclick: () => apply(defaultJson),
        text: 'Khôi phục mặc định' }),
      importInput));
}
