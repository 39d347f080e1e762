// Lint rules, including the dependency direction of STYLE.md: features import
// `ports` and `@pigeon/protocol`, never adapters, the gateway or the HTTP layer;
// adapters never import features.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const featureDirs = ['accounts', 'conversations', 'messaging', 'presence', 'core', 'media'];
const layerImports = (names) => names.map((n) => `**/${n}/**`);

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'data/**', '**/dist/**', 'test-output/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: featureDirs.map((d) => `packages/server/src/${d}/**/*.ts`),
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: layerImports(['adapters', 'gateway', 'http']).concat(['**/compose.js', '**/main.js']),
          message: 'Features depend on ports and @pigeon/protocol only (STYLE.md).',
        }],
      }],
    },
  },
  {
    files: ['packages/server/src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: layerImports([...featureDirs, 'gateway', 'http']),
          message: 'Adapters implement ports and import nothing of the features (STYLE.md).',
        }],
      }],
    },
  },
  {
    files: ['packages/server/src/gateway/**/*.ts', 'packages/server/src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: layerImports(['adapters']), message: 'The edge never touches storage directly.' }],
      }],
    },
  },
  {
    // The web client runs in browsers: browser globals, the rules of hooks, and only the SDK and
    // protocol from the rest of the repository (never the server, nor the SDK's Node-only entry).
    files: ['packages/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': ['error', {
        paths: [
          { name: '@pigeon/sdk/node', message: 'Node-only (it imports ws); browsers have a global WebSocket.' },
          { name: 'ws', message: 'Node-only; browsers have a global WebSocket.' },
        ],
        patterns: [
          { group: ['@pigeon/server', '**/server/src/**'], message: 'Clients never import the server.' },
          { group: ['node:*'], message: 'The web client runs in browsers.' },
        ],
      }],
    },
  },
  {
    // The service worker runs in a worker: no window, no document.
    files: ['packages/web/src/sw/**/*.ts'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    // Unit tests of the app's pure logic run under Node.
    files: ['packages/web/src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['packages/sdk/**/*.ts', 'packages/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@pigeon/server', '**/server/src/**'], message: 'Clients never import the server.' }],
      }],
    },
  },
);
