// The page's views and the navigation over them. The URL fragment names the view (#don-vi), so
// the back button and a reload return to it; a share link's fragment (#thiet-lap=…, share.js)
// is read once and replaced by its view.
//
// Adding a view: one entry below, one <section data-view="canh-bao"
// aria-labelledby="h-canh-bao" hidden> with an <h2 id="h-canh-bao" tabindex="-1"> in index.html
// (inside #results when it needs a report), and, when it draws something on being shown,
// onShow('canh-bao', fn) from main.js. The navigation, the fragment, the share link's view and
// the e2e tests' walk over every view (tests/e2e/workspace.test.mjs reads this list) follow.
import { el } from './dom.js';

export const VIEWS = [
  { id: 'tong-quan', label: 'Tổng quan', report: true },
  { id: 'thong-bao', label: 'Thông báo', report: true },
  { id: 'don-vi', label: 'Đơn vị', report: true },
  { id: 'canh-bao', label: 'Cảnh báo sớm', report: true },
  { id: 'doi-chieu', label: 'Đối chiếu', report: true },
  { id: 'so-sanh', label: 'So sánh, xu hướng', report: true },
  { id: 'du-lieu', label: 'Dữ liệu', report: false },
  { id: 'cach-tinh', label: 'Cách tính', report: false },
];

const byId = new Map(VIEWS.map((v) => [v.id, v]));
const hooks = new Map();
let current = null;

export const isView = (id) => byId.has(id);
export const currentView = () => current;

// Runs fn(report-independent) each time the view is shown.
export function onShow(id, fn) {
  hooks.set(id, fn);
}

export function buildNav(list) {
  list.replaceChildren(...VIEWS.map(
    (v) => el('li', {}, el('a', { href: `#${v.id}`, 'data-view-link': v.id, text: v.label }))));
}

// The view the fragment names, else `fallback`.
export function viewFromHash(fallback) {
  const id = decodeURIComponent(location.hash.slice(1));
  return isView(id) ? id : fallback;
}

// Shows one view; `focus` moves the keyboard to its heading (after a choice in the navigation,
// not on the page's start).
export function showView(id, { focus = false, hasReport = false } = {}) {
  if (!isView(id)) return;
  current = id;
  for (const section of /** @type {NodeListOf<HTMLElement>} */ (
    document.querySelectorAll('section[data-view]'))) section.hidden = section.dataset.view !== id;
  for (const a of /** @type {NodeListOf<HTMLElement>} */ (
    document.querySelectorAll('[data-view-link]'))) {
    if (a.dataset.viewLink === id) {
      a.setAttribute('aria-current', 'page');
      // On a narrow screen the navigation scrolls: the current view's link is kept in sight.
      a.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    else a.removeAttribute('aria-current');
  }
  const needsReport = byId.get(id).report;
  document.getElementById('results').hidden = !hasReport;
  document.getElementById('empty-note').hidden = !needsReport || hasReport;
  document.body.dataset.view = id;
  document.title = `${byId.get(id).label} — chiso766`;
  if (focus) {
    window.scrollTo(0, 0);
    document.getElementById(`h-${id}`)?.focus({ preventScroll: true });
  }
  hooks.get(id)?.();
}

// Puts the view in the fragment as a new history entry (a click in the navigation does this by
// itself through its href).
export function goTo(id) {
  if (location.hash !== `#${id}`) location.hash = id;
}
