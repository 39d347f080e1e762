import type { MediaRefusal } from '../ports/media.js';

/** Builds a refusal value (bad input is an outcome, not an exception). */
export function refuse(refused: MediaRefusal['refused'], message: string): MediaRefusal {
  return { refused, message };
}

/** Tells a refusal from a successful result. */
export function isRefusal(value: unknown): value is MediaRefusal {
  return typeof value === 'object' && value !== null && 'refused' in value;
}
