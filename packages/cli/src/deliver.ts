import type { MessageBody, SendMessageResponse } from '@pigeon/protocol';
import { newClientId, PigeonError, type HttpApi } from '@pigeon/sdk';

const ATTEMPTS = 3;

/**
 * Sends one message over HTTP and resolves once the server has stored it.
 * Over HTTP: no realtime connection, so a `follow` of the same profile keeps
 * its own, and sees this message arrive. A network failure is retried with the
 * same client id, so the message is stored once.
 */
export async function deliver(api: HttpApi, conv: string, body: MessageBody): Promise<SendMessageResponse> {
  const clientId = newClientId();
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.sendMessage(conv, clientId, body);
    } catch (error) {
      if (!(error instanceof PigeonError && error.code === 'NETWORK' && attempt < ATTEMPTS)) throw error;
    }
  }
}

/** `sent seq 12 to d:…`, or the server's answer as JSON. */
export function sentLine(sent: SendMessageResponse, json: boolean): string {
  return json ? JSON.stringify(sent) : `sent seq ${sent.seq} to ${sent.conv}${sent.duplicate ? ' (already stored)' : ''}`;
}
