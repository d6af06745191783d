// The page's state: what is loaded, the chosen period, the last report and the views' choices.
// One object, changed only through these functions, so rendering can be redone from it.
import { unitValue } from './render.js';
import { byName } from './format.js';

export const state = {
  inputs: [],
  period: null, // {from, to} ISO
  report: null,
  unmask: false,
  sort: { key: 'overdue', dir: -1 },
  block: '',
  selectedUnit: null,
  busy: false,
  profile: null, // JSON text of the methodology profile in use
};

export function sortedUnits() {
  const { key, dir } = state.sort;
  const units = state.report.units.filter((u) => !state.block || u.block === state.block);
  return units.slice().sort((a, b) => {
    const x = unitValue(a, key);
    const y = unitValue(b, key);
    if (x === y) return byName(a.name, b.name);
    if (x === null) return 1; // units without the rate go last either way
    if (y === null) return -1;
    return (typeof x === 'string' ? byName(x, y) : x - y) * dir;
  });
}

export function monthOf(isoFrom) {
  return isoFrom.slice(0, 7);
}

export function monthPeriod(month) {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
