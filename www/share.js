// The setup as a link and as a small file: period, province, the methodology's changes, the
// notice's header settings, the column mappings in use and the view. Never dossier data, ids or
// personal data: the setup is built from those settings alone, not from anything read from a
// file but its header row. The fragment (#thiet-lap=…) never reaches a server: browsers do not
// send it.
//
// Format 1: {v: 1, view, period: {from, to} | null, province, profile: {targets, thresholds,
// bands, holidays} | {full} | null, settings | null, mappings: [[header signature, mapping JSON]]},
// as JSON, deflated where the browser can (prefix "z"; "j" plain), in base64url.
export const SETUP_VERSION = 1;
export const SETUP_KIND = 'chiso766-setup';
const PREFIX = 'thiet-lap=';

// What differs from the default profile: targets, thresholds (the early warning's N among them),
// bands and the holidays (the whole list when it differs); the whole profile when anything else
// differs (an imported file with other changes). Compared as JSON text, whose keys come in the
// order Rust writes them (checkProfile): `strip` keeps that order.
export function profileChanges(json, defaultJson) {
  if (!json || json === defaultJson) return null;
  const p = JSON.parse(json);
  const d = JSON.parse(defaultJson);
  const strip = (q) => JSON.stringify(
    { ...q, thresholds: null, bands: null, holidays: null,
      groups: q.groups.map((g) => (
        { ...g, indicators: g.indicators.map((i) => ({ ...i, target: null })) })) });
  if (strip(p) !== strip(d)) return { full: json };
  const targets = {};
  const defaults = new Map(d.groups.flatMap((g) => g.indicators.map((i) => [i.id, i.target])));
  for (const g of p.groups) for (const i of g.indicators) if (defaults.get(i.id) !== i.target)
    targets[i.id] = i.target;
  const thresholds = {};
  for (const [k, v] of Object.entries(p.thresholds)) if (d.thresholds[k] !== v) thresholds[k] = v;
  const changes = {};
  if (Object.keys(targets).length) changes.targets = targets;
  if (Object.keys(thresholds).length) changes.thresholds = thresholds;
  if (JSON.stringify(p.bands) !== JSON.stringify(d.bands)) changes.bands = p.bands;
  if (JSON.stringify(p.holidays ?? []) !== JSON.stringify(d.holidays ?? []))
    changes.holidays = p.holidays ?? [];
  return Object.keys(changes).length ? changes : null;
}

// The profile JSON a setup's changes make of the default.
export function applyProfileChanges(changes, defaultJson) {
  if (!changes) return defaultJson;
  if (typeof changes.full === 'string') return changes.full;
  const p = JSON.parse(defaultJson);
  for (const g of p.groups) for (const i of g.indicators)
    if (typeof changes.targets?.[i.id] === 'number') i.target = changes.targets[i.id];
  for (const [k, v] of Object.entries(changes.thresholds ?? {}))
    if (k in p.thresholds && typeof v === 'number') p.thresholds[k] = v;
  if (Array.isArray(changes.bands)) p.bands = changes.bands;
  if (Array.isArray(changes.holidays))
    p.holidays = changes.holidays.filter((d) => typeof d === 'string');
  return JSON.stringify(p, null, 2);
}

const toBase64Url = (bytes) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromBase64Url = (text) => {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
};

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream))
    .arrayBuffer());
}

function canDeflate() {
  try {
    new CompressionStream('deflate-raw');
    return true;
  } catch {
    return false;
  }
}

// The fragment for a setup: "#thiet-lap=z…".
export async function setupFragment(setup) {
  const bytes = new TextEncoder().encode(JSON.stringify(setup));
  if (canDeflate())
    return `#${PREFIX}z${toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw')))}`;
  return `#${PREFIX}j${toBase64Url(bytes)}`;
}

export const isSetupFragment = (hash) => hash.startsWith(`#${PREFIX}`);

// The setup a fragment carries; throws an Error whose message says, in Vietnamese and
// English, why it cannot be used.
export async function readSetupFragment(hash) {
  let text;
  try {
    const body = decodeURIComponent(hash.slice(PREFIX.length + 1));
    const bytes = fromBase64Url(body.slice(1));
    if (body[0] === 'z')
      text = new TextDecoder('utf-8', { fatal: true })
      .decode(await pipe(bytes, new DecompressionStream('deflate-raw')));
    else if (body[0] === 'j') text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    else throw new Error('prefix');
  } catch {
    throw new Error(
      'Liên kết thiết lập bị hỏng hoặc bị cắt mất một phần (có thể do sao chép thiếu). Hãy xin ' +
      'lại liên kết, hoặc tệp thiết lập. (The setup link is broken or truncated.)');
  }
  return checkSetup(text);
}

// A setup from JSON text (a link's or a file's), checked for what this version understands.
export function checkSetup(text) {
  let s;
  try {
    s = JSON.parse(text);
  } catch {
    throw new Error('Thiết lập không đọc được (không phải JSON). (The setup is not valid JSON.)');
  }
  if (!s || typeof s !== 'object' || typeof s.v !== 'number')
    throw new Error('Đây không phải thiết lập của chiso766. (Not a chiso766 setup.)');
  if (s.v > SETUP_VERSION)
    throw new Error(
      `Thiết lập được tạo bởi phiên bản mới hơn của chiso766 (dạng ${s.v}); hãy dùng trang mới ` +
      `nhất. (The setup comes from a newer version.)`);
  if (s.v < 1)
    throw new Error(
      `Thiết lập theo dạng cũ (${s.v}) không còn được hỗ trợ; hãy tạo lại liên kết. (The setup's ` +
      `format is too old.)`);
  const str = (x) => (typeof x === 'string' ? x : '');
  const iso = (x) => (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x) ? x : null);
  const period = s.period && iso(s.period.from) && iso(s.period.to)
    ? { from: s.period.from, to: s.period.to } : null;
  const settings = s.settings && typeof s.settings === 'object' && !Array.isArray(s.settings)
    ? s.settings : null;
  const mappings = Array.isArray(s.mappings)
    ? s.mappings.filter((m) => Array.isArray(m) && typeof m[0] === 'string' &&
      typeof m[1] === 'string') : [];
  const profile = s.profile && typeof s.profile === 'object' ? s.profile : null;
  return { v: SETUP_VERSION, view: str(s.view), period, province: str(s.province), profile,
    settings, mappings };
}
