import { parseCommandLine, usage } from './args.js';
import type { CommandName } from './commands-spec.js';
import { capacity } from './commands/capacity.js';
import { conversations } from './commands/conversations.js';
import { devices } from './commands/devices.js';
import { download } from './commands/download.js';
import { follow } from './commands/follow.js';
import { groupCommands } from './commands/group.js';
import { history } from './commands/history.js';
import { info } from './commands/info.js';
import { login } from './commands/login.js';
import { logout } from './commands/logout.js';
import { edit, react, remove } from './commands/message-events.js';
import { revoke } from './commands/revoke.js';
import { send } from './commands/send.js';
import { whoami } from './commands/whoami.js';
import type { Command, Context } from './context.js';
import { CliError, EXIT, exitCodeOf, formatError } from './errors.js';
import { pigeonHome, profileName } from './profile-store.js';

const COMMANDS: Record<CommandName, Command> = {
  login, whoami, logout, devices, revoke, send, react, edit, delete: remove, download, follow, history, conversations, info, ...groupCommands, capacity,
};

const out = (line: string) => void process.stdout.write(`${line}\n`);
const err = (line: string) => void process.stderr.write(`${line}\n`);

/** Exits once what was written has been handed to the OS (pipes may be asynchronous). */
function exit(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/** Hints for errors whose fix is not obvious from the server's message. */
function hint(error: unknown, ctx: Pick<Context, 'profile'>): string | undefined {
  const code = (error as { code?: unknown }).code;
  const profile = ctx.profile === 'default' ? '' : ` --profile ${ctx.profile}`;
  if (code === 'INVALID_TOKEN') return `hint: this login was revoked or logged out elsewhere: run pigeon${profile} login again`;
  if (code === 'INVALID_API_KEY') return 'hint: use the API key the server printed when it started (--api-key or PIGEON_CLI_API_KEY)';
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  const line = parseCommandLine(argv);
  if (line.kind === 'help') {
    out(usage(line.command));
    return EXIT.OK;
  }
  if (line.kind === 'usage') {
    err(`error: ${line.message}\n\n${usage(line.command)}`);
    return EXIT.USAGE;
  }
  const command = COMMANDS[line.command];
  const controller = new AbortController();
  const onSignal = () => {
    // A second Ctrl-C does not wait for a graceful stop.
    if (!command.graceful || controller.signal.aborted) return exit(EXIT.INTERRUPTED);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let profile = 'default';
  try {
    profile = profileName(typeof line.values.profile === 'string' ? line.values.profile : undefined, process.env);
    return await command.run({
      values: line.values,
      positionals: line.positionals,
      env: process.env,
      home: pigeonHome(process.env),
      profile,
      stdin: process.stdin,
      stdout: process.stdout,
      out,
      err,
      signal: controller.signal,
    });
  } catch (error) {
    // A command line the parser accepted but the command cannot run: said like the parser's usage errors.
    if (error instanceof CliError && error.code === 'USAGE') {
      err(`error: ${error.message}\n\n${usage(line.command)}`);
      return EXIT.USAGE;
    }
    err(formatError(error));
    const extra = hint(error, { profile });
    if (extra) err(extra);
    return exitCodeOf(error);
  }
}

// A reader that went away (`pigeon follow | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.OK);
  throw error;
});

exit(await main(process.argv.slice(2)));
