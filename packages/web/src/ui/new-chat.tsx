import { useState, type FormEvent } from 'react';
import { normalizePhone } from '../lib/phone';
import { errorText } from '../lib/error-text';
import { useMessenger } from './messenger-context';
import { Modal } from './modal';

/** Starts a one-to-one chat with a phone number (the person is saved as a contact). */
export function NewChat({ onClose, onOpen }: { onClose: () => void; onOpen: (conv: string) => void }) {
  const messenger = useMessenger();
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async (event: FormEvent) => {
    event.preventDefault();
    const normalized = normalizePhone(phone);
    if (!normalized) return setError('Type the number in international format, like +14155550123.');
    setBusy(true);
    setError(null);
    try {
      onOpen(messenger.directWith(await messenger.lookup(normalized)));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="New chat" onClose={onClose}>
      <form onSubmit={start}>
        <label htmlFor="new-chat-phone">Phone number</label>
        <input id="new-chat-phone" type="tel" inputMode="tel" autoComplete="off" placeholder="+14155550123" value={phone} onChange={(e) => setPhone(e.target.value)} autoFocus aria-describedby="new-chat-hint" />
        <p id="new-chat-hint" className="hint">International format. They need a Pigeon account; they are added to your contacts.</p>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>Start chat</button>
      </form>
    </Modal>
  );
}
