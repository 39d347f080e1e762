import type { LatencyRecorder, LogHistogram } from './stats.js';
import type { Timeline } from './timeline.js';
import type { Link, LinkHandlers } from './ws-client.js';

/**
 * The hot path of the direct scenario: senders in a closed loop (each keeps
 * `inflight` messages outstanding) or an open one (`rate` messages a second
 * over all pairs at fixed times, latency from the due time), receivers that
 * dedupe by seq and acknowledge with coalesced watermarks, and the counters.
 * It runs in the same process as the measurement, so it avoids per-message
 * allocation beyond the frame strings and one JSON.parse per frame it reads.
 */

export interface Counters {
  /** Send frames written, whole run. */
  totalSent: number;
  /** Send frames written inside the measured window. */
  windowSent: number;
  /** `sent` replies: the server stored the message. */
  confirmed: number;
  /** Distinct (conv, seq) a receiver got, whole run. */
  delivered: number;
  /** Distinct deliveries that arrived inside the measured window. */
  windowDelivered: number;
  duplicates: number;
  errors: number;
  errorCodes: Record<string, number>;
  receipts: number;
  acksSent: number;
  /** Frames of a kind the scenario does not expect (e.g. a message for another conversation). */
  unexpected: number;
  /** Sockets the server closed during the run. */
  disconnects: number;
}

interface Pair {
  conv: string;
  sender: Link | undefined;
  receiver: Link | undefined;
  /** Send frames are `head + n + mid + n + tail`: built once, concatenated per message. */
  head: string;
  mid: string;
  tail: string;
  /** The next message number; it is the frame id and the clientId suffix. */
  next: number;
  outstanding: number;
  /** performance.now() when message n was written (closed loop) or due (open loop). */
  sentAt: Float64Array;
  /** By seq: 1 once confirmed to the sender / received by the receiver. */
  confirmedSeq: Uint8Array;
  receivedSeq: Uint8Array;
  /** Highest seq with every seq up to it received: what an ack may claim. */
  watermark: number;
  ackedUpTo: number;
}

function grownFloat(array: Float64Array, index: number): Float64Array {
  if (index < array.length) return array;
  const grown = new Float64Array(Math.max(array.length * 2, index + 1));
  grown.set(array);
  return grown;
}

function grownBytes(array: Uint8Array, index: number): Uint8Array {
  if (index < array.length) return array;
  const grown = new Uint8Array(Math.max(array.length * 2, index + 1));
  grown.set(array);
  return grown;
}

export interface TrafficConfig {
  inflight: number;
  /** Open loop: messages per second over all pairs, message k due at t0 + k / rate from pair k mod pairs. */
  rate?: number;
  /** How late open-loop frames were written after their due time, for those due in the window. */
  sendLag?: LatencyRecorder;
  /** Per-second sends and deliveries of the window. */
  timeline?: Timeline;
  textBytes: number;
  /** Makes clientIds unique to this run. */
  nonce: string;
  /** Latencies of messages sent inside the window. */
  latencies: LatencyRecorder;
  /** Every delivery's latency, reset by the progress line each second. */
  recent: LogHistogram;
}

