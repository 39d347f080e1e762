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
      [['send', '+15550000001'], /missing arguments: <to> <text...>/, 'send'],
      [['revoke'], /missing arguments/, 'revoke'],
      [['whoami', 'extra'], /too many arguments/, 'whoami'],
      [['follow', 'a', 'b'], /too many arguments/, 'follow'],
      [['history', 'd:x', '--limit', '0'], /--limit must be a whole number from 1 to 200/, 'history'],
      [['history', 'd:x', '--limit', '1.5'], /--limit/, 'history'],
      [['history', 'd:x', '--before', 'abc'], /--before/, 'history'],
      [['login', '--phone'], /argument missing/, 'login'],
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
