/**
 * How long a `Retry-After` header asks us to wait, in milliseconds from `nowMs`.
 * The header is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3); a date
 * in the past means "now" (0). Undefined when the header is absent or unreadable,
 * so the caller falls back to its own backoff.
 */
export function parseRetryAfterMs(value: string | string[] | null | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads far more than HTTP-dates; requiring "GMT" keeps out numbers with junk.
  if (!/GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
