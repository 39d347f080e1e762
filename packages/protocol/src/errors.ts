/**
 * Every error code Pigeon puts on the wire, over WebSocket and HTTP alike.
 * Codes are never renamed or reused; add new ones at the end of their group.
 * `status` is the HTTP status; `retryable` tells a client whether the same
 * request may succeed later without change.
 */
export const ERROR_CODES = {
  // frames and requests
  MALFORMED_FRAME: { status: 400, retryable: false, message: 'The frame is not valid JSON.' },
  UNKNOWN_FRAME_TYPE: { status: 400, retryable: false, message: 'The frame type is not known.' },
  INVALID_FRAME: { status: 400, retryable: false, message: 'The frame has missing or invalid fields.' },
  FRAME_TOO_LARGE: { status: 413, retryable: false, message: 'The frame is larger than the server accepts.' },
  BINARY_NOT_SUPPORTED: { status: 400, retryable: false, message: 'Binary frames are not accepted; send JSON text.' },
  HELLO_REQUIRED: { status: 400, retryable: false, message: 'The first frame must be hello.' },
  DUPLICATE_HELLO: { status: 400, retryable: false, message: 'The connection has already said hello.' },
  UNSUPPORTED_VERSION: { status: 400, retryable: false, message: 'The protocol version is not supported.' },
  INVALID_REQUEST: { status: 400, retryable: false, message: 'The request has missing or invalid fields.' },
  NOT_FOUND: { status: 404, retryable: false, message: 'No such endpoint.' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: 'The request body is too large.' },
  // authentication
  AUTH_REQUIRED: { status: 401, retryable: false, message: 'A session token is required.' },
  INVALID_TOKEN: { status: 401, retryable: false, message: 'The session token is invalid or revoked.' },
  INVALID_API_KEY: { status: 401, retryable: false, message: 'The app API key is missing or invalid.' },
  CODE_EXPIRED: { status: 400, retryable: false, message: 'No code is active for this number; request a new one.' },
  CODE_INVALID: { status: 400, retryable: false, message: 'The code is wrong.' },
  CODE_ATTEMPTS_EXCEEDED: { status: 400, retryable: false, message: 'Too many wrong codes; request a new one.' },
  RATE_LIMITED: { status: 429, retryable: true, message: 'Too many requests; retry later.' },
  // conversations and users
  INVALID_CONVERSATION: { status: 400, retryable: false, message: 'The conversation id is malformed.' },
  CONVERSATION_NOT_FOUND: { status: 404, retryable: false, message: 'No such conversation.' },
  NOT_A_MEMBER: { status: 403, retryable: false, message: 'You are not a member of this conversation.' },
  USER_NOT_FOUND: { status: 404, retryable: false, message: 'No such user.' },
  DEVICE_NOT_FOUND: { status: 404, retryable: false, message: 'No such device.' },
  SEQ_OUT_OF_RANGE: { status: 400, retryable: false, message: 'The seq is beyond the end of the conversation.' },
  // groups
  NOT_ADMIN: { status: 403, retryable: false, message: 'Only a group admin may do this.' },
  ADMINS_ONLY: { status: 403, retryable: false, message: 'Only admins may send messages in this group.' },
  MEMBER_LIMIT_REACHED: { status: 409, retryable: false, message: 'The group has reached its member limit.' },
  MEMBER_NOT_FOUND: { status: 404, retryable: false, message: 'That user is not a member of the group.' },
  LAST_ADMIN: { status: 409, retryable: false, message: 'A group needs an admin; promote someone else first.' },
  NOT_SENDER: { status: 403, retryable: false, message: 'Only the sender may see this message\'s info.' },
  MESSAGE_NOT_FOUND: { status: 404, retryable: false, message: 'No such message.' },
  // messages about messages
  INVALID_TARGET: { status: 400, retryable: false, message: 'That message cannot take this action.' },
  TOO_LATE: { status: 403, retryable: false, message: 'The time to do this has passed.' },
  // media
  MEDIA_NOT_FOUND: { status: 404, retryable: false, message: 'No such media, or not yours to send.' },
  MEDIA_TOO_LARGE: { status: 413, retryable: false, message: 'The upload is larger than this kind of media allows.' },
  MEDIA_TYPE_MISMATCH: { status: 415, retryable: false, message: 'The bytes are not the declared type, or the type is not allowed.' },
  MEDIA_UNDECODABLE: { status: 422, retryable: false, message: 'The file cannot be decoded as what it claims to be.' },
  IMAGE_TOO_LARGE: { status: 413, retryable: false, message: 'The image has too many pixels.' },
  UPLOAD_NOT_FOUND: { status: 404, retryable: false, message: 'No such upload, or it expired.' },
  UPLOAD_OFFSET_MISMATCH: { status: 409, retryable: false, message: 'The upload offset does not match what the server has.' },
  INVALID_LINK: { status: 403, retryable: false, message: 'The media link is invalid or has expired.' },
  RANGE_NOT_SATISFIABLE: { status: 416, retryable: false, message: 'The requested byte range is outside the file.' },
  // push
  PUSH_NOT_CONFIGURED: { status: 400, retryable: false, message: 'This server does not send pushes to that platform.' },
  // server
  SERVER_DRAINING: { status: 503, retryable: true, message: 'The server is shutting down; reconnect elsewhere.' },
  INTERNAL: { status: 500, retryable: true, message: 'Internal error.' },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** The error body every HTTP error response carries, and the fields of a WebSocket error frame. */
export interface WireError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  /** Milliseconds after which a RATE_LIMITED request may be retried. */
  retryAfterMs?: number;
  /** Field-level problems for INVALID_FRAME and INVALID_REQUEST. */
  issues?: { path: string; message: string }[];
}

export function wireError(code: ErrorCode, message?: string, extra?: Partial<WireError>): WireError {
  const def = ERROR_CODES[code];
  return { code, message: message ?? def.message, retryable: def.retryable, ...extra };
}
