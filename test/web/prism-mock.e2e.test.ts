/**
 * The same built app, pointed at `npm run mock` (Prism) instead of a backend: it renders the
 * contract's examples on the list, the todo and the profile. A frontend can start before the backend
 * exists, and nothing in the app changes between the mock, the local stack and a stage: only its
 * /config.json. Sign-in goes through the local OIDC provider, on its own; Prism only asks for a
 * bearer token.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiOf } from '../../local/gateway/http-api';
import { issuerSettingsOf } from '../../local/issuer/local-issuer';
import { type OidcProvider, startOidcProvider } from '../../local/issuer/oidc-provider';
import { freePort } from '../../local/stack/free-port';
import { localParameters, localValuesOf } from '../../local/stack/local-parameters';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { CONTRACT_PATH, GENERATED_DIR } from '../../paths';
import type { AttachmentList, Todo, TodoPage, User } from '../../src/client';
import { type PrismMock, startPrismMock } from '../contract/prism-server';
import { signIn } from './support/app-session';
import { buildWebApp } from './support/build-app';
import { launchChromium } from './support/chromium';
import { checkScreen } from './support/screen-check';
import { type StaticAppServer, serveBuiltApp } from './support/static-app-server';

let workDir: string;
let appDir: string;
let prism: PrismMock;
let provider: OidcProvider;
let app: StaticAppServer;
let browser: Browser;
let page: Page;
let examples: { todoPage: TodoPage; attachments: AttachmentList; user: User };

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-web-mock-'));
  appDir = join(workDir, 'app');
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const settings = issuerSettingsOf(
    httpApiOf(await loadContract(CONTRACT_PATH), localValuesOf(localParameters())),
  );
  [prism, provider, browser] = await Promise.all([
    startPrismMock(),
    startOidcProvider({
      dataDir: join(workDir, 'provider'),
      userPoolId: 'us-east-1_mock',
      client: {
        clientId: settings.clientId,
        callbackUrls: [`${appUrl}/auth/callback`],
        logoutUrls: [`${appUrl}/`],
        allowedScopes: ['openid', ...settings.apiScopes],
      },
      apiScopes: settings.apiScopes,
    }),
    launchChromium(),
    buildWebApp(appDir),
  ]);
  app = await serveBuiltApp(
    appDir,
    {
      apiUrl: prism.url,
      authority: provider.issuer,
      clientId: settings.clientId,
      scope: ['openid', ...settings.apiScopes].join(' '),
    },
    appPort,
  );
  examples = await contractExamples();
  // A context of its own: axe-core opens pages in the page's context, which browser.newPage() does not share.
  page = await (await browser.newContext()).newPage();
  await signIn(page, app.url, 'ada');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.close(), provider?.close(), prism?.stop()]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, 60_000);

/** What Prism answers: each operation's first example, from the generated contract. */
async function contractExamples(): Promise<typeof examples> {
  const document = JSON.parse(await readFile(join(GENERATED_DIR, 'openapi.json'), 'utf8'));
  const value = (name: string) => document.components.examples[name].value;
  return { todoPage: value('TodoPage'), attachments: value('AttachmentList'), user: value('User') };
}

describe('the built app against the Prism mock', { timeout: 60_000 }, () => {
  it('lists the example todos', async () => {
    const todo = examples.todoPage.items[0] as Todo;

    await page.getByRole('link', { name: todo.title }).waitFor();

    const row = page.getByRole('listitem').filter({ hasText: todo.title });
    for (const tag of todo.tags) expect(await row.getByRole('link', { name: `#${tag}` }).count()).toBe(1);
    expect(await row.getByRole('checkbox').isChecked()).toBe(todo.completed);
    expect(await row.textContent()).toContain(`${todo.priority} priority`);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(
      examples.todoPage.nextCursor ? 1 : 0,
    );
    expect(await checkScreen(page, 'mock', 'todos')).toEqual([]);
  });

  it('shows the example todo and its example attachments', async () => {
    const todo = examples.todoPage.items[0] as Todo;

    await page.getByRole('link', { name: todo.title }).click();
    await page.getByRole('heading', { name: todo.title, level: 1 }).waitFor();

    expect(await page.locator('.notes').textContent()).toBe(todo.notes);
    for (const attachment of examples.attachments.items) {
      const row = page.getByRole('listitem').filter({ hasText: attachment.fileName });
      await row.waitFor();
      expect(await row.textContent()).toContain(attachment.status);
      expect(await row.textContent()).toContain(attachment.contentType);
    }
    expect(await checkScreen(page, 'mock', 'todo')).toEqual([]);
  });

  it('shows the example profile', async () => {
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Edit profile' }).waitFor();

    const facts = await page.locator('.facts').textContent();
    for (const field of ['username', 'firstName', 'lastName', 'email', 'bio'] as const) {
      expect(facts).toContain(examples.user[field]);
    }
    expect(await checkScreen(page, 'mock', 'profile')).toEqual([]);
  });

  it('says what is wrong with a /config.json it cannot use, instead of a blank page', async () => {
    // Prepare: the same build, served with a config that lacks the provider.
    const broken = await serveBuiltApp(appDir, { apiUrl: prism.url, clientId: 'web', scope: 'openid' });
    const other = await (await browser.newContext()).newPage();
    try {
      // Act
      await other.goto(broken.url);

      // Assess
      await other.getByRole('heading', { name: 'SwiftyPlanner could not start' }).waitFor();
      expect(await other.getByRole('alert').textContent()).toBe(
        '/config.json lacks authority: it needs apiUrl, authority, clientId, scope, each a non-empty string.',
      );
    } finally {
      await other.context().close();
      await broken.close();
    }
  });
});
