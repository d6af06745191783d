// The words for the report's keys (blocks, kinds of file, indicator inputs, overdue, early
// warning and reconciliation kinds, the columns a unit's reply is matched by), as Rust declares
// them (src/report/labels.rs), read once.
import { pageLabels } from '../pkg/chiso766.js';

let tables = null;
function get(table, key) {
  /** @type {import('./types/report').Labels} */
  const labels = tables ? null : pageLabels();
  tables ??= Object.fromEntries(Object.entries(labels)
    .map(([name, list]) => [name, new Map(list)]));
  return tables[table].get(key) ?? key;
}

// A label at the start of a cell or an option: its first letter capitalised.
const sentence = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);

export const blockLabel = (key) => sentence(get('blocks', key));
export const blockName = (key) => get('blocks', key);
export const blockKeys = () => (get('blocks', ''), [...tables.blocks.keys()]);
export const sourceKindLabel = (key) => get('source_kinds', key);
export const sourceFormatLabel = (key) => get('source_formats', key);
export const indicatorInputLabel = (key) => get('indicator_inputs', key);
export const overdueKindLabel = (key) => get('overdue_kinds', key);
export const warningKindLabel = (key) => get('warning_kinds', key);
export const warningKinds = () => (get('warning_kinds', ''), [...tables.warning_kinds.keys()]);
// 'id', 'reason', 'remedy': the columns of a unit's list that come back filled («Lý do quá hạn»).
export const replyColumnLabel = (key) => get('reply_columns', key);
export const differenceKindLabel = (key) => get('difference_kinds', key);
export const differenceFieldLabel = (key) => get('difference_fields', key);
export const differenceFields = () => (get('difference_fields', ''),
  [...tables.difference_fields.keys()]);
export const gapFigureLabel = (key) => get('gap_figures', key);
