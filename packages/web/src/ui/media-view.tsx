import { useEffect, useState, type CSSProperties } from 'react';
import type { StoredMediaBody } from '@pigeon/protocol';
import { durationText, fileSize } from '../lib/format';
import type { ResolvedMedia } from '../state/media-links';
import { Icon } from './icons';
import { Modal } from './modal';
import { useMessenger } from './messenger-context';

/** The signed links of a media item (undefined while they load, null if they cannot be had). */
function useMedia(id: string): ResolvedMedia | null | undefined {
  const messenger = useMessenger();
  const [media, setMedia] = useState<ResolvedMedia | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    messenger.mediaLinks(id).then(
      (m) => live && setMedia(m),
      () => live && setMedia(null),
    );
    return () => {
      live = false;
    };
  }, [messenger, id]);
  return media;
}

/** A box with the media's aspect ratio, so the list does not jump when the picture arrives. */
function frameStyle(body: StoredMediaBody): CSSProperties {
  const width = body.width ?? 4;
  const height = body.height ?? 3;
  return { aspectRatio: `${width} / ${height}`, width: Math.min(280, Math.round((280 * width) / Math.max(width, height))) };
}

/** Media in a bubble: image thumbnail (the inline preview until it loads), video poster, audio player, file link. */
export function MediaView({ body }: { body: StoredMediaBody }) {
  const media = useMedia(body.media);
  const [full, setFull] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const placeholder = body.preview ? `data:image/webp;base64,${body.preview}` : undefined;
  const unavailable = media === null && <p className="hint">This media is no longer available.</p>;

  if (body.kind === 'image') {
    return (
      <>
        <button type="button" className="media-frame" style={frameStyle(body)} onClick={() => setFull(true)} disabled={!media} aria-label="Open photo">
          {placeholder && !loaded && <img className="media-placeholder" src={placeholder} alt="" aria-hidden="true" />}
          {media?.thumbnailSrc && (
            <img className="media-thumb" src={media.thumbnailSrc} alt={body.caption ?? 'Photo'} onLoad={() => setLoaded(true)} data-loaded={loaded} />
          )}
        </button>
        {unavailable}
        {full && media && (
          <Modal title={body.caption || 'Photo'} onClose={() => setFull(false)} wide>
            <img className="media-full" src={media.src} alt={body.caption ?? 'Photo'} />
          </Modal>
        )}
      </>
    );
  }
  if (body.kind === 'video') {
    if (playing && media) {
      return <video className="media-video" style={frameStyle(body)} src={media.src} controls autoPlay playsInline aria-label="Video" />;
    }
    return (
      <>
        <button type="button" className="media-frame" style={frameStyle(body)} onClick={() => setPlaying(true)} disabled={!media} aria-label={`Play video${body.durationMs ? ` (${durationText(body.durationMs)})` : ''}`}>
          {placeholder && !loaded && <img className="media-placeholder" src={placeholder} alt="" aria-hidden="true" />}
          {media?.thumbnailSrc && <img className="media-thumb" src={media.thumbnailSrc} alt="" onLoad={() => setLoaded(true)} />}
          <span className="play"><Icon name="play" /></span>
          {body.durationMs !== undefined && <span className="duration">{durationText(body.durationMs)}</span>}
        </button>
        {unavailable}
      </>
    );
  }
  if (body.kind === 'audio') {
    return media ? <audio className="media-audio" src={media.src} controls preload="metadata" aria-label="Audio message" /> : unavailable || <p className="hint">Audio…</p>;
  }
  return (
    <p className="file">
      <span className="file-icon" aria-hidden="true">📄</span>
      {media ? (
        <a href={media.src} download={body.name ?? 'file'}>{body.name ?? 'File'}</a>
      ) : (
        <span>{body.name ?? 'File'}</span>
      )}
      <span className="hint">{fileSize(body.size)}</span>
      {unavailable}
    </p>
  );
}
