/**
 * The last few requests a server answered, for tests and diagnostics: a ring
 * of at most `capacity` entries with URLs cut to a length, plus a total count.
 * A server that stays up through a class (or a flood) holds the same few KB.
 */
export interface ServedRequest {
  method: string;
  url: string;
  status: number;
}

/** URLs are kept to this many characters (an 8 KB URL costs 8 KB only until it is answered). */
export const LOGGED_URL_CHARS = 256;

export class RequestLog {
  private readonly ring: ServedRequest[] = [];
  private next = 0;
  /** Every request answered, including those no longer kept. */
  total = 0;

  constructor(readonly capacity = 200) {}

  add(method: string, url: string, status: number): void {
    // slice() of a long string can keep the whole original alive in V8; copy the short part.
    const entry = { method: method.slice(0, 16), url: url.length > LOGGED_URL_CHARS ? `${url.slice(0, LOGGED_URL_CHARS)}…`.split('').join('') : url, status };
    this.total++;
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The kept requests, oldest first. */
  recent(): ServedRequest[] {
    return this.ring.length < this.capacity ? [...this.ring] : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  /** How many entries are kept right now (never more than capacity). */
  get size(): number {
    return this.ring.length;
  }
}
