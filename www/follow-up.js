// The follow-up with the units (issue #24) as the page shows it: the early warning's day, window
// and figures ("Cảnh báo sớm"), and the summary of the units' replies beside the overdue list.
// The tables (units, dossiers, packs) are lists.js's; the worker computes everything.
import { el } from './dom.js';
import { percent, thousands, decimal, count } from './format.js';
import { warningKindLabel } from './labels.js';

const vi = (iso) => (iso ? iso.split('-').reverse().join('/') : '');

function card(title, figure, value, lines, tone = '') {
  return el('div', { class: `card ${tone}`.trim() },
    el('h3', { text: title }),
    el('div', { class: 'big', 'data-warning-figure': figure, text: value }),
    ...lines.map((l) => el('div', { class: 'muted', text: l })));
}

// The window's words: "3 ngày làm việc sau 31/05/2024, đến hết 05/06/2024 (nghỉ: 01/06/2024)".
export function warningWindow(w) {
  const holidays = w.holidays_in_window.length
    ? `; không tính ngày nghỉ lễ ${w.holidays_in_window.map(vi).join(', ')}` : '';
  return `từ sau ngày ${vi(w.as_of)} đến hết ngày ${vi(w.horizon)} (thứ Bảy, Chủ nhật ` +
    `không tính${holidays})`;
}

// The counts and the province's stake.
export function renderWarningCards(container, w) {
  const stake = w.on_time_rate === null
    ? ['Chưa có hồ sơ đã và đang giải quyết trong tháng']
    : [
      `Nếu các hồ sơ đến hạn, sắp đến hạn trước cuối tháng đều quá hạn: ` +
      `${percent(w.projected_on_time_rate)}`,
       `Điểm 2.1 có thể mất: ${w.points_lost === null ? '—' : decimal(w.points_lost)}`];
  container.replaceChildren(
    card(warningKindLabel('overdue_now'), 'overdue_now', thousands(w.overdue_now),
      [`Hẹn trả trước ngày ${vi(w.as_of)}, chưa kết thúc`], w.overdue_now ? 'alert' : ''),
    card(warningKindLabel('due_today'), 'due_today', thousands(w.due_today),
      [`Hẹn trả ngày ${vi(w.as_of)}`]),
    card(warningKindLabel('due_soon'), 'due_soon', thousands(w.due_soon),
      [`Trong ${w.working_days} ngày làm việc, đến hết ngày ${vi(w.horizon)}`,
        `${count(w.units.length)} đơn vị có hồ sơ cần xử lý`]),
    card(`Đúng hạn (2.1) ${w.month.label}`, 'on_time_rate', percent(w.on_time_rate), stake),
  );
}

// The replies read back: who replied, who has not by the deadline, what was explained, and
// what did not match (the problems themselves are in the data view's list). Shown beside the
// overdue list and with the files (`inData`: the problems' table is on the same view).
const SHOWN_IDS = 10;
export function renderReplies(container, e, { inData = false } = {}) {
  if (!e) {
    container.hidden = true;
    container.replaceChildren();
    return;
  }
  container.hidden = false;
  const names = (list) => (list.length ? `: ${list.join('; ')}` : '');
  const lines = [
    el('p', { 'data-replies': 'replied' }, el('b', { text: `${count(e.units_replied)} đơn vị` }),
      ` đã gửi giải trình (${thousands(e.files)} tệp)${names(e.units_replied_names)}.`),
    el('p', { 'data-replies': 'pending', class: e.units_pending.length ? 'warn' : undefined },
      el('b', { text: `${count(e.units_pending.length)} đơn vị` }),
      ` có hồ sơ quá hạn chưa gửi giải trình (hạn ${vi(e.deadline)})${names(e.units_pending)}.`),
    el('p', { 'data-replies': 'explained' },
      el('b', { text: `${thousands(e.dossiers_explained)} hồ sơ quá hạn` }),
      ' đã có lý do hoặc biện pháp khắc phục (cột «Lý do quá hạn», «Biện pháp khắc phục» trong ' +
      'bảng hồ sơ quá hạn ở phần Đơn vị, trong Phụ lục của thông báo).'),
  ];
  if (e.unmatched_ids.length) {
    // The ids as the unit wrote them (no other column of theirs): the clerk asks the unit.
    const ids = e.unmatched_ids.slice(0, SHOWN_IDS).join(', ') +
      (e.unmatched_ids.length > SHOWN_IDS ? ', …' : '');
    lines.push(el('p', { 'data-replies': 'unmatched', class: 'warn' },
      `${thousands(e.unmatched_ids.length)} mã hồ sơ trong tệp giải trình không có trong dữ liệu ` +
      `đã nạp, không ghép được: ${ids}.`));
  }
  if (e.not_overdue_ids.length) {
    lines.push(el('p', { 'data-replies': 'not-overdue', class: 'muted' },
      `${thousands(e.not_overdue_ids.length)} hồ sơ trong danh sách gửi lại không quá hạn trong ` +
      `kỳ (đến hạn, sắp đến hạn vào ngày gửi): không cần ghép lý do.`));
  }
  if (e.problems.length) {
    const where = inData ? ['xem bảng «Lỗi dữ liệu» bên dưới.']
      : ['xem bảng «Lỗi dữ liệu» ở phần ', el('a', { href: '#du-lieu', text: 'Dữ liệu' }), '.'];
    lines.push(el('p', { 'data-replies': 'problems', class: 'warn' },
      `${thousands(e.problems.length)} vấn đề không được ghép tự động: `, ...where));
  }
  container.replaceChildren(el('h3', { text: 'Giải trình của các đơn vị' }), ...lines);
}

// The replies' problems as rows of the data view's problems table.
export function replyProblems(e) {
  return (e?.problems ?? []).map((p) => (
    { file: p.file, row: p.row, column: null, message: p.message, message_en: p.message_en }));
}
