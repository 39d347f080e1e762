import { useState } from 'react';
import type { ConversationSummary } from '@pigeon/protocol';
import { conversationTitle, matchesSearch, peerOf, sortConversations } from '../lib/conversations';
import { listTime } from '../lib/format';
import { isContentKind } from '../lib/kinds';
import { bodyPreview } from '../lib/preview';
import { ownStatus, tickOf } from '../lib/ticks';
import { typists } from '../lib/typing';
import { Avatar } from './avatar';
import { Icon, Ticks } from './icons';
import { useMessenger } from './messenger-context';

/** The chats, most recent first, with a search box. */
export function ChatList({ openConv, onOpen }: { openConv: string | null; onOpen: (conv: string) => void }) {
  const messenger = useMessenger();
  const [query, setQuery] = useState('');
  const people = (id: string) => messenger.user(id);
  const chats = sortConversations([...messenger.conversations.values()]).filter((c) => matchesSearch(c, query, messenger.me, people));
  return (
    <>
      <div className="search">
        <Icon name="search" />
        <input type="search" aria-label="Search chats by name or number" placeholder="Search by name or number" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      {messenger.conversationsLoaded && chats.length === 0 && (
        <p className="list-empty">{query ? 'No chat matches.' : 'No chats yet. Start one with the New chat button.'}</p>
      )}
      <ul className="chat-list" aria-label="Chat list">
        {chats.map((c) => (
          <ChatItem key={c.id} summary={c} open={c.id === openConv} onOpen={onOpen} />
        ))}
      </ul>
    </>
  );
}

function ChatItem({ summary, open, onOpen }: { summary: ConversationSummary; open: boolean; onOpen: (conv: string) => void }) {
  const messenger = useMessenger();
  const me = messenger.me;
  const title = conversationTitle(summary, me, (id) => messenger.user(id));
  const peer = peerOf(summary, me);
  const picture = summary.kind === 'group' ? summary.group?.picture : peer ? messenger.user(peer)?.picture : null;
  const typing = typists(messenger.typing.get(summary.id), Date.now()).filter((u) => u !== me);
  const last = summary.lastMessage;
  let preview = last ? bodyPreview(last, messenger.label, me) : summary.kind === 'group' ? 'Group created' : '';
  if (last && summary.kind === 'group' && isContentKind(last.body.kind)) {
    preview = `${last.from === me ? 'You' : messenger.label(last.from)}: ${preview}`;
  }
  const ownLast = last && last.from === me && isContentKind(last.body.kind) ? tickOf(ownStatus(messenger.client.receipts, last, me, summary.members)) : null;
  return (
    <li>
      <button type="button" className="chat-item" aria-current={open ? 'true' : undefined} onClick={() => onOpen(summary.id)} data-conv={summary.id}>
        <Avatar label={title} picture={picture ?? null} size={48} />
        <span className="chat-text">
          <span className="chat-top">
            <span className="chat-title">{title}</span>
            <time className={summary.unread > 0 ? 'unread-time' : ''} dateTime={new Date(summary.lastActivity).toISOString()}>
              {listTime(summary.lastActivity, Date.now())}
            </time>
          </span>
          <span className="chat-bottom">
            {typing.length > 0 ? (
              <span className="chat-preview typing-text">typing…</span>
            ) : (
              <span className="chat-preview">
                {ownLast && <Ticks tick={ownLast} />}
                {preview}
              </span>
            )}
            {summary.unread > 0 && (
              <span className="badge" aria-label={`${summary.unread} unread message${summary.unread === 1 ? '' : 's'}`}>{summary.unread}</span>
            )}
          </span>
        </span>
      </button>
    </li>
  );
}
