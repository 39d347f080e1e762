import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClientFrame } from './parse.js';

describe('parseClientFrame', () => {
  it('accepts a well-formed send frame and keeps its fields', () => {
    const r = parseClientFrame(JSON.stringify({
      type: 'send', id: 'f1', conv: 'd:A:B', clientId: 'c1', body: { kind: 'text', text: 'hi' },
    }));
    assert.equal(r.ok, true);
    assert.deepEqual(r.ok && r.frame, {
      type: 'send', id: 'f1', conv: 'd:A:B', clientId: 'c1', body: { kind: 'text', text: 'hi' },
    });
  });

  it('rejects text that is not JSON with MALFORMED_FRAME', () => {
    const r = parseClientFrame('{"type":');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'MALFORMED_FRAME');
  });

  it('rejects a JSON value that is not an object with INVALID_FRAME', () => {
    for (const text of ['[]', '42', 'null', '"send"']) {
      const r = parseClientFrame(text);
      assert.equal(!r.ok && r.error.code, 'INVALID_FRAME', text);
    }
  });

  it('rejects an unknown type with UNKNOWN_FRAME_TYPE and echoes the id', () => {
    const r = parseClientFrame('{"type":"launch","id":"x7"}');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'UNKNOWN_FRAME_TYPE');
    assert.equal(!r.ok && r.id, 'x7');
  });

  it('rejects missing and mistyped fields with INVALID_FRAME listing the paths', () => {
    const r = parseClientFrame('{"type":"send","id":"s","conv":"d:A:B","body":{"kind":"text","text":5}}');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.code, 'INVALID_FRAME');
    assert.equal(r.id, 's');
    const paths = (r.error.issues ?? []).map((i) => i.path).sort();
    assert.deepEqual(paths, ['body.text', 'clientId']);
  });

  it('rejects blank text and an unknown body kind', () => {
    const blank = parseClientFrame('{"type":"send","conv":"c","clientId":"c","body":{"kind":"text","text":"  "}}');
    assert.equal(!blank.ok && blank.error.code, 'INVALID_FRAME');
    const kind = parseClientFrame('{"type":"send","conv":"c","clientId":"c","body":{"kind":"hologram"}}');
    assert.equal(!kind.ok && kind.error.code, 'INVALID_FRAME');
  });

  it('rejects a non-integer or zero seq in ack and read', () => {
    for (const seq of [0, 1.5, -3, '4']) {
      const r = parseClientFrame(JSON.stringify({ type: 'ack', conv: 'c', seq }));
      assert.equal(!r.ok && r.error.code, 'INVALID_FRAME', String(seq));
    }
  });

  it('does not echo an id that is not a short string', () => {
    const r = parseClientFrame(JSON.stringify({ type: 'nope', id: { evil: true } }));
    assert.equal(!r.ok && r.id, null);
  });
});
