/**
 * Server log lines about bad clients, limited so a client that floods garbage
 * cannot flood the terminal too: at most `max` lines per window, then one
 * line saying how many were suppressed.
 */
export type Log = (line: string) => void;

export function createLogLimiter(log: Log, max = 20, windowMs = 10_000): Log {
  let windowStart = 0;
  let printed = 0;
  let suppressed = 0;
  return (line) => {
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      if (suppressed) log(`[present] … ${suppressed} more problem(s) not shown`);
      windowStart = now;
      printed = 0;
      suppressed = 0;
    }
    if (printed < max) {
      printed++;
      log(line);
    } else {
      suppressed++;
    }
  };
}
