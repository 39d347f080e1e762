import { join } from 'node:path';
import type { FormatEnum, Metadata, Sharp } from 'sharp';
import sharp from 'sharp';
import type { MediaRefusal, ProcessedMedia } from '../ports/media.js';
import { hashFile } from './hash-file.js';
import type { MediaLimits } from './media-limits.js';
import { makePreviews } from './previews.js';
import { refuse } from './refusal.js';

// What sharp's header reader calls each allowed type, and the file name the re-encoding gets.
const FORMATS: Readonly<Record<string, { sharp: keyof FormatEnum; file: string }>> = {
  'image/jpeg': { sharp: 'jpeg', file: 'content.jpg' },
  'image/png': { sharp: 'png', file: 'content.png' },
  'image/webp': { sharp: 'webp', file: 'content.webp' },
  'image/gif': { sharp: 'gif', file: 'content.gif' },
  'image/avif': { sharp: 'heif', file: 'content.avif' },
};

/**
 * Processes an image whose bytes are known to be `mime` (one of the allowed image types):
 * checks the pixel count from the header before decoding anything, then decodes, turns it
 * upright (EXIF orientation) and re-encodes it in the same format without any metadata
 * (EXIF, GPS, XMP, ICC, comments) into `workDir/content.<ext>`, plus the thumbnail and the
 * preview. GIF and WebP animations stay animated. A corrupt or truncated image is refused.
 */
export async function processImage(path: string, mime: string, workDir: string, limits: MediaLimits): Promise<ProcessedMedia | MediaRefusal> {
  const format = FORMATS[mime];
  if (format === undefined) throw new Error(`not an image type: ${mime}`);

  let header: Metadata;
  try {
    // The header read never decodes pixels; the limit is applied below, with a better message.
    header = await sharp(path, { limitInputPixels: false }).metadata();
  } catch (error) {
    return undecodable(error, mime);
  }
  if (header.format !== format.sharp) return refuse('MEDIA_UNDECODABLE', `The image cannot be read as ${mime}.`);

  const frames = header.pages ?? 1;
  const animated = frames > 1 && (mime === 'image/gif' || mime === 'image/webp');
  const pixels = header.width * header.height * (animated ? frames : 1);
  if (pixels > limits.maxImagePixels) {
    const size = `${header.width}×${header.height}${animated ? ` × ${frames} frames` : ''}`;
    return refuse('IMAGE_TOO_LARGE', `The image is ${size} pixels; the limit is ${limits.maxImagePixels} pixels.`);
  }

  const outPath = join(workDir, format.file);
  let out: { width: number; height: number; pageHeight?: number };
  try {
    // failOn 'error' refuses truncated and corrupt data but tolerates the harmless warnings
    // many cameras' JPEGs trigger. Not asking sharp to keep metadata is what strips it.
    const decoded = sharp(path, { limitInputPixels: limits.maxImagePixels, failOn: 'error', animated }).rotate();
    out = await encode(decoded, mime, header).toFile(outPath);
  } catch (error) {
    return undecodable(error, mime);
  }

  const { thumbnail, preview } = await makePreviews(outPath, workDir, limits.maxImagePixels);
  const stored = await hashFile(outPath);
  return {
    kind: 'image', mime, ...stored,
    width: out.width, height: out.pageHeight ?? out.height,
    thumbnail, preview,
  };
}

function encode(image: Sharp, mime: string, header: Metadata): Sharp {
  switch (mime) {
    // mozjpeg's trellis search cost ~300 ms of a 330 ms photo (bench: 5 → 18 uploads/s without it);
    // ImageMagick's quantisation table with Huffman optimisation keeps files within ~15 % of it.
    case 'image/jpeg': return image.jpeg({ quality: 85, quantisationTable: 3, optimiseCoding: true });
    // A palette PNG re-encoded as truecolour can grow several times over.
    case 'image/png': return image.png({ palette: header.isPalette });
    case 'image/webp': return image.webp({ quality: 85 });
    // reuse (the default) keeps the GIF's own palette, so frames are not re-quantised badly.
    case 'image/gif': return image.gif();
    // AVIF encoding is slow; effort 2 keeps a phone photo to about a second.
    default: return image.avif({ quality: 60, effort: 2 });
  }
}

// sharp reports bad input and failures of our own disk the same way (an Error); only the
// first is the uploader's fault.
const OUR_FAULT = /Input file is missing|for write|write error|system error/i;

function undecodable(error: unknown, mime: string): MediaRefusal {
  if (error instanceof Error && OUR_FAULT.test(error.message)) throw error;
  return refuse('MEDIA_UNDECODABLE', `The image cannot be decoded as ${mime}.`);
}
