// The app icons, drawn in code: a "C" ring around a medical cross. color.png 192x192 on the accent colour; outline.png 32x32,
// white on transparent (what Teams requires). Run `node --import tsx src/teams/icons.ts` to rewrite appPackage/*.png.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../config.js';
import { encodePng } from './png.js';

const ACCENT: [number, number, number] = [0x0f, 0x6c, 0xbd];

/** Coverage of the glyph at a point in unit coordinates (0..1 square), 1 inside, 0 outside. */
function glyph(u: number, v: number): boolean {
  const dx = u - 0.5;
  const dy = v - 0.5;
  const r = Math.hypot(dx, dy);
  const angle = Math.atan2(dy, dx); // 0 = pointing right
  const ring = r >= 0.31 && r <= 0.41 && Math.abs(angle) > Math.PI / 4.2; // a C open to the right
  const arm = 0.055;
  const len = 0.17;
  const cross = (Math.abs(dx) <= arm && Math.abs(dy) <= len) || (Math.abs(dy) <= arm && Math.abs(dx) <= len);
  return ring || cross;
}

/** Fraction of a pixel covered by the glyph, by 4x4 supersampling (smooth edges without an image library). */
function coverage(x: number, y: number, size: number, inset: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const u = ((x + (i + 0.5) / 4) / size - inset) / (1 - 2 * inset);
      const v = ((y + (j + 0.5) / 4) / size - inset) / (1 - 2 * inset);
      if (u >= 0 && u <= 1 && v >= 0 && v <= 1 && glyph(u, v)) hits++;
    }
  }
  return hits / 16;
}

export function colorIcon(): Buffer {
  const size = 192;
  return encodePng(size, size, (x, y) => {
    const c = coverage(x, y, size, 0.12);
    const mix = (bg: number) => Math.round(bg * (1 - c) + 255 * c);
    return [mix(ACCENT[0]), mix(ACCENT[1]), mix(ACCENT[2]), 255];
  });
}

export function outlineIcon(): Buffer {
  const size = 32;
  return encodePng(size, size, (x, y) => [255, 255, 255, Math.round(255 * coverage(x, y, size, 0.02))]);
}

export function writeIcons(dir = path.join(REPO_ROOT, 'appPackage')): void {
  fs.writeFileSync(path.join(dir, 'color.png'), colorIcon());
  fs.writeFileSync(path.join(dir, 'outline.png'), outlineIcon());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) writeIcons();
