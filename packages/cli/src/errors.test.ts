import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PigeonError } from '@pigeon/sdk';
import { CliError, exitCodeOf, formatError } from './errors.js';
import { closedError } from './session.js';

describe('formatError', () => {
  it('reports every kind of failure as one "error: CODE: message" line, with its exit status', () => {
    const table: [unknown, string, number][] = [
      [new PigeonError({ code: 'USER_NOT_FOUND', message: 'No such user.' }), 'error: USER_NOT_FOUND: No such user.', 1],
      [
        new PigeonError({ code: 'INVALID_REQUEST', message: 'Bad.', issues: [{ path: 'code', message: 'code must be 6 digits' }, { path: '', message: 'x' }] }),
        'error: INVALID_REQUEST: Bad. (code: code must be 6 digits; x)',
        1,
      ],
      [new CliError('NOT_LOGGED_IN', 'not logged in: run pigeon login'), 'error: NOT_LOGGED_IN: not logged in: run pigeon login', 1],
      [new CliError('USAGE', 'nothing to send', 2), 'error: USAGE: nothing to send', 2],
      [new TypeError('boom'), 'error: INTERNAL: boom', 1],
      ['odd', 'error: INTERNAL: odd', 1],
    ];
    for (const [error, line, code] of table) {
      assert.equal(formatError(error), line);
      assert.equal(exitCodeOf(error), code);
    }
  });
});

describe('closedError', () => {
  it('names the close code when it has a name', () => {
    assert.equal(formatError(closedError({ code: 4004, reason: 'device revoked' })), 'error: DEVICE_REVOKED: the server closed the connection: device revoked (4004)');
    assert.equal(formatError(closedError({ code: 4999, reason: '' })), 'error: CLOSED: the server closed the connection: no reason given (4999)');
  });
});
