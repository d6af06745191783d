// One table for every long list on the page (units, overdue dossiers, differing dossiers,
// problems, appendix rows): search, filters, sortable columns, paging, "n / N" and export of the
// rows kept. Only the page on screen becomes DOM; searching, filtering and sorting work on
// arrays of indices and keys built a batch at a time, so a list of 100,000 rows never holds the
// page for long (tests/e2e/workspace.test.mjs measures it).
//
// A column: {key, label, type: 'text' | 'int' | 'rate' | 'decimal' | 'date', value(row),
//   text?(row) (shown; default: value in the notice's number style), cell?(row, td) (extra
//   content or class), width? (relative, for the .xlsx), search?: false}.
// A filter: {key, label, value(row) → string, options?(rows) → [[value, label]], all?: label}.
import { el } from './dom.js';
import { percent, thousands, decimal, byName, foldBatch, fold } from './format.js';

const BATCH = 2000;

// A turn of the event loop without setTimeout's 4 ms clamp: lets input and paint in between
// two batches.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
export function yieldTurn() {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

const RUN = 4096;
const STEP_MS = 8;

// A function to call between small pieces of work: once STEP_MS have passed it gives the page
// a turn, then says whether to go on (`alive()`).
function pauser(alive) {
  let started = performance.now();
  return async () => {
    if (performance.now() - started < STEP_MS) return true;
    await yieldTurn();
    started = performance.now();
    return alive();
  };
}

// Sorts `items` (an array or typed array; a sorted copy is returned) in steps of a few
// milliseconds: runs of RUN items sorted by the engine, then merged pass by pass; one sort of
// 100,000 strings would hold the page for as long as it takes, longer on a busy PC. `alive()`
// false: stop (null).
export async function sortInSteps(items, compare, alive = () => true) {
  const n = items.length;
  let src = items.slice();
  let dst = items.slice();
  const pause = pauser(alive);
  for (let lo = 0; lo < n; lo += RUN) {
    const run = src.subarray ? src.subarray(lo, Math.min(n, lo + RUN)) : src.slice(lo, lo + RUN);
    run.sort(compare);
    if (!src.subarray) for (let k = 0; k < run.length; k++) src[lo + k] = run[k];
    if (!(await pause())) return null;
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) dst[k++] = compare(src[j], src[i]) < 0 ? src[j++] : src[i++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
      if (!(await pause())) return null;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

const FORMAT = {
  int: (v) => (v === null || v === undefined ? '—' : thousands(v)),
  rate: (v) => percent(v),
  decimal: (v) => (v === null || v === undefined ? '—' : decimal(v)),
  date: (v) => v ?? '',
  text: (v) => (v === null || v === undefined ? '' : String(v)),
};
const NUMERIC = new Set(['int', 'rate', 'decimal']);

let nextId = 1;

// The shapes above, for the type check: `R` is a list's row, a type of types/report.d.ts (the
// report's, generated from Rust), so that every value(row) reads fields the report has.
/**
 * @template R
 * @typedef {object} Column
 * @property {string} key
 * @property {string} label
 * @property {'text' | 'int' | 'rate' | 'decimal' | 'date'} type
 * @property {(row: R) => string | number | null} value
 * @property {(row: R) => string} [text]
 * @property {(row: R, td: HTMLTableCellElement) => void} [cell]
 * @property {number} [width]
 * @property {false} [search]
 * @property {false} [sortable]
 * @property {boolean} [export]
 */
/**
 * @template R
 * @typedef {object} Filter
 * @property {string} key
 * @property {string} label
 * @property {(row: R) => string} value
 * @property {(rows: R[]) => [string, string][]} [options]
 * @property {string} [all]
 */
/**
 * @template R
 * @typedef {object} TableOptions
 * @property {string} [id]
 * @property {string} label
 * @property {(format: string, json: string, table: DataTable<R>) => unknown} [onExport]
 * @property {{ key: string, dir: number }} [sort]
 * @property {number} [pageSize]
 * @property {() => string} [title]
 * @property {(row: R) => Record<string, string | number>} [rowAttrs]
 * @property {(row: R) => string} [rowClass]
 * @property {Filter<R>[]} [filters]
 * @property {Column<R>[]} columns
 * @property {(table: DataTable<R>) => void} [onRender]
 */

/** @template R */
export class DataTable {
  /** @param {HTMLElement} container @param {TableOptions<R>} options */
  constructor(container, options) {
    this.container = container;
    // Not copied: a list's columns may be a getter (personal columns appear when unmasked).
    this.o = options;
    this.pageSize = options.pageSize ?? 25;
    this.id = options.id ?? `table-${nextId++}`;
    this.rows = [];
    this.kept = new Uint32Array(0);
    this.page = 0;
    this.sort = options.sort ?? null; // {key, dir}
    this.query = '';
    this.filterValues = {};
    this.hay = []; // folded search text per row, built in batches
    this.hayReady = 0;
    this.sortKeys = new Map();
    this.generation = 0;
    this.build();
  }

  build() {
    const o = this.o;
    const label = o.label;
    this.search = el('input', { type: 'search', id: `${this.id}-search`, autocomplete: 'off',
      'aria-controls': `${this.id}-rows` });
    this.search.addEventListener('input', () => this.schedule());
    this.filterSelects = (o.filters ?? []).map((f) => {
      const select = el('select', { id: `${this.id}-filter-${f.key}`, 'data-filter': f.key });
      select.addEventListener('change',
        () => { this.filterValues[f.key] = select.value; this.schedule(); });
      return { f, select };
    });
    this.countNode = el('span', { class: 'count', id: `${this.id}-count`, 'aria-live': 'polite' });
    this.table = el('table', { id: `${this.id}-rows`, class: 'data' });
    this.scroller = el('div', { class: 'table-scroll', tabindex: '0', role: 'region',
      'aria-label': label });
    this.scroller.append(this.table);
    this.pager = el('div', { class: 'pager', role: 'group',
      'aria-label': `Trang của bảng ${label}` });
    this.first = el('button', { type: 'button', class: 'secondary', 'data-page': 'first', text: '«',
      'aria-label': 'Trang đầu' });
    this.prev = el('button', { type: 'button', class: 'secondary', 'data-page': 'prev',
      text: 'Trước' });
    this.pageNode = el('span', { class: 'page-of' });
    this.next = el('button', { type: 'button', class: 'secondary', 'data-page': 'next',
      text: 'Sau' });
    this.last = el('button', { type: 'button', class: 'secondary', 'data-page': 'last', text: '»',
      'aria-label': 'Trang cuối' });
    this.first.addEventListener('click', () => this.goto(0));
    this.prev.addEventListener('click', () => this.goto(this.page - 1));
    this.next.addEventListener('click', () => this.goto(this.page + 1));
    this.last.addEventListener('click', () => this.goto(Infinity));
    this.pager.append(this.first, this.prev, this.pageNode, this.next, this.last);
    const exports = o.onExport
      ? [el('button', { type: 'button', class: 'secondary', 'data-export': 'csv', text: 'Tải .csv',
        'aria-label': `Tải .csv các dòng đang lọc của bảng ${label}`,
        onclick: () => this.exportAs('csv') }),
         el('button', { type: 'button', class: 'secondary', 'data-export': 'xlsx',
           text: 'Tải .xlsx', 'aria-label': `Tải .xlsx các dòng đang lọc của bảng ${label}`,
           onclick: () => this.exportAs('xlsx') })]
      : [];
    const tools = el('div', { class: 'table-tools' },
      el('label', { class: 'search' }, el('span', { text: 'Tìm' }), this.search),
      ...this.filterSelects.map(({ f, select }) => el('label', {}, el('span', { text: f.label }),
        select)),
      this.countNode,
      ...exports);
    this.container.replaceChildren(tools, this.scroller, this.pager);
    this.container.classList.add('data-table');
    this.container.dataset.table = this.id;
  }

  // New rows (the same columns). Filters' options are taken from them.
  setRows(rows) {
    this.rows = rows;
    this.hay = new Array(rows.length);
    this.hayReady = 0;
    this.sortKeys.clear();
    for (const { f, select } of this.filterSelects) {
      const keep = select.value;
      const options = f.options ? f.options(rows) : distinct(rows, f.value);
      select.replaceChildren(el('option', { value: '', text: f.all ?? 'Tất cả' }),
        ...options.map(([v, t]) => el('option', { value: v, text: t })));
      select.value = options.some(([v]) => v === keep) ? keep : '';
      this.filterValues[f.key] = select.value;
    }
    return this.schedule(true);
  }

  // Sets a filter from outside (a unit chosen elsewhere).
  setFilter(key, value) {
    const s = this.filterSelects.find(({ f }) => f.key === key);
    if (!s) return Promise.resolve();
    s.select.value = value;
    this.filterValues[key] = s.select.value;
    return this.schedule();
  }

  setSort(sort) {
    this.sort = sort;
    return this.schedule();
  }

  // Recomputes the kept rows; the latest call wins, earlier ones stop at their next batch.
  schedule(keepPage = false) {
    const generation = ++this.generation;
    this.container.dataset.busy = 'true';
    this.done = this.refresh(generation, keepPage).finally(() => {
      if (generation === this.generation) this.container.dataset.busy = 'false';
    });
    return this.done;
  }

  async refresh(generation, keepPage) {
    const n = this.rows.length;
    const q = this.search.value.trim() ? fold(this.search.value) : '';
    if (q) await this.buildHay(generation);
    if (generation !== this.generation) return;
    const filters = this.filterSelects.filter(({ f }) => this.filterValues[f.key])
      .map(({ f }) => [f.value, this.filterValues[f.key]]);
    let kept = new Uint32Array(n);
    let k = 0;
    for (let start = 0; start < n; start += BATCH * 4) {
      const end = Math.min(n, start + BATCH * 4);
      for (let i = start; i < end; i++) {
        const row = this.rows[i];
        if (filters.length && !filters.every(([value, want]) => String(value(row)) === want))
          continue;
        if (q && !this.hay[i].includes(q)) continue;
        kept[k++] = i;
      }
      if (end < n) {
        await yieldTurn();
        if (generation !== this.generation) return;
      }
    }
    kept = kept.subarray(0, k);
    if (this.sort) kept = await this.sorted(kept, generation);
    if (generation !== this.generation || !kept) return;
    this.kept = kept;
    if (!keepPage) this.page = 0;
    this.render();
  }

  // The folded text each row is searched in, from its text columns' shown text.
  async buildHay(generation) {
    const columns = this.o.columns.filter((c) => c.search !== false);
    while (this.hayReady < this.rows.length) {
      const from = this.hayReady;
      const to = Math.min(this.rows.length, from + BATCH);
      const lines = [];
      for (let i = from; i < to; i++)
        lines.push(columns.map((c) => shownText(c, this.rows[i])).join(' ').replace(/\n/g, ' '));
      const folded = foldBatch(lines);
      for (let i = from; i < to; i++) this.hay[i] = folded[i - from];
      this.hayReady = to;
      await yieldTurn();
      if (generation !== this.generation) return;
    }
  }

  // Sort keys of a column, built once per rows: numbers as a Float64Array (a missing value
  // last either way), text as its rank among the column's distinct values in Vietnamese order.
  async keysOf(column, generation) {
    if (this.sortKeys.has(column.key)) return this.sortKeys.get(column.key);
    const n = this.rows.length;
    let keys;
    if (NUMERIC.has(column.type)) {
      keys = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = column.value(this.rows[i]);
        keys[i] = v === null || v === undefined || Number.isNaN(v) ? NaN : v;
      }
    } else {
      const alive = () => generation === this.generation;
      const pause = pauser(alive);
      const values = new Array(n);
      const distinctValues = new Set();
      for (let i = 0; i < n; i++) {
        const v = column.type === 'date' ? isoOf(column.value(this.rows[i]))
          : shownText(column, this.rows[i]);
        values[i] = v;
        distinctValues.add(v);
        if ((i & 1023) === 1023 && !(await pause())) return null;
      }
      // Few distinct values (units, kinds): Vietnamese order; many (ids, dates): code order,
      // which is quick and right for codes and ISO dates.
      const viOrder = distinctValues.size <= 5000 && column.type !== 'date';
      const list = await sortInSteps([...distinctValues],
        viOrder ? byName : (a, b) => (a < b ? -1 : a > b ? 1 : 0), alive);
      if (!list) return null;
      const rank = new Map();
      for (let r = 0; r < list.length; r++) {
        rank.set(list[r], r);
        if ((r & 1023) === 1023 && !(await pause())) return null;
      }
      keys = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        keys[i] = values[i] === '' ? NaN : rank.get(values[i]);
        if ((i & 1023) === 1023 && !(await pause())) return null;
      }
    }
    this.sortKeys.set(column.key, keys);
    return keys;
  }

  async sorted(kept, generation) {
    const column = this.o.columns.find((c) => c.key === this.sort.key);
    if (!column) return kept;
    const built = !this.sortKeys.has(column.key);
    const keys = await this.keysOf(column, generation);
    if (!keys || generation !== this.generation) return null;
    // Building a column's keys and sorting by them are each a few tens of milliseconds on
    // 100,000 rows: in two tasks, not one.
    if (built) {
      await yieldTurn();
      if (generation !== this.generation) return null;
    }
    const dir = this.sort.dir;
    // Missing values last in both directions; ties in the rows' own order.
    return sortInSteps(kept, (a, b) => {
      const x = keys[a];
      const y = keys[b];
      if (x !== x) return y !== y ? a - b : 1;
      if (y !== y) return -1;
      return (x - y) * dir || a - b;
    }, () => generation === this.generation);
  }

  goto(page) {
    const pages = Math.max(1, Math.ceil(this.kept.length / this.pageSize));
    this.page = Math.max(0, Math.min(pages - 1, page));
    this.render();
  }

  render() {
    const o = this.o;
    const size = this.pageSize;
    const pages = Math.max(1, Math.ceil(this.kept.length / size));
    this.page = Math.min(this.page, pages - 1);
    const from = this.page * size;
    const shown = this.kept.subarray(from, from + size);
    const head = el('tr', {}, ...o.columns.map((c) => {
      const active = this.sort?.key === c.key;
      const th = el('th', { scope: 'col', class: NUMERIC.has(c.type) ? 'num' : undefined,
        'aria-sort': active ? (this.sort.dir > 0 ? 'ascending' : 'descending') : undefined });
      if (c.sortable === false) th.textContent = c.label;
      else {
        th.append(el('button', { type: 'button', class: 'sort', 'data-sort': c.key,
          onclick: () => this.toggleSort(c) },
          c.label, el('span', { class: 'arrow', 'aria-hidden': 'true',
            text: active ? (this.sort.dir > 0 ? ' ▲' : ' ▼') : '' })));
      }
      return th;
    }));
    const body = [...shown].map((i) => {
      const row = this.rows[i];
      const tr = el('tr', { class: o.rowClass?.(row) || undefined });
      if (o.rowAttrs) for (const [k, v] of Object.entries(o.rowAttrs(row)))
        if (v !== undefined && v !== null) tr.setAttribute(k, v);
      for (const c of o.columns) {
        const td = el('td', { class: NUMERIC.has(c.type) ? 'num' : c.type === 'text' ? 'text'
          : undefined });
        if (c.cell) c.cell(row, td);
        else td.textContent = shownText(c, row);
        tr.append(td);
      }
      return tr;
    });
    this.table.replaceChildren(
      el('caption', { class: 'visually-hidden', text: o.label }),
      el('thead', {}, head),
      el('tbody', {}, ...body));
    const total = this.rows.length;
    this.countNode.textContent = this.kept.length === total ? `${thousands(total)} dòng`
      : `${thousands(this.kept.length)} / ${thousands(total)} dòng`;
    this.pageNode.textContent = `Trang ${thousands(this.page + 1)} / ${thousands(pages)}`;
    this.first.disabled = this.prev.disabled = this.page === 0;
    this.next.disabled = this.last.disabled = this.page >= pages - 1;
    this.pager.hidden = pages <= 1;
    o.onRender?.(this);
  }

  toggleSort(c) {
    const dir = this.sort?.key === c.key ? -this.sort.dir : (NUMERIC.has(c.type) ? -1 : 1);
    this.sort = { key: c.key, dir };
    const focus = /** @type {HTMLElement | null} */ (document.activeElement)?.dataset?.sort;
    this.schedule(false).then(() => {
      // The header was redrawn: keep the keyboard on the button that was pressed.
      if (focus) this.table.querySelector(`button[data-sort="${CSS.escape(focus)}"]`)?.focus();
    });
  }

  // The kept rows, in the order shown, as the JSON text of a table for the .csv/.xlsx writer
  // (Rust's, in the worker): built a batch of rows at a time.
  async exportJson() {
    const o = this.o;
    const columns = o.columns.filter((c) => c.export !== false);
    const cell = (c, row) => {
      const v = c.value(row);
      const text = shownText(c, row);
      if (NUMERIC.has(c.type) && typeof v === 'number' && Number.isFinite(v))
        return { text, value: v, percent: c.type === 'rate' };
      if (c.type === 'date' && isoOf(v)) return { text, date: isoOf(v) };
      return { text };
    };
    const parts = [];
    for (let start = 0; start < this.kept.length; start += BATCH) {
      const batch = [];
      for (const i of this.kept.subarray(start, start + BATCH))
        batch.push({ cells: columns.map((c) => cell(c, this.rows[i])) });
      parts.push(JSON.stringify(batch).slice(1, -1));
      await yieldTurn();
    }
    const head = JSON.stringify({ title: o.title?.() ?? o.label,
      columns: columns.map((c) => (
        { title: c.label, width: c.width ?? (c.type === 'text' ? 20 : 10) })) });
    return `${head.slice(0, -1)},"rows":[${parts.filter(Boolean).join(',')}]}`;
  }

  async exportAs(format) {
    return this.o.onExport(format, await this.exportJson(), this);
  }
}

function shownText(c, row) {
  return c.text ? c.text(row) : FORMAT[c.type ?? 'text'](c.value(row));
}

// dd/mm/yyyy or ISO → ISO (dates sort and export as dates); '' otherwise.
function isoOf(v) {
  if (!v) return '';
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
  if (m) return `${m[3]}-${m[2]}-${m[1]}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '';
}

function distinct(rows, value) {
  const seen = new Set();
  for (const r of rows) seen.add(String(value(r)));
  return [...seen].sort(byName).map((v) => [v, v]);
}

export { NUMERIC };
