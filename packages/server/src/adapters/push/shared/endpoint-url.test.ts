import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEndpoint } from './endpoint-url.js';

describe('parseEndpoint', () => {
  const good: Array<[string, string]> = [
    ['https://api.push.apple.com', 'https://api.push.apple.com'],
    ['https://fcm.googleapis.com/', 'https://fcm.googleapis.com'],
    ['http://127.0.0.1:8080//', 'http://127.0.0.1:8080'],
  ];
  for (const [input, expected] of good) {
    it(`accepts ${input}`, () => assert.equal(parseEndpoint(input, 'endpoint'), expected));
  }
  const bad: Array<[string, RegExp]> = [
    ['api.push.apple.com', /endpoint is not a URL/],
    ['', /endpoint is not a URL/],
    ['ftp://example.com', /must be an http\(s\) URL/],
  ];
  for (const [input, message] of bad) {
    it(`refuses ${JSON.stringify(input)}`, () => assert.throws(() => parseEndpoint(input, 'endpoint'), message));
  }
});
