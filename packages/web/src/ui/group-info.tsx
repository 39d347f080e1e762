import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { GroupChangeResponse, GroupInfo as Group } from '@pigeon/protocol';
import { errorText } from '../lib/error-text';
import { Avatar } from './avatar';
import { useMessenger } from './messenger-context';
import { Modal } from './modal';
import { PeoplePicker } from './people-picker';

/**
 * A group's members with their roles; admins add, remove, promote, demote and
 * rename; anyone leaves. The server decides who may: a refusal shows its error.
 */
export function GroupInfo({ conv, onClose }: { conv: string; onClose: () => void }) {
  const messenger = useMessenger();
  const api = messenger.client.api;
  const summary = messenger.conversation(conv);
  const [group, setGroup] = useState<Group | null>(null);
  const [name, setName] = useState('');
  const [adding, setAdding] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const g = await api.group(conv);
      setGroup(g);
      setName(g.name);
    } catch (e) {
      setError(errorText(e));
    }
  }, [api, conv]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (what: string, change: () => Promise<GroupChangeResponse>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const { group: g } = await messenger.changeGroup(conv, change);
      setGroup(g);
      setName(g.name);
      setDone(what);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (!group) {
    return (
      <Modal title="Group info" onClose={onClose}>
        {error ? <p role="alert" className="error">{error}</p> : <p>Loading…</p>}
        {summary?.left && <p>You are no longer a member of this group.</p>}
      </Modal>
    );
  }
  const me = messenger.me;
  const admin = group.members.some((m) => m.user === me && m.role === 'admin');
  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() && name.trim() !== group.name) void run('Group renamed.', () => api.updateGroup(conv, { name: name.trim() }));
  };
  return (
    <Modal title="Group info" onClose={onClose}>
      <div className="group-head">
        <Avatar label={group.name} picture={group.picture} size={64} />
        {admin ? (
          <form onSubmit={rename} className="inline-form">
            <label htmlFor="group-rename">Group name</label>
            <div className="row">
              <input id="group-rename" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
              <button type="submit" disabled={busy || !name.trim() || name.trim() === group.name}>Rename</button>
            </div>
          </form>
        ) : (
          <h3>{group.name}</h3>
        )}
      </div>
      {group.description && <p>{group.description}</p>}
      <div role="status" aria-live="polite" className="done">{done}</div>
      {error && <p role="alert" className="error">{error}</p>}
      <h3>{group.members.length} members</h3>
      <ul className="members" aria-label="Members">
        {group.members.map((m) => {
          const label = m.user === me ? 'You' : messenger.label(m.user);
          return (
            <li key={m.user} data-user={m.user}>
              <Avatar label={messenger.label(m.user)} picture={messenger.user(m.user)?.picture ?? null} size={36} />
              <span className="member-name">
                {label}
                {m.user !== me && <span className="hint"> {messenger.user(m.user)?.phone}</span>}
              </span>
              {m.role === 'admin' && <span className="admin-badge">Admin</span>}
              {admin && m.user !== me && (
                <span className="member-actions">
                  {m.role === 'admin' ? (
                    <button type="button" disabled={busy} onClick={() => void run(`${label} is no longer an admin.`, () => api.demoteAdmin(conv, m.user))} aria-label={`Dismiss ${label} as admin`}>
                      Dismiss as admin
                    </button>
                  ) : (
                    <button type="button" disabled={busy} onClick={() => void run(`${label} is now an admin.`, () => api.promoteAdmin(conv, m.user))} aria-label={`Make ${label} an admin`}>
                      Make admin
                    </button>
                  )}
                  <button type="button" className="danger" disabled={busy} onClick={() => void run(`${label} was removed.`, () => api.removeMember(conv, m.user))} aria-label={`Remove ${label}`}>
                    Remove
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {admin && (
        <details className="add-members">
          <summary>Add members</summary>
          <PeoplePicker selected={adding} onChange={setAdding} exclude={group.members.map((m) => m.user)} />
          <button
            type="button"
            className="primary"
            disabled={busy || adding.length === 0}
            onClick={() => void run('Members added.', () => api.addMembers(conv, adding)).then(() => setAdding([]))}
          >
            Add {adding.length || ''} to the group
          </button>
        </details>
      )}
      <button
        type="button"
        className="danger leave"
        disabled={busy}
        onClick={() => {
          if (confirm(`Leave "${group.name}"?`)) void run('You left the group.', () => api.leaveGroup(conv)).then(onClose);
        }}
      >
        Leave group
      </button>
    </Modal>
  );
}
