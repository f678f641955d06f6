/**
 * This browser's anonymous id for `present`: random, kept in localStorage, so
 * a student who reloads or reconnects is counted once. It names no one and
 * never leaves the present server.
 */
const KEY = 'lessondeck:browser-id';

let cached: string | undefined;

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function browserId(): string {
  if (cached) return cached;
  try {
    cached = localStorage.getItem(KEY) ?? undefined;
    if (!cached || !/^[A-Za-z0-9_-]{8,64}$/.test(cached)) {
      cached = randomId();
      localStorage.setItem(KEY, cached);
    }
  } catch {
    // Storage disabled: an id for this page only (a reload counts again).
    cached ??= randomId();
  }
  return cached;
}
