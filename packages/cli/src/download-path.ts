import { extensionFor } from './mime-types.js';

/**
 * A file name from the network made safe to create: no folders (separators
 * become `_`), no control characters, not `.` or `..`, at most 255
 * characters; undefined when nothing usable is left.
 */
export function safeFileName(name: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[/\\\u0000-\u001f\u007f]/g, '_').trim().slice(0, 255);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? undefined : cleaned;
}

/**
 * What a download is called when no --out names it: a file's own name, else
 * `<kind>-<seq>.<ext>` (`image-12.jpg`), and `<kind>-<seq>-thumbnail.webp` for
 * a thumbnail. Pure.
 */
export function downloadName(m: { kind: string; mime: string; name?: string | null; seq: number }, thumbnail: boolean): string {
  if (thumbnail) return `${m.kind}-${m.seq}-thumbnail.webp`;
  const own = m.kind === 'file' && m.name ? safeFileName(m.name) : undefined;
  return own ?? `${m.kind}-${m.seq}${extensionFor(m.mime)}`;
}
