import type { Tick } from '../lib/ticks';

const svg = { width: 18, height: 18, viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false } as const;

/** The status of one's own message: a clock while queued, then one or two check marks, blue when read. */
export function Ticks({ tick }: { tick: Tick }) {
  return (
    <span className={`ticks ticks-${tick.status}`} role="img" aria-label={tick.label} title={tick.label} data-status={tick.status}>
      {tick.marks === 0 ? (
        <svg {...svg} width={14} height={14}>
          <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M12 7v5l3 2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      ) : (
        <svg {...svg} viewBox="0 0 28 24" width={20}>
          <path d="M3 13l4.5 4.5L17 7" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
          {tick.marks === 2 && (
            <path d="M11 15.5l2 2L22.5 7" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
          )}
        </svg>
      )}
    </span>
  );
}

export function Icon({ name }: { name: 'back' | 'send' | 'attach' | 'emoji' | 'location' | 'more' | 'close' | 'play' | 'search' | 'chat' | 'group' | 'profile' | 'logout' }) {
  const paths: Record<typeof name, string> = {
    back: 'M15 5l-7 7 7 7',
    send: 'M4 12l16-8-6 16-2.5-6.5z',
    attach: 'M16.5 6.5l-8 8a2.5 2.5 0 003.5 3.5l8-8a4.5 4.5 0 00-6.4-6.4l-8 8a6.5 6.5 0 009.2 9.2l6.2-6.2',
    emoji: 'M12 3a9 9 0 100 18 9 9 0 000-18zM8.5 14.5a4.5 4.5 0 007 0M9 9.5h.01M15 9.5h.01',
    location: 'M12 21s-6.5-6-6.5-11a6.5 6.5 0 0113 0c0 5-6.5 11-6.5 11zM12 12.5a2.5 2.5 0 100-5 2.5 2.5 0 000 5z',
    more: 'M7 10l5 5 5-5',
    close: 'M6 6l12 12M18 6L6 18',
    play: 'M8 5v14l11-7z',
    search: 'M10.5 4a6.5 6.5 0 104.6 11.1L20 20M15.1 15.1A6.5 6.5 0 0010.5 4',
    chat: 'M4 5h16v11H8l-4 4zM12 8v5M9.5 10.5h5',
    group: 'M9 11a3.5 3.5 0 100-7 3.5 3.5 0 000 7zM2.5 20a6.5 6.5 0 0113 0M16 4.5a3.5 3.5 0 010 6.5M18 14a6.5 6.5 0 013.5 6',
    profile: 'M12 12a4 4 0 100-8 4 4 0 000 8zM4.5 20.5a7.5 7.5 0 0115 0',
    logout: 'M14 4h5v16h-5M10 8l-4 4 4 4M6 12h10',
  };
  return (
    <svg {...svg} width={22} height={22}>
      <path d={paths[name]} fill={name === 'play' ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
