import { useEffect, useState } from 'react';
import { initials } from '../lib/format';
import { useMessenger } from './messenger-context';

/** A round picture (the thumbnail of a profile or group picture), or initials on a colour. */
export function Avatar({ label, picture, size = 40 }: { label: string; picture?: string | null; size?: number }) {
  const messenger = useMessenger();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (!picture) return;
    messenger.mediaLinks(picture).then(
      (media) => live && setSrc(media.thumbnailSrc ?? media.src),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [messenger, picture]);
  const hue = [...label].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  const style = { width: size, height: size, fontSize: size * 0.4, background: `hsl(${hue} 45% 55%)` };
  return (
    <span className="avatar" style={style} aria-hidden="true">
      {picture && src ? <img src={src} alt="" width={size} height={size} /> : initials(label)}
    </span>
  );
}
