/**
 * The web app in Debian's Chromium against the local stack, as `npm start` serves it: four origins
 * (app, API, OIDC provider, S3), so every API call and upload crosses origins under the browser's
 * CORS rules. Users sign in through the local provider's page. Each test signs in its own users.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, CDPSession, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccount } from '../../local/seed-account';
import { createSwiftyClient, type SwiftyClient } from '../../src/client';
import { accessTokenOf, descriptionOf, signIn, subOf } from './support/app-session';
import { launchChromium } from './support/chromium';
import { type LocalApp, startLocalApp } from './support/local-app';
import { updateReadmeScreenshot } from './support/readme-screenshot';
import { checkScreen } from './support/screen-check';

let browser: Browser;
let app: LocalApp;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [app, browser] = await Promise.all([startLocalApp(), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
}, 60_000);

/** A fresh browser profile (no shared storage) signed in as `username`. */
async function signedIn(username: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, app.web.url, username);
  return page;
}

/** The typed client as the page's user: for arranging data and checking what the API holds. */
async function apiAs(page: Page): Promise<SwiftyClient> {
  return createSwiftyClient({ baseUrl: app.stack.url, token: await accessTokenOf(page) });
}

/** Requests the page sends to the API, for asserting what went over the wire. */
function apiRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(app.stack.url)) seen.push(request);
  });
  return seen;
}

async function listedTitles(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: 'Todos, newest first' });
  return list.locator('.todo-title').allTextContents();
}

