/**
 * The web app with hot reload (Vite's dev server) on its own loopback origin, serving the
 * `/config.json` that points the app at this local stack: its API, its OIDC provider, its app client.
 * `npm start` runs it next to the API (WEB_PORT, 5173 by default); the browser tests start it the
 * same way on a free port. Vite is imported when the server starts, so nothing else pays for it.
 */
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { assertPortFree } from '../stack/listen';
import { DEFAULT_WEB_PORT } from '../stack/local-parameters';

/** WEB_PORT, 5173 by default: the app's origin is http://127.0.0.1:<it>, as the app client registers it. */
export function webPortOf(env: NodeJS.ProcessEnv = process.env): number {
  if (env.WEB_PORT === undefined || env.WEB_PORT === '') return DEFAULT_WEB_PORT;
  const port = Number(env.WEB_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(
      `WEB_PORT must be a port number (1-65535), got ${env.WEB_PORT}. Example: WEB_PORT=5174 npm start`,
    );
  }
  return port;
}

/** The app's `/config.json` (web/src/config.ts reads it). */
export interface WebAppSettings {
  apiUrl: string;
  authority: string;
  clientId: string;
  scope: string;
}

export interface WebDevServerOptions {
  port: number;
  settings: WebAppSettings;
  /** Vite's pre-bundled dependencies go under `<dataDir>/.vite`: two stacks never share one cache. */
  dataDir: string;
  /** How to choose another port, said when this one is taken. */
  portHint?: string;
}

export interface WebDevServer {
  url: string;
  close(): Promise<void>;
}

export async function startWebDevServer(options: WebDevServerOptions): Promise<WebDevServer> {
  const hint = options.portHint ?? `Choose another one: WEB_PORT=${options.port + 1} npm start`;
  await assertPortFree(options.port, 'the web app', hint);
  const [{ createServer }, { default: config }] = await Promise.all([
    import('vite'),
    import('../../web/vite.config'),
  ]);
  const server = await createServer({
    ...config,
    configFile: false,
    cacheDir: join(options.dataDir, '.vite'),
    clearScreen: false,
    logLevel: 'warn',
    plugins: [...(config.plugins ?? []), serveSettings(options.settings)],
    server: { ...config.server, port: options.port, strictPort: true, host: '127.0.0.1' },
  });
  await server.listen();
  return { url: `http://127.0.0.1:${options.port}`, close: () => server.close() };
}

/** `/config.json` from memory: the stack's ports change from run to run, the file in web/ would not. */
function serveSettings(settings: WebAppSettings): Plugin {
  const body = `${JSON.stringify(settings, null, 2)}\n`;
  return {
    name: 'swiftyplanner:local-config',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== '/config.json') return next();
        res.setHeader('content-type', 'application/json');
        res.setHeader('cache-control', 'no-store');
        res.end(body);
      });
    },
  };
}
