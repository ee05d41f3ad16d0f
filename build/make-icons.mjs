// Draws the add-in's icons (a blue rounded square with a white bar chart) and writes them to
// assets/icon-<size>.png. Node built-ins only: the PNG is encoded by hand, compressed with zlib.
// The output is deterministic, so the committed PNGs can be re-made and compared at any time:
//   node build/make-icons.mjs            (writes assets/)
//   node build/make-icons.mjs --check    (exits 1 if a committed icon differs from a fresh one)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'assets');

/** 16, 32 and 80 px for the ribbon; 32 (IconUrl) and 64 (HighResolutionIconUrl) for the add-in. */
export const SIZES = [16, 32, 64, 80];

const BLUE = [0x0f, 0x6c, 0xbd]; // the panel's accent colour in Excel
const WHITE = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 4; // 4x4 samples per pixel for smooth edges

/** Which colour the point (x, y) in unit coordinates (0..1) has, or null where transparent. */
function colourAt(x, y) {
  const r = 0.18; // corner radius
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null; // outside the rounded square
  // Three bars rising left to right on a common baseline.
  const base = 0.8;
  const bars = [
    { x0: 0.2, x1: 0.34, top: 0.56 },
    { x0: 0.43, x1: 0.57, top: 0.4 },
    { x0: 0.66, x1: 0.8, top: 0.22 },
  ];
  for (const b of bars) if (x >= b.x0 && x < b.x1 && y >= b.top && y < base) return WHITE;
  return BLUE;
}

/** RGBA pixels, row by row, each row preceded by PNG filter byte 0 (None). */
function raster(size) {
  const rowBytes = size * 4 + 1;
  const data = Buffer.alloc(rowBytes * size);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    data[py * rowBytes] = 0;
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const c = colourAt((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a += 1;
        }
      }
      const o = py * rowBytes + 1 + px * 4;
      // Colour averaged over the covered samples (straight alpha), coverage as alpha.
      data[o] = a ? Math.round(r / a) : 0;
      data[o + 1] = a ? Math.round(g / a) : 0;
      data[o + 2] = a ? Math.round(b / a) : 0;
      data[o + 3] = Math.round((255 * a) / n);
    }
  }
  return data;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

export function png(size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); // width
  ihdr.writeUInt32BE(size, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raster(size), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  if (!check) fs.mkdirSync(outDir, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(outDir, `icon-${size}.png`);
    const bytes = png(size);
    if (check) {
      const same = fs.existsSync(file) && fs.readFileSync(file).equals(bytes);
      if (!same) { stale++; console.log(`assets/icon-${size}.png differs from a fresh drawing`); }
    } else {
      fs.writeFileSync(file, bytes);
      console.log(`wrote assets/icon-${size}.png (${bytes.length} bytes)`);
    }
  }
  if (check) {
    console.log(stale ? `${stale} icon(s) out of date: run node build/make-icons.mjs` : 'icons up to date');
    process.exit(stale ? 1 : 0);
  }
}
