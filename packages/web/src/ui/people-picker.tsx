import { useState } from 'react';
import type { PublicUser } from '@pigeon/protocol';
import { normalizePhone } from '../lib/phone';
import { errorText } from '../lib/error-text';
import { Avatar } from './avatar';
import { useMessenger } from './messenger-context';

/** People one knows: contacts, and the other person of each one-to-one chat. */
function knownPeople(messenger: ReturnType<typeof useMessenger>): PublicUser[] {
  const people = new Map<string, PublicUser>();
  for (const c of messenger.contacts) people.set(c.id, c);
  for (const conv of messenger.conversations.values()) {
    if (conv.kind !== 'direct') continue;
    for (const m of conv.members) {
      const user = m.user !== messenger.me ? messenger.user(m.user) : undefined;
      if (user) people.set(user.id, user);
    }
  }
  return [...people.values()].sort((a, b) => (a.name ?? a.phone).localeCompare(b.name ?? b.phone));
}

/** Checkboxes over known people, and a phone-number field to add anyone else. */
export function PeoplePicker({ selected, onChange, exclude = [] }: { selected: string[]; onChange: (ids: string[]) => void; exclude?: string[] }) {
  const messenger = useMessenger();
  const [extra, setExtra] = useState<PublicUser[]>([]);
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const known = knownPeople(messenger);
  const people = [...known, ...extra.filter((e) => !known.some((k) => k.id === e.id))].filter((p) => !exclude.includes(p.id) && p.id !== messenger.me);

  const add = async () => {
    setError(null);
    const normalized = normalizePhone(phone);
    if (!normalized) return setError('Type a number in international format, like +14155550123.');
    try {
      const user = await messenger.lookup(normalized);
      if (user.id === messenger.me) return setError('That is your own number.');
      if (exclude.includes(user.id)) return setError('They are already in the group.');
      setExtra((list) => [...list.filter((u) => u.id !== user.id), user]);
      if (!selected.includes(user.id)) onChange([...selected, user.id]);
      setPhone('');
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="people-picker">
      <fieldset>
        <legend>People</legend>
        {people.length === 0 && <p className="hint">No contacts yet: add people by phone number below.</p>}
        <ul className="people">
          {people.map((p) => {
            const label = p.name || p.phone;
            return (
              <li key={p.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={selected.includes(p.id)}
                    onChange={(e) => onChange(e.target.checked ? [...selected, p.id] : selected.filter((id) => id !== p.id))}
                  />
                  <Avatar label={label} picture={p.picture} size={32} />
                  <span>{label}{p.name && <span className="hint"> {p.phone}</span>}</span>
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div className="inline-form">
        <label htmlFor="add-phone">Add by phone number</label>
        <div className="row">
          <input id="add-phone" type="tel" inputMode="tel" placeholder="+14155550123" value={phone} onChange={(e) => setPhone(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              void add();
            }}
          />
          <button type="button" onClick={() => void add()}>Add</button>
        </div>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
