import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAllowedUrl } from './allowed-hosts.js';

describe('isAllowedUrl', () => {
  const allowed = ['fcm.googleapis.com', '*.notify.windows.com', 'http://127.0.0.1:8080'];
  const cases: [string, boolean][] = [
    ['https://fcm.googleapis.com/fcm/send/abc', true],
    ['https://FCM.googleapis.com/fcm/send/abc', true],
    ['http://fcm.googleapis.com/fcm/send/abc', false],
    ['https://fcm.googleapis.com.evil.example/x', false],
    ['https://wns2-par02p.notify.windows.com/w/?token=x', true],
    ['https://a.b.notify.windows.com/w/', true],
    ['https://notify.windows.com/w/', false],
    ['https://evilnotify.windows.com/w/', false],
    ['http://wns2-par02p.notify.windows.com/w/', false],
    ['https://user:pw@fcm.googleapis.com/x', false],
    ['http://127.0.0.1:8080/push/1', true],
    ['http://127.0.0.1:8081/push/1', false],
    ['https://127.0.0.1:8080/push/1', false],
    ['not a url', false],
    ['', false],
  ];
  for (const [url, expected] of cases) {
    it(`${expected ? 'allows' : 'refuses'} ${url || '""'}`, () => {
      assert.equal(isAllowedUrl(url, allowed), expected);
    });
  }

  it('refuses everything when nothing is allowed', () => {
    assert.equal(isAllowedUrl('https://fcm.googleapis.com/x', []), false);
  });
});
