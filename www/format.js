// The notice's number style on the page (outputs.md), the same rule as src/report/format.rs:
// decimal comma, at most two decimals with trailing zeros dropped, thousands with dots.

function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

export function decimal(x) {
  const [int, frac = ''] = Math.abs(x).toFixed(2).split('.');
  const f = frac.replace(/0+$/, '');
  const sign = x < 0 && (int !== '0' || f) ? '-' : '';
  return sign + group(int) + (f ? ',' + f : '');
}

export function percent(rate) {
  return rate === null || rate === undefined ? '—' : decimal(rate * 100) + '%';
}

export function thousands(n) {
  return group(String(n));
}

export function count(n) {
  return n >= 1 && n < 10 ? '0' + n : thousands(n);
}

// Vietnamese alphabetical order of names ("Đ" after "D"). One collator for the page: each
// `localeCompare(b, 'vi')` set up its own, and sorting 99 units by name that way took 12–18 ms of
// a first analysis's 55–115 ms block on the main thread (Chromium, 2 cores); with one collator
// the same sort is a fraction of a millisecond, and its order is the same by definition.
export const byName = new Intl.Collator('vi').compare;
