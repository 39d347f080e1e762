import { useState, type FormEvent } from 'react';
import type { HttpApi } from '@pigeon/sdk';
import { normalizePhone } from '../lib/phone';
import type { StoredSession } from '../lib/session';
import { errorText } from '../lib/error-text';

type Step = { at: 'phone' } | { at: 'code'; phone: string } | { at: 'name'; session: StoredSession };

/** Phone number, then the one-time code, then (for a new account) a name. */
export function Login({ accounts, onSignedIn }: { accounts: HttpApi; onSignedIn: (session: StoredSession) => void }) {
  const [step, setStep] = useState<Step>({ at: 'phone' });
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const requestCode = (event: FormEvent) => {
    event.preventDefault();
    const normalized = normalizePhone(phone);
    if (!normalized) return setError('Enter the number in international format: a plus sign, the country code and the number, like +14155550123.');
    void run(async () => {
      await accounts.requestCode(normalized);
      setCode('');
      setStep({ at: 'code', phone: normalized });
    });
  };

  const verify = (event: FormEvent) => {
    event.preventDefault();
    if (step.at !== 'code') return;
    void run(async () => {
      const result = await accounts.verifyCode(step.phone, code.trim(), browserName());
      const session = { token: result.token, userId: result.user.id, phone: result.user.phone };
      if (result.newUser || !result.user.name) setStep({ at: 'name', session });
      else onSignedIn(session);
    });
  };

  const saveName = (event: FormEvent) => {
    event.preventDefault();
    if (step.at !== 'name') return;
    void run(async () => {
      if (name.trim()) await accounts.withToken(step.session.token).updateProfile({ name: name.trim() });
      onSignedIn(step.session);
    });
  };

  return (
    <main className="login">
      <div className="login-card">
        <h1 className="brand">Pigeon</h1>
        {step.at === 'phone' && (
          <form onSubmit={requestCode} noValidate>
            <label htmlFor="phone">Your phone number</label>
            <input
              id="phone" name="phone" type="tel" autoComplete="tel" inputMode="tel" placeholder="+14155550123"
              aria-describedby="phone-hint" value={phone} onChange={(e) => setPhone(e.target.value)} required autoFocus
            />
            <p id="phone-hint" className="hint">International format (E.164): a plus sign, the country code, then the number.</p>
            <button type="submit" className="primary" disabled={busy}>Send code</button>
          </form>
        )}
        {step.at === 'code' && (
          <form onSubmit={verify} noValidate>
            <p>We sent a 6-digit code to <strong>{step.phone}</strong>.</p>
            <p className="hint" id="code-hint">
              Where is it? With the embedded default setup the server does not send real text messages: it prints the code
              in its terminal (the window where <code>npm start</code> runs). Otherwise it arrives by SMS.
            </p>
            <label htmlFor="code">Code</label>
            <input
              id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6}
              aria-describedby="code-hint" value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} required autoFocus
            />
            <button type="submit" className="primary" disabled={busy || code.length !== 6}>Log in</button>
            <button type="button" className="link" onClick={() => setStep({ at: 'phone' })}>Use another number</button>
          </form>
        )}
        {step.at === 'name' && (
          <form onSubmit={saveName}>
            <p>Welcome! How should people see you?</p>
            <label htmlFor="name">Your name</label>
            <input id="name" name="name" autoComplete="name" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
            <button type="submit" className="primary" disabled={busy}>{name.trim() ? 'Continue' : 'Skip'}</button>
          </form>
        )}
        {error && <p role="alert" className="error">{error}</p>}
      </div>
    </main>
  );
}

/** A device name for the session list: `Web (Chrome on Linux)`. */
function browserName(): string {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : '';
  return `Web (${browser}${os ? ` on ${os}` : ''})`;
}
