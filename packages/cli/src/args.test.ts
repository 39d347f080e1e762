import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine, usage } from './args.js';
import { COMMANDS } from './commands-spec.js';

describe('parseCommandLine', () => {
  it('finds the command behind global options and keeps flags and arguments', () => {
    const table: [string[], unknown][] = [
      [['send', '+15550000001', 'hi', 'there'], { command: 'send', positionals: ['+15550000001', 'hi', 'there'], values: {} }],
      [['--profile', 'bob', 'whoami'], { command: 'whoami', positionals: [], values: { profile: 'bob' } }],
      [['follow', '--json', '--read'], { command: 'follow', positionals: [], values: { json: true, read: true } }],
      [['history', 'd:x', '--limit', '5', '--before=9'], { command: 'history', positionals: ['d:x'], values: { limit: '5', before: '9' } }],
      [['send', '+15550000001', '-'], { command: 'send', positionals: ['+15550000001', '-'], values: {} }],
      [['send', '+15550000001', '--', '-5', 'degrees'], { command: 'send', positionals: ['+15550000001', '-5', 'degrees'], values: {} }],
      [['login', '--phone', '+15550000001', '--api-key', 'k'], { command: 'login', positionals: [], values: { phone: '+15550000001', 'api-key': 'k' } }],
      [['group', 'create', 'Crew', '+15550000002', '--description', 'we sail'], { command: 'group create', positionals: ['Crew', '+15550000002'], values: { description: 'we sail' } }],
      [['--profile', 'bob', 'group', '--json', 'add', 'g:x', 'u1', 'u2'], { command: 'group add', positionals: ['g:x', 'u1', 'u2'], values: { profile: 'bob', json: true } }],
      [['group', 'describe', 'g:x', ''], { command: 'group describe', positionals: ['g:x', ''], values: {} }],
      [['group', 'rename', 'g:x', 'group', 'info'], { command: 'group rename', positionals: ['g:x', 'group', 'info'], values: {} }],
      [['info', 'g:x', '12'], { command: 'info', positionals: ['g:x', '12'], values: {} }],
      [['send', 'd:x', '--image', 'a.jpg', '--caption', 'hi', '--reply-to', '3'],
        { command: 'send', positionals: ['d:x'], values: { image: 'a.jpg', caption: 'hi', 'reply-to': '3' } }],
      [['send', 'd:x', '--contact', 'Ada', '--phone', '+1 555', '--phone', '+44 20'],
        { command: 'send', positionals: ['d:x'], values: { contact: 'Ada', phone: ['+1 555', '+44 20'] } }],
      [['send', 'd:x', '--location=-33.9,18.4', '--place', 'Cape Town'],
        { command: 'send', positionals: ['d:x'], values: { location: '-33.9,18.4', place: 'Cape Town' } }],
      [['react', 'd:x', '12', '👍'], { command: 'react', positionals: ['d:x', '12', '👍'], values: {} }],
      [['react', 'd:x', '12', '--remove'], { command: 'react', positionals: ['d:x', '12'], values: { remove: true } }],
      [['edit', 'd:x', '12', 'new', 'text'], { command: 'edit', positionals: ['d:x', '12', 'new', 'text'], values: {} }],
      [['download', 'd:x', '12', '--out', 'x.jpg', '--thumbnail', '--force'],
        { command: 'download', positionals: ['d:x', '12'], values: { out: 'x.jpg', thumbnail: true, force: true } }],
      [['history', 'd:x', '--seq'], { command: 'history', positionals: ['d:x'], values: { seq: true } }],
    ];
    for (const [argv, expected] of table) {
      const parsed = parseCommandLine(argv);
      assert.equal(parsed.kind, 'run', argv.join(' '));
      if (parsed.kind !== 'run') continue;
      assert.deepEqual({ command: parsed.command, positionals: parsed.positionals, values: { ...parsed.values } }, expected, argv.join(' '));
    }
  });

  it('answers help requests in every spelling', () => {
    const table: [string[], string | undefined][] = [
      [['help'], undefined],
      [['--help'], undefined],
      [['-h'], undefined],
      [['help', 'send'], 'send'],
      [['send', '--help'], 'send'],
      [['--profile', 'x', 'follow', '-h'], 'follow'],
      [['help', 'group'], 'group'],
      [['group', '--help'], 'group'],
      [['help', 'group', 'add'], 'group add'],
      [['group', 'add', '-h'], 'group add'],
    ];
    for (const [argv, command] of table) {
      assert.deepEqual(parseCommandLine(argv), { kind: 'help', ...(command && { command }) }, argv.join(' '));
    }
  });

  it('reports what is wrong with a command line it cannot run', () => {
    const table: [string[], RegExp, string | undefined][] = [
      [[], /no command/, undefined],
      [['fly'], /unknown command "fly"/, undefined],
      [['help', 'fly'], /unknown command "fly"/, undefined],
      [['whoami', '--bogus'], /Unknown option '--bogus'/, 'whoami'],
      [['send', '--read', 'x', 'y'], /Unknown option '--read'/, 'send'],
      // What to send may be options (--image, --location, …): the command checks that something was given.
      [['send'], /missing arguments: <to> \[<text\.\.\.>\]/, 'send'],
      [['send', 'd:x', '--phone'], /argument missing/, 'send'],
      [['send', 'd:x', '--reply-to', '0'], /--reply-to must be a whole number from 1/, 'send'],
      [['react', 'd:x'], /missing arguments: <to> <seq> \[<emoji>\]/, 'react'],
      [['edit', 'd:x', '3'], /missing arguments: <to> <seq> <text\.\.\.>/, 'edit'],
      [['delete', 'd:x', '3', '4'], /too many arguments/, 'delete'],
      [['download', 'd:x', '3', '--out'], /argument missing/, 'download'],
      [['revoke'], /missing arguments/, 'revoke'],
      [['whoami', 'extra'], /too many arguments/, 'whoami'],
      [['follow', 'a', 'b'], /too many arguments/, 'follow'],
      [['history', 'd:x', '--limit', '0'], /--limit must be a whole number from 1 to 200/, 'history'],
      [['history', 'd:x', '--limit', '1.5'], /--limit/, 'history'],
      [['history', 'd:x', '--before', 'abc'], /--before/, 'history'],
      [['login', '--phone'], /argument missing/, 'login'],
      [['group'], /missing the group command: one of create, info, add, remove, leave, promote, demote, rename, describe, admins-only/, 'group'],
      [['group', 'fly'], /unknown command "group fly"/, 'group'],
      [['help', 'group', 'fly'], /unknown command "group fly"/, undefined],
      [['group', 'add', 'g:x'], /missing arguments: <group> <member\.\.\.>/, 'group add'],
      [['group', 'remove', 'g:x', 'a', 'b'], /too many arguments/, 'group remove'],
      [['group', 'info', 'g:x', '--description', 'x'], /Unknown option '--description'/, 'group info'],
      [['info', 'g:x'], /missing arguments: <to> <seq>/, 'info'],
    ];
    for (const [argv, message, command] of table) {
      const parsed = parseCommandLine(argv);
      assert.equal(parsed.kind, 'usage', argv.join(' '));
      if (parsed.kind !== 'usage') continue;
      assert.match(parsed.message, message, argv.join(' '));
      assert.equal(parsed.command, command, argv.join(' '));
    }
  });
});

describe('usage', () => {
  it('lists a family\'s commands on its own page', () => {
    const text = usage('group');
    assert.match(text, /^Usage: pigeon group <command>/);
    for (const name of Object.keys(COMMANDS).filter((n) => n.startsWith('group '))) assert.match(text, new RegExp(`\\n  ${name} `), name);
    assert.doesNotMatch(text, /\n {2}send /);
  });

  it('lists every command, and each command shows its options and examples', () => {
    const general = usage();
    for (const [name, spec] of Object.entries(COMMANDS)) {
      assert.ok(general.split('\n').some((l) => l.startsWith(`  ${name} `) && l.endsWith(spec.summary)), name);
      const text = usage(name as keyof typeof COMMANDS);
      assert.match(text, new RegExp(`^Usage: pigeon ${name}`));
      for (const option of [...Object.keys(spec.options), 'profile', 'help']) assert.match(text, new RegExp(`--${option}\\b`), `${name} --${option}`);
      for (const example of spec.examples) assert.ok(text.includes(example), example);
    }
  });
});
