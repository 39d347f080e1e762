import type { AnalyticsEvent, EventSink } from '../../ports/events.js';
import type { Logger } from '../../ports/logger.js';
import { checkEvent } from './check-event.js';

/**
 * Wraps a sink so that every event is checked first (for development and
 * tests: it costs a walk over each event). A refused event is logged by field
 * name, never by value, counted in `dropped`, and not forwarded; `publish`
 * still never throws.
 */
export function withEventCheck(sink: EventSink, logger: Logger): EventSink & { readonly refused: number } {
  let refused = 0;
  return {
    name: sink.name,
    publish(event: AnalyticsEvent) {
      const result = checkEvent(event);
      if (result.ok) return sink.publish(event);
      refused++;
      logger.warn({ sink: sink.name, problems: result.problems }, 'analytics event refused: it carries fields outside the event union');
    },
    get dropped() {
      return sink.dropped + refused;
    },
    get refused() {
      return refused;
    },
    close: () => sink.close(),
  };
}
