/** Bounds on the work one upload may cause; the byte size is bounded earlier, by the HTTP layer. */
export interface MediaLimits {
  /**
   * Most pixels an image may decode to (width × height × frames). Checked from the header
   * before anything is decoded, because a small file can declare a huge canvas.
   */
  maxImagePixels: number;
  /** Wall-clock budget for each ffprobe or ffmpeg run; the process is killed when it runs out. */
  toolTimeoutMs: number;
}

/** 50 megapixels covers every phone camera; 30 s is generous for a probe or one frame. */
export const DEFAULT_MEDIA_LIMITS: Readonly<MediaLimits> = Object.freeze({
  maxImagePixels: 50_000_000,
  toolTimeoutMs: 30_000,
});
