import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { EMOJI } from '../lib/emoji';
import { fileSize } from '../lib/format';
import { parseCoordinates, type Coordinates } from '../lib/location';
import { mediaKindOf } from '../lib/media-kind';
import { bodyPreview } from '../lib/preview';
import type { TimelineItem } from '../lib/timeline';
import { createTypingNotifier } from '../lib/typing';
import { errorText } from '../lib/error-text';
import { Icon } from './icons';
import { useMessenger } from './messenger-context';
import { usePopover } from './popover';

export type Draft = { mode: 'new' } | { mode: 'reply'; item: TimelineItem } | { mode: 'edit'; item: TimelineItem };

const textOf = (item: TimelineItem) =>
  item.body.kind === 'text' ? item.body.text : 'caption' in item.body ? item.body.caption ?? '' : '';

/**
 * Writing: text (Enter sends, Shift+Enter a new line), emoji, attachments with
 * a preview and upload progress, location, and the reply / edit bar.
 */
export function Composer({ conv, draft, onDraft }: { conv: string; draft: Draft; onDraft: (draft: Draft) => void }) {
  const messenger = useMessenger();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const notifier = useMemo(() => createTypingNotifier((on) => messenger.typingOn(conv, on)), [messenger, conv]);
  useEffect(() => () => notifier.stop(), [notifier]);

  useEffect(() => {
    if (draft.mode === 'edit') setText(textOf(draft.item));
    if (draft.mode !== 'new') input.current?.focus();
  }, [draft]);

  const replyTo = draft.mode === 'reply' ? draft.item.seq ?? undefined : undefined;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const value = text.trim();
    if (!value) return;
    if (draft.mode === 'edit' && draft.item.seq !== null) {
      if (value !== textOf(draft.item).trim()) messenger.send(conv, { kind: 'edit', target: draft.item.seq, text: value });
    } else {
      messenger.send(conv, { kind: 'text', text: value, ...(replyTo !== undefined && { replyTo }) });
    }
    setText('');
    onDraft({ mode: 'new' });
    notifier.stop();
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && draft.mode !== 'new') {
      event.preventDefault();
      if (draft.mode === 'edit') setText('');
      onDraft({ mode: 'new' });
    }
  };

  const insert = useCallback((emoji: string) => {
    const el = input.current;
    if (!el) return setText((t) => t + emoji);
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? el.value.length;
    setText((t) => t.slice(0, start) + emoji + t.slice(end));
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  }, []);

  return (
    <div className="composer-area">
      {draft.mode !== 'new' && (
        <div className="draft-bar" role="status">
          <div className="quote">
            <span className="quote-sender">
              {draft.mode === 'edit' ? 'Editing your message' : `Replying to ${draft.item.from === messenger.me ? 'yourself' : messenger.label(draft.item.from)}`}
            </span>
            <span className="quote-text">{bodyPreview(draft.item, messenger.label, messenger.me)}</span>
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={draft.mode === 'edit' ? 'Cancel editing' : 'Cancel reply'}
            onClick={() => {
              if (draft.mode === 'edit') setText('');
              onDraft({ mode: 'new' });
            }}
          >
            <Icon name="close" />
          </button>
        </div>
      )}
      {file && (
        <Attachment
          conv={conv}
          file={file}
          replyTo={replyTo}
          onDone={() => {
            setFile(null);
            onDraft({ mode: 'new' });
            input.current?.focus();
          }}
        />
      )}
      <form className="composer" onSubmit={submit} hidden={file !== null}>
        <EmojiPicker onPick={insert} />
        {draft.mode !== 'edit' && (
          <>
            <button type="button" className="icon-button" aria-label="Attach a photo, video or file" title="Attach" onClick={() => fileInput.current?.click()}>
              <Icon name="attach" />
            </button>
            <input
              ref={fileInput}
              type="file"
              className="visually-hidden"
              tabIndex={-1}
              aria-label="File to send"
              onChange={(e) => {
                const picked = e.target.files?.[0];
                if (picked) setFile(picked);
                e.target.value = '';
              }}
            />
            <LocationPicker conv={conv} replyTo={replyTo} onSent={() => onDraft({ mode: 'new' })} />
          </>
        )}
        <textarea
          ref={input}
          className="composer-input"
          rows={1}
          aria-label={draft.mode === 'edit' ? 'Edited message' : 'Message'}
          placeholder="Message"
          // Opening a chat puts the cursor here, as the list it was opened from may now be hidden.
          autoFocus
          value={text}
          maxLength={16_384}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value) notifier.input();
            else notifier.stop();
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="icon-button send-button" aria-label={draft.mode === 'edit' ? 'Save edit' : 'Send'} disabled={!text.trim()}>
          <Icon name="send" />
        </button>
      </form>
    </div>
  );
}

