import { parseArgs } from 'node:util';
import { COMMANDS, GLOBAL_OPTIONS, isCommandName, type CommandName, type OptionSpec } from './commands-spec.js';

/** Parsed option values by long name: strings, booleans for flags, undefined when absent. */
export type Values = Record<string, string | boolean | undefined>;

/** What a command line asks for: help, a run, or a usage error to report. */
export type CommandLine =
  | { kind: 'help'; command?: CommandName }
  | { kind: 'run'; command: CommandName; values: Values; positionals: string[] }
  | { kind: 'usage'; message: string; command?: CommandName };

type ParseOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function toParseOptions(specs: Record<string, OptionSpec>): ParseOptions {
  return Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, { type: s.type, ...(s.short && { short: s.short }) }]));
}

/** Every option of every command, so the command word can be found behind options that take values. */
const ALL_OPTIONS = toParseOptions(Object.assign({}, GLOBAL_OPTIONS, ...Object.values(COMMANDS).map((c) => c.options)));

function checkIntegers(command: CommandName, values: Values): string | undefined {
  const options: Record<string, OptionSpec> = COMMANDS[command].options;
  for (const [name, spec] of Object.entries(options)) {
    const raw = values[name];
    if (!spec.integer || typeof raw !== 'string') continue;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < spec.integer.min || n > spec.integer.max) {
      return `--${name} must be a whole number from ${spec.integer.min} to ${spec.integer.max}`;
    }
  }
  return undefined;
}

/**
 * Reads `pigeon [global options] <command> [options] [args]`. Pure: never
 * prints or exits; the caller turns the result into help, a usage error or a run.
 */
export function parseCommandLine(argv: string[]): CommandLine {
  const scan = parseArgs({ args: argv, options: ALL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const first = scan.tokens.find((t) => t.kind === 'positional');
  if (!first) {
    return scan.values.help ? { kind: 'help' } : { kind: 'usage', message: 'no command given' };
  }
  const name = first.value;
  if (name === 'help') {
    const topic = scan.positionals[1];
    if (topic === undefined) return { kind: 'help' };
    return isCommandName(topic) ? { kind: 'help', command: topic } : { kind: 'usage', message: `unknown command "${topic}"` };
  }
  if (!isCommandName(name)) return { kind: 'usage', message: `unknown command "${name}"` };
  const spec = COMMANDS[name];
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((_, i) => i !== first.index),
      options: toParseOptions({ ...GLOBAL_OPTIONS, ...spec.options }),
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return { kind: 'usage', message: (error as Error).message, command: name };
  }
  const values = parsed.values as Values;
  if (values.help) return { kind: 'help', command: name };
  const count = parsed.positionals.length;
  if (count < spec.minArgs) return { kind: 'usage', message: `missing arguments: ${spec.args}`, command: name };
  if (count > spec.maxArgs) return { kind: 'usage', message: `too many arguments: expected ${spec.args || 'none'}`, command: name };
  const invalid = checkIntegers(name, values);
  if (invalid) return { kind: 'usage', message: invalid, command: name };
  return { kind: 'run', command: name, values, positionals: parsed.positionals };
}

function optionLines(specs: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(specs).map(([name, s]) => {
    const flag = `${s.short ? `-${s.short}, ` : ''}--${name}${s.value ? ` ${s.value}` : ''}`;
    return [flag, s.help] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`);
}

/** The help text: the command list, or one command's usage, options and examples. */
export function usage(command?: CommandName): string {
  if (!command) {
    const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
    return [
      'pigeon: the Pigeon messenger from the terminal',
      '',
      'Usage: pigeon [--profile NAME] <command> [options]',
      '',
      'Commands:',
      ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
      `  ${'help'.padEnd(width)}  show help for a command: pigeon help <command>`,
      '',
      'Options for every command:',
      ...optionLines(GLOBAL_OPTIONS),
      '',
      'Environment: PIGEON_CLI_HOME (where profiles live; default ~/.config/pigeon), PIGEON_CLI_PROFILE,',
      'PIGEON_CLI_SERVER and PIGEON_CLI_API_KEY (defaults for login).',
    ].join('\n');
  }
  const spec = COMMANDS[command];
  return [
    `Usage: pigeon ${command}${spec.args ? ` ${spec.args}` : ''} [options]`,
    '',
    spec.summary.charAt(0).toUpperCase() + spec.summary.slice(1) + '.',
    ...('details' in spec ? [spec.details] : []),
    '',
    'Options:',
    ...optionLines({ ...spec.options, ...GLOBAL_OPTIONS }),
    '',
    'Examples:',
    ...spec.examples.map((e) => `  ${e}`),
  ].join('\n');
}
