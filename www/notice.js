// The notice draft on the page: an editable preview of the report's notice document (the same
// document the .docx is written from), its header settings remembered on this machine, and
// reading the edited preview back for the export. Every text reaches the page as textContent.
import { el } from './dom.js';

const SETTINGS_KEY = 'chiso766.notice-settings.v1';

export function loadSettings() {
  try {
    return JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null');
  } catch {
    return null;
  }
}

// Saves settings (a setup opened from a link or a file): the form is drawn again from them.
export function saveSettings(settings) {
  if (settings && Object.keys(settings).length)
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  else localStorage.removeItem(SETTINGS_KEY);
}

// Who issues the notice: the province's office, or a district's for its offices and communes
// (the header block, the wording and the blocks follow; src/report/notice.rs, Scope).
const SCOPES = [
  ['tinh', 'Cấp tỉnh — Văn phòng UBND tỉnh'],
  ['huyen', 'Cấp huyện — Văn phòng HĐND và UBND huyện (thị xã, thành phố)'],
];

const FIELDS = [
  ['area', 'Địa bàn (để trống: tên tỉnh; cấp huyện: ví dụ «huyện Đồng Phú»)'],
  ['parent_body', 'Cơ quan chủ quản (để trống: UBND TỈNH hoặc UBND HUYỆN + tên địa bàn)'],
  ['issuing_body', 'Cơ quan ban hành'],
  ['number', 'Số, ký hiệu (phần sau số)'],
  ['letter_number', 'Số, ký hiệu công văn gửi từng đơn vị (phần sau số, ví dụ /VPUBND-KSTTHC)'],
  ['place', 'Địa danh (để trống: tên tỉnh hoặc huyện)'],
  ['date', 'Ngày ban hành', 'date'],
  ['signer_title', 'Chức danh người ký'],
  ['signer_name', 'Họ tên người ký'],
  ['reply_deadline', 'Hạn báo cáo kết quả (mục II; để trống: cuối kỳ + 11 ngày)', 'date'],
];

// The settings form; onChange(settings) after each change (saved first).
export function renderSettings(container, current, onChange) {
  const s = { ...(current ?? {}) };
  const inputs = FIELDS.map(([key, label, type]) => {
    const input = el('input', { type: type ?? 'text', 'data-setting': key, value: s[key] ?? '' });
    input.addEventListener('change', () => { s[key] = input.value; save(); });
    return el('label', { class: 'setting' }, `${label} `, input);
  });
  const scope = el('select', { 'data-setting': 'scope' },
    ...SCOPES.map(([v, t]) => el('option', { value: v, text: t })));
  scope.value = s.scope === 'huyen' || s.scope === 'district' ? 'huyen' : 'tinh';
  scope.addEventListener('change', () => {
    // The province's office is the default: not stored.
    if (scope.value === 'huyen') s.scope = 'huyen';
    else delete s.scope;
    save();
  });
  const recipients = el('textarea', { rows: 5, cols: 50, 'data-setting': 'recipients' });
  recipients.value = (s.recipients ?? []).join('\n');
  recipients.addEventListener('change', () => {
    s.recipients = recipients.value.split('\n').map((l) => l.trim()).filter(Boolean);
    if (!s.recipients.length) delete s.recipients;
    save();
  });
  function save() {
    for (const k of Object.keys(s)) if (s[k] === '') delete s[k];
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(s));
    onChange(s);
  }
  container.replaceChildren(el('label', { class: 'setting' }, 'Cấp ban hành ', scope), ...inputs,
    el('label', { class: 'setting' }, 'Nơi nhận (mỗi dòng một nơi; để trống: như mẫu) ',
      recipients));
}

/** @param {import('./types/report').Run} run @param {(link: string) => void} onLink */
function runNode(run, onLink) {
  if (!run.bold && !run.italic && !run.missing && !run.link)
    return document.createTextNode(run.text);
  const span = el(run.bold ? 'b' : 'span',
    { class: [run.italic ? 'i' : '', run.missing ? 'missing' : '',
      run.link ? 'figure-link' : ''].join(' ').trim() || undefined,
      'data-link': run.link ?? undefined,
      title: run.link ? 'Nhấn để xem số liệu chi tiết' : undefined, text: run.text });
  if (run.link) span.addEventListener('click', () => onLink(run.link));
  return span;
}

