/**
 * Reading a group `message` frame without JSON.parse. The server writes
 * `{"type":"message","conv":…,"seq":…,"from":…,"device":…,"clientId":…,…}`
 * in that order, so for the group under test the head is a fixed byte string,
 * seq follows it, and the bench's own clientIds (`<nonce>-<n>`) carry the
 * message number. At ~50,000 frames/s a full parse per frame is what would
 * saturate the client; anything that does not fit the layout is parsed in full.
 */

const QUOTE = 34;
const ZERO = 48;
const NINE = 57;

/**
 * What a message frame is to the scenario: one of the bench's messages (`seq`
 * and `n` set), a system message of the group (created, added, …; only `seq`
 * set), or something else (another conversation, a body the bench never sends).
 */
export type MessageKind = 'bench' | 'system' | 'foreign';

/** Filled in by `read`: one scratch object instead of an allocation per frame. */
export interface MessageFields {
  seq: number;
  /** The bench's message number, from the clientId; -1 for other messages. */
  n: number;
}

export function createMessageReader(conv: string, clientIdPrefix: string) {
  const head = Buffer.from(`{"type":"message","conv":"${conv}","seq":`);
  const clientIdKey = Buffer.from(`"clientId":"${clientIdPrefix}`);

  function parsed(data: Buffer, out: MessageFields): MessageKind {
    const frame = JSON.parse(data.toString('utf8')) as { conv?: string; seq?: number; clientId?: string; body?: { kind?: string } };
    if (frame.conv !== conv || typeof frame.seq !== 'number') return 'foreign';
    out.seq = frame.seq;
    out.n = -1;
    if (frame.body?.kind === 'system') return 'system';
    const suffix = frame.clientId?.startsWith(clientIdPrefix) ? frame.clientId.slice(clientIdPrefix.length) : '';
    if (!/^\d+$/.test(suffix)) return 'foreign';
    out.n = Number(suffix);
    return 'bench';
  }

  return {
    read(data: Buffer, out: MessageFields): MessageKind {
      if (data.length <= head.length) return parsed(data, out);
      for (let i = 0; i < head.length; i++) if (data[i] !== head[i]) return parsed(data, out);
      let i = head.length;
      let seq = 0;
      for (let c = data[i]!; c >= ZERO && c <= NINE; c = data[++i]!) seq = seq * 10 + c - ZERO;
      // Not the bench's clientId: a system message (rare, so the full parse checks its kind).
      const at = data.indexOf(clientIdKey, i);
      if (at < 0 || i === head.length) return parsed(data, out);
      let j = at + clientIdKey.length;
      let n = 0;
      for (let c = data[j]!; c >= ZERO && c <= NINE; c = data[++j]!) n = n * 10 + c - ZERO;
      if (data[j] !== QUOTE || j === at + clientIdKey.length) return parsed(data, out);
      out.seq = seq;
      out.n = n;
      return 'bench';
    },
  };
}

export type MessageReader = ReturnType<typeof createMessageReader>;
