// Minimal PNG writer (RGBA, 8-bit, no interlace) so the app icons are generated from code with zlib alone.
import zlib from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** `pixel(x, y)` returns [r, g, b, a] in 0..255. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], row + 1 + x * 4);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface PngInfo {
  width: number;
  height: number;
  colourType: number;
  /** True when any pixel has alpha < 255 (RGBA images only). */
  hasTransparency: boolean;
}

/** Reads back what the Teams validator cares about (size, alpha); supports the non-interlaced 8-bit RGBA files we write. */
export function readPngInfo(png: Buffer): PngInfo {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG file');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const colourType = png[25]!;
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('ascii');
    if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  let hasTransparency = false;
  if (colourType === 6) {
    const raw = zlib.inflateSync(Buffer.concat(idat));
    const stride = 1 + width * 4;
    for (let y = 0; y < height && !hasTransparency; y++) {
      if (raw[y * stride] !== 0) throw new Error('only unfiltered rows are supported');
      for (let x = 0; x < width; x++) {
        if (raw[y * stride + 1 + x * 4 + 3]! < 255) {
          hasTransparency = true;
          break;
        }
      }
    }
  }
  return { width, height, colourType, hasTransparency };
}
