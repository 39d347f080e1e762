import type { ExpiredUser } from '../../../ports/sessions.js';

/**
 * The hash field naming one connection of a user: JSON, so any device and
 * connection id round-trips whatever characters it holds.
 */
export function sessionField(deviceId: string, connectionId: string): string {
  return JSON.stringify([deviceId, connectionId]);
}

/** The device of a field, or undefined for a field this code did not write. */
export function fieldDevice(field: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(field);
    return Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' ? parsed[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Each device once, in first-seen order. */
export function devicesOf(fields: string[]): string[] {
  const devices = new Set<string>();
  for (const field of fields) {
    const device = fieldDevice(field);
    if (device !== undefined) devices.add(device);
  }
  return [...devices];
}

/** Reads the sweep script's reply: `[more, user, lastSeen, user, lastSeen, …]`. */
export function parseSweepReply(reply: unknown): { more: boolean; expired: ExpiredUser[] } {
  if (!Array.isArray(reply) || reply.length % 2 !== 1) throw new Error('unexpected sweep reply');
  const expired: ExpiredUser[] = [];
  for (let i = 1; i < reply.length; i += 2) expired.push({ userId: String(reply[i]), lastSeenAt: Number(reply[i + 1]) });
  return { more: Number(reply[0]) === 1, expired };
}
