import { execFile } from 'node:child_process';
import { ConfigError, loadConfig } from './config/config.js';
import { resolveSecrets } from './config/secrets.js';
import { compose } from './compose.js';

/** env → config → compose → listen; and a graceful stop on SIGTERM / SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const secrets = resolveSecrets(config);
  const server = await compose(config, secrets);
  const { url } = await server.listen();
  const lines = [
    `Pigeon is running at ${url}`,
    `  WebSocket:  ${url.replace(/^http/, 'ws')}/ws`,
    `  Data:       ${config.dataDir} (${server.store.engine})`,
  ];
  if (secrets.devApiKey) {
    lines.push(`  API key:    ${secrets.devApiKey} (development key; set PIGEON_API_KEYS in production)`);
  }
  lines.push('  Login codes are printed here by the console SMS provider.');
  console.log(lines.join('\n'));
  execFile('ffprobe', ['-version'], (error) => {
    if (error) console.log('  Note: ffprobe/ffmpeg not found, so video and audio uploads will fail (Debian: apt-get install ffmpeg).');
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'draining');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
