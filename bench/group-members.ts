import { createMessageReader, type MessageFields } from './group-frames.js';
import { createLatencyRecorder, createLogHistogram } from './stats.js';
import type { Timeline } from './timeline.js';
import type { Window } from './window.js';
import type { Link, LinkHandlers } from './ws-client.js';

/**
 * The receiving side of the group scenario, the client's hot path: every
 * member device dedupes by seq, records when each bench message reached it,
 * and acknowledges like the SDK does (one cumulative ack of the highest seq,
 * `ackMs` after the first message it has not acknowledged yet). Per message
 * number n it keeps how many members got it and when the last one did.
 */

export interface MemberCounters {
  /** Distinct bench messages a member device got, whole run. */
  deliveries: number;
  /** Deliveries that arrived inside the measured window. */
  windowDeliveries: number;
  /** A member got the same seq again. */
  duplicates: number;
  /** System messages (created, added) received: not counted as deliveries. */
  systemMessages: number;
  acksSent: number;
  receipts: number;
  errors: number;
  errorCodes: Record<string, number>;
  /** Frames the scenario does not expect (another conversation, an unknown type). */
  unexpected: number;
  /** Sockets the server closed during the run. */
  disconnects: number;
}

/** When message n was meant to be sent: t0 + n × intervalMs, on this thread's performance.now(). */
export interface Schedule {
  t0: number;
  intervalMs: number;
  /** Messages the senders will send at most: sizes the per-message arrays. */
  capacity: number;
  window: Window;
}

interface Member {
  link: Link | undefined;
  /** By seq: 1 once received. */
  seen: Uint8Array;
  maxSeq: number;
  ackedUpTo: number;
  /** An ack is queued for this member. */
  ackPending: boolean;
}

export interface MembersConfig {
  conv: string;
  clientIdPrefix: string;
  ackMs: number;
  /** Frames the members' code does not handle itself (`sent`), for the senders. */
  onOther(type: string, data: Buffer): boolean;
  /** An error frame answered a frame with this id. */
  onError(id: string): void;
  /** Per-second deliveries of the window. */
  timeline?: Timeline;
}

function grownBytes(array: Uint8Array, index: number): Uint8Array {
  if (index < array.length) return array;
  const grown = new Uint8Array(Math.max(array.length * 2, index + 1));
  grown.set(array);
  return grown;
}

