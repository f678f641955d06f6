/**
 * One message to thousands of sockets: the WebSocket text frame (header + payload) is built once
 * and written to each connection's TCP socket as one buffer. `ws.send` would frame it again for
 * every follower and make two writes each (header, then payload), which is most of a broadcast's
 * cost at 5,000 followers. Safe here because the server never compresses (perMessageDeflate is
 * off) and never sends Blobs, so ws's sender never holds a queue that a direct write could
 * overtake; when the TCP socket is not reachable the frame goes through `ws.send` as usual.
 */
import type { Socket } from 'node:net';
import * as wsModule from 'ws';
import type { WebSocket } from 'ws';

interface FrameOptions {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
}
/** ws's own framing (`Sender.frame`): not in @types/ws, public in ws since 1.x. */
const sender = (wsModule as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } }).Sender;
const TEXT_OPCODE = 1;

export interface PreparedText {
  /** UTF-8 payload, for the `ws.send` path. */
  payload: Buffer;
  /** The whole unmasked server frame. */
  frame: Buffer;
}

export function prepareText(text: string): PreparedText {
  const payload = Buffer.from(text);
  const frame = Buffer.concat(sender.frame(payload, { fin: true, rsv1: false, opcode: TEXT_OPCODE, mask: false, readOnly: false }));
  return { payload, frame };
}

export function sendPrepared(socket: WebSocket, message: PreparedText): void {
  const tcp = (socket as unknown as { _socket?: Socket })._socket;
  if (tcp && tcp.writable && !tcp.destroyed) tcp.write(message.frame);
  else socket.send(message.payload, { binary: false });
}
