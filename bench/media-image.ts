import sharp from 'sharp';

/**
 * The photo the media scenario uploads: 1600×1200 (a 2 MP phone photo
 * scaled for sending), JPEG at quality 92, about 1 MB. Smooth colour fields
 * plus per-pixel grain, as sensor noise in a real photo: the grain is what
 * makes it ~1 MB (with a quarter of it, the JPEG is a third of the size and
 * the server's re-encoding a third of the work).
 */
export const PHOTO = { width: 1600, height: 1200, quality: 92, grain: 72 } as const;

/** xorshift32: the same photo on every run, so runs compare. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Raw RGB pixels of the photo: three slow colour waves, plus grain of ±grain/2 per channel. */
export function photoPixels(width: number, height: number, grain: number, seed = 1): Buffer {
  const rnd = random(seed);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const fy = y / height;
    for (let x = 0; x < width; x++) {
      const fx = x / width;
      const base = [
        120 + 100 * Math.sin(fx * 6.3 + seed) * Math.cos(fy * 4.1),
        110 + 90 * Math.sin(fy * 5.2 + fx * 2 + seed * 0.7),
        100 + 80 * Math.cos(fx * 3.7 - fy * 6.1 + seed * 1.3),
      ];
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.max(0, Math.min(255, Math.round(base[c]! + (rnd() - 0.5) * grain)));
    }
  }
  return pixels;
}

/** Side of the square that differs between variants, in pixels. */
export const MARK_SIDE = 8;

/**
 * A copy of the pixels with the n-th 8×8 square (row-major, wrapping after
 * 30,000) inverted. Inverting moves its pixels by ~100-255 levels, which
 * survives both JPEG encodings (ours at 92, the server's at 85), and a square
 * rather than one pixel also survives the server's 5× smaller thumbnail: with
 * a single pixel, most variants got the same thumbnail and the server skipped
 * writing it as a duplicate.
 */
export function withSquareInverted(pixels: Buffer, width: number, height: number, n: number, side = MARK_SIDE): Buffer {
  const copy = Buffer.from(pixels);
  const across = Math.floor(width / side);
  const square = n % (across * Math.floor(height / side));
  const x0 = (square % across) * side;
  const y0 = Math.floor(square / across) * side;
  for (let y = y0; y < y0 + side; y++) {
    for (let i = (y * width + x0) * 3; i < (y * width + x0 + side) * 3; i++) copy[i] = 255 - copy[i]!;
  }
  return copy;
}

export async function encodeJpeg(pixels: Buffer, width: number, height: number, quality: number): Promise<Uint8Array<ArrayBuffer>> {
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer();
  // A plain Uint8Array over its own ArrayBuffer: what HttpApi.upload takes.
  return new Uint8Array(jpeg);
}

/** Distinct photos on demand: variant n differs from the base photo in its n-th square. */
export interface PhotoSource {
  /** Size of the unmodified photo's JPEG. */
  baseBytes: number;
  /** The next variant (each call a new square); sharp encodes on the libuv pool, off the event loop. */
  next(): Promise<Uint8Array<ArrayBuffer>>;
  /** Total milliseconds spent making variants (wall time of each encode, overlapping). */
  readonly encodeMs: number;
}

export async function createPhotoSource(photo: { width: number; height: number; quality: number; grain: number } = PHOTO): Promise<PhotoSource> {
  const pixels = photoPixels(photo.width, photo.height, photo.grain);
  const base = await encodeJpeg(pixels, photo.width, photo.height, photo.quality);
  let n = 0;
  let encodeMs = 0;
  return {
    baseBytes: base.byteLength,
    async next() {
      const started = performance.now();
      const jpeg = await encodeJpeg(withSquareInverted(pixels, photo.width, photo.height, n++), photo.width, photo.height, photo.quality);
      encodeMs += performance.now() - started;
      return jpeg;
    },
    get encodeMs() {
      return encodeMs;
    },
  };
}
