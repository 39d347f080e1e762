import { useState, type FormEvent } from 'react';
import { errorText } from '../lib/error-text';
import { useMessenger } from './messenger-context';
import { Modal } from './modal';
import { PeoplePicker } from './people-picker';

export function NewGroup({ onClose, onCreated }: { onClose: () => void; onCreated: (conv: string) => void }) {
  const messenger = useMessenger();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError('Give the group a name.');
    setBusy(true);
    setError(null);
    try {
      onCreated(await messenger.createGroup(name.trim(), members));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="New group" onClose={onClose}>
      <form onSubmit={create} id="new-group-form">
        <label htmlFor="group-name">Group name</label>
        <input id="group-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoFocus />
      </form>
      <PeoplePicker selected={members} onChange={setMembers} />
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" form="new-group-form" className="primary" disabled={busy}>
        Create group{members.length > 0 ? ` with ${members.length} ${members.length === 1 ? 'person' : 'people'}` : ''}
      </button>
    </Modal>
  );
}
