/**
 * `npm start` as a developer runs it (local/start.ts in its own process, on a chosen PORT and
 * DATA_DIR): what it prints must work when pasted into another terminal.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/stack/free-port';
import { PROJECT_ROOT } from '../../paths';
import { type NpmStart, startNpmStart } from './support/npm-start-process';
import { exchangeCode, signIn } from './support/oidc-flow';

let stack: NpmStart;
let port: number;
let webPort: number;
let banner = '';

beforeAll(async () => {
  stack = await startNpmStart('swiftyplanner-npm-start-');
  ({ port, webPort } = stack);
  banner = stack.stdout;
}, 120_000);

afterAll(() => stack?.stop(), 60_000);

describe('npm start', () => {
  it("prints a token command that, pasted into another terminal, gives the token of the app's alice", async () => {
    // Prepare: the command from the banner's Token line, run by a shell without the stack's settings.
    const command = /^ {2}Token {4}(.+?) {3}\(/m.exec(banner)?.[1] ?? '';
    const url = /^ {2}API {6}(\S+)/m.exec(banner)?.[1] ?? '';
    const { DATA_DIR: _, WEB_PORT: __, PORT: ___, ...environment } = process.env;
    const curlToken = /^ {2}TOKEN='([^']+)'/m.exec(banner)?.[1] ?? '';

    // Act
    const { stdout, stderr } = await promisify(execFile)('sh', ['-c', command], {
      cwd: PROJECT_ROOT,
      env: environment,
    });
    const response = await fetch(`${url}/todos`, { headers: { authorization: `Bearer ${stdout.trim()}` } });

    // Assess: signed in through the provider as the app would, as the user of the banner's own token.
    expect(command).toContain(`WEB_PORT=${webPort}`);
    expect(response.status).toBe(200);
    const sub = decodeJwt(stdout.trim()).sub;
    expect(sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(decodeJwt(curlToken).sub).toBe(sub);
    expect(stderr).toBe(`Signed in as alice: sub ${sub}\n`);
  });

  it('says when no stack runs on the DATA_DIR a token is signed for (the 401 waiting to happen)', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'swiftyplanner-no-stack-'));
    try {
      const { stdout, stderr } = await promisify(execFile)(
        'npm',
        ['run', '--silent', 'token', '--', '--sub', 'alice'],
        {
          cwd: PROJECT_ROOT,
          env: { ...process.env, DATA_DIR: elsewhere },
        },
      );

      expect(stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(stderr).toContain(`No local stack is running on DATA_DIR ${elsewhere}`);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('says what to start when --user finds no web app to sign in through', async () => {
    const nothing = await freePort();
    const failed = await promisify(execFile)('npm', ['run', '--silent', 'token', '--', '--user', 'alice'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, WEB_PORT: String(nothing) },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);

    expect(failed).toMatchObject({ code: 1, stdout: '' });
    expect(failed.stderr).toContain(
      `No web app answers at http://127.0.0.1:${nothing} to tell where to sign in.`,
    );
    expect(failed.stderr).toContain('npm start');
  });

  it('prints a seed command that, pasted into another terminal, fills the account the app signs in to', async () => {
    // Prepare: the banner's Seed line for another user than the curl's, in a shell without the stack's settings.
    const command = (/^ {2}Seed {5}(.+?) {3}\(/m.exec(banner)?.[1] ?? '').replace(
      '--user alice',
      '--user Bob',
    );
    const { DATA_DIR: _, PORT: __, WEB_PORT: ___, ...environment } = process.env;
    expect(command).toContain(`PORT=${port} WEB_PORT=${webPort}`);

    // Act: seed, then sign in as the app does, under the same name in other letters.
    const { stdout } = await promisify(execFile)('sh', ['-c', command], {
      cwd: PROJECT_ROOT,
      env: environment,
    });
    const config = (await fetch(`http://127.0.0.1:${webPort}/config.json`).then((r) => r.json())) as {
      authority: string;
      clientId: string;
      apiUrl: string;
    };
    const client = {
      origin: new URL(config.authority).origin,
      clientId: config.clientId,
      redirectUri: `http://127.0.0.1:${webPort}/auth/callback`,
    };
    const tokens = await exchangeCode(client, await signIn(client, 'bob'));
    const todos = await fetch(`${config.apiUrl}/todos?limit=100`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    }).then((r) => r.json() as Promise<{ items: { tags: string[] }[] }>);

    // Assess: what was seeded is what the app's bob sees.
    const sub = decodeJwt(tokens.access_token).sub;
    expect(stdout).toContain(`Bob (sub ${sub}): profile bob created.`);
    expect(stdout).toContain('30 todos tagged demo (7 done, 10 with a due date); shopping-list.txt attached');
    expect(todos.items.filter((todo) => todo.tags.includes('demo'))).toHaveLength(30);
  }, 60_000);

  it('serves the web app next to the API, its /config.json pointing at this stack', async () => {
    // Prepare
    const appUrl = /^ {2}App {6}(\S+)/m.exec(banner)?.[1] ?? '';
    const apiUrl = /^ {2}API {6}(\S+)/m.exec(banner)?.[1] ?? '';
    const issuer = /^ {2}Sign-in {2}(\S+)/m.exec(banner)?.[1] ?? '';

    // Act
    const [page, config] = await Promise.all([
      fetch(`${appUrl}/todos`).then((response) => response.text()),
      fetch(`${appUrl}/config.json`).then((response) => response.json()),
    ]);

    // Assess: its own origin, the app's page at any path, and the stack's API and issuer in its config.
    expect(appUrl).toBe(`http://127.0.0.1:${webPort}`);
    expect(page).toContain('<div id="root">');
    expect(page).toContain('/@vite/client'); // the dev server's hot reload
    expect(config).toMatchObject({ apiUrl, authority: issuer, clientId: expect.any(String) });
    expect(config.scope.split(' ')).toContain('openid');
  });

  it('prints the curl it suggests with a token that works', async () => {
    const token = /^ {2}TOKEN='([^']+)'/m.exec(banner)?.[1] ?? '';
    const url = /^ {2}API {6}(\S+)/m.exec(banner)?.[1] ?? '';
    const response = await fetch(`${url}/todos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Try SwiftyPlanner' }),
    });
    expect(response.status).toBe(201);
  });
});
