import { createLatencyRecorder } from './stats.js';
import type { Timeline } from './timeline.js';
import type { Schedule } from './group-members.js';
import type { Link } from './ws-client.js';

/**
 * Open-loop senders: message n is due at t0 + n / rate, from sender n mod
 * count, whatever the server's replies. Latency is measured from the due time,
 * so a stall of the server (or of this process) shows in the figures instead
 * of quietly lowering the rate. The frame id is n, the clientId `<prefix><n>`.
 */

export interface SenderCounters {
  /** Send frames written, whole run. */
  totalSent: number;
  /** Send frames due inside the measured window. */
  windowSent: number;
  /** `sent` replies: the server stored the message. */
  confirmed: number;
  /** `sent` replies with duplicate: true (never expected here). */
  duplicateReplies: number;
  /** Sends answered with an error. */
  refused: number;
}

export function createSenders(config: { conv: string; clientIdPrefix: string; textBytes: number; timeline?: Timeline }) {
  const counters: SenderCounters = { totalSent: 0, windowSent: 0, confirmed: 0, duplicateReplies: 0, refused: 0 };
  const links: Link[] = [];
  const head = '{"type":"send","id":"';
  const mid = `","conv":"${config.conv}","clientId":"${config.clientIdPrefix}`;
  const tail = `","body":{"kind":"text","text":"${'x'.repeat(config.textBytes)}"}}`;
  /** How late (ms) each frame was written after its due time: the client's own share of the latency. */
  const lag = createLatencyRecorder(1 << 12);
  let schedule: Schedule | undefined;
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  /** By message number: 1 once written, 2 once confirmed, 3 once refused. */
  let state = new Uint8Array(0);

  function tick(): void {
    timer = undefined;
    const s = schedule!;
    const now = performance.now();
    for (; next < s.capacity; next++) {
      const due = s.t0 + next * s.intervalMs;
      if (due > now) {
        timer = setTimeout(tick, due - now);
        return;
      }
      if (due >= s.window.end) break;
      links[next % links.length]!.send(head + next + mid + next + tail);
      state[next] = 1;
      counters.totalSent++;
      config.timeline?.sent(due);
      if (due >= s.window.start) {
        counters.windowSent++;
        lag.add(now - due);
      }
    }
  }

  return {
    counters,
    lag,

    attach(link: Link): void {
      links.push(link);
    },

    /** Starts the timetable; sends stop at the window's end. */
    start(next: Schedule): void {
      schedule = next;
      state = new Uint8Array(next.capacity);
      tick();
    },

    stop(): void {
      clearTimeout(timer);
      timer = undefined;
      if (schedule) next = schedule.capacity;
    },

    /** A frame of a sender's link the members' code does not handle; true if it was the senders'. */
    onFrame(type: string, data: Buffer): boolean {
      if (type !== 'sent') return false;
      const frame = JSON.parse(data.toString('utf8')) as { clientId: string; duplicate: boolean };
      const n = Number(frame.clientId.slice(config.clientIdPrefix.length));
      if (state[n] !== 1) return false;
      state[n] = 2;
      counters.confirmed++;
      if (frame.duplicate) counters.duplicateReplies++;
      return true;
    },

    /** An error frame answered frame `id`: if it was a send, it is settled (refused). */
    onError(id: string): void {
      const n = Number(id);
      if (Number.isInteger(n) && state[n] === 1) {
        state[n] = 3;
        counters.refused++;
      }
    },

    /** Message numbers the server confirmed. */
    confirmed(): number[] {
      const out: number[] = [];
      for (let n = 0; n < state.length; n++) if (state[n] === 2) out.push(n);
      return out;
    },

    /** Sends that got neither `sent` nor an error. */
    unanswered(): number {
      let count = 0;
      for (let n = 0; n < state.length; n++) if (state[n] === 1) count++;
      return count;
    },
  };
}

export type Senders = ReturnType<typeof createSenders>;
