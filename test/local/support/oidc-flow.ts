/**
 * A browser's part of the authorization code flow with PKCE, driven with fetch against a running
 * local OIDC provider: the authorize request, the "Sign in as" form post, the redirect back with a
 * code, and the token requests an app (oidc-client-ts) makes. Nothing is shortcut: every step is
 * the HTTP request a browser or the app would send.
 */
import { randomBytes } from 'node:crypto';
import { s256ChallengeOf } from '../../../local/issuer/pkce';

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

export interface SignedIn {
  code: string;
  state: string | null;
  verifier: string;
  /** Where the provider sent the browser. */
  location: URL;
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
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    const decodeEntities = (text: string) =>
      text
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    fields[decodeEntities(match[1] ?? '')] = decodeEntities(match[2] ?? '');
  }
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

/** The whole browser part: sign in as `username` and come back to the app with a code. */
export async function signIn(
  client: FlowClient,
  username: string,
  request: AuthorizeRequest = {},
): Promise<SignedIn> {
  const verifier = newVerifier();
  const response = await submitSignIn(client.origin, authorizeUrl(client, verifier, request), username);
  const location = new URL(response.headers.get('location') ?? 'about:blank');
  const code = location.searchParams.get('code');
  if (response.status !== 302 || !code)
    throw new Error(`sign-in answered ${response.status} to ${location}: ${await response.text()}`);
  return { code, state: location.searchParams.get('state'), verifier, location };
}

export async function tokenRequest(origin: string, form: Record<string, string>): Promise<Response> {
  return fetch(new URL('/oauth2/token', origin), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

export interface Tokens {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
}

export async function exchangeCode(client: FlowClient, signedIn: SignedIn): Promise<Tokens> {
  const response = await tokenRequest(client.origin, {
    grant_type: 'authorization_code',
    client_id: client.clientId,
    code: signedIn.code,
    redirect_uri: client.redirectUri,
    code_verifier: signedIn.verifier,
  });
  if (response.status !== 200)
    throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Tokens;
}
