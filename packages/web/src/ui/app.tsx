import { useCallback, useEffect, useState } from 'react';
import { HttpApi } from '@pigeon/sdk';
import { clearSession, loadSession, saveSession, type StoredSession } from '../lib/session';
import { loadClientConfig, type ClientConfig } from '../state/client-config';
import { Messenger } from '../state/messenger';
import { Login } from './login';
import { MessengerContext } from './messenger-context';
import { Shell } from './shell';

/** Loads the server's client config, then shows the login or the messenger. */
export function App() {
  const [config, setConfig] = useState<ClientConfig | { error: string } | null>(null);
  const [session, setSession] = useState<StoredSession | undefined>(() => loadSession(localStorage));

  useEffect(() => {
    loadClientConfig().then(setConfig, (error: unknown) => setConfig({ error: `The server's configuration could not be loaded (${String(error)}).` }));
  }, []);

  const signedOut = useCallback(() => {
    clearSession(localStorage, session?.userId);
    setSession(undefined);
  }, [session?.userId]);

  if (session) return <SignedIn session={session} onSignedOut={signedOut} />;
  if (!config) return <main className="centered" aria-busy="true"><p>Loading…</p></main>;
  if ('error' in config) return <main className="centered"><p role="alert">{config.error}</p></main>;
  const accounts = new HttpApi(location.origin, config.apiKey ? { apiKey: config.apiKey } : {});
  return (
    <Login
      accounts={accounts}
      onSignedIn={(s) => {
        saveSession(localStorage, s);
        setSession(s);
      }}
    />
  );
}

function SignedIn({ session, onSignedOut }: { session: StoredSession; onSignedOut: () => void }) {
  const [messenger, setMessenger] = useState<Messenger | null>(null);
  useEffect(() => {
    const m = new Messenger(session, location.origin, localStorage, onSignedOut);
    m.start();
    setMessenger(m);
    return () => {
      void m.close();
    };
  }, [session, onSignedOut]);
  if (!messenger) return null;
  return (
    <MessengerContext.Provider value={messenger}>
      <Shell
        onLogout={async () => {
          await messenger.logout();
          onSignedOut();
        }}
      />
    </MessengerContext.Provider>
  );
}
