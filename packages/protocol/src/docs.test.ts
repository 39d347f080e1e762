import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CLOSE_CODES } from './close-codes.js';
import { ERROR_CODE_LIST } from './errors.js';
import { CLIENT_FRAME_TYPES, SERVER_FRAME_TYPES } from './frames.js';

const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

describe('docs/protocol.md', () => {
  it('documents every error code in its table', () => {
    const missing = ERROR_CODE_LIST.filter((code) => !doc.includes(`| \`${code}\` |`));
    assert.deepEqual(missing, []);
  });

  it('documents every client and server frame type', () => {
    const missing = [...CLIENT_FRAME_TYPES, ...SERVER_FRAME_TYPES].filter((type) => !doc.includes(`| \`${type}\` |`));
    assert.deepEqual(missing, []);
  });

  it('documents every close code', () => {
    const missing = Object.entries(CLOSE_CODES).filter(([name, code]) => !doc.includes(`| ${code} | ${name}`));
    assert.deepEqual(missing, []);
  });
});
