/**
 * Sends messages that every client must get, in order (pen strokes, reveals),
 * without blocking the event loop: each is serialised once and sent to
 * FANOUT_CHUNK clients per turn of the loop. A laser move still waiting to be
 * sent is replaced by a newer one: a pointer only needs its last place.
 */
import type { WebSocket } from 'ws';
import { prepareText, sendPrepared, type PreparedText } from './preparedFrame.ts';

export interface FanoutTarget {
  socket: WebSocket;
}

interface Job<T> {
  /** UTF-8 JSON, encoded and framed once for every target. */
  message: PreparedText;
  laser: boolean;
  targets: T[];
  next: number;
}

const FANOUT_CHUNK = 500;
/** A client this far behind misses messages rather than growing the server's memory. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export function createFanout<T extends FanoutTarget>(): { send(text: string, targets: T[], laser?: boolean): void } {
  const jobs: Job<T>[] = [];
  let running = false;
  const run = (): void => {
    let budget = FANOUT_CHUNK;
    while (jobs.length && budget > 0) {
      const job = jobs[0]!;
      while (job.next < job.targets.length && budget > 0) {
        const { socket } = job.targets[job.next++]!;
        budget--;
        if (socket.readyState === socket.OPEN && socket.bufferedAmount < MAX_BUFFERED_BYTES) sendPrepared(socket, job.message);
      }
      if (job.next >= job.targets.length) jobs.shift();
    }
    if (jobs.length) setImmediate(run);
    else running = false;
  };
  return {
    send(text, targets, laser = false) {
      const last = jobs.at(-1);
      const message = prepareText(text);
      if (laser && last?.laser && last.next === 0) last.message = message;
      else jobs.push({ message, laser, targets, next: 0 });
      if (!running) {
        running = true;
        setImmediate(run);
      }
    },
  };
}
