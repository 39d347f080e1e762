// Prints the README's settings table from the one config module: `node --import tsx scripts/settings-table.ts`.
import { SETTINGS } from '../packages/server/src/config/config.js';

const rows = Object.entries(SETTINGS).map(([key, setting]) => {
  const fallback = setting.schema.safeParse(undefined);
  const shown = fallback.success && fallback.data !== undefined ? `\`${JSON.stringify(fallback.data)}\`` : '(none)';
  return `| \`${key}\` | ${shown} | ${setting.doc} |`;
});
console.log(['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n'));
