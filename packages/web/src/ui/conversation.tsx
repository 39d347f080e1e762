import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ConversationSummary } from '@pigeon/protocol';
import { conversationTitle, peerOf } from '../lib/conversations';
import { withDaySeparators } from '../lib/days';
import { presenceText } from '../lib/format';
import { buildTimeline, type TimelineItem } from '../lib/timeline';
import { typists } from '../lib/typing';
import { Avatar } from './avatar';
import { Composer, type Draft } from './composer';
import { Icon } from './icons';
import { MessageBubble } from './message-bubble';
import { useMessenger } from './messenger-context';
import type { Panel } from './shell';

/** One conversation: header (presence, typing), the message list with history paging, and the composer. */
export function Conversation({ conv, onBack, onPanel }: { conv: string; onBack: () => void; onPanel: (panel: Panel) => void }) {
  const messenger = useMessenger();
  const summary = messenger.conversation(conv);
  const [draft, setDraft] = useState<Draft>({ mode: 'new' });
  const me = messenger.me;
  const peer = summary ? peerOf(summary, me) : undefined;

  useEffect(() => {
    if (peer && peer !== me) void messenger.loadPresence(peer);
  }, [messenger, peer, me]);

  if (!summary) {
    return (
      <div className="empty-pane">
        <p>{messenger.conversationsLoaded ? 'This chat is not in your list.' : 'Loading…'}</p>
        <button type="button" className="link" onClick={onBack}>Back to chats</button>
      </div>
    );
  }
  return (
    <section className="conversation" aria-label={conversationTitle(summary, me, (id) => messenger.user(id))}>
      <ConversationHeader summary={summary} onBack={onBack} onPanel={onPanel} />
      <MessageList summary={summary} onReply={(item) => setDraft({ mode: 'reply', item })} onEdit={(item) => setDraft({ mode: 'edit', item })} onPanel={onPanel} />
      {summary.left ? (
        <p className="composer-closed" role="note">You are no longer a member of this group.</p>
      ) : (
        <Composer conv={conv} draft={draft} onDraft={setDraft} />
      )}
    </section>
  );
}

function ConversationHeader({ summary, onBack, onPanel }: { summary: ConversationSummary; onBack: () => void; onPanel: (panel: Panel) => void }) {
  const messenger = useMessenger();
  const me = messenger.me;
  const title = conversationTitle(summary, me, (id) => messenger.user(id));
  const peer = peerOf(summary, me);
  const typing = typists(messenger.typing.get(summary.id), Date.now()).filter((u) => u !== me);
  let status: string;
  if (typing.length > 0) {
    status = summary.kind === 'group' ? `${typing.map(messenger.label).join(', ')} ${typing.length > 1 ? 'are' : 'is'} typing…` : 'typing…';
  } else if (summary.kind === 'group') {
    status = summary.members.map((m) => (m.user === me ? 'You' : messenger.label(m.user))).join(', ');
  } else {
    status = peer && peer !== me ? presenceText(messenger.presence.get(peer), Date.now()) : 'Message yourself';
  }
  const picture = summary.kind === 'group' ? summary.group?.picture : peer ? messenger.user(peer)?.picture : null;
  const details = (
    <>
      <Avatar label={title} picture={picture ?? null} />
      <span className="header-text">
        <span className="header-title">{title}</span>
        <span className={`header-status${typing.length > 0 ? ' typing-text' : ''}`} aria-live="polite" data-testid="header-status">{status}</span>
      </span>
    </>
  );
  return (
    <header className="bar conversation-bar">
      <button type="button" className="icon-button back-button" aria-label="Back to chats" onClick={onBack}>
        <Icon name="back" />
      </button>
      {summary.kind === 'group' ? (
        <button type="button" className="header-info" aria-label={`Group info: ${title}`} onClick={() => onPanel({ kind: 'group-info', conv: summary.id })}>
          {details}
        </button>
      ) : (
        <div className="header-info">{details}</div>
      )}
    </header>
  );
}

/**
 * The messages, oldest at the top, with day separators. Scrolling to the top
 * loads older history; the view stays at the bottom while it is there and
 * new messages come in, and stays put while older pages are added above.
 */
function MessageList({ summary, onReply, onEdit, onPanel }: {
  summary: ConversationSummary;
  onReply: (item: TimelineItem) => void;
  onEdit: (item: TimelineItem) => void;
  onPanel: (panel: Panel) => void;
}) {
  const messenger = useMessenger();
  const conv = summary.id;
  const log = messenger.log(conv);
  const scroller = useRef<HTMLOListElement>(null);
  const sentinel = useRef<HTMLLIElement>(null);
  const atBottom = useRef(true);
  const previous = useRef<{ height: number; first: string | undefined; count: number }>({ height: 0, first: undefined, count: 0 });

  const pending = messenger.pending;
  const items = useMemo(
    () => buildTimeline(log.messages.values(), pending, conv, messenger.me),
    // The log is mutated in place; the messenger's version says when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [messenger.version, conv],
  );
  const rows = withDaySeparators(items, Date.now());
  const byClientSeq = useMemo(() => new Map(items.filter((i) => i.seq !== null).map((i) => [i.seq as number, i])), [items]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const first = items[0]?.key;
    const before = previous.current;
    if (before.first !== undefined && first !== before.first && before.count > 0) {
      // Older messages were added above: keep what was on screen where it was.
      el.scrollTop += el.scrollHeight - before.height;
    } else if (atBottom.current || (items.at(-1)?.from === messenger.me && items.length > before.count)) {
      el.scrollTop = el.scrollHeight;
    }
    previous.current = { height: el.scrollHeight, first, count: items.length };
  }, [items, messenger.me]);

  const loadOlder = useCallback(() => void messenger.loadOlder(conv), [messenger, conv]);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !log.hasMore) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadOlder(), {
      root: scroller.current, rootMargin: '200px 0px 0px 0px',
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [log.hasMore, loadOlder, items.length]);

  const admin = summary.kind === 'group' && summary.members.some((m) => m.user === messenger.me && m.role === 'admin');
  return (
    <ol
      className="messages"
      ref={scroller}
      role="log"
      aria-live="polite"
      aria-relevant="additions"
      aria-label="Messages"
      aria-busy={log.loading}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
    >
      <li ref={sentinel} className="history-edge" aria-hidden={!log.loading}>
        {log.loading ? 'Loading messages…' : ''}
      </li>
      {log.loaded && !log.hasMore && items.length === 0 && <li className="system-note">No messages yet. Say hello!</li>}
      {rows.map((row) =>
        row.type === 'day' ? (
          <li key={`d${row.key}`} className="day-separator" role="separator" aria-label={row.label}>
            <span>{row.label}</span>
          </li>
        ) : (
          <MessageBubble
            key={row.item.key}
            item={row.item}
            summary={summary}
            quoted={row.item.body.kind !== 'system' && row.item.body.kind !== 'deleted' && row.item.body.replyTo !== undefined ? byClientSeq.get(row.item.body.replyTo) ?? null : null}
            admin={admin}
            onReply={onReply}
            onEdit={onEdit}
            onInfo={(seq) => onPanel({ kind: 'message-info', conv, seq })}
          />
        ),
      )}
    </ol>
  );
}
