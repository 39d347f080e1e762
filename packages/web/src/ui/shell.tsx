import { useCallback, useEffect, useState } from 'react';
import { totalUnread } from '../lib/conversations';
import { chatPath, convOfPath, openChatRequest } from '../lib/notification';
import { ChatList } from './chat-list';
import { Conversation } from './conversation';
import { GroupInfo } from './group-info';
import { Icon } from './icons';
import { MessageInfo } from './message-info';
import { useMessenger } from './messenger-context';
import { NewChat } from './new-chat';
import { NewGroup } from './new-group';
import { Profile } from './profile';
import { PushPrompt } from './push-prompt';

export type Panel =
  | { kind: 'profile' }
  | { kind: 'new-chat' }
  | { kind: 'new-group' }
  | { kind: 'group-info'; conv: string }
  | { kind: 'message-info'; conv: string; seq: number };

const convFromPath = (): string | null => convOfPath(location.pathname);

/**
 * The signed-in layout: the chat list beside the open conversation (on a
 * narrow screen one or the other), the connection banner, dialogs and notices.
 * The open conversation is in the URL (/chat/<id>), so Back closes it.
 */
export function Shell({ onLogout }: { onLogout: () => void }) {
  const messenger = useMessenger();
  const [conv, setConv] = useState<string | null>(convFromPath);
  const [panel, setPanel] = useState<Panel | null>(null);

  useEffect(() => {
    messenger.open(conv);
  }, [messenger, conv]);

  const go = useCallback((next: string | null) => {
    const path = next ? chatPath(next) : '/';
    if (location.pathname !== path) history.pushState(null, '', path);
    setConv(next);
  }, []);

  useEffect(() => {
    const onPop = () => setConv(convFromPath());
    const onVisibility = () => messenger.setVisible(document.visibilityState === 'visible');
    const onOffline = () => messenger.networkLost();
    const onOnline = () => messenger.networkBack();
    // A click on a notification while this window is open: the service worker asks it to open the chat.
    const onWorkerMessage = (event: MessageEvent) => {
      const requested = openChatRequest(event.data);
      if (requested) go(requested);
    };
    onVisibility();
    window.addEventListener('popstate', onPop);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    navigator.serviceWorker?.addEventListener('message', onWorkerMessage);
    return () => {
      window.removeEventListener('popstate', onPop);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      navigator.serviceWorker?.removeEventListener('message', onWorkerMessage);
    };
  }, [messenger, go]);

  const unread = totalUnread(messenger.conversations.values());
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Pigeon` : 'Pigeon';
    messenger.push.badge(unread);
  }, [messenger, unread]);
  const closePanel = useCallback(() => setPanel(null), []);

  return (
    <div className="app" data-view={conv ? 'conversation' : 'list'}>
      <ConnectionBanner />
      <div className="columns">
        <aside className="sidebar" aria-label="Chats">
          <header className="bar sidebar-bar">
            <button type="button" className="me-button" onClick={() => setPanel({ kind: 'profile' })} aria-label="Profile and settings">
              <Icon name="profile" />
              <span className="me-name">{messenger.profile?.name || messenger.profile?.phone || ''}</span>
            </button>
            <div className="bar-actions">
              <button type="button" className="icon-button" aria-label="New chat" title="New chat" onClick={() => setPanel({ kind: 'new-chat' })}>
                <Icon name="chat" />
              </button>
              <button type="button" className="icon-button" aria-label="New group" title="New group" onClick={() => setPanel({ kind: 'new-group' })}>
                <Icon name="group" />
              </button>
              <button type="button" className="icon-button" aria-label="Log out" title="Log out" onClick={onLogout}>
                <Icon name="logout" />
              </button>
            </div>
          </header>
          <PushPrompt />
          <ChatList openConv={conv} onOpen={go} />
        </aside>
        <main className="pane" aria-label="Conversation">
          {conv ? (
            <Conversation key={conv} conv={conv} onBack={() => go(null)} onPanel={setPanel} />
          ) : (
            <div className="empty-pane">
              <h2>Pigeon</h2>
              <p>Pick a chat on the left, or start a new one.</p>
            </div>
          )}
        </main>
      </div>
      {panel?.kind === 'profile' && <Profile onClose={closePanel} onLogout={onLogout} />}
      {panel?.kind === 'new-chat' && (
        <NewChat
          onClose={closePanel}
          onOpen={(id) => {
            closePanel();
            go(id);
          }}
        />
      )}
      {panel?.kind === 'new-group' && (
        <NewGroup
          onClose={closePanel}
          onCreated={(id) => {
            closePanel();
            go(id);
          }}
        />
      )}
      {panel?.kind === 'group-info' && <GroupInfo conv={panel.conv} onClose={closePanel} />}
      {panel?.kind === 'message-info' && <MessageInfo conv={panel.conv} seq={panel.seq} onClose={closePanel} />}
      <Notices />
    </div>
  );
}

function ConnectionBanner() {
  const { connection, offline } = useMessenger();
  const text =
    offline || connection === 'reconnecting'
      ? 'You are offline. Messages you send wait here and go out when the connection is back.'
      : connection === 'connecting'
        ? 'Connecting…'
        : connection === 'closed'
          ? 'Disconnected from the server.'
          : '';
  return (
    <div className={`banner${text ? ' banner-shown' : ''}${!offline && connection === 'connecting' ? ' banner-soft' : ''}`} role="status" aria-live="polite">
      {text}
    </div>
  );
}

function Notices() {
  const messenger = useMessenger();
  return (
    <div className="notices" role="alert" aria-live="assertive">
      {messenger.notices.map((n) => (
        <div key={n.id} className="notice">
          <span>{n.text}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => messenger.dismiss(n.id)}>
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  );
}
