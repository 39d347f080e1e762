/**
 * `endpoint` as an origin without a trailing slash, or a start-up error naming `label`.
 * A typo here would otherwise fail every push, or throw from inside a send.
 */
export function parseEndpoint(endpoint: string, label: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`${label} is not a URL: ${endpoint}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${label} must be an http(s) URL: ${endpoint}`);
  return endpoint.replace(/\/+$/, '');
}
