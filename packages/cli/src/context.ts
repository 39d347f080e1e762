import type { Values } from './args.js';

/** What a command gets: its parsed command line, where profiles live, and the process's streams. */
export interface Context {
  values: Values;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  /** PIGEON_CLI_HOME, resolved. */
  home: string;
  /** The profile name, validated. */
  profile: string;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  out(line: string): void;
  err(line: string): void;
  /** Aborted on Ctrl-C or SIGTERM, for commands that stop gracefully. */
  signal: AbortSignal;
}

/** A command: runs with its context and resolves with the exit status. */
export interface Command {
  run(ctx: Context): Promise<number>;
  /** Handles Ctrl-C / SIGTERM through `ctx.signal`; other commands are simply ended. */
  graceful?: boolean;
}

/** A string option's value, if given. */
export function stringOption(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Whether a boolean option was given. */
export function flag(values: Values, name: string): boolean {
  return values[name] === true;
}

/** `pigeon` or `pigeon --profile NAME`, for hints that the user can paste. */
export function pigeonCommand(profile: string): string {
  return profile === 'default' ? 'pigeon' : `pigeon --profile ${profile}`;
}
