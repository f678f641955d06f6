/**
 * The load bench's follower: one WebSocket connection per follower, read with a few lines of frame
 * parsing on the TCP socket instead of a full client library.
 *
 * Why: in the bench, thousands of followers share the server's two cores, while real followers are
 * browsers on their own devices. A `ws` client spends about 20 µs of CPU per received message
 * (a Writable stream, a Receiver state machine, events), so reading 5,000 sockets cost the bench more
 * CPU per round than both servers together and the measured latency was mostly the harness's. This
 * reader still receives every frame, decodes its UTF-8 payload and `JSON.parse`s it, as a browser
 * would; it answers pings (the server drops followers that do not) and sends masked frames as the
 * protocol requires of a client.
 */
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;
const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface FrameHandlers {
  text(payload: string): void;
  ping(payload: Buffer): void;
  close(): void;
}

/**
 * Parses unmasked server frames from TCP chunks, however the chunks cut them. Returns the function
 * to feed each chunk to. A message split over several frames (FIN clear) is joined before `text`.
 */
export function frameReader(handlers: FrameHandlers): (chunk: Buffer) => void {
  let pending: Buffer | undefined;
  let fragments: Buffer[] = [];
  return (chunk) => {
    const data = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = undefined;
    let at = 0;
    while (data.length - at >= 2) {
      const first = data[at]!;
      const second = data[at + 1]!;
      let length = second & 0x7f;
      let header = 2;
      if (length === 126) {
        if (data.length - at < 4) break;
        length = data.readUInt16BE(at + 2);
        header = 4;
      } else if (length === 127) {
        if (data.length - at < 10) break;
        length = Number(data.readBigUInt64BE(at + 2));
        header = 10;
      }
      // A server never masks; if one did, skip the key (the bench only ever talks to our server).
      if (second & 0x80) header += 4;
      if (data.length - at < header + length) break;
      const payload = data.subarray(at + header, at + header + length);
      at += header + length;
      const opcode = first & 0x0f;
      const fin = (first & 0x80) !== 0;
      if (opcode === OPCODE.ping) handlers.ping(payload);
      else if (opcode === OPCODE.close) handlers.close();
      else if (opcode === OPCODE.text || opcode === OPCODE.continuation) {
        if (fin && fragments.length === 0) handlers.text(payload.toString('utf8'));
        else {
          fragments.push(Buffer.from(payload));
          if (fin) {
            handlers.text(Buffer.concat(fragments).toString('utf8'));
            fragments = [];
          }
        }
      }
    }
    if (at < data.length) pending = Buffer.from(data.subarray(at));
  };
}

/** A client frame: masked, as RFC 6455 requires of every frame a client sends. */
export function maskedFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + length);
  frame[0] = 0x80 | opcode;
  if (header === 2) frame[1] = 0x80 | length;
  else if (header === 4) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, header);
  for (let i = 0; i < length; i++) frame[header + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

export interface RawFollower {
  send(text: string): void;
  terminate(): void;
  onClose(listener: () => void): void;
}

/**
 * Every follower of a process reads into this one buffer (`net.connect`'s `onread`): each chunk is
 * parsed before the callback returns, so no socket needs its own, and no stream machinery runs.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** Opens a WebSocket on `port`/`path` by hand (HTTP upgrade, accept key checked) and reads it with `frameReader`. */
export function openRawFollower(port: number, path: string, onText: (text: string) => void): Promise<RawFollower> {
  const key = randomBytes(16).toString('base64');
  const expected = createHash('sha1').update(key + ACCEPT_GUID).digest('base64');
  return new Promise((resolve, reject) => {
    let handshake: Buffer | undefined = Buffer.alloc(0);
    const closeListeners: Array<() => void> = [];
    let closed = false;
    const follower: RawFollower = {
      send: (text) => void socket.write(maskedFrame(OPCODE.text, Buffer.from(text))),
      terminate: () => socket.destroy(),
      onClose: (listener) => void closeListeners.push(listener),
    };
    const feed = frameReader({
      text: onText,
      ping: (payload) => socket.write(maskedFrame(OPCODE.pong, payload)),
      close: () => socket.end(),
    });
    /** Until the server's 101 answer is whole, bytes are kept; after it, everything is frames. */
    const onData = (chunk: Buffer): void => {
      if (!handshake) return feed(chunk);
      handshake = Buffer.concat([handshake, chunk]);
      const end = handshake.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = handshake.subarray(0, end).toString('latin1');
      const rest = handshake.subarray(end + 4);
      handshake = undefined;
      const accept = /^sec-websocket-accept:\s*(\S+)/im.exec(head)?.[1];
      if (!/^HTTP\/1\.1 101/.test(head) || accept !== expected) {
        socket.destroy();
        return reject(new Error(`no WebSocket upgrade: ${head.split('\r\n')[0]}`));
      }
      resolve(follower);
      if (rest.length) feed(Buffer.from(rest));
    };
    const socket = net.connect({
      host: '127.0.0.1',
      port,
      noDelay: true,
      onread: { buffer: READ_BUFFER, callback: (length) => {
        onData(READ_BUFFER.subarray(0, length));
        return true;
      } },
    });
    socket.once('connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`);
    });
    socket.once('error', (error) => {
      reject(error);
      socket.destroy();
    });
    socket.once('close', () => {
      if (closed) return;
      closed = true;
      for (const listener of closeListeners) listener();
    });
  });
}
