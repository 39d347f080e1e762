/**
 * The longest prefix of `text` that takes at most `maxBytes` in UTF-8, cut between
 * code points so a surrogate pair or multi-byte character is never split.
 * Push headers and payloads have byte limits (APNs: 64-byte collapse id, 4 KB payload).
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
