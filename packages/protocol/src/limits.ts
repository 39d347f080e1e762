/** The protocol version a client sends in hello and the server answers in welcome. */
export const PROTOCOL_VERSION = 1;

/** Defaults the server advertises in welcome; a server may be configured lower or higher. */
export const LIMITS = {
  maxFrameBytes: 64 * 1024,
  maxTextLength: 16_384,
  maxCaptionLength: 4096,
  maxClientIdLength: 64,
  historyPageDefault: 50,
  historyPageMax: 200,
  maxGroupNameLength: 100,
  maxGroupDescriptionLength: 1000,
  /** Users one request may add to a group. */
  maxUsersPerRequest: 256,
} as const;
