import { join } from 'node:path';
import sharp from 'sharp';
import type { HashedFile } from './hash-file.js';
import { hashFile } from './hash-file.js';

/** Longest side of the thumbnail, in pixels. */
export const THUMBNAIL_MAX_SIDE_PX = 320;
/** Longest side of the inline preview, in pixels. */
export const PREVIEW_MAX_SIDE_PX = 16;
/** Name of the thumbnail in the work directory. */
export const THUMBNAIL_FILE = 'thumbnail.webp';

/**
 * Makes the thumbnail (WebP, longest side 320 px, `workDir/thumbnail.webp`) and the inline
 * preview (WebP, longest side 16 px, base64, a few hundred bytes) of an upright image whose
 * pixel count has already been checked. Only the first frame of an animation is used.
 * Neither is ever enlarged. Rejects if the source cannot be decoded.
 */
export async function makePreviews(source: string, workDir: string, maxPixels: number): Promise<{ thumbnail: HashedFile; preview: string }> {
  const thumbnailPath = join(workDir, THUMBNAIL_FILE);
  await sharp(source, { limitInputPixels: maxPixels })
    .resize(THUMBNAIL_MAX_SIDE_PX, THUMBNAIL_MAX_SIDE_PX, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 70 })
    .toFile(thumbnailPath);
  // From the thumbnail, not the source: decoding 320 px is cheaper than decoding 50 MP again.
  const preview = await sharp(thumbnailPath)
    .resize(PREVIEW_MAX_SIDE_PX, PREVIEW_MAX_SIDE_PX, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 40, effort: 6 })
    .toBuffer();
  return { thumbnail: await hashFile(thumbnailPath), preview: preview.toString('base64') };
}
