import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';
import { connect, constants } from 'node:http2';
import { rootCertificates } from 'node:tls';

/** An answer read in full, or why there was none. */
export type Http2Outcome =
  | { ok: true; status: number; headers: IncomingHttpHeaders; body: string }
  | { ok: false; error: string };

export interface Http2ConnectionOptions {
  /** e.g. https://api.push.apple.com */
  origin: string;
  /** A PEM CA trusted in addition to the system roots (a private endpoint, a test fake). */
  ca?: string;
  /** A request without a full answer by then fails, and takes its session down with it. */
  timeoutMs: number;
}

/** Error bodies are a line of JSON; anything past this is not worth holding. */
const MAX_BODY_BYTES = 64 * 1024;

/** Why a request never reached the server, so it is safe to send again on a fresh session. */
class NotSent extends Error {}

interface Live {
  session: ClientHttp2Session;
  error?: Error;
}

/**
 * One long-lived HTTP/2 session to one origin, as APNs wants: opened on first use, and
 * reopened on the next request after the server closes it, sends GOAWAY or it fails.
 * A request refused before the server saw it (session already going away, REFUSED_STREAM)
 * is sent once more on a new session; any other failure is reported, never retried here.
 */
export class Http2Connection {
  readonly #options: Http2ConnectionOptions;
  #live: Live | undefined;
  #closed = false;

  constructor(options: Http2ConnectionOptions) {
    this.#options = options;
  }

  /** POSTs `body` to `path` and reads the whole answer. Never throws. */
  async post(path: string, headers: OutgoingHttpHeaders, body: string): Promise<Http2Outcome> {
    for (let attempt = 0; ; attempt += 1) {
      if (this.#closed) return { ok: false, error: 'connection closed' };
      let live: Live | undefined;
      try {
        live = this.#current();
        return await this.#request(live, path, headers, body);
      } catch (err) {
        if (live) this.#forget(live);
        if (!(err instanceof NotSent) || attempt > 0) return { ok: false, error: (err as Error).message };
      }
    }
  }

  /** Closes the session, letting requests in flight finish (each bounded by the timeout). */
  async close(): Promise<void> {
    this.#closed = true;
    const live = this.#live;
    this.#live = undefined;
    if (!live || live.session.destroyed) return;
    await new Promise<void>((resolve) => live.session.close(() => resolve()));
  }

  #current(): Live {
    if (this.#live && !this.#live.session.closed && !this.#live.session.destroyed) return this.#live;
    const { origin, ca } = this.#options;
    const session = connect(origin, ca ? { ca: [...rootCertificates, ca] } : {});
    const live: Live = { session };
    // Streams report failures to their callers; the session only has to be forgotten.
    session.on('error', (err) => {
      live.error = err;
      this.#forget(live);
    });
    session.on('goaway', () => this.#forget(live));
    session.on('close', () => this.#forget(live));
    this.#live = live;
    return live;
  }

  #forget(live: Live): void {
    if (this.#live === live) this.#live = undefined;
  }

  #request(live: Live, path: string, headers: OutgoingHttpHeaders, body: string): Promise<Http2Outcome> {
    const { timeoutMs } = this.#options;
    let stream: ClientHttp2Stream;
    try {
      stream = live.session.request({ ':method': 'POST', ':path': path, ...headers });
    } catch (err) {
      // ERR_HTTP2_GOAWAY_SESSION, ERR_HTTP2_INVALID_SESSION: nothing went out.
      return Promise.reject(new NotSent((err as Error).message));
    }
    return new Promise((resolve, reject) => {
      let status = 0;
      let responseHeaders: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = (outcome: Http2Outcome | NotSent) => {
        if (settled) return;
        settled = true;
        if (outcome instanceof NotSent) reject(outcome);
        else resolve(outcome);
      };
      stream.on('response', (h) => {
        status = Number(h[':status']);
        responseHeaders = h;
      });
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (status) finish({ ok: true, status, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8') });
      });
      // After GOAWAY, streams the server never processed close with REFUSED_STREAM.
      const refused = () => !status && stream.rstCode === constants.NGHTTP2_REFUSED_STREAM;
      stream.on('error', (err) => finish(refused() ? new NotSent('stream refused') : { ok: false, error: err.message }));
      stream.on('close', () => {
        if (refused()) finish(new NotSent('stream refused'));
        const cause = live.error ? `: ${live.error.message}` : '';
        finish({ ok: false, error: `stream closed without an answer (code ${stream.rstCode})${cause}` });
      });
      stream.setTimeout(timeoutMs, () => {
        finish({ ok: false, error: `no answer within ${timeoutMs} ms` });
        // A session that stops answering is most likely half-open (a NAT forgot it): start over.
        this.#forget(live);
        live.session.destroy();
      });
      stream.end(body);
    });
  }
}
