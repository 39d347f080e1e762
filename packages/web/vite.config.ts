import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin, type Rolldown } from 'vite';

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

const SW_ENTRY = fileURLToPath(new URL('src/sw/worker.ts', import.meta.url));

/**
 * The service worker as one classic script (IIFE, no imports): module service workers are not
 * everywhere yet, and as a second input of the app's build it would share chunks under /assets/.
 * A separate small build, so it may import src/lib modules the app uses too.
 */
async function bundleServiceWorker(sourcemap: boolean | 'inline'): Promise<Rolldown.OutputChunk> {
  const result = await build({
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    logLevel: 'warn',
    plugins: [browserOnly()],
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap,
      copyPublicDir: false,
      lib: { entry: SW_ENTRY, formats: ['iife'], name: 'pigeonServiceWorker', fileName: () => 'sw.js' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs.flatMap((o) => ('output' in o ? o.output : [])).find((c) => c.type === 'chunk' && c.isEntry);
  if (!chunk || chunk.type !== 'chunk') throw new Error('the service worker build gave no entry chunk');
  return chunk;
}

/**
 * Puts the service worker at /sw.js, the root, so its scope is the whole app (a worker's scope
 * is at most its script's folder), and outside /assets/, so the server sends it `no-cache` and
 * browsers see a new version on the next visit instead of a year later.
 */
function serviceWorker(): Plugin {
  return {
    name: 'pigeon-service-worker',
    async generateBundle() {
      const chunk = await bundleServiceWorker(true);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: chunk.code });
      if (chunk.map) this.emitFile({ type: 'asset', fileName: 'sw.js.map', source: chunk.map.toString() });
    },
    configureServer(server) {
      server.middlewares.use('/sw.js', (_req, res, next) => {
        bundleServiceWorker('inline').then((chunk) => {
          res.setHeader('content-type', 'text/javascript');
          res.setHeader('cache-control', 'no-cache');
          res.end(chunk.code);
        }, next);
      });
    },
  };
}

export default defineConfig({
  plugins: [browserOnly(), react(), serviceWorker()],
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
