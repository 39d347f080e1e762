/** The outcome of handing a text message to an SMS provider. A failure is a value, not an exception. */
export type SmsResult = { ok: true } | { ok: false; reason: string; retryable: boolean };

/** Sends one text message to an E.164 number. */
export interface SmsSender {
  readonly name: string;
  send(to: string, text: string): Promise<SmsResult>;
}
