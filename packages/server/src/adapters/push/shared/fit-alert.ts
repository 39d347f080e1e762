/** A visible alert, as in PushNotification. */
export interface Alert {
  title: string;
  body: string;
}

const ELLIPSIS = '…';

/**
 * The alert, shortened until `fits` accepts it: the body first, then (with an empty
 * body) the title, each cut between code points and ended with an ellipsis.
 * Undefined when even an empty title and body do not fit. `fits` must be monotonic:
 * if a text fits, every shorter one does (true of any byte-size limit).
 */
export function fitAlert(alert: Alert, fits: (alert: Alert) => boolean): Alert | undefined {
  if (fits(alert)) return alert;
  const body = longestFitting(alert.body, (body) => fits({ title: alert.title, body }));
  if (body !== undefined) return { title: alert.title, body };
  const title = longestFitting(alert.title, (title) => fits({ title, body: '' }));
  return title === undefined ? undefined : { title, body: '' };
}

/** The longest shortening of `text` (a prefix plus an ellipsis, or '') that fits. */
function longestFitting(text: string, fits: (text: string) => boolean): string | undefined {
  const chars = Array.from(text);
  const cut = (count: number) => (count === 0 ? '' : chars.slice(0, count).join('') + ELLIPSIS);
  if (!fits(cut(0))) return undefined;
  // Binary search over the number of code points kept: payloads are a few KB, so ~12 tries.
  let low = 0;
  let high = chars.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(cut(mid))) low = mid;
    else high = mid - 1;
  }
  return cut(low);
}
