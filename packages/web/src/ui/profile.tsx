import { useState, type FormEvent } from 'react';
import type { LastSeenPrivacy } from '@pigeon/protocol';
import { uploadResumable } from '@pigeon/sdk';
import { declaredMime, mediaKindOf } from '../lib/media-kind';
import { errorText } from '../lib/error-text';
import { Avatar } from './avatar';
import { useMessenger } from './messenger-context';
import { Modal } from './modal';
import { PushSetting } from './push-prompt';

/** Name, about, picture and who sees one's last seen. */
export function Profile({ onClose, onLogout }: { onClose: () => void; onLogout: () => void }) {
  const messenger = useMessenger();
  const profile = messenger.profile;
  const [name, setName] = useState(profile?.name ?? '');
  const [about, setAbout] = useState(profile?.about ?? '');
  const [privacy, setPrivacy] = useState<LastSeenPrivacy>(profile?.lastSeenPrivacy ?? 'everyone');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    try {
      await messenger.updateProfile({ ...(name.trim() && { name: name.trim() }), about, lastSeenPrivacy: privacy });
      setSaved('Profile saved.');
    } catch (e) {
      setError(errorText(e));
    }
  };
  const upload = async (file: File) => {
    setError(null);
    setSaved(null);
    if (mediaKindOf(file.type) !== 'image') return setError('Pick a photo (JPEG, PNG, WebP, GIF or AVIF).');
    setProgress(0);
    try {
      const media = await uploadResumable(messenger.client.api, file, {
        kind: 'image', mime: declaredMime(file.type), name: file.name, onProgress: (sent, total) => setProgress(sent / total),
      });
      await messenger.updateProfile({ picture: media.id });
      setSaved('Picture updated.');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setProgress(null);
    }
  };
  const label = profile?.name || profile?.phone || '';
  return (
    <Modal title="Profile" onClose={onClose}>
      <div className="profile-picture">
        <Avatar label={label} picture={profile?.picture ?? null} size={96} />
        <label className="button-like">
          Change picture
          <input type="file" accept="image/*" className="visually-hidden" onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void upload(file);
          }} />
        </label>
        {profile?.picture && <button type="button" className="link" onClick={() => void messenger.updateProfile({ picture: null }).catch((e: unknown) => setError(errorText(e)))}>Remove picture</button>}
        {progress !== null && <progress max={1} value={progress} aria-label="Upload progress" />}
      </div>
      <form onSubmit={save} className="profile-form">
        <p>Phone number: <strong>{profile?.phone}</strong></p>
        <label htmlFor="profile-name">Name</label>
        <input id="profile-name" value={name} maxLength={64} onChange={(e) => setName(e.target.value)} autoComplete="name" />
        <label htmlFor="profile-about">About</label>
        <input id="profile-about" value={about} maxLength={140} onChange={(e) => setAbout(e.target.value)} />
        <label htmlFor="profile-privacy">Who can see my last seen and online status</label>
        <select id="profile-privacy" value={privacy} onChange={(e) => setPrivacy(e.target.value as LastSeenPrivacy)}>
          <option value="everyone">Everyone I chat with</option>
          <option value="contacts">My contacts</option>
          <option value="nobody">Nobody</option>
        </select>
        <button type="submit" className="primary">Save</button>
      </form>
      <div role="status" aria-live="polite" className="done">{saved}</div>
      {error && <p role="alert" className="error">{error}</p>}
      <PushSetting />
      <button type="button" className="danger" onClick={onLogout}>Log out</button>
    </Modal>
  );
}
