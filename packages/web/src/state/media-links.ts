import type { MediaInfo, MediaLinks } from '@pigeon/protocol';
import type { HttpApi } from '@pigeon/sdk';

export type ResolvedMedia = MediaInfo & MediaLinks & { src: string; thumbnailSrc: string | null };

/**
 * Signed media links, fetched once per media id and fetched again shortly
 * before they expire. Links are resolved to absolute URLs for <img>/<video>.
 */
export function createMediaLinks(api: HttpApi) {
  const cache = new Map<string, Promise<ResolvedMedia>>();
  const expiry = new Map<string, number>();
  return function links(id: string): Promise<ResolvedMedia> {
    const cached = cache.get(id);
    if (cached && (expiry.get(id) ?? Infinity) - Date.now() > 60_000) return cached;
    const fetched = api.media(id).then((media) => {
      expiry.set(id, media.expiresAt);
      return { ...media, src: api.resolve(media.url), thumbnailSrc: media.thumbnailUrl ? api.resolve(media.thumbnailUrl) : null };
    });
    fetched.catch(() => cache.delete(id));
    cache.set(id, fetched);
    return fetched;
  };
}