export function createTraffic(config: TrafficConfig) {
  const counters: Counters = {
    totalSent: 0, windowSent: 0, confirmed: 0, delivered: 0, windowDelivered: 0, duplicates: 0,
    errors: 0, errorCodes: {}, receipts: 0, acksSent: 0, unexpected: 0, disconnects: 0,
  };
  const pairs: Pair[] = [];
  const text = 'x'.repeat(config.textBytes);
  const clientIdPrefix = `${config.nonce}-`;
  let windowStart = Infinity;
  let windowEnd = Infinity;
  let sending = false;
  /** Open loop: the next message number over all pairs, the timetable's start and its timer. */
  let due = 0;
  let t0 = 0;
  let timer: NodeJS.Timeout | undefined;

  function countError(data: Buffer): { id: string | null } {
    const frame = JSON.parse(data.toString('utf8')) as { id?: string | null; code?: string };
    counters.errors++;
    const code = frame.code ?? 'UNKNOWN';
    counters.errorCodes[code] = (counters.errorCodes[code] ?? 0) + 1;
    return { id: frame.id ?? null };
  }

  /** Writes the pair's next message; `dueAt` (open loop) is when it was meant to go, else now. */
  function sendNext(pair: Pair, dueAt?: number): void {
    const n = pair.next++;
    pair.sentAt = grownFloat(pair.sentAt, n);
    pair.outstanding++;
    counters.totalSent++;
    const now = performance.now();
    const at = dueAt ?? now;
    if (at >= windowStart && at < windowEnd) {
      counters.windowSent++;
      if (dueAt !== undefined) config.sendLag?.add(now - dueAt);
    }
    config.timeline?.sent(at);
    pair.sentAt[n] = at;
    pair.sender!.send(pair.head + n + pair.mid + n + pair.tail);
  }

  /** Open loop: writes every message due by now, whatever the replies, then sleeps until the next is due. */
  function tick(): void {
    timer = undefined;
    if (!sending) return;
    const now = performance.now();
    for (;; due++) {
      // Multiplied before dividing: whole-millisecond due times come out exact.
      const dueAt = t0 + (due * 1000) / config.rate!;
      if (dueAt >= windowEnd) return;
      if (dueAt > now) {
        timer = setTimeout(tick, dueAt - now);
        return;
      }
      sendNext(pairs[due % pairs.length]!, dueAt);
    }
  }

  /** The sender got a reply to a send: in the closed loop, the slot is free again. */
  function settle(pair: Pair): void {
    pair.outstanding--;
    if (sending && config.rate === undefined) sendNext(pair);
  }

  function senderFrame(pair: Pair, type: string, data: Buffer): void {
    switch (type) {
      case 'sent': {
        const frame = JSON.parse(data.toString('utf8')) as { seq: number };
        pair.confirmedSeq = grownBytes(pair.confirmedSeq, frame.seq);
        pair.confirmedSeq[frame.seq] = 1;
        counters.confirmed++;
        return settle(pair);
      }
      case 'receipt':
        counters.receipts++;
        return;
      case 'error':
        // A failed send still frees its slot, so one error does not stall the pair.
        if (countError(data).id !== null) settle(pair);
        return;
      case 'presence':
      case 'pong':
      case 'ok':
        return;
      default:
        counters.unexpected++;
    }
  }

  function receiverFrame(pair: Pair, type: string, data: Buffer): void {
    if (type !== 'message') {
      if (type === 'error') countError(data);
      else if (type !== 'presence' && type !== 'receipt' && type !== 'ok' && type !== 'pong') counters.unexpected++;
      return;
    }
    const now = performance.now();
    const frame = JSON.parse(data.toString('utf8')) as { conv: string; seq: number; clientId: string };
    if (frame.conv !== pair.conv || !frame.clientId.startsWith(clientIdPrefix)) {
      counters.unexpected++;
      return;
    }
    const seq = frame.seq;
    pair.receivedSeq = grownBytes(pair.receivedSeq, seq);
    if (pair.receivedSeq[seq] === 1) {
      counters.duplicates++;
      return;
    }
    pair.receivedSeq[seq] = 1;
    counters.delivered++;
    if (now >= windowStart && now < windowEnd) counters.windowDelivered++;
    config.timeline?.delivered(now);
    const sentAt = pair.sentAt[Number(frame.clientId.slice(clientIdPrefix.length))] ?? NaN;
    const latency = now - sentAt;
    config.recent.add(latency);
    if (sentAt >= windowStart && sentAt < windowEnd) config.latencies.add(latency);
    const received = pair.receivedSeq;
    while (received[pair.watermark + 1] === 1) pair.watermark++;
  }

  function handlers(pair: Pair, onFrame: (pair: Pair, type: string, data: Buffer) => void): LinkHandlers {
    return {
      frame: (type, data) => onFrame(pair, type, data),
      lost: () => {
        counters.disconnects++;
      },
    };
  }

  return {
    counters,

    /** Adds a pair for a conversation; the caller opens its two links with the returned handlers. */
    addPair(conv: string) {
      const pair: Pair = {
        conv, sender: undefined, receiver: undefined,
        head: '{"type":"send","id":"',
        mid: `","conv":"${conv}","clientId":"${clientIdPrefix}`,
        tail: `","body":{"kind":"text","text":"${text}"}}`,
        next: 0, outstanding: 0,
        sentAt: new Float64Array(1024), confirmedSeq: new Uint8Array(1024), receivedSeq: new Uint8Array(1024),
        watermark: 0, ackedUpTo: 0,
      };
      pairs.push(pair);
      return {
        senderHandlers: handlers(pair, senderFrame),
        receiverHandlers: handlers(pair, receiverFrame),
        attach(sender: Link, receiver: Link) {
          pair.sender = sender;
          pair.receiver = receiver;
        },
      };
    },

    /**
     * Closed loop: starts every sender with `inflight` messages outstanding.
     * Open loop: starts the timetable at `startAt` (default now). The window is in performance.now() ms;
     * the open loop sends nothing due at or after its end.
     */
    start(window: { start: number; end: number }, startAt = performance.now()): void {
      windowStart = window.start;
      windowEnd = window.end;
      sending = true;
      config.timeline?.start(window);
      if (config.rate !== undefined) {
        t0 = startAt;
        tick();
        return;
      }
      for (const pair of pairs) for (let i = 0; i < config.inflight; i++) sendNext(pair);
    },

    /** No new sends; outstanding ones still complete. */
    stop(): void {
      sending = false;
      clearTimeout(timer);
      timer = undefined;
    },

    /**
     * One cumulative ack per conversation whose watermark moved, as a real
     * client does on a timer, instead of one ack per message.
     */
    flushAcks(): void {
      for (const pair of pairs) {
        if (pair.watermark <= pair.ackedUpTo || !pair.receiver) continue;
        pair.ackedUpTo = pair.watermark;
        pair.receiver.send(`{"type":"ack","conv":"${pair.conv}","seq":${pair.watermark}}`);
        counters.acksSent++;
      }
    },

    /** True once no send awaits its reply and every confirmed message has arrived. */
    settled(): boolean {
      let outstanding = 0;
      for (const pair of pairs) outstanding += pair.outstanding;
      return outstanding === 0 && counters.delivered >= counters.confirmed;
    },

    /** Confirmed messages their receiver never got. */
    lost(): number {
      let lost = 0;
      for (const pair of pairs) {
        const confirmed = pair.confirmedSeq;
        for (let seq = 1; seq < confirmed.length; seq++) {
          if (confirmed[seq] === 1 && pair.receivedSeq[seq] !== 1) lost++;
        }
      }
      return lost;
    },

    /** Send frames that never got a reply (neither `sent` nor an error). */
    unanswered(): number {
      let outstanding = 0;
      for (const pair of pairs) outstanding += pair.outstanding;
      return outstanding;
    },

    links(): Link[] {
      return pairs.flatMap((p) => [p.sender, p.receiver]).filter((l): l is Link => l !== undefined);
    },
  };
}

export type Traffic = ReturnType<typeof createTraffic>;