export function createMembers(config: MembersConfig) {
  const counters: MemberCounters = {
    deliveries: 0, windowDeliveries: 0, duplicates: 0, systemMessages: 0, acksSent: 0, receipts: 0,
    errors: 0, errorCodes: {}, unexpected: 0, disconnects: 0,
  };
  const reader = createMessageReader(config.conv, config.clientIdPrefix);
  const fields: MessageFields = { seq: 0, n: -1 };
  const ackHead = `{"type":"ack","conv":"${config.conv}","seq":`;
  const members: Member[] = [];
  /** Every delivery's latency (intended send → this member), for messages meant for the window. */
  const deliveryLatencies = createLatencyRecorder(1 << 20);
  /** Every delivery's latency, reset by the progress line each second. */
  const recent = createLogHistogram();
  let schedule: Schedule = { t0: Infinity, intervalMs: 1, capacity: 0, window: { start: Infinity, end: Infinity } };
  /** By message number: members that got it, and when the last of them did. */
  let received = new Uint32Array(0);
  let lastAt = new Float64Array(0);

  // Members waiting for their ack, in the order their timers started (so by due time).
  let ackQueue: number[] = [];
  let ackDue: number[] = [];
  let ackHeadIndex = 0;
  let ackTimer: NodeJS.Timeout | undefined;

  function flushDueAcks(): void {
    ackTimer = undefined;
    const now = performance.now();
    // Timers fire up to a millisecond early or late; acks due within that go now.
    while (ackHeadIndex < ackQueue.length && ackDue[ackHeadIndex]! <= now + 0.5) {
      sendAck(members[ackQueue[ackHeadIndex++]!]!);
    }
    if (ackHeadIndex === ackQueue.length) {
      ackQueue = [];
      ackDue = [];
      ackHeadIndex = 0;
    } else {
      ackTimer = setTimeout(flushDueAcks, ackDue[ackHeadIndex]! - now);
    }
  }

  function sendAck(member: Member): void {
    member.ackPending = false;
    if (member.maxSeq <= member.ackedUpTo || !member.link) return;
    member.ackedUpTo = member.maxSeq;
    member.link.send(`${ackHead}${member.maxSeq}}`);
    counters.acksSent++;
  }

  function queueAck(index: number, now: number): void {
    ackQueue.push(index);
    ackDue.push(now + config.ackMs);
    ackTimer ??= setTimeout(flushDueAcks, config.ackMs);
  }

  function countError(data: Buffer): void {
    const frame = JSON.parse(data.toString('utf8')) as { id?: string | null; code?: string };
    counters.errors++;
    const code = frame.code ?? 'UNKNOWN';
    counters.errorCodes[code] = (counters.errorCodes[code] ?? 0) + 1;
    if (typeof frame.id === 'string') config.onError(frame.id);
  }

  function onMessage(index: number, data: Buffer): void {
    const now = performance.now();
    const kind = reader.read(data, fields);
    if (kind === 'foreign') {
      counters.unexpected++;
      return;
    }
    const member = members[index]!;
    const seq = fields.seq;
    member.seen = grownBytes(member.seen, seq);
    if (member.seen[seq] === 1) {
      counters.duplicates++;
      return;
    }
    member.seen[seq] = 1;
    if (seq > member.maxSeq) member.maxSeq = seq;
    if (!member.ackPending) {
      member.ackPending = true;
      queueAck(index, now);
    }
    if (kind === 'system') {
      counters.systemMessages++;
      return;
    }
    const n = fields.n;
    if (n >= received.length) {
      counters.unexpected++;
      return;
    }
    counters.deliveries++;
    if (now >= schedule.window.start && now < schedule.window.end) counters.windowDeliveries++;
    config.timeline?.delivered(now);
    received[n]!++;
    lastAt[n] = now;
    const intended = schedule.t0 + n * schedule.intervalMs;
    const latency = now - intended;
    recent.add(latency);
    if (intended >= schedule.window.start && intended < schedule.window.end) deliveryLatencies.add(latency);
  }

  function onFrame(index: number, type: string, data: Buffer): void {
    switch (type) {
      case 'message':
        return onMessage(index, data);
      case 'receipt':
        counters.receipts++;
        return;
      case 'error':
        return countError(data);
      case 'presence':
      case 'typing':
      case 'pong':
      case 'ok':
        return;
      default:
        if (!config.onOther(type, data)) counters.unexpected++;
    }
  }

  return {
    counters,
    deliveryLatencies,
    recent,
    /** Members that got message n. */
    received: () => received,
    /** performance.now() when the last member got message n. */
    lastAt: () => lastAt,

    /** Adds a member; the caller opens its link with the handlers and attaches it. */
    add(): { index: number; handlers: LinkHandlers; attach(link: Link): void } {
      const index = members.length;
      const member: Member = { link: undefined, seen: new Uint8Array(1024), maxSeq: 0, ackedUpTo: 0, ackPending: false };
      members.push(member);
      return {
        index,
        handlers: {
          frame: (type, data) => onFrame(index, type, data),
          lost: () => {
            counters.disconnects++;
          },
        },
        attach(link) {
          member.link = link;
        },
      };
    },

    /** The senders' timetable: from now on deliveries are timed against it. */
    start(next: Schedule): void {
      schedule = next;
      received = new Uint32Array(next.capacity);
      lastAt = new Float64Array(next.capacity);
    },

    /** Members whose highest seq is below `seq` (e.g. still waiting for the setup's system messages). */
    behind(seq: number): number {
      let count = 0;
      for (const member of members) if (member.maxSeq < seq) count++;
      return count;
    },

    /** Sends every queued ack now (at the end of the run). */
    flushAcks(): void {
      clearTimeout(ackTimer);
      ackTimer = undefined;
      for (let i = ackHeadIndex; i < ackQueue.length; i++) sendAck(members[ackQueue[i]!]!);
      ackQueue = [];
      ackDue = [];
      ackHeadIndex = 0;
    },

    links(): Link[] {
      return members.flatMap((m) => (m.link ? [m.link] : []));
    },
  };
}

export type Members = ReturnType<typeof createMembers>;
