/**
 * Analytics events: counts and ids, never content, tokens or codes. Consumers
 * (dashboards, billing, abuse detection) read them from the sink's stream.
 */
export type AnalyticsEvent =
  | { type: 'message.sent'; ts: number; conv: string; seq: number; sender: string; kind: string; recipients: number }
  | { type: 'message.delivered'; ts: number; conv: string; user: string; seq: number }
  | { type: 'message.read'; ts: number; conv: string; user: string; seq: number }
  | { type: 'login'; ts: number; user: string; device: string; newUser: boolean }
  | { type: 'group.changed'; ts: number; conv: string; actor: string; event: string }
  | { type: 'push.sent'; ts: number; platform: string; outcome: string };

/**
 * Where analytics events go. `publish` never blocks or throws: a sink that
 * cannot keep up drops events and counts them, the message path never waits.
 */
export interface EventSink {
  readonly name: string;
  publish(event: AnalyticsEvent): void;
  /** Events dropped because the sink was full or down. */
  readonly dropped: number;
  /** Sends what is buffered, then releases connections. */
  close(): Promise<void>;
}
