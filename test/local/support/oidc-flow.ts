/**
 * A browser's part of the authorization code flow with PKCE, driven with fetch against a running
 * local OIDC provider (local/issuer/browser-sign-in.ts has the steps `npm run token -- --user` takes
 * too), with each step's answer kept for the tests to look at. Nothing is shortcut: every step is the
 * HTTP request a browser or the app would send.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AuthorizeRequest,
  authorizeUrl,
  type FlowClient,
  newVerifier,
  submitSignIn,
} from '../../../local/issuer/browser-sign-in';
import { type OidcProvider, startOidcProvider } from '../../../local/issuer/oidc-provider';

export {
  type AuthorizeRequest,
  authorizeUrl,
  type FlowClient,
  hiddenFieldsOf,
  newVerifier,
  submitSignIn,
} from '../../../local/issuer/browser-sign-in';

export interface SignedIn {
  code: string;
  state: string | null;
  verifier: string;
  /** Where the provider sent the browser. */
  location: URL;
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

/** The web app's local origin, whose callback the test provider's app client registers. */
const APP = 'http://127.0.0.1:5173';

export interface TestProvider {
  provider: OidcProvider;
  /** The web app's client, for signIn() and exchangeCode(). */
  client: FlowClient;
  /** Stops the provider and removes its DATA_DIR. */
  close(): Promise<void>;
}

/** A local OIDC provider on its own temporary DATA_DIR, with the web app's client, as the stack starts it. */
export async function startTestProvider(userPoolId: string): Promise<TestProvider> {
  const dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-provider-'));
  const provider = await startOidcProvider({
    dataDir,
    userPoolId,
    client: {
      clientId: 'swiftyplanner-local-client',
      callbackUrls: [`${APP}/auth/callback`],
      logoutUrls: [`${APP}/`],
      allowedScopes: ['openid', 'swiftyplanner/api'],
    },
    apiScopes: ['swiftyplanner/api'],
  });
  return {
    provider,
    client: {
      origin: provider.origin,
      clientId: 'swiftyplanner-local-client',
      redirectUri: `${APP}/auth/callback`,
    },
    close: async () => {
      await provider.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
