import { memo, useCallback, useRef, useState } from 'react';
import type { ConversationSummary } from '@pigeon/protocol';
import { clockTime } from '../lib/format';
import { isContentKind } from '../lib/kinds';
import { osmUrl } from '../lib/location';
import { bodyPreview } from '../lib/preview';
import { systemText } from '../lib/system-text';
import { ownStatus, tickOf } from '../lib/ticks';
import type { TimelineItem } from '../lib/timeline';
import { QUICK_REACTIONS } from '../lib/emoji';
import { Icon, Ticks } from './icons';
import { MediaView } from './media-view';
import { useMessenger } from './messenger-context';
import { onMenuKeys, usePopover } from './popover';

interface Props {
  item: TimelineItem;
  summary: ConversationSummary;
  quoted: TimelineItem | null;
  admin: boolean;
  onReply: (item: TimelineItem) => void;
  onEdit: (item: TimelineItem) => void;
  onInfo: (seq: number) => void;
}

/** One message: a bubble (own on the right, with ticks), or a centred notice for a group change. */
export const MessageBubble = memo(function MessageBubble({ item, summary, quoted, admin, onReply, onEdit, onInfo }: Props) {
  const messenger = useMessenger();
  const me = messenger.me;
  const body = item.body;
  if (body.kind === 'system') {
    return (
      <li className="system-note" data-seq={item.seq ?? undefined}>
        <span>{systemText({ from: item.from, body }, messenger.label, me)}</span>
      </li>
    );
  }
  const own = item.from === me;
  const status = own ? ownStatus(messenger.client.receipts, { conv: summary.id, seq: item.seq }, me, summary.members) : null;
  const group = summary.kind === 'group';
  const sender = own ? 'You' : messenger.label(item.from);
  const reactions = Object.entries(item.reactions);
  return (
    <li className={`message ${own ? 'own' : 'theirs'}`} data-seq={item.seq ?? undefined} data-status={status ?? undefined}>
      <article className="bubble" aria-label={`${sender} at ${clockTime(item.ts)}`}>
        {group && !own && <div className="sender">{sender}</div>}
        {'forwarded' in body && body.forwarded && <div className="forwarded">Forwarded</div>}
        {quoted && (
          <blockquote className="quote">
            <span className="quote-sender">{quoted.from === me ? 'You' : messenger.label(quoted.from)}</span>
            <span className="quote-text">{bodyPreview(quoted, messenger.label, me)}</span>
          </blockquote>
        )}
        {!quoted && 'replyTo' in body && body.replyTo !== undefined && <blockquote className="quote"><span className="quote-text">An earlier message</span></blockquote>}
        <MessageContent item={item} />
        <div className="meta">
          {item.edited && !item.deleted && <span className="edited">edited</span>}
          <time dateTime={new Date(item.ts).toISOString()}>{clockTime(item.ts)}</time>
          {status && <Ticks tick={tickOf(status)} />}
        </div>
        {item.seq !== null && !item.deleted && !summary.left && (
          <MessageMenu item={item} summary={summary} own={own} admin={admin} onReply={onReply} onEdit={onEdit} onInfo={onInfo} />
        )}
      </article>
      {reactions.length > 0 && (
        <ul className="reactions" aria-label="Reactions">
          {reactions.map(([emoji, users]) => (
            <li key={emoji} title={users.map((u) => (u === me ? 'You' : messenger.label(u))).join(', ')}>
              <span aria-hidden="true">{emoji}</span>
              {users.length > 1 && <span aria-hidden="true">{users.length}</span>}
              <span className="visually-hidden">{`${emoji} from ${users.map((u) => (u === me ? 'you' : messenger.label(u))).join(', ')}`}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
});

function MessageContent({ item }: { item: TimelineItem }) {
  const messenger = useMessenger();
  const body = item.body;
  switch (body.kind) {
    case 'text':
      return <p className="text">{body.text}</p>;
    case 'image':
    case 'video':
    case 'audio':
    case 'file':
      return (
        <>
          {'mime' in body ? <MediaView body={body} /> : <p className="uploading">Waiting to send…</p>}
          {body.caption && <p className="text">{body.caption}</p>}
        </>
      );
    case 'location':
      return (
        <p className="location">
          <a href={osmUrl(body.latitude, body.longitude)} target="_blank" rel="noopener noreferrer">
            <Icon name="location" /> {body.name ?? 'Location'}: {body.latitude.toFixed(5)}, {body.longitude.toFixed(5)}
          </a>
          {body.address && <span className="address">{body.address}</span>}
          {body.accuracy !== undefined && <span className="hint">within {Math.round(body.accuracy)} m</span>}
        </p>
      );
    case 'contact':
      return (
        <div className="contact-card">
          <strong>{body.name}</strong>
          <ul>
            {body.phones.map((phone) => (
              <li key={phone}><a href={`tel:${phone}`}>{phone}</a></li>
            ))}
          </ul>
        </div>
      );
    case 'deleted':
      return <p className="deleted">{item.from === messenger.me ? 'You deleted this message' : 'This message was deleted'}</p>;
    default:
      return <p className="hint">This message cannot be shown here.</p>;
  }
}

/** Reply, react, edit, delete and info: what the server allows is its call; a refusal shows as a notice. */
function MessageMenu({ item, summary, own, admin, onReply, onEdit, onInfo }: {
  item: TimelineItem;
  summary: ConversationSummary;
  own: boolean;
  admin: boolean;
  onReply: (item: TimelineItem) => void;
  onEdit: (item: TimelineItem) => void;
  onInfo: (seq: number) => void;
}) {
  const messenger = useMessenger();
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  const panel = usePopover(open, close, trigger);
  const seq = item.seq as number;
  const body = item.body;
  const editable = own && (body.kind === 'text' || body.kind === 'image' || body.kind === 'video' || body.kind === 'audio' || body.kind === 'file');
  const mine = Object.entries(item.reactions).find(([, users]) => users.includes(messenger.me))?.[0];
  const act = (fn: () => void) => () => {
    setOpen(false);
    fn();
    trigger.current?.focus();
  };
  if (!isContentKind(body.kind)) return null;
  return (
    <div className="menu-anchor">
      <button
        ref={trigger}
        type="button"
        className="menu-button"
        aria-label="Message actions"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="more" />
      </button>
      {open && (
        <div ref={panel} className={`menu ${own ? 'menu-left' : 'menu-right'}`} role="menu" aria-label="Message actions" onKeyDown={onMenuKeys}>
          <div className="reaction-row" role="group" aria-label="React">
            {QUICK_REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                role="menuitem"
                aria-label={mine === emoji ? `Remove reaction ${emoji}` : `React with ${emoji}`}
                aria-pressed={mine === emoji}
                onClick={act(() => messenger.send(summary.id, { kind: 'reaction', target: seq, emoji: mine === emoji ? null : emoji }))}
              >
                {emoji}
              </button>
            ))}
          </div>
          <button type="button" role="menuitem" onClick={act(() => onReply(item))}>Reply</button>
          {editable && <button type="button" role="menuitem" onClick={act(() => onEdit(item))}>Edit</button>}
          {(own || admin) && (
            <button
              type="button"
              role="menuitem"
              onClick={act(() => {
                if (confirm('Delete this message for everyone?')) messenger.send(summary.id, { kind: 'delete', target: seq });
              })}
            >
              Delete for everyone
            </button>
          )}
          {own && <button type="button" role="menuitem" onClick={act(() => onInfo(seq))}>Message info</button>}
        </div>
      )}
    </div>
  );
}
