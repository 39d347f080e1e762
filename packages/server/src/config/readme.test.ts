import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SETTINGS } from './config.js';

const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every setting in its table', () => {
    const missing = Object.keys(SETTINGS).filter((key) => !readme.includes(`| \`${key}\` |`));
    assert.deepEqual(missing, [], 'regenerate it with: node --import tsx scripts/settings-table.ts');
  });

  it('starts with the newcomer path', () => {
    const top = readme.slice(0, 800);
    for (const command of ['npm install', 'npm start', 'npm test']) assert.ok(top.includes(command), command);
  });
});
