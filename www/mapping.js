// The mapping screen: which column holds which field, the encoding, the sheet and the header row
// of one file, as the user corrects them. Produces a mapping file (the same JSON the command line
// takes with --mapping), remembered on this machine for files with the same header.
import { el, downloadText as download } from './dom.js';

const STORE_KEY = 'chiso766.mappings.v1';
const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1258', 'windows-1252',
  'tcvn3', 'vni'];

// A file's header, as the key its confirmed mapping is remembered under. Blank header cells
// (named "(cột N)" by the reader) do not count.
export function signature(columns) {
  return columns.filter((c) => c && !/^\(cột \d+\)$/.test(c)).join('\u0001');
}

function saved() {
  try {
    return JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}');
  } catch {
    return {};
  }
}

export function rememberedMapping(columns) {
  return saved()[signature(columns)] ?? null;
}

function remember(columns, mappingJson) {
  rememberMapping(signature(columns), mappingJson);
}

// Remembers a mapping for files whose header has this signature (a setup brings some).
export function rememberMapping(sig, mappingJson) {
  const all = saved();
  all[sig] = mappingJson;
  localStorage.setItem(STORE_KEY, JSON.stringify(all));
}

export function parseMapping(text) {
  const m = JSON.parse(text);
  if (m?.kind !== 'chiso766-mapping') throw new Error('kind ≠ chiso766-mapping');
  return JSON.stringify(m);
}

// Opens the editor in `container` for one file: {name, columns, mapping: [{field, column}],
// encoding, sheets, sheet, header_row}. `fields` comes from the wasm (fieldList()).
export function openMappingEditor(container, file, fields, onApply, onClose) {
  const current = new Map((file.mapping ?? []).map((m) => [m.field, m.column]));
  const partial = new Set((file.mapping ?? []).filter((m) => m.confidence === 'partial')
    .map((m) => m.field));
  const ambiguous = new Map((file.ambiguous ?? []).map(([field, cols]) => [field, cols]));
  const personal = new Set(file.personal_columns ?? []);
  const selects = new Map();
  const rows = fields.filter((f) => f.field !== 'personal').map((f) => {
    const select = el('select', { 'data-field': f.field, 'aria-label': `Cột chứa ${f.label}` },
      el('option', { value: '', text: '(không có)' }),
      ...file.columns.map((c) => el('option', { value: c, text: c })));
    select.value = current.get(f.field) ?? '';
    selects.set(f.field, select);
    const note = ambiguous.has(f.field)
      ? `có nhiều cột phù hợp: ${ambiguous.get(f.field).join(', ')} — hãy chọn`
      : partial.has(f.field) ? 'nhận theo một phần tên cột — hãy kiểm tra' : '';
    return el('tr', { class: ambiguous.has(f.field) ? 'below' : '' },
      el('td', { text: f.label + (f.required ? ' *' : '') }), el('td', {}, select),
      el('td', { class: 'muted', text: note }));
  });
  const encoding = el('select', { id: 'mapping-encoding' },
    el('option', { value: '', text: 'Tự nhận biết' }),
    ...ENCODINGS.map((e) => el('option', { value: e, text: e })));
  encoding.value = file.forcedEncoding ?? '';
  const sheet = file.sheets?.length
    ? el('select', { id: 'mapping-sheet' },
      ...file.sheets.map((s) => el('option', { value: s, text: s }))) : null;
  if (sheet) sheet.value = file.sheet ?? file.sheets[0];
  const headerRow = el('input', { type: 'number', min: 1, id: 'mapping-header-row',
    value: file.header_row || '' });
  const error = el('p', { class: 'error', role: 'alert' });

  const build = () => {
    const chosen = [...selects].filter(([, s]) => s.value).map(([f, s]) => [f, s.value]);
    for (const c of personal) if (!chosen.some(([, col]) => col === c))
      chosen.push(['personal', c]);
    return JSON.stringify({
      kind: 'chiso766-mapping',
      encoding: encoding.value || null,
      sheet: sheet?.value ?? null,
      header_row: headerRow.value ? Number(headerRow.value) : null,
      fields: chosen,
    });
  };
  const apply = (json) => {
    const missing = fields.filter((f) => f.required &&
      !JSON.parse(json).fields.some(([field]) => field === f.field));
    if (missing.length) {
      error.textContent =
        `Cần chọn cột cho: ${missing.map((f) => f.label).join(', ')} (required fields missing)`;
      return;
    }
    remember(file.columns, json);
    onApply(json);
  };
  const importInput = el('input', { type: 'file', accept: '.json,application/json', hidden: true,
    id: 'mapping-import', 'aria-label': 'Tệp ánh xạ cột' });
  importInput.addEventListener('change', async () => {
    try {
      apply(parseMapping(await importInput.files[0].text()));
    } catch (e) {
      error.textContent = `Tệp ánh xạ không hợp lệ: ${e.message} (invalid mapping file)`;
    }
  });

  container.replaceChildren(el('div', { class: 'card', id: 'mapping-editor' },
    el('h3', { text: `Ánh xạ cột — ${file.name}` }),
    el('p',
      { class: 'muted',
        text: 'Chọn cột chứa từng thông tin (* là bắt buộc). Lựa chọn được ghi nhớ trên máy này ' +
        'cho các tệp có cùng dòng tiêu đề.' }),
    el('div', { class: 'row' },
      el('label', {}, 'Bảng mã ', encoding),
      sheet ? el('label', {}, 'Trang tính ', sheet) : null,
      el('label', {}, 'Dòng tiêu đề ', headerRow)),
    el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Ánh xạ cột' },
      el('table', {}, el('tbody', {}, ...rows))),
    error,
    el('div', { class: 'row' },
      el('button', { type: 'button', id: 'mapping-apply', onclick: () => apply(build()) ,
        text: 'Áp dụng và đọc lại' }),
      el('button', { type: 'button', class: 'secondary',
        onclick: () => download(`anh-xa-cot-${file.name}.json`, build()),
        text: 'Xuất tệp ánh xạ' }),
      el('button', { type: 'button', class: 'secondary', onclick: () => importInput.click(),
        text: 'Nhập tệp ánh xạ' }),
      el('button', { type: 'button', class: 'secondary', onclick: onClose, text: 'Đóng' }),
      importInput)));
  container.hidden = false;
  container.scrollIntoView({ block: 'nearest' });
}
