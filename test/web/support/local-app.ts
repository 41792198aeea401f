/**
 * The local stack with the app as `npm start` serves it (Vite's dev server, its /config.json pointing
 * at this stack), on free ports with a temporary DATA_DIR. Four origins, as in production: the app,
 * the API, the OIDC provider and S3 each on a port of their own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../local/stack/free-port';
import { type LocalStack, startLocalStack } from '../../../local/stack/local-stack';
import { startWebDevServer, type WebDevServer } from '../../../local/web/web-dev-server';

export interface LocalApp {
  stack: LocalStack;
  web: WebDevServer;
  stop(): Promise<void>;
}

export async function startLocalApp(): Promise<LocalApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-web-'));
  const webPort = await freePort();
  const appUrl = `http://127.0.0.1:${webPort}`;
  let stack: LocalStack | undefined;
  let web: WebDevServer | undefined;
  const stop = async () => {
    await web?.close();
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    stack = await startLocalStack({ dataDir, parameters: { appUrls: [appUrl] }, log: () => undefined });
    web = await startWebDevServer({ port: webPort, settings: stack.webAppConfig, dataDir });
    return { stack, web, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
