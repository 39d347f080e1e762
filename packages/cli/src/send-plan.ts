import type { MediaBodyKind, MessageBody } from '@pigeon/protocol';
import type { Values } from './args.js';
import { CliError, EXIT } from './errors.js';

/** What `pigeon send` is asked to send, read from its command line before anything is read or uploaded. */
export type SendPlan =
  | { kind: 'text'; text: string; fromStdin: boolean; replyTo?: number }
  | { kind: 'media'; media: MediaBodyKind; path: string; caption?: string; replyTo?: number }
  | { kind: 'body'; body: MessageBody };

const MEDIA_OPTIONS = ['image', 'video', 'audio', 'file'] as const;

const usage = (message: string) => new CliError('USAGE', message, EXIT.USAGE);
const text = (values: Values, name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
const list = (values: Values, name: string): string[] => {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
};

/** `LAT,LON` in degrees, as maps copy them (`52.52, 13.405`); `--location=-33.9,18.4` for a negative latitude. */
export function parseLocation(raw: string): { latitude: number; longitude: number } {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(raw);
  const latitude = Number(match?.[1]);
  const longitude = Number(match?.[2]);
  if (!match || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    throw usage(`--location wants LAT,LON in degrees, like 52.52,13.405 (latitude -90 to 90, longitude -180 to 180); got "${raw}"`);
  }
  return { latitude, longitude };
}

/**
 * Reads what to send from `pigeon send <to> [text...]` and its options: text
 * (words, or "-" for standard input), one media file, a location or a
 * contact, any of them as a reply with --reply-to. Pure; a contradictory
 * command line is a usage error (exit status 2).
 */
export function planSend(values: Values, words: readonly string[]): SendPlan {
  const media = MEDIA_OPTIONS.filter((name) => text(values, name) !== undefined);
  const location = text(values, 'location');
  const contact = text(values, 'contact');
  const sources = [
    ...(words.length > 0 ? ['text'] : []), ...media.map((m) => `--${m}`),
    ...(location !== undefined ? ['--location'] : []), ...(contact !== undefined ? ['--contact'] : []),
  ];
  if (sources.length === 0) throw usage('nothing to send: give a text, or one of --image, --video, --audio, --file, --location, --contact');
  if (sources.length > 1) {
    const hint = words.length > 0 && media.length > 0 ? ' (a media file\'s text goes in --caption)' : '';
    throw usage(`send one thing at a time: ${sources.join(' and ')} were both given${hint}`);
  }
  const only = (option: string, allowed: boolean, owner: string) => {
    if (values[option] !== undefined && !allowed) throw usage(`--${option} goes with ${owner}`);
  };
  only('caption', media.length > 0, '--image, --video, --audio or --file');
  only('place', location !== undefined, '--location');
  only('phone', contact !== undefined, '--contact');

  const replyRaw = text(values, 'reply-to');
  const replyTo = replyRaw === undefined ? undefined : Number(replyRaw);
  const context = replyTo === undefined ? {} : { replyTo };

  const [kind] = media;
  if (kind) {
    const caption = text(values, 'caption');
    return { kind: 'media', media: kind, path: text(values, kind)!, ...(caption !== undefined && caption !== '' && { caption }), ...context };
  }
  if (location !== undefined) {
    const place = text(values, 'place');
    return { kind: 'body', body: { kind: 'location', ...parseLocation(location), ...(place && { name: place }), ...context } };
  }
  if (contact !== undefined) {
    const phones = list(values, 'phone');
    if (contact.trim() === '') throw usage('--contact wants the contact\'s name');
    if (phones.length === 0) throw usage('--contact needs at least one --phone');
    return { kind: 'body', body: { kind: 'contact', name: contact, phones, ...context } };
  }
  const fromStdin = words.length === 1 && words[0] === '-';
  return { kind: 'text', text: fromStdin ? '' : words.join(' '), fromStdin, ...context };
}
