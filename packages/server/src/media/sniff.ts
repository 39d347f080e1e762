import { fileTypeFromFile } from 'file-type';

/**
 * The MIME type file-type reads from a file's first bytes, or undefined when it recognises
 * nothing. A malformed file that trips up file-type's parsers counts as unrecognised;
 * failures to read the file at all (they carry an fs error code) are thrown.
 */
export async function sniffMime(path: string): Promise<string | undefined> {
  try {
    return (await fileTypeFromFile(path))?.mime;
  } catch (error) {
    if (typeof (error as { code?: unknown }).code === 'string') throw error;
    return undefined;
  }
}
