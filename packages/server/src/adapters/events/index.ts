export { createLogEventSink } from './log-event-sink.js';
export type { LogEventSink, LogEventSinkOptions } from './log-event-sink.js';
export { createNatsEventSink } from './nats-event-sink.js';
export type { NatsEventSink, NatsEventSinkOptions } from './nats-event-sink-options.js';
export type { NatsConnectionSettings } from './nats-link.js';
export { checkEvent, EVENT_FIELDS, MAX_EVENT_STRING_CHARS } from './check-event.js';
export type { EventCheck } from './check-event.js';
export { withEventCheck } from './checked-sink.js';
