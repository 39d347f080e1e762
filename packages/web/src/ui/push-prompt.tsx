import type { PushStatus } from '../lib/web-push';
import { useMessenger } from './messenger-context';

/**
 * The in-app offer to turn notifications on, above the chat list, until the
 * user answers it. The browser's own prompt only ever comes from its button:
 * asked for on page load, people refuse, and browsers mute sites that do it.
 */
export function PushPrompt() {
  const { push } = useMessenger();
  if (!push.offered) return null;
  return (
    <section className="push-prompt" aria-label="Notifications">
      <p>Get notified of new messages while Pigeon is closed.</p>
      <div className="push-prompt-actions">
        <button type="button" className="primary" onClick={() => void push.enable()}>Turn on notifications</button>
        <button type="button" onClick={() => push.notNow()}>Not now</button>
      </div>
    </section>
  );
}

const SAYS: Record<PushStatus, string> = {
  checking: 'Checking…',
  unsupported: 'This browser cannot show notifications from Pigeon while it is closed.',
  unavailable: 'This server is not set up for browser notifications.',
  ask: 'Off.',
  denied: "Blocked: allow notifications for this site in the browser's settings.",
  working: 'Turning on…',
  on: 'On: new messages show a notification while Pigeon is closed.',
  failed: 'Could not be turned on',
};

/** Notifications in the profile: where they stand, and the button again after "Not now" or a failure. */
export function PushSetting() {
  const { push } = useMessenger();
  const { status, error } = push;
  return (
    <div className="push-setting">
      <p>
        Notifications: <span data-testid="push-status">{SAYS[status]}{status === 'failed' && error ? `: ${error}` : ''}</span>
      </p>
      {(status === 'ask' || status === 'failed') && (
        <button type="button" onClick={() => void push.enable()}>{status === 'failed' ? 'Try again' : 'Turn on notifications'}</button>
      )}
    </div>
  );
}