/** @param {import('./types/report').Table} t */
function tableNode(t) {
  return el('table', { class: 'notice-table' },
    el('thead', {}, el('tr', {}, ...t.columns.map((c) => el('th', { text: c.title })))),
    el('tbody', {}, ...t.rows.map((r) => el('tr',
      { class: [r.highlight ? 'below' : '', r.strong ? 'strong' : ''].join(' ').trim() ||
        undefined },
      ...r.cells.map((c) => el('td',
        { class: c.value !== null && c.value !== undefined ? 'num' : undefined,
          text: c.text }))))));
}

// Renders the notice as the document will look; paragraphs and header fields are editable.
/**
 * @param {HTMLElement} container
 * @param {import('./types/report').Notice} n
 * @param {(link: string) => void} onLink
 */
export function renderPreview(container, n, onLink) {
  const editable = (tag, text, attrs = {}) => el(tag,
    { contenteditable: 'true', spellcheck: 'false', ...attrs, text });
  const body = n.body.map((b, i) => {
    if (b.kind === 'heading') return editable('p', b.text, { class: 'heading', 'data-block': i });
    if (b.kind === 'table') return el('div', { 'data-block': i }, tableNode(b.table));
    const p = el('p', { contenteditable: 'true', spellcheck: 'false', class: 'body',
      'data-block': i });
    for (const r of b.runs) p.append(runNode(r, onLink));
    return p;
  });
  container.replaceChildren(
    el('table', { class: 'header-block' }, el('tbody', {}, el('tr', {},
      el('td', {}, editable('div', n.parent_body, { 'data-field': 'parent_body' }),
        editable('div', n.issuing_body, { 'data-field': 'issuing_body', class: 'b' }),
        el('div', { text: '───────' }), editable('div', n.number, { 'data-field': 'number' })),
      el('td', {}, el('div', { class: 'b', text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' }),
        el('div', { class: 'b', text: 'Độc lập - Tự do - Hạnh phúc' }),
        el('div', { text: '───────────────' }),
        editable('div', n.place_date, { 'data-field': 'place_date', class: 'i' }))))),
    editable('p', n.title, { class: 'title', 'data-field': 'title' }),
    editable('p', n.subject, { class: 'subject', 'data-field': 'subject' }),
    ...body,
    editable('p', n.regards, { class: 'body', 'data-field': 'regards' }),
    el('table', { class: 'closing' }, el('tbody', {}, el('tr', {},
      el('td', {}, el('div', { class: 'b i', text: 'Nơi nhận:' }),
        ...n.recipients.map((r) => el('div', { class: 'small', text: `- ${r}` }))),
      el('td', {}, editable('div', n.signer_title, { class: 'b', 'data-field': 'signer_title' }),
        el('div', { class: 'sign-space' }),
        editable('div', n.signer_name, { class: 'b', 'data-field': 'signer_name' }))))),
  );
}

// Reads the (possibly edited) preview back into the notice document: a paragraph keeps its runs
// when its text is unchanged, and becomes plain runs of its new text when the user edited it
// (figures she typed over are her words now).
/**
 * @param {HTMLElement} container
 * @param {import('./types/report').Notice} original
 * @returns {import('./types/report').Notice}
 */
export function readPreview(container, original) {
  const n = structuredClone(original);
  for (const node of /** @type {NodeListOf<HTMLElement>} */ (
    container.querySelectorAll('[data-field]'))) n[node.dataset.field] = node.textContent;
  for (const node of /** @type {NodeListOf<HTMLElement>} */ (
    container.querySelectorAll('[data-block]'))) {
    const b = n.body[Number(node.dataset.block)];
    if (b.kind === 'heading') b.text = node.textContent;
    if (b.kind !== 'paragraph') continue;
    const before = b.runs.map((r) => r.text).join('');
    if (node.textContent === before) continue;
    b.runs = [.../** @type {NodeListOf<ChildNode & Partial<Element>>} */ (node.childNodes)].map(
      (c) => ({
      text: c.textContent,
      bold: c.nodeName === 'B',
      italic: c.classList?.contains('i') ?? false,
      link: null,
      missing: c.classList?.contains('missing') ?? false,
    })).filter((r) => r.text);
  }
  return n;
}
