// Hosted build: a service worker (sw.js, written by scripts/offline.mjs at build time) keeps a
// versioned copy of the page, its script, the worker and the manifest, so that once visited the
// page opens and analyses with the network off. A new build deployed is installed beside the
// old one and waits; the page then offers "Có phiên bản mới" and, when the user agrees, the new
// one takes over and the page reloads.
export function startOffline(onUpdate) {
  const sw = navigator.serviceWorker;
  if (!sw || !window.isSecureContext) return;
  let reloading = false;
  let agreed = false;
  sw.addEventListener('controllerchange', () => {
    if (agreed && !reloading) {
      reloading = true;
      location.reload();
    }
  });
  const offer = (waiting) => {
    // No page was controlled before: this is the first install, nothing to update.
    if (!sw.controller) return;
    onUpdate(() => {
      agreed = true;
      waiting.postMessage('skip-waiting');
    });
  };
  sw.register('sw.js').then((registration) => {
    if (registration.waiting) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'installed') offer(installing);
      });
    });
  }).catch(() => {
    // A server that sends the page's own policy for sw.js too (connect-src 'none') lets no
    // copy be made: the page works as before, online only.
  });
}
