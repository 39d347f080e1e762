import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSingleEmoji } from './messages.js';

describe('isSingleEmoji', () => {
  it('accepts one emoji, including modifiers, sequences and flags', () => {
    for (const emoji of ['👍', '❤️', '👍🏽', '👨‍👩‍👧', '🇩🇪', '🏳️‍🌈', '1️⃣']) assert.equal(isSingleEmoji(emoji), true, emoji);
  });

  it('refuses text, several emoji, and control characters', () => {
    for (const value of ['', 'x', 'x👍', '👍x', '👍👍', '👍\u001b[2J', 'ok', '   ']) assert.equal(isSingleEmoji(value), false, JSON.stringify(value));
  });
});
