// The media pipeline's public surface; everything else in this folder is internal.
export { processMedia } from './process-media.js';
export type { MediaInput } from './process-media.js';
export { DEFAULT_MEDIA_LIMITS } from './media-limits.js';
export type { MediaLimits } from './media-limits.js';
export { isRefusal } from './refusal.js';
export { ALLOWED_TYPES, resolveMediaType, servable } from './media-types.js';
export { THUMBNAIL_FILE, THUMBNAIL_MAX_SIDE_PX, PREVIEW_MAX_SIDE_PX } from './previews.js';
