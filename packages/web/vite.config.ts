import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Where the dev server finds a running Pigeon server (`npm start`) for the API and the WebSocket. */
const apiTarget = 'http://localhost:8080';

/**
 * Fails the build if Node-only code reaches the browser bundle: the SDK's
 * `@pigeon/sdk/node` entry (which imports `ws`), `ws` itself, or the server.
 */
function browserOnly(): Plugin {
  const forbidden = [/^@pigeon\/sdk\/node$/, /^ws$/, /^@pigeon\/server/, /^node:/];
  return {
    name: 'pigeon-browser-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (forbidden.some((re) => re.test(source))) {
        throw new Error(`${source} is Node-only and must not be imported by the web client (from ${importer ?? '?'})`);
      }
      return null;
    },
  };
}

export default defineConfig({
  plugins: [browserOnly(), react()],
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      treeshake: {
        // The protocol's modules only declare things; saying so lets the bundle drop its zod
        // schemas (the server's parsers), which the app never calls.
        moduleSideEffects: (id: string) => !/[\\/]packages[\\/]protocol[\\/]src[\\/]/.test(id),
      },
    },
  },
  server: {
    proxy: {
      '/v1': apiTarget,
      '/client-config.json': apiTarget,
      '/ws': { target: apiTarget, ws: true },
    },
  },
});
