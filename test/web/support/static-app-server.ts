/**
 * The built app (dist/web or a test's build) as a static host serves it: files by path, index.html
 * for every other path (the app routes in the browser), and a `/config.json` of the test's choosing.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { listen } from '../../../local/stack/listen';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticAppServer {
  url: string;
  close(): Promise<void>;
}

export async function serveBuiltApp(
  directory: string,
  config: Record<string, unknown>,
  port = 0,
): Promise<StaticAppServer> {
  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
      if (path === '/config.json') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(config));
        return;
      }
      const file = normalize(join(directory, path));
      const inside = file.startsWith(directory) && extname(file) !== '';
      const body = inside ? await readFile(file).catch(() => undefined) : undefined;
      if (body) {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
        return;
      }
      if (extname(path) !== '') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
      res.end(await readFile(join(directory, 'index.html')));
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  const bound = await listen(server, port, 'the built web app');
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
