// What the fake FCM checks of a messages:send body: the proto-JSON rules FCM enforces (unknown
// fields, string data values, reserved keys, enums, durations) and the shape Pigeon's FCM adapter
// promises. Answers come back as Google API errors. Test code.

/** A Google API error: HTTP status, google.rpc status name, message, optional FCM errorCode. */
export interface GoogleRefusal {
  httpStatus: number;
  status: string;
  message: string;
  errorCode?: string;
  fieldViolation?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (message: string, fieldViolation?: string): GoogleRefusal => ({
  httpStatus: 400,
  status: 'INVALID_ARGUMENT',
  message,
  errorCode: 'INVALID_ARGUMENT',
  ...(fieldViolation ? { fieldViolation } : {}),
});
const unknownField = (name: string, at: string) =>
  invalid(`Invalid JSON payload received. Unknown name "${name}" at '${at}': Cannot find field.`);

const MESSAGE_FIELDS = ['token', 'data', 'notification', 'android', 'apns', 'webpush', 'fcm_options', 'name'];
const ANDROID_FIELDS = ['priority', 'collapse_key', 'ttl', 'data', 'notification', 'restricted_package_name', 'direct_boot_ok'];
const RESERVED_DATA_KEY = /^(from|notification|message_type|google|gcm)/;

function firstUnknown(object: Record<string, unknown>, allowed: string[]): string | undefined {
  return Object.keys(object).find((k) => !allowed.includes(k));
}

/** FCM's own rules for the request body. */
function checkFcmRules(body: unknown): GoogleRefusal | undefined {
  if (!isObject(body)) return invalid('Invalid JSON payload received.');
  const extra = firstUnknown(body, ['message', 'validate_only']);
  if (extra) return unknownField(extra, '');
  const message = body.message;
  if (!isObject(message)) return invalid('Request contains an invalid argument.', 'message');
  const unknown = firstUnknown(message, MESSAGE_FIELDS);
  if (unknown) return unknownField(unknown, 'message');
  if (typeof message.token !== 'string') return invalid('Request contains an invalid argument.', 'message.token');
  if (message.data !== undefined) {
    if (!isObject(message.data)) return invalid("Invalid value at 'message.data'");
    const entries = Object.entries(message.data);
    const nonString = entries.findIndex(([, v]) => typeof v !== 'string');
    if (nonString >= 0) return invalid(`Invalid value at 'message.data[${nonString}].value' (TYPE_STRING)`);
    const reserved = entries.find(([k]) => RESERVED_DATA_KEY.test(k));
    if (reserved) return invalid(`Invalid data payload key: ${reserved[0]}`);
  }
  if (message.notification !== undefined) {
    if (!isObject(message.notification)) return invalid("Invalid value at 'message.notification'");
    const extraField = firstUnknown(message.notification, ['title', 'body', 'image']);
    if (extraField) return unknownField(extraField, 'message.notification');
  }
  if (message.android !== undefined) {
    const android = message.android;
    if (!isObject(android)) return invalid("Invalid value at 'message.android'");
    const extraField = firstUnknown(android, ANDROID_FIELDS);
    if (extraField) return unknownField(extraField, 'message.android');
    if (android.priority !== undefined && !['high', 'normal', 'HIGH', 'NORMAL'].includes(String(android.priority))) {
      return invalid(`Invalid value at 'message.android.priority' (type.googleapis.com/google.firebase.fcm.v1.AndroidMessagePriority), "${String(android.priority)}"`);
    }
    if (android.ttl !== undefined && !/^\d+(\.\d{1,9})?s$/.test(String(android.ttl))) {
      return invalid(`Invalid value at 'message.android.ttl' (type.googleapis.com/google.protobuf.Duration), Field 'ttl', Illegal duration format`);
    }
  }
  if (message.apns !== undefined) {
    const apns = message.apns;
    if (!isObject(apns)) return invalid("Invalid value at 'message.apns'");
    const extraField = firstUnknown(apns, ['headers', 'payload', 'fcm_options', 'live_activity_token']);
    if (extraField) return unknownField(extraField, 'message.apns');
    if (apns.headers !== undefined && (!isObject(apns.headers) || Object.values(apns.headers).some((v) => typeof v !== 'string'))) {
      return invalid("Invalid value at 'message.apns.headers' (TYPE_STRING)");
    }
  }
  return undefined;
}

/** The shape of Pigeon's pushes, beyond FCM's rules (the fake's own message prefix). */
function checkPigeonShape(message: Record<string, unknown>): string | undefined {
  const data = message.data as Record<string, string> | undefined;
  if (!data || Object.keys(data).sort().join() !== 'badge,conv,seq') return 'data keys must be conv, seq, badge';
  if (!data.conv || !/^\d+$/.test(data.seq ?? '') || !/^\d+$/.test(data.badge ?? '')) return 'data must hold conv and decimal seq and badge';
  const alert = message.notification as Record<string, unknown> | undefined;
  if (alert && (typeof alert.title !== 'string' || typeof alert.body !== 'string' || Object.keys(alert).length !== 2)) {
    return 'notification must be {title, body}';
  }
  const android = message.android as Record<string, unknown> | undefined;
  if (!android || android.priority !== (alert ? 'high' : 'normal')) return 'android.priority must be high with an alert, else normal';
  if (android.collapse_key !== undefined && typeof android.collapse_key !== 'string') return 'android.collapse_key must be a string';
  const apns = message.apns as { headers?: Record<string, string>; payload?: unknown } | undefined;
  const collapseId = apns?.headers?.['apns-collapse-id'];
  if (collapseId !== undefined && (collapseId === '' || Buffer.byteLength(collapseId) > 64)) return 'apns-collapse-id must be 1-64 bytes';
  const aps = (apns?.payload as { aps?: Record<string, unknown> } | undefined)?.aps;
  if (!aps || aps.badge !== Number(data.badge)) return 'apns.payload.aps.badge must equal the badge';
  if (alert ? 'content-available' in aps : aps['content-available'] !== 1) return 'aps.content-available is 1 exactly for silent pushes';
  return undefined;
}

/** FCM's rules, then Pigeon's shape; undefined when the body is acceptable. */
export function checkFcmSendBody(body: unknown): GoogleRefusal | undefined {
  const refusal = checkFcmRules(body);
  if (refusal) return refusal;
  const problem = checkPigeonShape((body as { message: Record<string, unknown> }).message);
  return problem ? invalid(`ShapeViolation: ${problem}`) : undefined;
}
