import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { pngHeaderOnly } from '../src/media/test-support.js';

const run = promisify(execFile);

/** Real media made on the spot: a photo with GPS in its EXIF, a short video, a sound, and broken files. */
export async function makeFixtures() {
  const dir = await mkdtemp(join(tmpdir(), 'pigeon-media-fixtures-'));
  const noise = (width: number, height: number) =>
    sharp(Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width, height, channels: 3 } });
  const photo = await noise(640, 480).jpeg({ quality: 90 }).withExif({
    IFD0: { Make: 'PigeonCam' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2981/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 4021/100' },
  }).toBuffer();
  const png = await noise(300, 200).png().toBuffer();
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=320x240:rate=25',
    '-pix_fmt', 'yuv420p', join(dir, 'clip.mp4')]);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=1.5', join(dir, 'tone.wav')]);
  const fixtures = {
    photo: new Uint8Array(photo),
    png: new Uint8Array(png),
    video: new Uint8Array(await readFile(join(dir, 'clip.mp4'))),
    audio: new Uint8Array(await readFile(join(dir, 'tone.wav'))),
    truncated: new Uint8Array(photo.subarray(0, Math.floor(photo.length / 2))),
    bomb: new Uint8Array(pngHeaderOnly(50_000, 50_000)),
    text: new Uint8Array(Buffer.from('this is not a picture\n'.repeat(20))),
  };
  await rm(dir, { recursive: true, force: true });
  return fixtures;
}

export type Fixtures = Awaited<ReturnType<typeof makeFixtures>>;
