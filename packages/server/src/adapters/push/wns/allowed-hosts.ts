/**
 * Whether a URL handed in by a client may be sent to. Each entry is a host
 * ("fcm.googleapis.com") or its subdomains ("*.notify.windows.com"), both
 * over https only, or an exact origin with its scheme ("http://127.0.0.1:8080")
 * for tests and private deployments. URLs carrying credentials never match.
 *
 * Push targets come from devices, so without this a client could make the
 * server POST (with our credentials) to any address it likes.
 */
export function isAllowedUrl(url: string, allowed: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  return allowed.some((entry) => matches(parsed, entry.trim().toLowerCase()));
}

function matches(url: URL, entry: string): boolean {
  if (entry.includes('://')) {
    try {
      return new URL(entry).origin === url.origin;
    } catch {
      return false;
    }
  }
  if (url.protocol !== 'https:') return false;
  if (entry.startsWith('*.')) return url.hostname.endsWith(entry.slice(1)) && url.hostname.length > entry.length - 1;
  return url.hostname === entry;
}
