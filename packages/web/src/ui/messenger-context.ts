import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Messenger } from '../state/messenger';

export const MessengerContext = createContext<Messenger | null>(null);

/** The signed-in messenger; the component re-renders whenever its state changes. */
export function useMessenger(): Messenger {
  const messenger = useContext(MessengerContext);
  if (!messenger) throw new Error('useMessenger outside MessengerContext');
  useSyncExternalStore(messenger.subscribe, messenger.getVersion);
  return messenger;
}
