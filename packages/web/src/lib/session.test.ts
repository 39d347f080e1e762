import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearSession, loadSession, saveSession, storageOutbox, type KeyValueStore } from './session';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('the remembered session', () => {
  it('saves, loads and forgets a session with its queued sends', async () => {
    const store = memoryStore();
    assert.equal(loadSession(store), undefined);
    saveSession(store, { token: 't', userId: 'u', phone: '+14155550101' });
    assert.deepEqual(loadSession(store), { token: 't', userId: 'u', phone: '+14155550101' });
    await storageOutbox(store, 'u').put({ conv: 'c', clientId: 'x', body: { kind: 'text', text: 'hi' }, createdAt: 1 });
    clearSession(store, 'u');
    assert.equal(store.data.size, 0);
  });

  it('treats a damaged entry as no session', () => {
    const store = memoryStore();
    store.setItem('pigeon.session', '{not json');
    assert.equal(loadSession(store), undefined);
    store.setItem('pigeon.session', JSON.stringify({ token: 1 }));
    assert.equal(loadSession(store), undefined);
  });

  it('keeps the outbox across instances, one entry per client id', async () => {
    const store = memoryStore();
    const first = storageOutbox(store, 'u');
    await first.put({ conv: 'c', clientId: 'a', body: { kind: 'text', text: 'one' }, createdAt: 1 });
    await first.put({ conv: 'c', clientId: 'b', body: { kind: 'text', text: 'two' }, createdAt: 2 });
    await first.put({ conv: 'c', clientId: 'a', body: { kind: 'text', text: 'one' }, createdAt: 1 });
    const second = storageOutbox(store, 'u');
    assert.deepEqual((await second.load()).map((e) => e.clientId), ['b', 'a']);
    await second.remove('a');
    await second.remove('b');
    assert.equal(store.data.size, 0);
    assert.deepEqual(await storageOutbox(store, 'other').load(), []);
  });
});
