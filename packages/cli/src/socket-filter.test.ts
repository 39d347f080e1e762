import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SocketLike } from '@pigeon/sdk';
import { allowFrame, filteredSockets, type AckPolicy } from './socket-filter.js';

const ack = (conv: string) => JSON.stringify({ type: 'ack', conv, seq: 3 });

describe('allowFrame', () => {
  it('holds back the acks the policy does not allow, and nothing else', () => {
    const table: [string, AckPolicy, boolean][] = [
      [ack('d:a'), 'all', true],
      [ack('d:a'), 'none', false],
      [ack('d:a'), { conv: 'd:a' }, true],
      [ack('d:b'), { conv: 'd:a' }, false],
      [JSON.stringify({ type: 'read', conv: 'd:b', seq: 3 }), 'none', true],
      [JSON.stringify({ type: 'send', conv: 'd:b' }), { conv: 'd:a' }, true],
      ['not json', 'none', true],
      ['null', 'none', true],
    ];
    for (const [data, policy, expected] of table) assert.equal(allowFrame(data, policy), expected, `${data} ${JSON.stringify(policy)}`);
  });
});

function fakeSocket() {
  const sent: string[] = [];
  const socket: SocketLike = {
    readyState: 1, onopen: null, onmessage: null, onclose: null, onerror: null,
    send: (data) => sent.push(data),
    close: () => socket.onclose?.({ code: 1000, reason: '' }),
  };
  return { socket, sent };
}

describe('filteredSockets', () => {
  it('filters sends, passes handlers through, and tells when the socket has closed', async () => {
    const fake = fakeSocket();
    const sockets = filteredSockets(() => fake.socket, 'none');
    const socket = sockets.factory('ws://x');
    const seen: string[] = [];
    socket.onmessage = (e) => seen.push(String(e.data));
    let closedWith = 0;
    socket.onclose = (e) => (closedWith = e.code);
    socket.send(ack('d:a'));
    socket.send('{"type":"ping"}');
    assert.deepEqual(fake.sent, ['{"type":"ping"}']);
    fake.socket.onmessage?.({ data: 'hello' });
    assert.deepEqual(seen, ['hello']);
    assert.equal(socket.readyState, 1);
    let done = false;
    const closed = sockets.closed(10_000).then(() => (done = true));
    await Promise.resolve();
    assert.equal(done, false);
    socket.close(1000, 'bye');
    await closed;
    assert.equal(closedWith, 1000);
  });

  it('gives up waiting for a close after the timeout', async () => {
    const sockets = filteredSockets(() => fakeSocket().socket, 'all');
    sockets.factory('ws://x');
    await sockets.closed(5);
  });
});
