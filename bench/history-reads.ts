import type { HistoryResponse } from '@pigeon/protocol';
import type { SeededConversation } from './history-seed.js';
import { createLatencyRecorder, createLogHistogram } from './stats.js';
import type { Timeline } from './timeline.js';
import type { Window } from './window.js';

/**
 * Open-loop history reads: request k is due at t0 + k / rate, whatever the
 * answers to earlier ones. It picks a message uniformly over the whole store
 * (so half the reads hit the big conversation) and fetches the page of `limit`
 * messages before it (even k) or after it (odd k), as the owning reader, and
 * checks the page: exactly the seqs expected, in order, and `hasMore` right.
 */

export interface Reader {
  token: string;
}

export interface ReadCounters {
  requests: number;
  windowRequests: number;
  answered: number;
  /** Non-200 answers and network failures, by status (or `NETWORK`). */
  errors: number;
  errorCodes: Record<string, number>;
  /** 200 answers whose page was not the one asked for. */
  badPages: number;
}

/** Why a page is wrong, or undefined when it holds exactly seqs `from`..`from + count - 1` of `conv`. */
export function checkPage(page: HistoryResponse, conv: string, from: number, count: number, hasMore: boolean): string | undefined {
  if (page.messages.length !== count) return `${page.messages.length} messages, expected ${count}`;
  for (let i = 0; i < count; i++) {
    const m = page.messages[i]!;
    if (m.conv !== conv || m.seq !== from + i) return `message ${i} is ${m.conv} #${m.seq}, expected #${from + i}`;
  }
  if (page.hasMore !== hasMore) return `hasMore ${page.hasMore}, expected ${hasMore}`;
  return undefined;
}

export function createReads(config: {
  url: string;
  readers: readonly Reader[];
  conversations: readonly SeededConversation[];
  limit: number;
  rate: number;
  timeline: Timeline;
}) {
  const counters: ReadCounters = { requests: 0, windowRequests: 0, answered: 0, errors: 0, errorCodes: {}, badPages: 0 };
  const latencies = createLatencyRecorder(1 << 14);
  const lag = createLatencyRecorder(1 << 14);
  const recent = createLogHistogram();
  const badExamples: string[] = [];
  // Cumulative message counts, to pick a message uniformly over the store.
  const ends: number[] = [];
  let total = 0;
  for (const c of config.conversations) ends.push((total += c.lastSeq));
  let window: Window = { start: Infinity, end: Infinity };
  let t0 = 0;
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = 0;

  function pick(): { conv: SeededConversation; seq: number } {
    const position = Math.floor(Math.random() * total);
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! > position) hi = mid;
      else lo = mid + 1;
    }
    const conv = config.conversations[lo]!;
    return { conv, seq: position - (ends[lo]! - conv.lastSeq) + 1 };
  }

  function fail(code: string): void {
    counters.errors++;
    counters.errorCodes[code] = (counters.errorCodes[code] ?? 0) + 1;
  }

  async function read(k: number, dueAt: number): Promise<void> {
    const { conv, seq } = pick();
    const n = Math.min(config.limit, conv.lastSeq);
    // Before: the page ending just before `before`; after: the page starting just after `after`.
    const backward = k % 2 === 0;
    const first = backward ? Math.max(1, seq - n + 1) : Math.min(seq, conv.lastSeq - n + 1);
    const query = backward ? `before=${first + n}` : `after=${first - 1}`;
    const hasMore = backward ? first > 1 : first + n - 1 < conv.lastSeq;
    const url = `${config.url}/v1/conversations/${encodeURIComponent(conv.id)}/messages?limit=${config.limit}&${query}`;
    inFlight++;
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${config.readers[conv.reader]!.token}` } });
      const text = await response.text();
      const now = performance.now();
      counters.answered++;
      config.timeline.delivered(now);
      if (response.status !== 200) return fail(String(response.status));
      const problem = checkPage(JSON.parse(text) as HistoryResponse, conv.id, first, n, hasMore);
      if (problem) {
        counters.badPages++;
        if (badExamples.length < 5) badExamples.push(`${conv.id} ${query}: ${problem}`);
        return;
      }
      recent.add(now - dueAt);
      if (dueAt >= window.start && dueAt < window.end) latencies.add(now - dueAt);
    } catch {
      counters.answered++;
      fail('NETWORK');
    } finally {
      inFlight--;
    }
  }

  function tick(): void {
    timer = undefined;
    const now = performance.now();
    for (;; next++) {
      const dueAt = t0 + (next * 1000) / config.rate;
      if (dueAt >= window.end) return;
      if (dueAt > now) {
        timer = setTimeout(tick, dueAt - now);
        return;
      }
      counters.requests++;
      config.timeline.sent(dueAt);
      if (dueAt >= window.start) {
        counters.windowRequests++;
        lag.add(now - dueAt);
      }
      void read(next, dueAt);
    }
  }

  return {
    counters,
    latencies,
    lag,
    recent,
    badExamples,
    inFlight: () => inFlight,
    /** Starts the timetable at `startAt`; nothing due at or after the window's end is sent. */
    start(next: Window, startAt: number): void {
      window = next;
      t0 = startAt;
      config.timeline.start(next);
      tick();
    },
    stop(): void {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

export type Reads = ReturnType<typeof createReads>;
