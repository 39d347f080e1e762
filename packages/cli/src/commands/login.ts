import { hostname } from 'node:os';
import { isE164, type VerifyCodeResponse } from '@pigeon/protocol';
import { PigeonError, type HttpApi } from '@pigeon/sdk';
import { pigeonCommand, stringOption, type Command, type Context } from '../context.js';
import { CliError, EXIT, formatError } from '../errors.js';
import { httpApi } from '../http.js';
import { askLine } from '../prompt.js';
import { readProfile, saveProfile, type Credentials } from '../profile-store.js';

const DEFAULT_SERVER = 'http://localhost:8080';
const MAX_PROMPTS = 3;

function serverUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError('INVALID_SERVER', `--server must be an http(s) URL like ${DEFAULT_SERVER} (got "${raw}")`, EXIT.USAGE);
  }
  return raw.replace(/\/+$/, '');
}

/** Verifies a code: the given one, else codes typed at the prompt (a terminal gets a few tries). */
async function verify(ctx: Context, api: HttpApi, phone: string, given: string | undefined): Promise<VerifyCodeResponse | undefined> {
  const deviceName = stringOption(ctx.values, 'device-name') ?? `pigeon-cli@${hostname()}`.slice(0, 64);
  if (given !== undefined) return api.verifyCode(phone, given.trim(), deviceName);
  const retries = ctx.stdin.isTTY ? MAX_PROMPTS : 1;
  for (let attempt = 1; ; attempt++) {
    const code = await askLine(ctx.stdin, process.stderr, `Code sent to ${phone} (the dev server prints it in its log): `);
    if (code === undefined) return undefined;
    try {
      return await api.verifyCode(phone, code.trim(), deviceName);
    } catch (error) {
      const again = error instanceof PigeonError && (error.code === 'CODE_INVALID' || error.code === 'INVALID_REQUEST');
      if (!again || attempt >= retries) throw error;
      ctx.err(formatError(error));
    }
  }
}

/** `pigeon login`: phone number + one-time code → a device session saved in the profile. */
export const login: Command = {
  async run(ctx) {
    const { values, env } = ctx;
    const rawPhone = stringOption(values, 'phone');
    if (!rawPhone) throw new CliError('USAGE', '--phone is required, like --phone +14155550123', EXIT.USAGE);
    const phone = rawPhone.replace(/[\s().-]/g, '');
    if (!isE164(phone)) throw new CliError('INVALID_PHONE', `"${rawPhone}" is not a phone number in international form, like +14155550123`);
    const previous = await readProfile(ctx.home, ctx.profile).catch(() => undefined);
    const server = serverUrl(stringOption(values, 'server') ?? (env.PIGEON_CLI_SERVER || previous?.server || DEFAULT_SERVER));
    const apiKey = stringOption(values, 'api-key') ?? env.PIGEON_CLI_API_KEY;
    if (!apiKey) {
      throw new CliError('USAGE', '--api-key is required (or set PIGEON_CLI_API_KEY): the server prints its key when it starts', EXIT.USAGE);
    }
    const api = httpApi(server, { apiKey });
    const code = stringOption(values, 'code');
    // With --code, asking for a new code would replace (and so void) the one given.
    if (code === undefined) await api.requestCode(phone);
    const result = await verify(ctx, api, phone, code);
    if (!result) {
      const flags = ['server', 'api-key'].map((f) => stringOption(values, f) && ` --${f} ${stringOption(values, f)}`).join('');
      ctx.err(`code sent to ${phone}; finish with: ${pigeonCommand(ctx.profile)} login${flags} --phone ${phone} --code <code>`);
      return EXIT.OK;
    }
    if (previous) {
      // The profile's old device would otherwise stay logged in with nobody holding its token.
      await httpApi(previous.server, { token: previous.token }).logout().catch(() => undefined);
    }
    const credentials: Credentials = { server, token: result.token, userId: result.user.id, deviceId: result.device.id, phone };
    const path = await saveProfile(ctx.home, ctx.profile, credentials);
    const name = stringOption(values, 'name');
    if (name !== undefined) await httpApi(server, { token: result.token }).updateProfile({ name });
    ctx.out(`logged in as ${phone}${result.newUser ? ' (new account)' : ''}: user ${result.user.id}, device ${result.device.id}`);
    ctx.out(`profile "${ctx.profile}" saved to ${path}`);
    return EXIT.OK;
  },
};
