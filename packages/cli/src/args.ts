import { parseArgs } from 'node:util';
import {
  COMMANDS, FAMILIES, GLOBAL_OPTIONS, familyCommands, isCommandName, isFamily, type CommandName, type OptionSpec, type Topic,
} from './commands-spec.js';

/** Parsed option values by long name: strings, booleans for flags, lists for repeatable options, undefined when absent. */
export type Values = Record<string, string | boolean | string[] | undefined>;

/** What a command line asks for: help, a run, or a usage error to report (with the help that fits). */
export type CommandLine =
  | { kind: 'help'; command?: Topic }
  | { kind: 'run'; command: CommandName; values: Values; positionals: string[] }
  | { kind: 'usage'; message: string; command?: Topic };

type ParseOptions = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

function toParseOptions(specs: Record<string, OptionSpec>): ParseOptions {
  return Object.fromEntries(Object.entries(specs).map(([name, s]) => [
    name, { type: s.type, ...(s.short && { short: s.short }), ...(s.multiple && { multiple: true }) },
  ]));
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

/** The help topic that words name: a command (one or two words) or a family; undefined for neither. */
function topicOf(words: string[]): Topic | undefined {
  const [first = '', second] = words;
  if (isCommandName(first)) return first;
  if (!isFamily(first)) return undefined;
  if (second === undefined) return first;
  const both = `${first} ${second}`;
  return isCommandName(both) ? both : undefined;
}

/**
 * Reads `pigeon [global options] <command> [options] [args]`, where a command
 * may be two words (`group add`). Pure: never prints or exits; the caller
 * turns the result into help, a usage error or a run.
 */
export function parseCommandLine(argv: string[]): CommandLine {
  const scan = parseArgs({ args: argv, options: ALL_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const words = scan.tokens.filter((t) => t.kind === 'positional');
  const first = words[0];
  if (!first) {
    return scan.values.help ? { kind: 'help' } : { kind: 'usage', message: 'no command given' };
  }
  if (first.value === 'help') {
    const asked = scan.positionals.slice(1, 3);
    if (asked.length === 0) return { kind: 'help' };
    const topic = topicOf(asked);
    return topic ? { kind: 'help', command: topic } : { kind: 'usage', message: `unknown command "${asked.join(' ')}"` };
  }
  let name: CommandName;
  let taken = [first.index];
  if (isCommandName(first.value)) {
    name = first.value;
  } else if (isFamily(first.value)) {
    const family = first.value;
    const second = words[1];
    if (!second) {
      return scan.values.help
        ? { kind: 'help', command: family }
        : { kind: 'usage', message: `missing the ${family} command: one of ${familyCommands(family).map((c) => c.split(' ')[1]).join(', ')}`, command: family };
    }
    const both = `${family} ${second.value}`;
    if (!isCommandName(both)) return { kind: 'usage', message: `unknown command "${both}"`, command: family };
    name = both;
    taken = [first.index, second.index];
  } else {
    return { kind: 'usage', message: `unknown command "${first.value}"` };
  }
  const spec: { options: Record<string, OptionSpec>; args: string; minArgs: number; maxArgs: number } = COMMANDS[name];
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((_, i) => !taken.includes(i)),
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

/** `  name  summary` lines for commands, aligned. */
function commandLines(names: readonly CommandName[]): string[] {
  const width = Math.max(...names.map((n) => n.length), 'help'.length);
  return names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name].summary}`);
}

/** The help text: the command list, a family's commands, or one command's usage, options and examples. */
export function usage(topic?: Topic): string {
  if (!topic) {
    const names = Object.keys(COMMANDS) as CommandName[];
    const width = Math.max(...names.map((n) => n.length), 'help'.length);
    return [
      'pigeon: the Pigeon messenger from the terminal',
      '',
      'Usage: pigeon [--profile NAME] <command> [options]',
      '',
      'Commands:',
      ...commandLines(names),
      `  ${'help'.padEnd(width)}  show help for a command: pigeon help <command>`,
      '',
      'Options for every command:',
      ...optionLines(GLOBAL_OPTIONS),
      '',
      'Environment: PIGEON_CLI_HOME (where profiles live; default ~/.config/pigeon), PIGEON_CLI_PROFILE,',
      'PIGEON_CLI_SERVER and PIGEON_CLI_API_KEY (defaults for login).',
    ].join('\n');
  }
  if (!isCommandName(topic)) {
    return [
      `Usage: pigeon ${topic} <command> [arguments] [options]`,
      '',
      FAMILIES[topic],
      '',
      'Commands:',
      ...commandLines(familyCommands(topic)),
      '',
      `Run pigeon help ${topic} <command> for one command's options and examples.`,
    ].join('\n');
  }
  const spec: { summary: string; args: string; details?: string; options: Record<string, OptionSpec>; examples: string[] } = COMMANDS[topic];
  return [
    `Usage: pigeon ${topic}${spec.args ? ` ${spec.args}` : ''} [options]`,
    '',
    spec.summary.charAt(0).toUpperCase() + spec.summary.slice(1) + '.',
    ...(spec.details ? [spec.details] : []),
    '',
    'Options:',
    ...optionLines({ ...spec.options, ...GLOBAL_OPTIONS }),
    '',
    'Examples:',
    ...spec.examples.map((e) => `  ${e}`),
  ].join('\n');
}
