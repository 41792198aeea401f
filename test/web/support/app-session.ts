/**
 * Signing in to the app as a person does: the app's "Sign in" button, the local provider's "Sign in
 * as" page, and back to the app through its /auth/callback.
 */
import type { Page } from 'playwright-core';

export async function signIn(page: Page, appUrl: string, username: string): Promise<void> {
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Sign in as').fill(username);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The access token the app holds for the signed-in user (sessionStorage, where oidc-client-ts keeps it). */
export async function accessTokenOf(page: Page): Promise<string> {
  const token = await page.evaluate(() => {
    for (let index = 0; index < sessionStorage.length; index++) {
      const key = sessionStorage.key(index) ?? '';
      if (key.startsWith('oidc.user:'))
        return (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { access_token?: string }).access_token;
    }
    return undefined;
  });
  if (!token) throw new Error('The app holds no access token: is the page signed in?');
  return token;
}

/** The `sub` of a JWT (not verified: the API does that). */
export function subOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sub?: string;
  };
  if (!payload.sub) throw new Error('The token has no sub');
  return payload.sub;
}

/**
 * The text that describes a form field to a screen reader (its hint and its error), by the field's
 * label: where the tests look for an error "shown next to its field".
 */
export async function descriptionOf(page: Page, label: string): Promise<{ invalid: boolean; text: string }> {
  return page.getByLabel(label, { exact: true }).evaluate((input) => {
    const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const text = ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    return { invalid: input.getAttribute('aria-invalid') === 'true', text };
  });
}
