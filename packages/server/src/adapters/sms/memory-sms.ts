import type { SmsSender } from '../../ports/sms.js';

export interface SentSms {
  to: string;
  text: string;
}

/** Keeps sent texts in memory, for tests that read the one-time code. */
export function createMemorySms(): SmsSender & { sent: SentSms[]; lastCodeFor(phone: string): string | undefined } {
  const sent: SentSms[] = [];
  return {
    name: 'memory',
    sent,
    async send(to, text) {
      sent.push({ to, text });
      return { ok: true };
    },
    lastCodeFor(phone) {
      const last = sent.filter((s) => s.to === phone).at(-1);
      return last?.text.match(/\b(\d{6})\b/)?.[1];
    },
  };
}
