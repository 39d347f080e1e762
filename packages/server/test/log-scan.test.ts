import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { directConversationId } from '@pigeon/protocol';
import { createLogger } from '../src/logging.js';
import { newPhone, startServer, type TestServer } from './harness.js';

/** Every line the server logs, at the most verbose level, parsed. */
function captureLogs() {
  const raw: string[] = [];
  const logger = createLogger('trace', { write: (line: string) => void raw.push(line) });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('structured logs', () => {
  const logs = captureLogs();
  let t: TestServer;
  before(async () => {
    t = await startServer({}, { logger: logs.logger });
  });
  after(async () => {
    await t.close();
  });

  it('never contain message text, a one-time code or a token, through a login and a conversation', async () => {
    const phone = newPhone();
    const alice = await t.login(phone);
    const code = t.sms.lastCodeFor(phone);
    assert.ok(code);
    // A wrong try and a retried verify log their outcome, never the code.
    await assert.rejects(t.api.verifyCode(phone, code));
    const bob = await t.login();
    const secretText = `unmistakable-${crypto.randomUUID()}`;
    const a = await t.client(alice);
    const b = await t.client(bob);
    const atBob = b.next('message');
    await a.sendText(directConversationId(alice.user.id, bob.user.id), secretText);
    assert.equal((await atBob).body.kind, 'text');
    const raw = await t.socket();
    raw.send({ type: 'hello', v: 1, id: 'bad', token: `${alice.token}x` });
    await raw.waitClosed();

    const text = logs.raw.join('');
    assert.ok(logs.raw.length > 10, 'the scan saw the server\'s logs');
    assert.ok(!text.includes(secretText), 'message text is not logged');
    for (const token of [alice.token, bob.token]) assert.ok(!text.includes(token), 'tokens are not logged');
    assert.doesNotMatch(text, new RegExp(`(?<![0-9])${code}(?![0-9])`), 'the one-time code is not logged');
  });

  it('mark every HTTP request\'s lines with its request id and every connection\'s lines with its connection id', () => {
    const lines = logs.lines();
    const requests = lines.filter((l) => l.req !== undefined || l.res !== undefined);
    assert.ok(requests.length > 0);
    for (const line of requests) assert.equal(typeof line.reqId, 'string', JSON.stringify(line));
    const connections = lines.filter((l) => typeof l.msg === 'string' && /connection authenticated|authentication failed/.test(l.msg));
    assert.ok(connections.length >= 2, 'the connections logged their authentication');
    for (const line of connections) assert.equal(typeof line.conn, 'string', JSON.stringify(line));
  });
});
