import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PushNotification } from '../../../ports/push.js';
import { buildWnsRequest, escapeXml, toastXml, WNS_MAX_BODY_BYTES, wnsTag } from './wns-request.js';

describe('escapeXml', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['a & b', 'a &amp; b'],
    ['<script>', '&lt;script&gt;'],
    [`"quoted" 'single'`, '&quot;quoted&quot; &apos;single&apos;'],
    ['&amp;', '&amp;amp;'],
    ['bell\u0007 nul\u0000 kept\ttab\nline', 'bell nul kept\ttab\nline'],
    ['lone \uD800 surrogate', 'lone  surrogate'],
    ['emoji 🍉 stays', 'emoji 🍉 stays'],
  ];
  for (const [text, expected] of cases) {
    it(`escapes ${JSON.stringify(text)}`, () => assert.equal(escapeXml(text), expected));
  }
});

describe('wnsTag', () => {
  const cases: [string, string | RegExp][] = [
    ['conv01HZX', 'conv01HZX'],
    ['a'.repeat(16), 'a'.repeat(16)],
    ['a'.repeat(17), /^[A-Za-z0-9_-]{16}$/],
    ['d:01HZXA:01HZXB', /^[A-Za-z0-9_-]{16}$/],
  ];
  for (const [key, expected] of cases) {
    it(`tags ${JSON.stringify(key)}`, () => {
      if (expected instanceof RegExp) assert.match(wnsTag(key), expected);
      else assert.equal(wnsTag(key), expected);
    });
  }

  it('maps one key to one tag', () => assert.equal(wnsTag('d:a:b'), wnsTag('d:a:b')));
});

describe('toastXml', () => {
  it('puts the escaped title and body in ToastGeneric and the wake payload in launch', () => {
    assert.equal(
      toastXml({ conv: 'g:1', seq: 2, badge: 3, alert: { title: 'A&B', body: '<hi>' } }),
      '<toast launch="{&quot;conv&quot;:&quot;g:1&quot;,&quot;seq&quot;:2,&quot;badge&quot;:3}"><visual>' +
        '<binding template="ToastGeneric"><text>A&amp;B</text><text>&lt;hi&gt;</text></binding></visual>' +
        '<audio src="ms-winsoundevent:Notification.IM"/></toast>',
    );
  });
});

describe('buildWnsRequest', () => {
  const silent: PushNotification = { collapseKey: 'c1', badge: 1, conv: 'g:1', seq: 5 };
  const alert: PushNotification = { ...silent, alert: { title: 'Ann', body: 'hi' } };

  it('sends a silent push raw, cached, with its JSON', () => {
    const request = buildWnsRequest(silent, { ttlSeconds: 60, alertType: 'toast' });
    assert.deepEqual(request.headers, {
      'X-WNS-Type': 'wns/raw',
      'Content-Type': 'application/octet-stream',
      'X-WNS-Cache-Policy': 'cache',
      'X-WNS-RequestForStatus': 'true',
      'X-WNS-TTL': '60',
    });
    assert.deepEqual(JSON.parse(request.body), { conv: 'g:1', seq: 5, badge: 1 });
  });

  it('sends an alert as a tagged toast', () => {
    const request = buildWnsRequest(alert, { ttlSeconds: 60, alertType: 'toast' });
    assert.equal(request.headers['X-WNS-Type'], 'wns/toast');
    assert.equal(request.headers['Content-Type'], 'text/xml');
    assert.equal(request.headers['X-WNS-Tag'], 'c1');
    assert.equal(request.headers['X-WNS-Group'], 'messages');
    assert.equal(request.headers['X-WNS-Cache-Policy'], undefined);
  });

  it('sends an alert raw, alert included, when asked', () => {
    const request = buildWnsRequest(alert, { ttlSeconds: 60, alertType: 'raw' });
    assert.equal(request.headers['X-WNS-Type'], 'wns/raw');
    assert.deepEqual(JSON.parse(request.body).alert, { title: 'Ann', body: 'hi' });
  });

  it('keeps a toast within 5 KB even when escaping grows the body', () => {
    const long = { ...alert, alert: { title: 'Ann', body: '&'.repeat(3000) } };
    const request = buildWnsRequest(long, { ttlSeconds: 60, alertType: 'toast' });
    assert.ok(Buffer.byteLength(request.body) <= WNS_MAX_BODY_BYTES);
    assert.match(request.body, /(&amp;)+…<\/text>/);
  });
});
