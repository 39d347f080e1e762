/**
 * Milliseconds to wait from a `Retry-After` header: delay-seconds or an
 * HTTP-date (RFC 9110 §10.2.3). Undefined when absent or unreadable; a date
 * already past gives 0.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads bare numbers such as "-1" or "1.5" as years: only a text date counts.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
