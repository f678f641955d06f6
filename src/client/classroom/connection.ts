/**
 * The classroom's share of the follow-mode connection (follow.ts owns the
 * WebSocket): checkpoints, lab progress, the pen and the speaker view's
 * counts listen to the server's messages and send their own through here.
 * Without `lessondeck present` nothing is ever connected, and every feature
 * works on its own in the browser (offline answers, local progress).
 */
import type { Role } from '../../present/protocol.ts';

export type ServerData = Record<string, unknown> & { type: string };
type Listener = (message: ServerData) => void;

let link: { role: Role; send: (text: string) => void } | undefined;
const listeners: Listener[] = [];
const roleListeners: ((role: Role | undefined) => void)[] = [];

/** Called with every message from the server, welcome included (after the role is known). */
export function onServerMessage(listener: Listener): void {
  listeners.push(listener);
}

/** Called when this page joins (presenter or follower) or loses the connection (undefined). */
export function onRoleChange(listener: (role: Role | undefined) => void): void {
  roleListeners.push(listener);
}

export function currentRole(): Role | undefined {
  return link?.role;
}

/** Sends a classroom message; false when this page is not connected to a present server. */
export function sendToServer(message: Record<string, unknown> & { type: string }): boolean {
  if (!link) return false;
  link.send(JSON.stringify(message));
  return true;
}

/** follow.ts: the server welcomed this page. */
export function connected(role: Role, send: (text: string) => void, welcome: ServerData): void {
  link = { role, send };
  roleListeners.forEach((l) => l(role));
  listeners.forEach((l) => l(welcome));
}

/** follow.ts: a message after the welcome. */
export function received(message: ServerData): void {
  if (link) listeners.forEach((l) => l(message));
}

/** follow.ts: the connection closed (it reconnects by itself). */
export function disconnected(): void {
  if (!link) return;
  link = undefined;
  roleListeners.forEach((l) => l(undefined));
}
