export { compose, type Overrides, type PigeonServer } from './compose.js';
export { loadConfig, SETTINGS, type Config } from './config/config.js';
export { resolveSecrets, type Secrets } from './config/secrets.js';
