/**
 * One message to thousands of sockets: the WebSocket text frame (header + payload) is built once
 * and written to each connection's TCP socket as one buffer. `ws.send` would frame it again for
 * every follower and make two writes each (header, then payload), which is most of a broadcast's
 * cost at 5,000 followers. Safe here because the server never compresses (perMessageDeflate is
 * off) and never sends Blobs, so ws's sender never holds a queue that a direct write could
 * overtake; when the TCP socket is not reachable the frame goes through `ws.send` as usual.
 */
import { writeSync } from 'node:fs';
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

/**
 * Writes the frame. When nothing is queued on the TCP socket (the usual case: a few dozen bytes to a
 * follower that read the last one), the frame goes to the kernel with one `write(2)` on the socket's
 * descriptor: `net.Socket.write` would spend about as long again in the stream machinery (a
 * WriteWrap, callbacks, bookkeeping) as the system call itself, times 5,000 followers. Anything the
 * kernel did not take (a full socket buffer) and every other case goes through the stream, in order.
 */
export function sendPrepared(socket: WebSocket, message: PreparedText): void {
  const tcp = (socket as unknown as { _socket?: Socket & { _handle?: { fd?: number } | null } })._socket;
  if (!tcp || !tcp.writable || tcp.destroyed) return void socket.send(message.payload, { binary: false });
  const fd = tcp._handle?.fd;
  if (typeof fd !== 'number' || fd < 0 || tcp.writableLength > 0 || tcp.writableCorked > 0 || tcp.connecting) return void tcp.write(message.frame);
  let written = 0;
  try {
    written = writeSync(fd, message.frame);
  } catch {
    // EAGAIN (buffer full) or a broken connection: the stream queues it, or reports the error as usual.
  }
  if (written < message.frame.length) tcp.write(written ? message.frame.subarray(written) : message.frame);
}
