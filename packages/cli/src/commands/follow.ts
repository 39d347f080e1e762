import { CLOSE_CODES, parseConversationId, type MemberState } from '@pigeon/protocol';
import type { HttpApi, PigeonClient } from '@pigeon/sdk';
import { flag, pigeonCommand, type Command } from '../context.js';
import { EXIT, formatError } from '../errors.js';
import { createFollowView, type FollowView } from '../follow-view.js';
import { httpApi } from '../http.js';
import { createLabeler } from '../labels.js';
import { createLineSender } from '../line-sender.js';
import { loadProfile, type Credentials } from '../profile-store.js';
import { createReadMarker } from '../read-marker.js';
import { resolveTarget } from '../resolve-target.js';
import { closedError, openSession, type Session } from '../session.js';
import { openTerminal, type Terminal } from '../terminal.js';
import { withTimeout } from '../timeout.js';
import { createTypingNotifier } from '../typing-notifier.js';

const SEND_WAIT_MS = 15_000;
/** Waits after another command of the same profile took the device's connection over. */
const TAKEOVER_RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

/**
 * Where the view gets each conversation's watermarks: a snapshot taken before
 * connecting, so that every receipt that arrives afterwards can move it (a
 * snapshot taken later would already contain them, and their lines would be
 * lost); conversations that come up later are asked for when they do.
 */
function marksSource(api: HttpApi, snapshot: Map<string, MemberState[]>) {
  return async (conv: string): Promise<MemberState[] | undefined> => {
    const known = snapshot.get(conv);
    snapshot.delete(conv);
    return known ?? (await api.conversation(conv).catch(() => undefined))?.members;
  };
}

/**
 * Connects again and again while other commands of the same profile (a
 * `pigeon send`) take the device's single connection over; a device is one
 * connection, so the newer one wins. Anything else that closes it is fatal.
 */
async function connectLoop(
  credentials: Credentials, conv: string | undefined, view: FollowView, terminal: Terminal,
  onClient: (client: PigeonClient | undefined, session?: Session) => void,
): Promise<never> {
  for (let attempt = 0; ;) {
    let closed!: (event: { code: number; reason: string }) => void;
    const whenClosed = new Promise<{ code: number; reason: string }>((resolve) => (closed = resolve));
    const session = await openSession(credentials, {
      acks: conv === undefined ? 'all' : { conv },
      syncReceipts: true,
      listen(client) {
        client.on('message', view.message);
        client.on('receipt', view.receipt);
        client.on('typing', view.typing);
        client.on('presence', view.presence);
        client.on('synced', ({ replayed }) => view.synced(replayed));
        client.on('state', view.state);
        client.on('error', (error) => terminal.note(formatError(error)));
        client.on('closed', closed);
      },
    });
    const startedAt = Date.now();
    onClient(session.client, session);
    const { code, reason } = await whenClosed;
    onClient(undefined);
    if (code !== CLOSE_CODES.REPLACED) throw closedError({ code, reason });
    if (Date.now() - startedAt > 60_000) attempt = 0;
    const delay = TAKEOVER_RETRY_MS[Math.min(attempt++, TAKEOVER_RETRY_MS.length - 1)] ?? 1000;
    terminal.note(`— another command of this profile took the connection over; reconnecting in ${delay / 1000} s —`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** `pigeon follow [<to>]`: messages, receipts, typing and presence as they happen; a chat with <to>. */
export const follow: Command = {
  graceful: true,
  async run(ctx) {
    const credentials = await loadProfile(ctx.home, ctx.profile);
    const me = credentials.userId;
    const api = httpApi(credentials.server, { token: credentials.token });
    const target = ctx.positionals[0] === undefined ? undefined : await resolveTarget(ctx.positionals[0], me, api);
    const conv = target?.conv;
    const labeler = createLabeler(api, me);
    if (target?.peer) labeler.remember(target.peer);
    const json = flag(ctx.values, 'json');
    // Watermarks before connecting (see marksSource); JSON shows raw receipts and needs none of every conversation's.
    const summaries = conv !== undefined
      ? [await api.conversation(conv).catch(() => undefined)].filter((c) => c !== undefined)
      : json ? [] : await api.conversations(500).catch(() => []);
    const snapshot = new Map(summaries.map((c) => [c.id, c.members]));
    // Presence shows for the conversation's members (a direct one may not exist yet; its id names both).
    const parsed = conv === undefined ? undefined : parseConversationId(conv);
    const members = snapshot.get(conv ?? '')?.map((m) => m.user) ?? (parsed?.kind === 'direct' ? parsed.users : undefined);
    const left = conv !== undefined && summaries[0]?.left === true;

    let client: PigeonClient | undefined;
    let session: Session | undefined;
    let stop!: (code: number) => void;
    const stopped = new Promise<number>((resolve) => (stop = resolve));
    ctx.signal.addEventListener('abort', () => stop(EXIT.OK));
    const reads = createReadMarker((c, seq) => client?.markRead(c, seq));
    const typing = createTypingNotifier((on) => conv !== undefined && client?.typing(conv, on));
    const lines = createLineSender({
      sent: (sent, text) => view.sent(sent, text),
      failed: (error) => terminal.note(formatError(error)),
    });
    const onLine = (line: string) => {
      typing.stop();
      if (line.trim() === '') return;
      if (conv === undefined) return terminal.note(`— to send, follow one conversation: ${pigeonCommand(ctx.profile)} follow <to> —`);
      lines.push(line);
    };
    const endOfInput = async () => {
      // Piped lines may still be on their way: wait for the server to confirm them.
      const confirmed = await withTimeout(lines.drained().then(() => true), SEND_WAIT_MS, () => new Error()).catch(() => false);
      if (!confirmed) terminal.note('error: TIMEOUT: some lines were not confirmed by the server');
      stop(confirmed ? EXIT.OK : EXIT.FAILED);
    };
    const terminal = openTerminal({
      stdin: ctx.stdin, stdout: ctx.stdout, stderr: process.stderr,
      readInput: conv !== undefined || Boolean(ctx.stdin.isTTY),
      chat: conv !== undefined,
      onLine,
      onEnd: () => void endOfInput(),
      onInterrupt: () => stop(EXIT.OK),
      onKeypress: () => typing.keystroke(),
    });
    if (left) terminal.note(`— you are no longer in this group: nothing new arrives, and sending fails (${pigeonCommand(ctx.profile)} history shows it) —`);
    const view = createFollowView({
      me, json, labeler, print: terminal.print, note: terminal.note, now: Date.now, marks: marksSource(api, snapshot),
      ...(conv !== undefined && { conv }), ...(members && { members }),
      ...(flag(ctx.values, 'read') && { shown: reads.mark }),
      seq: flag(ctx.values, 'seq'),
    });
    let greeted = false;
    const onClient = (next: PigeonClient | undefined, nextSession?: Session) => {
      client = next;
      lines.connected(conv === undefined || !next ? undefined : (text) => next.sendText(conv, text));
      if (nextSession) session = nextSession;
      if (!next || greeted || !target?.peer) return;
      greeted = true;
      api.presence(target.peer.id).then(view.presence, () => undefined);
    };
    try {
      return await Promise.race([stopped, connectLoop(credentials, conv, view, terminal, onClient)]);
    } finally {
      typing.stop();
      await view.flush();
      reads.flush();
      terminal.close();
      await session?.close();
    }
  },
};
