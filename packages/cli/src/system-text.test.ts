import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SystemBody, SystemEvent } from '@pigeon/protocol';
import { isSystem, systemLine, systemText, systemUsers } from './system-text.js';

const ME = 'ME';
const labels = new Map([['ADA', 'Ada'], ['BOB', 'Bob'], ['CY', 'Cy'], ['DEE', 'Dee'], ['LOW', 'youssef']]);
const sys = (event: SystemEvent): SystemBody => ({ kind: 'system', ...event });

describe('systemText', () => {
  it('says what each group change did, naming people by label and oneself as you', () => {
    const table: [string, SystemBody, string][] = [
      ['ADA', sys({ event: 'created', name: 'Crew', members: ['ADA', 'BOB', 'CY'] }), 'Ada created the group "Crew" with Bob, Cy'],
      ['ME', sys({ event: 'created', name: 'Solo', members: ['ME'] }), 'You created the group "Solo"'],
      ['ADA', sys({ event: 'created', name: 'Crew', members: ['ADA', 'ME'] }), 'Ada created the group "Crew" with you'],
      ['ADA', sys({ event: 'added', users: ['DEE'] }), 'Ada added Dee'],
      ['ADA', sys({ event: 'added', users: ['DEE', 'ME'] }), 'Ada added Dee, you'],
      ['ME', sys({ event: 'added', users: ['DEE'] }), 'You added Dee'],
      ['ADA', sys({ event: 'removed', users: ['BOB'] }), 'Ada removed Bob'],
      ['ADA', sys({ event: 'removed', users: ['ME'] }), 'Ada removed you'],
      ['BOB', sys({ event: 'left', users: ['BOB'], promoted: ['CY'] }), 'Bob left (Cy is now an admin)'],
      ['BOB', sys({ event: 'left', users: ['BOB'], promoted: ['ME'] }), 'Bob left (you are now an admin)'],
      ['ME', sys({ event: 'left', users: ['ME'] }), 'You left'],
      ['ADA', sys({ event: 'removed', users: ['BOB'], promoted: ['CY', 'DEE'] }), 'Ada removed Bob (Cy, Dee are now admins)'],
      ['ADA', sys({ event: 'promoted', users: ['CY'] }), 'Ada made Cy an admin'],
      ['ADA', sys({ event: 'promoted', users: ['CY', 'ME'] }), 'Ada made Cy, you admins'],
      ['ADA', sys({ event: 'demoted', users: ['CY'] }), 'Ada took admin rights from Cy'],
      ['ADA', sys({ event: 'renamed', name: 'New crew' }), 'Ada renamed the group to "New crew"'],
      ['ADA', sys({ event: 'renamed', name: 'two\nlines\u001b[2J' }), 'Ada renamed the group to "two lines\uFFFD[2J"'],
      ['ADA', sys({ event: 'described', description: 'we sail' }), 'Ada changed the description'],
      ['ADA', sys({ event: 'described', description: '' }), 'Ada removed the description'],
      ['ADA', sys({ event: 'settings', onlyAdminsSend: true }), 'Ada let only admins send'],
      ['ME', sys({ event: 'settings', onlyAdminsSend: false }), 'You let everyone send'],
      // A name that merely starts with "you" is not oneself.
      ['LOW', sys({ event: 'added', users: ['ADA'] }), 'youssef added Ada'],
      // Someone the labels do not know shows as the start of their id.
      ['01HZY3M6Q4W8V7T5R2N1K0J9H8', sys({ event: 'added', users: ['ADA'] }), '01HZY3M6Q4… added Ada'],
      // A change from a newer server, and a malformed one, still make a line.
      ['ADA', { kind: 'system', event: 'archived' } as unknown as SystemBody, 'Ada changed the group'],
      ['ADA', { kind: 'system', event: 'added', users: 'BOB' } as unknown as SystemBody, 'Ada added '],
    ];
    for (const [from, body, expected] of table) assert.equal(systemText({ from, body }, labels, ME), expected, JSON.stringify(body));
  });

  it('lists the users a change names, its author first, once each', () => {
    assert.deepEqual(systemUsers({ from: 'ADA', body: sys({ event: 'created', name: 'x', members: ['ADA', 'BOB'] }) }), ['ADA', 'BOB']);
    assert.deepEqual(systemUsers({ from: 'BOB', body: sys({ event: 'left', users: ['BOB'], promoted: ['CY'] }) }), ['BOB', 'CY']);
    assert.deepEqual(systemUsers({ from: 'ADA', body: sys({ event: 'renamed', name: 'x' }) }), ['ADA']);
  });

  it('tells system bodies from sent ones', () => {
    assert.equal(isSystem({ kind: 'text', text: 'hi' }), false);
    assert.equal(isSystem(sys({ event: 'renamed', name: 'x' })), true);
  });
});

describe('systemLine', () => {
  it('marks the change with ** and says where when asked', () => {
    const ts = new Date(2024, 4, 2, 12, 0, 1).getTime();
    assert.equal(systemLine(ts, 'Ada added Dee', ts), '[12:00:01] ** Ada added Dee');
    assert.equal(systemLine(ts, 'Ada added Dee', ts, 'g:X'), '[12:00:01] ** Ada added Dee (in g:X)');
  });
});
