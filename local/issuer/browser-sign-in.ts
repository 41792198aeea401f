/**
 * A browser's part of the authorization code flow with PKCE against the local provider: the
 * authorize request, the "Sign in as" form post, the redirect back with a code, and the token request
 * the web app (oidc-client-ts) makes. `npm run token -- --user` and `npm run seed -- --user` sign in
 * this way, so their tokens belong to the same user, with the same sub, as the web app's sign-in under
 * that name; the tests drive the provider with the same steps.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { s256ChallengeOf } from './pkce';

export interface FlowClient {
  /** The provider's origin, e.g. http://127.0.0.1:3001. */
  origin: string;
  clientId: string;
  redirectUri: string;
}

export interface AuthorizeRequest {
  scope?: string;
  state?: string;
  nonce?: string;
  /** Overrides or removes (undefined) parameters of the authorize request. */
  params?: Record<string, string | undefined>;
}

export function newVerifier(): string {
  return randomBytes(32).toString('base64url');
}

export function authorizeUrl(client: FlowClient, verifier: string, request: AuthorizeRequest = {}): URL {
  const url = new URL('/oauth2/authorize', client.origin);
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: request.scope ?? 'openid swiftyplanner/api',
    state: request.state ?? randomBytes(8).toString('hex'),
    nonce: request.nonce,
    code_challenge: s256ChallengeOf(verifier),
    code_challenge_method: 'S256',
    ...request.params,
  };
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/** The hidden fields of the sign-in form, read back from the page as a browser would submit them. */
export function hiddenFieldsOf(html: string): Record<string, string> {
  const decodeEntities = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields[decodeEntities(match[1] ?? '')] = decodeEntities(match[2] ?? '');
  return fields;
}

/** GET the authorize URL, then post its form as `username`; the redirect's response. */
export async function submitSignIn(origin: string, url: URL, username: string): Promise<Response> {
  const page = await fetch(url, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`authorize answered ${page.status}: ${await page.text()}`);
  const fields = hiddenFieldsOf(await page.text());
  return fetch(new URL('/oauth2/authorize', origin), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, username }),
  });
}

/** What the web app's `/config.json` names (local/web/web-dev-server.ts serves it). */
interface AppSettings {
  authority: string;
  clientId: string;
  scope: string;
}

export interface SignedInUser {
  accessToken: string;
  sub: string;
}

/**
 * Signs in as `name` the way the web app at `appUrl` does, against the provider and app client its
 * `/config.json` names; the access token carries the scope the app asks for.
 */
export async function signInAs(name: string, appUrl: string): Promise<SignedInUser> {
  const settingsUrl = new URL('/config.json', appUrl);
  const settings = (await fetch(settingsUrl)
    .then((response) => (response.ok ? response.json() : undefined))
    .catch(() => undefined)) as AppSettings | undefined;
  if (!settings?.authority)
    throw new Error(
      `No web app answers at ${appUrl} to tell where to sign in. Start the local stack with npm start ` +
        '(same PORT, WEB_PORT and DATA_DIR), or use --sub for a token that needs no sign-in.',
    );
  const client: FlowClient = {
    origin: new URL(settings.authority).origin,
    clientId: settings.clientId,
    redirectUri: new URL('/auth/callback', appUrl).href,
  };
  const verifier = newVerifier();
  const signedIn = await submitSignIn(
    client.origin,
    authorizeUrl(client, verifier, { scope: settings.scope }),
    name,
  );
  const code = new URL(signedIn.headers.get('location') ?? 'about:blank').searchParams.get('code');
  if (signedIn.status !== 302 || !code) {
    const page = await signedIn.text();
    const reason = /role="alert">([^<]*)</.exec(page)?.[1] ?? page;
    throw new Error(`Signing in as ${JSON.stringify(name)} failed (${signedIn.status}): ${reason}`);
  }
  const response = await fetch(new URL('/oauth2/token', client.origin), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: client.clientId,
      code,
      redirect_uri: client.redirectUri,
      code_verifier: verifier,
    }),
  });
  if (response.status !== 200)
    throw new Error(`The token endpoint answered ${response.status}: ${await response.text()}`);
  const accessToken = ((await response.json()) as { access_token: string }).access_token;
  return { accessToken, sub: String(decodeJwt(accessToken).sub) };
}
