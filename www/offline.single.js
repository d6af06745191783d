// Single file: opened from file://, where browsers run no service worker; it needs none, being
// one file with everything inside.
export function startOffline() {}
