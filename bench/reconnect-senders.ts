import { directConversationId } from '@pigeon/protocol';
import type { Account } from './accounts.js';
import type { Client } from './reconnect-clients.js';
import type { ServerProcess } from './server-process.js';
import { openLink, type Link } from './ws-client.js';

/**
 * Fills the offline devices' queues: sender s writes `pending` messages into
 * the direct conversation with every client c where c mod senders = s,
 * keeping `inflight` sends outstanding, and counts each `sent` towards the
 * client's expected messages. The senders stay online afterwards (they get
 * the clients' receipts during the storm).
 */

export interface SenderCounters {
  confirmed: number;
  errors: number;
  errorCodes: Record<string, number>;
  receipts: number;
}

export interface Senders {
  readonly counters: SenderCounters;
  links: Link[];
  /** Sends everything and resolves once every send is answered. */
  fill(): Promise<void>;
}

export function conversationOf(sender: Account, client: Account): string {
  return directConversationId(sender.userId, client.userId);
}

export async function openSenders(args: {
  server: ServerProcess; senders: Account[]; clients: Account[]; state: Client[];
  pending: number; inflight: number; textBytes: number; nonce: string;
}): Promise<Senders> {
  const { senders, clients, state, pending } = args;
  const counters: SenderCounters = { confirmed: 0, errors: 0, errorCodes: {}, receipts: 0 };
  const text = JSON.stringify('x'.repeat(args.textBytes));
  const fills = senders.map((sender, s) => {
    const mine = clients.flatMap((_, c) => (c % senders.length === s ? [c] : []));
    const jobs = mine.length * pending;
    /** Job j: client mine[j mod n], message floor(j / n): every client's queue grows evenly. */
    const clientOf = (j: number) => mine[j % mine.length]!;
    let next = 0;
    let answered = 0;
    let link: Link | undefined;
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const pump = () => {
      while (link && next < jobs && next - answered < args.inflight) {
        const j = next++;
        const c = clientOf(j);
        link.send(`{"type":"send","id":"${j}","conv":${JSON.stringify(conversationOf(sender, clients[c]!))},`
          + `"clientId":"${args.nonce}-${c}-${j}","body":{"kind":"text","text":${text}}}`);
      }
      if (answered === jobs) finish();
    };
    const frame = (type: string, data: Buffer) => {
      if (type === 'receipt') {
        counters.receipts++;
        return;
      }
      if (type !== 'sent' && type !== 'error') return;
      const reply = JSON.parse(data.toString('utf8')) as { id?: string; code?: string };
      if (reply.id === undefined) return;
      answered++;
      if (type === 'sent') {
        counters.confirmed++;
        state[clientOf(Number(reply.id))]!.expected++;
      } else {
        counters.errors++;
        const code = reply.code ?? 'UNKNOWN';
        counters.errorCodes[code] = (counters.errorCodes[code] ?? 0) + 1;
      }
      pump();
    };
    return {
      open: async () => {
        link = await openLink(args.server.wsUrl, sender.token, { frame });
        return link;
      },
      run: () => {
        pump();
        return done;
      },
    };
  });
  const links = await Promise.all(fills.map((f) => f.open()));
  return {
    counters,
    links,
    fill: async () => {
      await Promise.all(fills.map((f) => f.run()));
    },
  };
}