function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  const panel = usePopover(open, close, trigger);
  const onGridKeys = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 8, ArrowUp: -8 }[event.key];
    if (step === undefined || index < 0) return;
    event.preventDefault();
    buttons[Math.min(buttons.length - 1, Math.max(0, index + step))]?.focus();
  };
  return (
    <div className="menu-anchor">
      <button ref={trigger} type="button" className="icon-button" aria-label="Emoji" title="Emoji" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <Icon name="emoji" />
      </button>
      {open && (
        <div ref={panel} className="popover emoji-grid" role="dialog" aria-label="Pick an emoji" onKeyDown={onGridKeys}>
          {EMOJI.map((emoji) => (
            <button key={emoji} type="button" aria-label={emoji} onClick={() => onPick(emoji)}>{emoji}</button>
          ))}
        </div>
      )}
    </div>
  );
}

function LocationPicker({ conv, replyTo, onSent }: { conv: string; replyTo: number | undefined; onSent: () => void }) {
  const messenger = useMessenger();
  const [open, setOpen] = useState(false);
  const [lat, setLat] = useState('');
  const [lon, setLon] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  const panel = usePopover(open, close, trigger);

  const send = (point: Coordinates & { accuracy?: number }) => {
    messenger.send(conv, { kind: 'location', ...point, ...(replyTo !== undefined && { replyTo }) });
    setOpen(false);
    setError(null);
    onSent();
    trigger.current?.focus();
  };
  const current = () => {
    if (!('geolocation' in navigator)) return setError('This browser cannot tell where you are; type the coordinates.');
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        send({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: Math.min(p.coords.accuracy, 1_000_000) });
      },
      (e) => {
        setLocating(false);
        setError(`Your location is not available (${e.message || 'permission denied'}); type the coordinates instead.`);
      },
      { timeout: 10_000 },
    );
  };
  const manual = (event: FormEvent) => {
    event.preventDefault();
    const point = parseCoordinates(lat, lon);
    if ('error' in point) return setError(point.error);
    send(point);
  };
  return (
    <div className="menu-anchor">
      <button ref={trigger} type="button" className="icon-button" aria-label="Share location" title="Share location" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <Icon name="location" />
      </button>
      {open && (
        <div ref={panel} className="popover location-popover" role="dialog" aria-label="Share location">
          <button type="button" className="primary" onClick={current} disabled={locating}>
            {locating ? 'Finding you…' : 'Send my current location'}
          </button>
          <form onSubmit={manual} className="coordinates">
            <p className="hint">Or type coordinates:</p>
            <label>Latitude <input inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} placeholder="48.8584" /></label>
            <label>Longitude <input inputMode="decimal" value={lon} onChange={(e) => setLon(e.target.value)} placeholder="2.2945" /></label>
            <button type="submit">Send these coordinates</button>
          </form>
          {error && <p role="alert" className="error">{error}</p>}
        </div>
      )}
    </div>
  );
}

/** A picked file before it goes: a preview, a caption, then the upload with its progress bar. */
function Attachment({ conv, file, replyTo, onDone }: { conv: string; file: File; replyTo: number | undefined; onDone: () => void }) {
  const messenger = useMessenger();
  const [caption, setCaption] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = useMemo(() => URL.createObjectURL(file), [file]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  const kind = mediaKindOf(file.type);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setProgress(0);
    try {
      await messenger.sendFile(conv, file, {
        ...(caption.trim() && { caption: caption.trim() }), ...(replyTo !== undefined && { replyTo }),
        onProgress: (sent, total) => setProgress(total > 0 ? sent / total : 1),
      });
      onDone();
    } catch (e) {
      setProgress(null);
      setError(errorText(e));
    }
  };
  return (
    <form className="attachment" onSubmit={send} aria-label="Attachment">
      <div className="attachment-preview">
        {kind === 'image' && <img src={url} alt={`Preview of ${file.name}`} />}
        {kind === 'video' && <video src={url} muted controls aria-label={`Preview of ${file.name}`} />}
        {kind === 'audio' && <audio src={url} controls aria-label={`Preview of ${file.name}`} />}
        <p className="file">
          <span className="file-icon" aria-hidden="true">{kind === 'file' ? '📄' : ''}</span>
          <span>{file.name}</span> <span className="hint">{fileSize(file.size)}</span>
        </p>
      </div>
      {progress !== null && (
        <label className="progress">
          Uploading… {Math.round(progress * 100)}%
          <progress max={1} value={progress} aria-label="Upload progress" />
        </label>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="attachment-actions">
        <input
          aria-label="Caption"
          placeholder="Add a caption"
          value={caption}
          maxLength={4096}
          onChange={(e) => setCaption(e.target.value)}
          disabled={progress !== null}
          autoFocus
        />
        <button type="button" onClick={onDone} disabled={progress !== null}>Cancel</button>
        <button type="submit" className="primary" disabled={progress !== null}>Send</button>
      </div>
    </form>
  );
}
