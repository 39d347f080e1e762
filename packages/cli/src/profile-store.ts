import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError, EXIT } from './errors.js';

/** A device's login, as saved in a profile file. The token is a secret. */
export interface Credentials {
  server: string;
  token: string;
  userId: string;
  deviceId: string;
  phone: string;
}

const FIELDS = ['server', 'token', 'userId', 'deviceId', 'phone'] as const;
// Names become file names: no separators, no leading dot, nothing a shell would mangle.
const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** Where profiles live: $PIGEON_CLI_HOME, else ~/.config/pigeon. */
export function pigeonHome(env: NodeJS.ProcessEnv): string {
  return env.PIGEON_CLI_HOME || join(homedir(), '.config', 'pigeon');
}

/** The profile to use: --profile, else $PIGEON_CLI_PROFILE, else "default". Throws a usage error for a bad name. */
export function profileName(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const name = flag ?? (env.PIGEON_CLI_PROFILE || 'default');
  if (!NAME_RE.test(name)) {
    throw new CliError('INVALID_PROFILE', `profile names are letters, digits, ".", "_" and "-" (got "${name}")`, EXIT.USAGE);
  }
  return name;
}

/** The file of a profile: `<home>/profiles/<name>.json`. */
export function profilePath(home: string, name: string): string {
  return join(home, 'profiles', `${name}.json`);
}

/** The profile's credentials, or undefined when it has none. */
export async function readProfile(home: string, name: string): Promise<Credentials | undefined> {
  const path = profilePath(home, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (!FIELDS.every((f) => typeof record[f] === 'string' && record[f] !== '')) {
    throw new CliError('BAD_PROFILE', `${path} is damaged: log in again, or delete it`);
  }
  return Object.fromEntries(FIELDS.map((f) => [f, record[f]])) as unknown as Credentials;
}

/** The profile's credentials; NOT_LOGGED_IN with the login command to run when it has none. */
export async function loadProfile(home: string, name: string): Promise<Credentials> {
  const credentials = await readProfile(home, name);
  if (credentials) return credentials;
  const flag = name === 'default' ? '' : ` --profile ${name}`;
  throw new CliError('NOT_LOGGED_IN', `not logged in: run pigeon${flag} login --phone <your number> (profile "${name}")`);
}

/** Saves credentials readable by the owner only, replacing the file atomically. */
export async function saveProfile(home: string, name: string, credentials: Credentials): Promise<string> {
  const path = profilePath(home, name);
  await mkdir(join(home, 'profiles'), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  const data = Object.fromEntries(FIELDS.map((f) => [f, credentials[f]]));
  await writeFile(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFile only applies to new files and passes through the umask; make sure.
  await chmod(temp, 0o600);
  await rename(temp, path);
  return path;
}

/** Deletes the profile's file; false when there was none. */
export async function removeProfile(home: string, name: string): Promise<boolean> {
  const path = profilePath(home, name);
  try {
    await rm(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
