/**
 * What to print beside the audience QR code: a phone cannot open an address
 * of the presenter's own machine (127.0.0.1, localhost), so say so and give
 * the command that listens on the network instead.
 */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Undefined when the audience URL is reachable from other devices. */
export function localOnlyNote(audienceHost: string, presentArgs: string[] = []): string | undefined {
  if (!isLoopback(audienceHost)) return undefined;
  const command = ['lessondeck', 'present', ...presentArgs, '--host', '0.0.0.0'].join(' ');
  return `Listening on ${audienceHost} only: this QR code opens on this computer, not on students' phones.\n  For devices on the same network: ${command}`;
}
