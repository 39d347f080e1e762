// Browser-test support: the built app, a real server in this process, headless Debian Chromium.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { newPhone, startServer, type TestServer } from '../../server/test/harness.js';

const WEB = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(WEB, 'dist');
const OUTPUT = fileURLToPath(new URL('../../../test-output/', import.meta.url));
const CHROMIUM = process.env.PIGEON_CHROMIUM ?? '/usr/bin/chromium';

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  let latest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function builtAt(): number {
  try {
    return statSync(join(DIST, 'index.html')).mtimeMs;
  } catch {
    return 0;
  }
}

const sourcesAt = () =>
  Math.max(
    newest(join(WEB, 'src')), statSync(join(WEB, 'index.html')).mtimeMs, statSync(join(WEB, 'vite.config.ts')).mtimeMs,
    newest(join(WEB, '../sdk/src')), newest(join(WEB, '../protocol/src')),
  );

/**
 * Builds the app when dist is missing or older than its sources (`npm install`
 * builds it; this catches edits since). Test files run in parallel, so one
 * builds at a time, under a lock directory.
 */
export async function ensureBuilt(): Promise<void> {
  if (builtAt() >= sourcesAt()) return;
  const lock = join(WEB, '.build-lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`could not take ${lock}; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (builtAt() >= sourcesAt()) return;
    const vite = fileURLToPath(new URL('bin/vite.js', import.meta.resolve('vite/package.json')));
    const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: WEB, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmdirSync(lock);
  }
}

/** Headless Debian Chromium (never a downloaded browser). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export interface Person {
  name: string;
  phone: string;
  context: BrowserContext;
  page: Page;
}

/** The built app served by a real server (memory SMS, temporary data) and one browser for its users. */
export async function startApp(env: Record<string, string> = {}, overrides: Parameters<typeof startServer>[1] = {}) {
  await ensureBuilt();
  const server: TestServer = await startServer({ PIGEON_WEB_DIR: DIST, ...env }, overrides);
  const browser = await launchBrowser();
  const people: Person[] = [];

  return {
    server,
    browser,
    url: server.url,

    /**
     * A new person in their own browser context: logs in through the page
     * (phone, then the code the memory SMS provider caught, then a name).
     * `prepare` runs on the context before the page opens (permissions, init scripts).
     */
    async signIn(
      name: string,
      options: { width?: number; height?: number; prepare?: (context: BrowserContext) => Promise<void> } = {},
    ): Promise<Person> {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1100, height: options.height ?? 720 },
        deviceScaleFactor: 1,
        locale: 'en-GB',
      });
      await options.prepare?.(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      const phone = newPhone();
      await page.goto(server.url);
      await page.getByLabel('Your phone number').fill(phone);
      await page.getByRole('button', { name: 'Send code' }).click();
      await page.getByLabel('Code', { exact: true }).fill(await server.waitForCode(phone));
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByLabel('Your name').fill(name);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'New chat' }).waitFor();
      const person = { name, phone, context, page };
      people.push(person);
      return person;
    },

    async close(): Promise<void> {
      await browser.close();
      await server.close();
    },
  };
}

export type App = Awaited<ReturnType<typeof startApp>>;

/** Saves a screenshot under test-output/ (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT, { recursive: true });
  const path = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Opens a one-to-one chat with someone by phone number. */
export async function startChat(from: Person, to: Person): Promise<void> {
  await from.page.getByRole('button', { name: 'New chat' }).click();
  await from.page.getByLabel('Phone number').fill(to.phone);
  await from.page.getByRole('button', { name: 'Start chat' }).click();
  await from.page.getByRole('region', { name: to.name }).waitFor();
}

/** Opens a chat from the chat list by its title. */
export async function openChat(person: Person, title: string): Promise<void> {
  await person.page.getByRole('list', { name: 'Chat list' }).getByRole('button', { name: new RegExp(title) }).click();
  await person.page.getByRole('region', { name: title }).waitFor();
}

/** Types a message and sends it with Enter. */
export async function send(person: Person, text: string): Promise<void> {
  const box = person.page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/** The list item of the message with this text. */
export function message(person: Person, text: string) {
  return person.page.getByRole('log', { name: 'Messages' }).locator('li.message', { hasText: text });
}
