// Helpers for this folder's tests: real media files made on the spot, and readers for
// what the tests assert about them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync } from 'node:zlib';
import { after, before } from 'node:test';
import type { DeclaredMedia, MediaRefusal, ProcessedMedia } from '../ports/media.js';
import { DEFAULT_MEDIA_LIMITS } from './media-limits.js';
import type { MediaLimits } from './media-limits.js';
import { processMedia } from './process-media.js';

const run = promisify(execFile);

/**
 * A temp directory for one test file, made before its tests and removed after them,
 * whether they passed or not. Read `.path` inside tests.
 */
export function tempDirForSuite(prefix: string): { path: string } {
  const dir = { path: '' };
  before(async () => { dir.path = await mkdtemp(join(tmpdir(), `pigeon-${prefix}-`)); });
  after(async () => { if (dir.path !== '') await rm(dir.path, { recursive: true, force: true }); });
  return dir;
}

let workDirs = 0;

/** Runs the pipeline on a file in `dir` with a fresh work directory beside it. */
export function processIn(
  dir: string, file: string, declared: Partial<DeclaredMedia> & Pick<DeclaredMedia, 'kind' | 'mime'>,
  limits: MediaLimits = DEFAULT_MEDIA_LIMITS,
): Promise<ProcessedMedia | MediaRefusal> {
  workDirs += 1;
  return processMedia({ path: join(dir, file), declared: { name: null, ...declared }, workDir: join(dir, `work-${workDirs}`) }, limits);
}

/** Narrows a result to a success, failing the test with the refusal otherwise. */
export function processed(result: ProcessedMedia | MediaRefusal): ProcessedMedia {
  if ('refused' in result) throw new Error(`expected success, got ${result.refused}: ${result.message}`);
  return result;
}

/** Runs ffmpeg to make a test file, quietly, failing loudly if ffmpeg is missing. */
export async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args]);
}

/**
 * A PNG that is all header: signature, an IHDR declaring `width` × `height` (8-bit RGB),
 * a tiny IDAT and IEND, every chunk with a correct CRC. Decoding it would need
 * width × height × 3 bytes; reading its header needs 70 bytes.
 */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(16))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The EXIF tag that points at the GPS directory. */
export const GPS_IFD_POINTER = 0x8825;

/**
 * Tag numbers in the first directory (IFD0) of an EXIF block as sharp returns it
 * (`Exif\0\0` then a TIFF header), so a test can see whether GPS data is referenced.
 */
export function ifd0Tags(exif: Buffer): number[] {
  const tiff = exif.subarray(exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0);
  const little = tiff.subarray(0, 2).toString('latin1') === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = u32(4);
  const tags: number[] = [];
  for (let i = 0; i < u16(ifd0); i++) tags.push(u16(ifd0 + 2 + i * 12));
  return tags;
}

/**
 * `size` pseudo-random bytes, the same every run (xorshift), starting with `head`: random
 * enough that no format is recognised, repeatable so a failure can be reproduced.
 */
export function noise(size: number, head: Buffer = Buffer.alloc(0)): Buffer {
  const bytes = Buffer.alloc(size);
  let state = 0x2545f491;
  for (let i = 0; i < size; i++) {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  head.copy(bytes);
  return bytes;
}

/** Writes {@link noise} to a file. */
export async function writeNoise(path: string, size: number, head?: Buffer): Promise<void> {
  await writeFile(path, noise(size, head));
}
