/**
 * DNS-rebinding and cross-site guards for lessondeck's own servers: a request
 * is answered only when its `Host` names this machine (an IP address,
 * `localhost`, or the machine's own name), and, when it carries an `Origin`,
 * only when that origin is the same host and port. A page on
 * `evil.example` whose name was re-pointed at 127.0.0.1 sends
 * `Host: evil.example` and is refused.
 */
import { isIP } from 'node:net';
import os from 'node:os';

/** The host part of a Host header value (`[::1]:4300` → `::1`, `a.b:80` → `a.b`), lower-cased. */
export function hostName(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']') > 0 ? value.indexOf(']') : undefined);
  return value.replace(/:\d*$/, '');
}

/** `extraNames`: other names of this machine the user allowed (`present --allow-host`). */
export function isAllowedHost(hostHeader: string | undefined, extraNames: readonly string[] = []): boolean {
  if (!hostHeader) return false;
  const name = hostName(hostHeader).replace(/\.$/, '');
  return isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost') || ownNames().includes(name) || extraNames.some((extra) => hostName(extra) === name);
}

/** No Origin (a plain navigation, curl) is fine; otherwise it must be this very host and port. */
export function isSameOrigin(originHeader: string | undefined, hostHeader: string | undefined): boolean {
  if (originHeader === undefined) return true;
  try {
    return !!hostHeader && new URL(originHeader).host === hostHeader.trim().toLowerCase();
  } catch {
    return false;
  }
}

let names: string[] | undefined;

function ownNames(): string[] {
  const host = os.hostname().toLowerCase();
  names ??= [host, `${host}.local`, host.split('.')[0]!];
  return names;
}
