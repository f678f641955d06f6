/**
 * Where a room's events go besides this process's own memory. Alone (no
 * `--redis`) nowhere; with Redis (redisStore.ts) every event is written to
 * Redis and published there, so other `present` processes apply it too and a
 * restarted process rebuilds the room from what Redis kept.
 */
import type { RoomEvent } from './room.ts';

export interface RoomStore {
  /** The presenter token every process of the room uses: the first proposed one wins. */
  token(proposed: string): Promise<string>;
  /** Starts listening to other processes and returns the events that rebuild the room so far. */
  load(onRemote: (event: RoomEvent) => void): Promise<RoomEvent[]>;
  /** Records and shares an event this process applied. */
  publish(event: RoomEvent): void;
  close(): Promise<void>;
}

/** One process, as before `--redis`: the room lives and dies with it. */
export function memoryStore(): RoomStore {
  return {
    token: (proposed) => Promise.resolve(proposed),
    load: () => Promise.resolve([]),
    publish: () => {},
    close: () => Promise.resolve(),
  };
}
