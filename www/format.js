// The notice's number style and the search folding, both Rust's (src/report/format.rs,
// src/text.rs) through the module the page already runs on its main thread: the page never
// spells a number format or a folding rule of its own. Usable once the module is initialised
// (main.js's boot), which is before any figure is shown.
import { formatPercent, formatDecimal, formatThousands, formatCount,
  foldLines } from '../pkg/chiso766.js';

export const decimal = (x) => formatDecimal(x);
export const percent = (rate) => (rate === null || rate === undefined ? '—' : formatPercent(rate));
export const thousands = (n) => formatThousands(n);
export const count = (n) => formatCount(n);

// Folded as the header matching folds (no case, no diacritics, đ as d, punctuation as spaces).
export const fold = (text) => foldLines(String(text).replace(/\n/g, ' '));
export const foldBatch = (lines) => foldLines(lines.join('\n')).split('\n');

// Vietnamese alphabetical order of names ("Đ" after "D"): one collator for the page, which
// sorts far quicker than a `localeCompare(b, 'vi')` per comparison, in the same order.
export const byName = new Intl.Collator('vi').compare;
