// The page's state: what is loaded, the chosen period, the last report and the views' choices.
// One object, changed only by main.js, so rendering can be redone from it.

export const state = {
  inputs: [],
  period: null, // {from, to} ISO
  /** @type {import('./types/report').Report | null} the last report (JSON from the wasm) */
  report: null,
  unmask: false,
  selectedUnit: null,
  busy: false,
  profile: null, // JSON text of the methodology profile in use
  charts: {}, // the SVG text of each chart drawn ('overview', 'trend')
  overduePersonal: [], // the personal columns' headers of the overdue list
  // The early warning (issue #24): the day D the user chose (null: the default day), the last
  // warning shown, its personal columns' headers, and the units' packs' index table.
  asOf: null,
  warning: null,
  warningPersonal: [],
  packIndex: null,
  // From a setup (link or file) opened before any data: used by the first analysis.
  pendingPeriod: null,
  pendingView: null,
};

export function monthOf(isoFrom) {
  return isoFrom.slice(0, 7);
}

export function monthPeriod(month) {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