// A journey through several screens in a real browser, each screen checked by axe at two widths:
// longer than the suite's default per test, on a machine whose two cores are shared.
describe('the web app on the local stack', { timeout: 120_000 }, () => {
  it('signs in through the local provider and shows an empty list', async () => {
    // Prepare
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(app.web.url);
    await page.getByRole('heading', { name: 'Sign in to SwiftyPlanner' }).waitFor();
    expect(await checkScreen(page, 'local', 'sign-in')).toEqual([]);

    // Act
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.origin !== app.web.url);
    const providerOrigin = new URL(page.url()).origin;
    await page.getByLabel('Sign in as').fill('alice');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Assess: back on the app's origin, signed in, the list's empty state.
    await page.getByText('No todos yet.').waitFor();
    expect(new URL(page.url()).origin).toBe(app.web.url);
    // Four origins, as deployed: every call from the app crosses one under the browser's CORS rules.
    const origins = [app.web.url, app.stack.url, providerOrigin, app.stack.endpoints.s3];
    expect(new Set(origins.map((url) => new URL(url).origin)).size).toBe(4);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    expect(await page.locator('.who').textContent()).toContain('alice');
    expect(await checkScreen(page, 'local', 'todos-empty')).toEqual([]);
  });

  it('creates, tags, filters, completes and edits todos, with merge patches and If-Match', async () => {
    const page = await signedIn('bob');
    const sent = apiRequests(page);

    // A tag that breaks the contract's pattern is refused on its field, before anything is sent.
    await page.getByRole('link', { name: 'New todo' }).click();
    await page.getByLabel('Title').waitFor();
    expect(await checkScreen(page, 'local', 'todo-new')).toEqual([]);
    await page.getByLabel('Title').fill('Buy oat milk');
    await page.getByLabel('Tags').fill('Shopping List');
    await page.getByRole('button', { name: 'Create todo' }).click();
    const tags = await descriptionOf(page, 'Tags');
    expect(tags.invalid).toBe(true);
    expect(tags.text).toContain('"Shopping": must be a tag');
    expect(sent.filter((request) => request.method() === 'POST')).toHaveLength(0);

    // Two todos through the form.
    await page.getByLabel('Notes').fill('Two litres.');
    await page.getByLabel('Due date').fill('2030-05-01');
    await page.getByLabel('Priority').selectOption('high');
    await page.getByLabel('Tags').fill('shopping, errands');
    await page.getByRole('button', { name: 'Create todo' }).click();
    await page.getByRole('heading', { name: 'Todos' }).waitFor();
    await page.getByRole('link', { name: 'New todo' }).click();
    await page.getByLabel('Title').fill('File taxes');
    await page.getByLabel('Tags').fill('admin');
    await page.getByRole('button', { name: 'Create todo' }).click();
    await page.getByRole('link', { name: 'File taxes' }).waitFor();

    // Newest first; a tag filters.
    await expect.poll(() => listedTitles(page)).toEqual(['File taxes', 'Buy oat milk']);
    expect(await checkScreen(page, 'local', 'todos')).toEqual([]);
    await page.getByRole('link', { name: '#shopping' }).click();
    await page.waitForURL(/\?tag=shopping$/);
    await expect.poll(() => listedTitles(page)).toEqual(['Buy oat milk']);

    // Done with one click, then the done and open filters.
    await page.getByRole('checkbox', { name: 'Done: Buy oat milk' }).check();
    await expect
      .poll(() => page.getByRole('checkbox', { name: 'Done: Buy oat milk' }).isChecked())
      .toBe(true);
    await page.getByLabel('Show').selectOption('open');
    await page.getByText('No todos match these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Show').selectOption('done');
    await page.waitForURL(/\?completed=true$/);
    await expect.poll(() => listedTitles(page)).toEqual(['Buy oat milk']);

    // An edit is a merge patch of the changed field, against the version shown.
    await page.getByLabel('Show').selectOption('all');
    await page.getByRole('link', { name: 'File taxes' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    expect(await checkScreen(page, 'local', 'todo-edit')).toEqual([]);
    await page.getByLabel('Title').fill('File the taxes');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'File the taxes' }).waitFor();
    const patches = sent.filter((request) => request.method() === 'PATCH');
    const edit = patches.at(-1);
    expect(edit?.headers()['content-type']).toBe('application/merge-patch+json');
    expect(edit?.headers()['if-match']).toBe('"1"');
    expect(edit?.postDataJSON()).toEqual({ title: 'File the taxes' });
    const completed = patches[0];
    expect(completed?.postDataJSON()).toEqual({ completed: true });
    expect(completed?.headers()['if-match']).toBe('"1"');
    expect(await checkScreen(page, 'local', 'todo')).toEqual([]);
  });

  it('loads the next page from nextCursor', async () => {
    // Prepare: 25 todos, more than the app's page of 20.
    const page = await signedIn('carol');
    const api = await apiAs(page);
    for (let n = 1; n <= 25; n++) {
      const { response } = await api.POST('/todos', {
        body: { title: `Seeded ${String(n).padStart(2, '0')}` },
      });
      expect(response.status).toBe(201);
    }
    const sent = apiRequests(page);
    await page.reload();
    await page.getByRole('button', { name: 'Load more' }).waitFor();
    const firstPage = await listedTitles(page);

    // Act
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(async () => (await listedTitles(page)).length).toBe(25);

    // Assess: the next 5, oldest last, and no more to load.
    expect(firstPage).toHaveLength(20);
    expect(firstPage[0]).toBe('Seeded 25');
    const all = await listedTitles(page);
    expect(all.slice(0, 20)).toEqual(firstPage);
    expect(all.at(-1)).toBe('Seeded 01');
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    const lists = sent.filter((request) => new URL(request.url()).pathname === '/todos');
    expect(new URL(lists.at(-1)?.url() ?? '').searchParams.get('cursor')).toEqual(expect.any(String));
    expect(new URL(lists[0]?.url() ?? '').searchParams.has('cursor')).toBe(false);
  });

  it('shows a 412 with the server version, and applies or discards only on the user’s word', async () => {
    // Prepare: one todo, open in two browsers of the same user.
    const first = await signedIn('dave');
    const second = await signedIn('dave');
    const api = await apiAs(first);
    const { data: todo } = await api.POST('/todos', { body: { title: 'Plan the trip', notes: 'Flights' } });
    const url = `${app.web.url}/todos/${todo?.id}`;
    await Promise.all([first.goto(url), second.goto(url)]);
    await Promise.all(
      [first, second].map((page) => page.getByRole('heading', { name: 'Plan the trip' }).waitFor()),
    );

    // Act: the first renames it; the second, still on version 1, changes the notes.
    await first.getByRole('button', { name: 'Edit' }).click();
    await first.getByLabel('Title').fill('Plan the summer trip');
    await first.getByRole('button', { name: 'Save changes' }).click();
    await first.getByRole('heading', { name: 'Plan the summer trip' }).waitFor();
    await second.getByRole('button', { name: 'Edit' }).click();
    await second.getByLabel('Notes').fill('Flights and hotel');
    await second.getByRole('button', { name: 'Save changes' }).click();

    // Assess: the comparison, with the server's title and the user's notes; nothing saved yet.
    await second.getByRole('heading', { name: 'This todo changed since you opened it' }).waitFor();
    await second.getByTestId('server-title').waitFor();
    expect(await second.getByTestId('server-title').textContent()).toBe('Plan the summer trip');
    expect(await second.getByTestId('server-notes').textContent()).toBe('Flights');
    expect(await second.getByTestId('mine-notes').textContent()).toBe('Flights and hotel');
    expect(
      (await api.GET('/todos/{todoId}', { params: { path: { todoId: todo?.id ?? '' } } })).data,
    ).toMatchObject({
      title: 'Plan the summer trip',
      notes: 'Flights',
      version: 2,
    });
    expect(await checkScreen(second, 'local', 'todo-conflict')).toEqual([]);

    // Act: apply the change to the current version.
    await second.getByRole('button', { name: 'Apply my change to this version' }).click();
    await second
      .getByRole('heading', { name: 'This todo changed since you opened it' })
      .waitFor({ state: 'detached' });
    expect(await second.locator('.notes').textContent()).toBe('Flights and hotel');
    const applied = await api.GET('/todos/{todoId}', { params: { path: { todoId: todo?.id ?? '' } } });
    expect(applied.data).toMatchObject({
      title: 'Plan the summer trip',
      notes: 'Flights and hotel',
      version: 3,
    });

    // The first browser, now stale, renames again and discards when told.
    await first.getByRole('button', { name: 'Edit' }).click();
    await first.getByLabel('Title').fill('Trip');
    await first.getByRole('button', { name: 'Save changes' }).click();
    await first.getByRole('button', { name: 'Discard my change' }).click();
    await first
      .getByRole('heading', { name: 'This todo changed since you opened it' })
      .waitFor({ state: 'detached' });
    expect(await first.locator('.notes').textContent()).toBe('Flights and hotel');
    expect(await first.getByRole('heading', { level: 1 }).textContent()).toBe('Plan the summer trip');
    const kept = await api.GET('/todos/{todoId}', { params: { path: { todoId: todo?.id ?? '' } } });
    expect(kept.data).toMatchObject({ title: 'Plan the summer trip', version: 3 });
  });

  it('uploads from the browser straight to S3 (preflight and PUT), shows it uploaded, and downloads the same bytes', async () => {
    // Prepare
    const page = await signedIn('erin');
    const api = await apiAs(page);
    const { data: todo } = await api.POST('/todos', { body: { title: 'Keep the receipts' } });
    const preflights = await recordPreflights(page);
    const puts: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') puts.push(request);
    });
    await page.goto(`${app.web.url}/todos/${todo?.id}`);
    const bytes = Buffer.from('A receipt, from the browser.\n'.repeat(2000));

    // A file of a type the contract leaves out, and one over its size: refused before any upload.
    const attach = page.getByLabel('Attach a file');
    await attach.setInputFiles({
      name: 'logo.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg/>'),
    });
    expect((await descriptionOf(page, 'Attach a file')).text).toContain('logo.svg is of type image/svg+xml');
    await attach.setInputFiles({
      name: 'huge.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    expect((await descriptionOf(page, 'Attach a file')).text).toContain('attachments may be at most 10 MiB');
    await page.getByRole('button', { name: 'Upload' }).click();
    expect(puts).toHaveLength(0);

    // Act
    await attach.setInputFiles({ name: 'receipt.txt', mimeType: 'text/plain', buffer: bytes });
    const declared = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/attachments'),
    );
    await page.getByRole('button', { name: 'Upload' }).click();
    const created = (await (await declared).json()) as { attachment: { status: string; size: number } };
    await page.getByText('Uploaded receipt.txt.').waitFor();

    // Assess: the PUT went to S3's origin with the signed headers, after a CORS preflight there.
    const s3 = app.stack.endpoints.s3;
    expect(puts.map((request) => new URL(request.url()).origin)).toEqual([s3]);
    expect(puts[0]?.headers()['content-type']).toBe('text/plain');
    expect(preflights.some((url) => url.startsWith(s3))).toBe(true);
    expect(preflights.some((url) => url.startsWith(app.stack.url))).toBe(true);
    expect(created.attachment).toMatchObject({ status: 'pending', size: bytes.length });
    expect(
      await page.locator('progress').evaluate((bar: HTMLProgressElement) => [bar.value, bar.max]),
    ).toEqual([bytes.length, bytes.length]);
    const row = page.getByRole('listitem').filter({ hasText: 'receipt.txt' });
    await row.getByText('uploaded', { exact: true }).waitFor();
    expect(await checkScreen(page, 'local', 'todo-attachments')).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download receipt.txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('receipt.txt');
    expect(Buffer.compare(await readFile(await download.path()), bytes)).toBe(0);

    // Delete, after a confirmation.
    await page.getByRole('button', { name: 'Delete receipt.txt' }).click();
    expect(await checkScreen(page, 'local', 'attachment-delete-dialog')).toEqual([]);
    await page.getByRole('button', { name: 'Delete attachment' }).click();
    await page.getByText('No attachments.').waitFor();
    const left = await api.GET('/todos/{todoId}/attachments', {
      params: { path: { todoId: todo?.id ?? '' } },
    });
    expect(left.data?.items).toEqual([]);
  });

  it('shows the profile’s problems on their fields (a taken username, an address the API refuses) and takes an email another profile has', async () => {
    // Prepare: frank holds a username, and has an email in his profile.
    const frank = await signedIn('frank');
    const frankApi = await apiAs(frank);
    await frankApi.POST('/users', {
      body: { username: 'frank', firstName: 'Frank', lastName: 'Example', email: 'frank@example.com' },
    });
    const page = await signedIn('grace');
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Create your profile' }).waitFor();
    expect(await checkScreen(page, 'local', 'profile-create')).toEqual([]);
    const fill = async (username: string, email: string) => {
      await page.getByLabel('Username', { exact: true }).fill(username);
      await page.getByLabel('First name').fill('Grace');
      await page.getByLabel('Last name').fill('Hopper');
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Create profile' }).click();
    };

    // Act / Assess: each refusal on its field.
    await fill('frank', 'grace@example.com');
    await expect
      .poll(async () => (await descriptionOf(page, 'Username')).text)
      .toContain('belongs to another user');
    expect((await descriptionOf(page, 'Username')).invalid).toBe(true);
    expect((await descriptionOf(page, 'Email')).invalid).toBe(false);
    expect(await checkScreen(page, 'local', 'profile-errors')).toEqual([]);

    // The app lets this address through; the API's format check does not, and points at the field.
    await fill('grace', 'grace@under_score');
    await expect
      .poll(async () => (await descriptionOf(page, 'Email')).text)
      .toContain('must match format "email"');

    // A profile's email is contact data, not unique: frank's address is no refusal.
    await fill('grace', 'frank@example.com');
    await page.getByRole('button', { name: 'Edit profile' }).waitFor();
    expect(await page.getByText('Hopper').isVisible()).toBe(true);
    expect(await page.getByText('frank@example.com').isVisible()).toBe(true);
    expect(await checkScreen(page, 'local', 'profile')).toEqual([]);

    // An edit: a merge patch of the one changed field, against the version shown: its ETag, unchanged.
    const shown = (await (await apiAs(page)).GET('/users/me')).response.headers.get('ETag');
    const sent = apiRequests(page);
    await page.getByRole('button', { name: 'Edit profile' }).click();
    await page.getByLabel('Bio').fill('Wrote the first compiler.');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Wrote the first compiler.').waitFor();
    const patch = sent.find((request) => request.method() === 'PATCH');
    expect(patch?.postDataJSON()).toEqual({ bio: 'Wrote the first compiler.' });
    expect(shown).toBeTruthy();
    expect(patch?.headers()['if-match']).toBe(shown);
    expect((await patch?.response())?.status()).toBe(200);
    expect(patch?.headers()['content-type']).toBe('application/merge-patch+json');
  });

  it('never shows one user another user’s todos', async () => {
    // Prepare
    const heidi = await signedIn('heidi');
    const { data: todo } = await (await apiAs(heidi)).POST('/todos', { body: { title: 'Heidi’s secret' } });
    const ivan = await signedIn('ivan');

    // Act / Assess
    await ivan.getByText('No todos yet.').waitFor();
    await ivan.goto(`${app.web.url}/todos/${todo?.id}`);
    await ivan.getByRole('heading', { name: 'No such todo' }).waitFor();
    expect(await ivan.getByRole('alert').textContent()).toContain(`No todo ${todo?.id}.`);
    expect(await ivan.getByText('Heidi’s secret').count()).toBe(0);
    expect(await checkScreen(ivan, 'local', 'todo-not-found')).toEqual([]);
    const read = await (await apiAs(ivan)).GET('/todos/{todoId}', {
      params: { path: { todoId: todo?.id ?? '' } },
    });
    expect(read.response.status).toBe(404);
  });

  it('deletes the account: signed out, and the API holds nothing of it', async () => {
    // Prepare: a profile, a todo and an uploaded attachment.
    const page = await signedIn('judy');
    const token = await accessTokenOf(page);
    const sub = subOf(token);
    await seedAccount(await apiAs(page), { sub, todos: 3 });
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Delete account' }).click();
    expect(await checkScreen(page, 'local', 'account-delete-dialog')).toEqual([]);

    // Act
    await page.getByRole('button', { name: 'Delete everything' }).click();

    // Assess: back on the app, signed out and told why; no token left in the tab.
    await page
      .getByText('Your account was deleted. Its todos, files and sign-in go within minutes.')
      .waitFor();
    expect(new URL(page.url()).origin).toBe(app.web.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(
      await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('oidc.user:'))),
    ).toEqual([]);
    // The rest of the erasure follows the answer, through the table's stream.
    await app.stack.tableChangesIdle();
    const api = createSwiftyClient({ baseUrl: app.stack.url, token: await app.stack.issueToken(sub) });
    expect((await api.GET('/users/me/erasure')).data?.status).toBe('complete');
    expect((await api.GET('/todos')).data?.items).toEqual([]);
    expect((await api.GET('/users/me')).response.status).toBe(404);
  });

  it('leads back to sign-in when the API answers 401', async () => {
    // Prepare: the tab still holds a session, but its access token is one the API refuses.
    const page = await signedIn('kim');
    await page.evaluate(() => {
      for (const key of Object.keys(sessionStorage).filter((name) => name.startsWith('oidc.user:'))) {
        const user = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { access_token: string };
        sessionStorage.setItem(key, JSON.stringify({ ...user, access_token: `${user.access_token}x` }));
      }
    });

    // Act
    await page.reload();

    // Assess: signed out here, told why, and one click from signing in again.
    await page.getByText('The API no longer accepts your sign-in (401). Sign in again.').waitFor();
    expect(new URL(page.url()).origin).toBe(app.web.url);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Sign in as').fill('kim');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No todos yet.').waitFor();
  });

  it('works from the keyboard alone: create, complete, and a delete that Escape cancels', async () => {
    const page = await signedIn('lee');
    const focused = () =>
      page.evaluate(
        () =>
          document.activeElement?.textContent ||
          document.activeElement?.getAttribute('aria-label') ||
          document.activeElement?.getAttribute('name'),
      );

    // The skip link comes first, then a new todo from its link.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to content');
    await page.getByRole('link', { name: 'New todo' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New todo' }).waitFor();
    expect(await focused()).toBe('New todo'); // the screen's heading takes focus
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('title');
    await page.keyboard.type('Typed, not clicked');
    await page.keyboard.press('Enter');

    // Done with Space on its box.
    await page.getByRole('checkbox', { name: 'Done: Typed, not clicked' }).focus();
    await page.keyboard.press('Space');
    await expect
      .poll(() => page.getByRole('checkbox', { name: 'Done: Typed, not clicked' }).isChecked())
      .toBe(true);

    // Delete asks first: the harmless choice has focus, Escape cancels, Shift+Tab then Enter confirms.
    await page.getByRole('link', { name: 'Typed, not clicked' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Delete', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Delete this todo?' }).waitFor();
    expect(await focused()).toBe('Cancel');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await focused()).toBe('Delete');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Delete todo');
    await page.keyboard.press('Enter');
    await page.getByText('No todos yet.').waitFor();
  });

  it('the README’s screenshot: a seeded account’s list (npm run screenshots commits it)', async () => {
    const page = await signedIn('sam');
    await seedAccount(await apiAs(page), { sub: subOf(await accessTokenOf(page)), todos: 12 });
    await page.reload();
    await page.getByRole('list', { name: 'Todos, newest first' }).waitFor();

    const written = await updateReadmeScreenshot(page);

    expect(written.bytes).toBeGreaterThan(10_000);
  });
});

/** URLs of the CORS preflights Chromium sends (Playwright's request events do not show them; CDP does). */
async function recordPreflights(page: Page): Promise<string[]> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send('Network.enable');
  const urls: string[] = [];
  session.on('Network.requestWillBeSent', (event) => {
    if (event.request.method === 'OPTIONS' || event.type === 'Preflight') urls.push(event.request.url);
  });
  return urls;
}
