/**
 * End to end: the whole local stack (DynamoDB Local, s3rver, the OIDC provider, the emulator and the real
 * functions bundled from infra/template.yaml) on free ports with a temporary DATA_DIR, driven by the
 * typed client from src/client. Then a restart on the same DATA_DIR finds the data, and the old token
 * still works (the signing key persisted). No java process is left behind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayLogLine } from '../../local/gateway/gateway';
import { seedAccount } from '../../local/seed-account';
import { type LocalStack, startLocalStack } from '../../local/stack/local-stack';
import { createSwiftyClient, type SwiftyClient } from '../../src/client';
import { exchangeCode, signIn, tokenRequest } from './support/oidc-flow';

let dataDir: string;
let stack: LocalStack;
const logLines: GatewayLogLine[] = [];

function isRunning(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const start = () => startLocalStack({ dataDir, log: (line) => logLines.push(line) });

async function clientFor(sub: string): Promise<SwiftyClient> {
  return createSwiftyClient({ baseUrl: stack.url, token: await stack.issueToken(sub) });
}

const uniqueSub = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}`;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-stack-'));
  stack = await start();
}, 120_000);

afterAll(async () => {
  const pid = stack?.dynamodbPid;
  await stack?.stop();
  expect(isRunning(pid)).toBe(false);
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('the local stack', () => {
  it('answers GET /health without a token', async () => {
    const client = createSwiftyClient({ baseUrl: stack.url });
    const { data, response } = await client.GET('/health');
    expect(response.status).toBe(200);
    expect(data?.status).toBe('ok');
  });

  it('answers 401 without a token and with a token from another issuer key', async () => {
    // Prepare
    const anonymous = createSwiftyClient({ baseUrl: stack.url });
    const forged = createSwiftyClient({
      baseUrl: stack.url,
      token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImZvcmdlZCJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl',
    });

    // Act
    const missing = await anonymous.GET('/todos');
    const wrong = await forged.GET('/users/me');

    // Assess
    expect(missing.response.status).toBe(401);
    expect(missing.error).toEqual({ message: 'Unauthorized' });
    expect(missing.response.headers.get('www-authenticate')).toBe('Bearer');
    expect(wrong.response.status).toBe(401);
  });

  it("signs a user in through its OIDC provider with the web app's config, and the API takes the access token", async () => {
    // Prepare: what the web app reads from /config.json, and what oidc-client-ts reads from discovery
    const config = stack.webAppConfig;
    const discovery = await (await fetch(`${config.authority}/.well-known/openid-configuration`)).json();
    const origin = new URL(discovery.authorization_endpoint).origin;
    const flow = { origin, clientId: config.clientId, redirectUri: 'http://127.0.0.1:5173/auth/callback' };

    // Act
    const tokens = await exchangeCode(flow, await signIn(flow, 'stack-user', { scope: config.scope }));
    const api = createSwiftyClient({ baseUrl: config.apiUrl, token: tokens.access_token });
    const created = await api.POST('/todos', { body: { title: 'Signed in through the provider' } });

    // Assess
    expect(config).toEqual({
      apiUrl: stack.url,
      authority: stack.endpoints.issuer,
      clientId: 'swiftyplanner-local-client',
      scope: 'openid swiftyplanner/api',
    });
    expect(discovery.issuer).toBe(config.authority);
    expect(created.response.status).toBe(201);
  });

  it('erases a signed-in user through the table stream as a stage does, their sign-in identity included', async () => {
    // Prepare: a person signed in through the local provider, with a profile and a todo.
    const flow = {
      origin: stack.endpoints.cognito,
      clientId: 'swiftyplanner-local-client',
      redirectUri: 'http://127.0.0.1:5173/auth/callback',
    };
    const tokens = await exchangeCode(flow, await signIn(flow, uniqueSub('leaving-user')));
    const api = createSwiftyClient({ baseUrl: stack.url, token: tokens.access_token });
    await seedAccount(api, { sub: String(decodeJwt(tokens.access_token).sub), todos: 2 });

    // Act: the answer comes before the work; the stack's event source mapping runs the rest.
    const deleted = await api.DELETE('/users/me');
    await stack.tableChangesIdle();

    // Assess: the functions reached the local user pool as they reach Cognito (USER_POOL_ID,
    // COGNITO_IDP_ENDPOINT), and the refresh token went with the identity.
    expect(process.env.COGNITO_IDP_ENDPOINT).toBe(stack.endpoints.cognito);
    expect(deleted.response.status).toBe(202);
    expect((await api.GET('/users/me/erasure')).data?.status).toBe('complete');
    expect((await api.GET('/todos')).data?.items).toEqual([]);
    const refreshed = await tokenRequest(flow.origin, {
      grant_type: 'refresh_token',
      client_id: flow.clientId,
      refresh_token: tokens.refresh_token ?? '',
    });
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
    expect(stack.tableChangesDeadLetters()).toEqual([]);
  });

  it('answers a path the contract does not have with 404 {"message":"Not Found"}', async () => {
    const response = await fetch(`${stack.url}/projects`, { headers: { authorization: 'Bearer x' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });

  it('answers a CORS preflight itself', async () => {
    // Act
    const response = await fetch(`${stack.url}/todos/01JD8X3QZ7EV5GS0PMH9R2A4XT`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PATCH' },
    });

    // Assess
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
  });

  it('runs the whole user lifecycle with ETag and If-Match', async () => {
    // Prepare
    const sub = uniqueSub('ada');
    const client = await clientFor(sub);
    const username = `ada${Math.random().toString(36).slice(2, 8)}`;

    // Act + Assess: create
    const created = await client.POST('/users', {
      body: { username, firstName: 'Ada', lastName: 'Lovelace', email: `${username}@example.com` },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ userId: sub, username, version: 1 });
    const etag = created.response.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-z]+-1"$/);

    // read
    const read = await client.GET('/users/me');
    expect(read.data?.username).toBe(username);
    expect(read.response.headers.get('etag')).toBe(etag);

    // update with the current ETag, then with the stale one
    const updated = await client.PATCH('/users/me', {
      params: { header: { 'If-Match': etag ?? '' } },
      body: { bio: 'First programmer.' },
    });
    expect(updated.response.status).toBe(200);
    expect(updated.data).toMatchObject({ bio: 'First programmer.', version: 2 });
    const current = updated.response.headers.get('etag');
    expect(current).toBe(etag?.replace(/-1"$/, '-2"'));
    const stale = await client.PATCH('/users/me', {
      params: { header: { 'If-Match': etag ?? '' } },
      body: { bio: 'Lost update' },
    });
    expect(stale.response.status).toBe(412);

    // delete, then it is gone
    const deleted = await client.DELETE('/users/me', { params: { header: { 'If-Match': current ?? '' } } });
    expect(deleted.response.status).toBe(202);
    const gone = await client.GET('/users/me');
    expect(gone.response.status).toBe(404);
  });

  it('runs the whole todo lifecycle, and another user cannot see the todo', async () => {
    // Prepare
    const client = await clientFor(uniqueSub('grace'));
    const stranger = await clientFor(uniqueSub('mallory'));

    // create
    const created = await client.POST('/todos', { body: { title: 'Write the compiler', tags: ['work'] } });
    expect(created.response.status).toBe(201);
    const todo = created.data;
    if (!todo) throw new Error('no todo created');
    expect(created.response.headers.get('location')).toBe(`/todos/${todo.id}`);
    const path = { todoId: todo.id };

    // read, and nobody else can
    const read = await client.GET('/todos/{todoId}', { params: { path } });
    expect(read.data?.title).toBe('Write the compiler');
    const hidden = await stranger.GET('/todos/{todoId}', { params: { path } });
    expect(hidden.response.status).toBe(404);

    // complete it with If-Match; a stale If-Match is refused
    const etag = read.response.headers.get('etag') ?? '';
    const done = await client.PATCH('/todos/{todoId}', {
      params: { path, header: { 'If-Match': etag } },
      body: { completed: true },
    });
    expect(done.response.status).toBe(200);
    expect(done.data).toMatchObject({ completed: true, version: 2 });
    const stale = await client.PATCH('/todos/{todoId}', {
      params: { path, header: { 'If-Match': etag } },
      body: { title: 'Lost update' },
    });
    expect(stale.response.status).toBe(412);

    // delete
    const deleted = await client.DELETE('/todos/{todoId}', {
      params: { path, header: { 'If-Match': done.response.headers.get('etag') ?? '' } },
    });
    expect(deleted.response.status).toBe(204);
    expect((await client.GET('/todos/{todoId}', { params: { path } })).response.status).toBe(404);
  });

  it('pages through todos with nextCursor, each todo exactly once', async () => {
    // Prepare
    const client = await clientFor(uniqueSub('pager'));
    const titles = ['one', 'two', 'three', 'four', 'five'];
    for (const title of titles) await client.POST('/todos', { body: { title } });

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { data, response } = await client.GET('/todos', {
        params: { query: { limit: 2, ...(cursor ? { cursor } : {}) } },
      });
      expect(response.status).toBe(200);
      seen.push(...(data?.items ?? []).map((item) => item.title));
      cursor = data?.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);

    // Assess: newest first, nothing twice, three pages of 2 + 2 + 1
    expect(seen).toEqual([...titles].reverse());
    expect(pages).toBe(3);
  });

  it('seeds demo data for a user through the API (npm run seed), once, next to their own todos', async () => {
    // Prepare: a user who already has a todo of their own.
    const sub = uniqueSub('seeded');
    const client = await clientFor(sub);
    await client.POST('/todos', { body: { title: 'My own todo' } });

    // Act
    const first = await seedAccount(client, { sub, todos: 12, today: new Date('2026-11-27T12:00:00Z') });
    const again = await seedAccount(client, { sub, todos: 12 });

    // Assess
    const { data: page } = await client.GET('/todos', { params: { query: { limit: 50 } } });
    const todos = page?.items ?? [];
    expect(first).toEqual({
      profile: 'created',
      username: sub,
      todos: {
        created: 12,
        completed: 3,
        withDueDate: 4,
        attachment: { fileName: 'shopping-list.txt', todoTitle: 'Buy milk (1)' },
      },
    });
    expect(todos).toHaveLength(13);
    expect(todos.filter((todo) => todo.tags.includes('demo'))).toHaveLength(12);
    expect(todos.filter((todo) => todo.completed)).toHaveLength(3);
    expect(todos.find((todo) => todo.title === 'Renew passport (3)')?.tags).toEqual([
      'admin',
      'travel',
      'demo',
    ]);
    const oldestSeeded = todos.find((todo) => todo.title === 'Buy milk (1)')?.id ?? '';
    const { data: files } = await client.GET('/todos/{todoId}/attachments', {
      params: { path: { todoId: oldestSeeded } },
    });
    expect(files?.items.map((file) => [file.fileName, file.status])).toEqual([
      ['shopping-list.txt', 'uploaded'],
    ]);
    expect(again).toEqual({ profile: 'existed', username: sub });
    await expect(seedAccount(client, { sub, todos: 0 })).rejects.toThrow('--todos: give a whole number');
  });

  it('seeds each todo once when two seeds of one account run at the same time', async () => {
    const sub = uniqueSub('twice');
    const client = await clientFor(sub);

    await Promise.all([seedAccount(client, { sub, todos: 6 }), seedAccount(client, { sub, todos: 6 })]);

    const { data: page } = await client.GET('/todos', { params: { query: { limit: 50 } } });
    const titles = page?.items.map((todo) => todo.title) ?? [];
    expect(titles).toHaveLength(6);
    expect(new Set(titles).size).toBe(6);
  });

  it('logs one line per request with the request id the Lambda saw', async () => {
    const response = await fetch(`${stack.url}/health`);
    const requestId = response.headers.get('apigw-requestid');
    expect(logLines.filter((line) => line.requestId === requestId)).toEqual([
      expect.objectContaining({ routeKey: 'GET /health', status: 200, functionLogicalId: 'UsersFunction' }),
    ]);
  });

  it('keeps the data and the signing key across a restart on the same DATA_DIR, leaving no java behind', async () => {
    // Prepare
    const sub = uniqueSub('keeper');
    const token = await stack.issueToken(sub);
    const before = createSwiftyClient({ baseUrl: stack.url, token });
    const created = await before.POST('/todos', { body: { title: 'Survive a restart' } });
    const todoId = created.data?.id ?? '';
    const firstJava = stack.dynamodbPid;

    // Act
    await stack.stop();
    const stoppedJavaGone = !isRunning(firstJava);
    stack = await start();

    // Assess: the old token (same key) reads the same todo from the persisted table
    expect(stoppedJavaGone).toBe(true);
    expect(stack.dynamodbPid).not.toBe(firstJava);
    const after = createSwiftyClient({ baseUrl: stack.url, token });
    const read = await after.GET('/todos/{todoId}', { params: { path: { todoId } } });
    expect(read.response.status).toBe(200);
    expect(read.data?.title).toBe('Survive a restart');
  }, 120_000);
});
