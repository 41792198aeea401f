/**
 * The built web app in Chromium as the stage's distribution serves it (the template's routes function
 * and headers, the deploy's Content-Types and config.json), against the local stack. The stage's
 * Content-Security-Policy, resolved from the template, has each deployed origin swapped for its local
 * counterpart (the API, the issuer, managed login's token endpoint, the attachments bucket): the app must
 * sign in, call the API, upload and sign out without one refusal, and the policy must be enforced.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appConfigOf } from '../../infra/deploy/app-config';
import { loadTemplate } from '../../infra/template/template';
import { freePort } from '../../local/stack/free-port';
import { type LocalStack, startLocalStack } from '../../local/stack/local-stack';
import { signIn } from '../web/support/app-session';
import { buildWebApp } from '../web/support/build-app';
import { launchChromium } from '../web/support/chromium';
import { type AppDistribution, serveAsDistribution } from './support/app-distribution';
import { STAGE_RESOURCES, stageCsp, stageOutput } from './support/deployed-stage';

let workDir: string;
let stack: LocalStack;
let app: AppDistribution;
let browser: Browser;
let localCsp: string;

/** The deployed origins of the stage's CSP, and what stands for each on loopback. */
let swaps: [deployed: string, local: string][];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-app-hosting-'));
  const distDir = join(workDir, 'dist');
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  [stack, browser] = await Promise.all([
    startLocalStack({
      dataDir: join(workDir, 'data'),
      parameters: { appUrls: [appUrl] },
      log: () => undefined,
    }),
    launchChromium(),
    buildWebApp(distDir),
  ]);
  const issuer = stack.endpoints.issuer;
  // The local provider serves discovery under the issuer and the token endpoint at its root, as
  // Cognito splits them between the user pool's issuer and managed login.
  swaps = [
    [STAGE_RESOURCES['Api.ApiEndpoint'], new URL(stack.url).origin],
    [`${stageOutput('AuthAuthority')}/`, `${issuer}/`],
    [stageOutput('AuthDomainUrl'), new URL(issuer).origin],
    [`https://${STAGE_RESOURCES.Bucket}.s3.eu-west-1.amazonaws.com`, new URL(stack.endpoints.s3).origin],
  ];
  localCsp = swaps.reduce((csp, [deployed, local]) => csp.replace(` ${deployed}`, ` ${local}`), stageCsp());
  // config.json as the deploy writes it, from outputs that name the local stack.
  const config = appConfigOf({
    ApiUrl: stack.url,
    AuthAuthority: issuer,
    UserPoolClientId: stack.webAppConfig.clientId,
    ApiScope: stack.webAppConfig.scope.replace(/^openid /, ''),
    AuthDomainUrl: new URL(issuer).origin,
  });
  app = await serveAsDistribution({
    template: loadTemplate(),
    distDir,
    config,
    csp: localCsp,
    port: appPort,
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await stack?.stop();
  await rm(workDir, { recursive: true, force: true });
}, 60_000);

/** A fresh page whose Content-Security-Policy refusals are collected (the console and the DOM event). */
async function watchedPage(): Promise<{ page: Page; refusals: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const refusals: string[] = [];
  await page.exposeFunction('reportRefusal', (text: string) => refusals.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportRefusal: (text: string) => void }).reportRefusal(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return { page, refusals };
}

describe("the web app under the stage's headers, in Chromium", () => {
  it('names every deployed origin the policy swaps for a local one', () => {
    for (const [deployed] of swaps) expect(stageCsp()).toContain(` ${deployed}`);
    expect(localCsp).not.toContain('amazonaws.com');
    expect(localCsp).not.toContain('amazoncognito.com');
  });

  it('signs in, creates a todo, uploads an attachment and signs out, without one refusal; a fetch elsewhere is refused', async () => {
    // Prepare
    const { page, refusals } = await watchedPage();

    // Act: a shared link to a client-side route first, through the routes function.
    const first = await page.goto(`${app.url}/todos/01J9ZK3Y6Q8W2V4T5R7P9N1M3K`);
    await signIn(page, app.url, 'hana');
    await page.getByRole('link', { name: 'New todo' }).click();
    await page.getByLabel('Title').fill('Check the headers');
    await page.getByRole('button', { name: 'Create todo' }).click();
    await page.getByRole('link', { name: 'Check the headers' }).click();
    await page
      .getByLabel('Attach a file')
      .setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('under the CSP\n') });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: 'note.txt' })
      .getByText('uploaded', { exact: true })
      .waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const clean = [...refusals];
    await page.evaluate(() => fetch('https://example.com/').catch(() => undefined));
    await expect.poll(() => refusals.length).toBeGreaterThan(clean.length);

    // Assess
    expect(clean).toEqual([]);
    expect(refusals).toEqual(['connect-src https://example.com/']);
    expect(first?.status()).toBe(200);
    expect(first?.headers()).toMatchObject({
      'content-security-policy': localCsp,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cache-control': 'no-cache',
    });
    await page.context().close();
  });

  it("refuses the code exchange without managed login's origin: the token endpoint is not under the issuer", async () => {
    // Prepare
    const managedLogin = swaps[2]?.[1] ?? '';
    app.csp = localCsp.replace(` ${managedLogin} `, ' ');
    expect(app.csp).not.toBe(localCsp);
    const { page, refusals } = await watchedPage();

    try {
      // Act
      await page.goto(app.url);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Sign in as').fill('ines');
      await page.getByRole('button', { name: 'Sign in' }).click();

      // Assess: discovery under the issuer went through; the token request did not.
      await expect.poll(() => refusals).toContain(`connect-src ${managedLogin}/oauth2/token`);
      expect(refusals.filter((r) => r.includes('.well-known'))).toEqual([]);
    } finally {
      app.csp = localCsp;
      await page.context().close();
    }
  });
});
