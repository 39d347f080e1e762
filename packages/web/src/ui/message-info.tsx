import { useEffect, useState } from 'react';
import type { MessageInfo as Info } from '@pigeon/protocol';
import { momentText } from '../lib/format';
import { errorText } from '../lib/error-text';
import { useMessenger } from './messenger-context';
import { Modal } from './modal';

/** Who has one's message and who read it, and when; fetched again as receipts arrive. */
export function MessageInfo({ conv, seq, onClose }: { conv: string; seq: number; onClose: () => void }) {
  const messenger = useMessenger();
  const [info, setInfo] = useState<Info | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      messenger.client.api.messageInfo(conv, seq).then(
        (i) => live && setInfo(i),
        (e: unknown) => live && setError(errorText(e)),
      );
    void load();
    const off = messenger.client.on('receipt', (r) => {
      if (r.conv === conv && r.seq >= seq) void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [messenger, conv, seq]);
  const now = Date.now();
  const read = info?.members.filter((m) => m.readAt !== null) ?? [];
  const delivered = info?.members.filter((m) => m.readAt === null && m.deliveredAt !== null) ?? [];
  const waiting = info?.members.filter((m) => m.deliveredAt === null) ?? [];
  return (
    <Modal title="Message info" onClose={onClose}>
      {error && <p role="alert" className="error">{error}</p>}
      {!info && !error && <p>Loading…</p>}
      {info && (
        <div className="message-info">
          <section aria-label="Read by">
            <h3>Read by</h3>
            {read.length === 0 ? <p className="hint">Nobody yet</p> : (
              <ul>{read.map((m) => <li key={m.user}>{messenger.label(m.user)} <span className="hint">{momentText(m.readAt as number, now)}</span></li>)}</ul>
            )}
          </section>
          <section aria-label="Delivered to">
            <h3>Delivered to</h3>
            {delivered.length === 0 ? <p className="hint">{read.length > 0 ? 'Everyone who has it has read it' : 'Nobody yet'}</p> : (
              <ul>{delivered.map((m) => <li key={m.user}>{messenger.label(m.user)} <span className="hint">{momentText(m.deliveredAt as number, now)}</span></li>)}</ul>
            )}
          </section>
          {waiting.length > 0 && (
            <section aria-label="Not delivered yet">
              <h3>Not delivered yet</h3>
              <ul>{waiting.map((m) => <li key={m.user}>{messenger.label(m.user)}</li>)}</ul>
            </section>
          )}
        </div>
      )}
    </Modal>
  );
}
