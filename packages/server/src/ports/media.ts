/** The kinds of media a message can carry. */
export type MediaKind = 'image' | 'video' | 'audio' | 'file';

/** What an upload declares about itself before its bytes arrive. */
export interface DeclaredMedia {
  kind: MediaKind;
  /** The MIME type the client claims. */
  mime: string;
  /** The original file name, shown for files. */
  name: string | null;
}

/** What processing an upload yields: files on local disk ready to store, and metadata. */
export interface ProcessedMedia {
  kind: MediaKind;
  /** The real MIME type, from the bytes. */
  mime: string;
  /** The content to store (images re-encoded without metadata; others as uploaded). */
  path: string;
  size: number;
  sha256: string;
  width?: number;
  height?: number;
  durationMs?: number;
  /** A small WebP (thumbnail of an image, poster frame of a video). */
  thumbnail?: { path: string; size: number; sha256: string };
  /** A tiny inline preview (base64 WebP, a few hundred bytes) to show before anything loads. */
  preview?: string;
}

/** Why an upload was refused; a value, not an exception. */
export type MediaRefusal = {
  refused: 'MEDIA_TYPE_MISMATCH' | 'MEDIA_UNDECODABLE' | 'IMAGE_TOO_LARGE' | 'MEDIA_TOO_LARGE';
  message: string;
};

/** Checks and processes an upload whose bytes are in a local file; writes its outputs into `workDir`. */
export type MediaProcessor = (input: { path: string; declared: DeclaredMedia; workDir: string }) => Promise<ProcessedMedia | MediaRefusal>;
