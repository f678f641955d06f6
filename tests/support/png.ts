/**
 * A small PNG reader for tests: size from the header, and the share of
 * pixels unlike the image's commonest colour (8-bit RGB/RGBA/grey, no
 * interlace: what Chromium writes). Enough to tell a slide from a blank page.
 */
import { inflateSync } from 'node:zlib';

export interface PngInfo {
  width: number;
  height: number;
  /** Share of pixels whose colour differs clearly from the commonest one. */
  ink: number;
  /** The colour at a pixel, as 0xRRGGBB. */
  colourAt(x: number, y: number): number;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function readPng(bytes: Uint8Array): PngInfo {
  const data = Buffer.from(bytes);
  if (data.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const bitDepth = data[24]!;
  const channels = CHANNELS[data[25]!];
  if (bitDepth !== 8 || !channels || data[28] !== 0) throw new Error(`unsupported PNG (depth ${bitDepth}, colour type ${data[25]}, interlace ${data[28]})`);
  const idat: Buffer[] = [];
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    if (data.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(data.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels]! : 0;
      const p = left + up - upLeft;
      const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft) ? left : Math.abs(p - up) <= Math.abs(p - upLeft) ? up : upLeft;
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter] ?? 0;
      pixels[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  const counts = new Map<number, number>();
  const colourAt = (i: number) => (pixels[i]! << 16) | ((pixels[i + Math.min(1, channels - 1)]!) << 8) | pixels[i + Math.min(2, channels - 1)]!;
  for (let i = 0; i < pixels.length; i += channels) counts.set(colourAt(i), (counts.get(colourAt(i)) ?? 0) + 1);
  const background = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const far = (c: number) => Math.abs((c >> 16) - (background >> 16)) + Math.abs(((c >> 8) & 0xff) - ((background >> 8) & 0xff)) + Math.abs((c & 0xff) - (background & 0xff)) > 60;
  let ink = 0;
  for (let i = 0; i < pixels.length; i += channels) if (far(colourAt(i))) ink++;
  return { width, height, ink: ink / (width * height), colourAt: (x, y) => colourAt((Math.round(y) * width + Math.round(x)) * channels) };
}
