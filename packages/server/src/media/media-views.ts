import type { MediaInfo } from '@pigeon/protocol';
import type { MediaRecord } from '../ports/store.js';

export function toMediaInfo(m: MediaRecord): MediaInfo {
  return {
    id: m.id, kind: m.kind, mime: m.mime, size: m.size, name: m.name, sha256: m.sha256,
    width: m.width, height: m.height, durationMs: m.durationMs, preview: m.preview, thumbnail: m.thumbnail !== null,
  };
}
