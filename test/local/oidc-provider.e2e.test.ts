/**
 * The local OpenID Connect provider through real HTTP: discovery and JWKS as a browser app reads
 * them (CORS), the authorization code flow with PKCE from the "Sign in as" form to an API call
 * through the local gateway, and every check an authorization server owes: exact redirect URIs,
 * S256 verifiers, single-use short-lived codes, refresh tokens, sign-out redirects. Real RS256
 * signatures, verified against the provider's own JWKS.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { type OidcProvider, startOidcProvider } from '../../local/issuer/oidc-provider';
import { type GatewayFixture, startGatewayFixture } from './support/gateway-fixture';
import {
  authorizeUrl,
  exchangeCode,
  type FlowClient,
  newVerifier,
  signIn,
  submitSignIn,
  tokenRequest,
} from './support/oidc-flow';

let gateway: GatewayFixture;
let provider: OidcProvider;
let client: FlowClient;
const APP_ORIGIN = 'http://127.0.0.1:5173';

beforeAll(async () => {
  gateway = await startGatewayFixture({ parameters: { appUrls: [APP_ORIGIN] } });
  provider = gateway.provider;
  client = {
    origin: provider.origin,
    clientId: provider.client.clientId,
    redirectUri: `${APP_ORIGIN}/auth/callback`,
  };
});

afterAll(async () => {
  await gateway?.close();
});

const jwks = () => createRemoteJWKSet(new URL(provider.jwksUri));

describe('discovery and keys', () => {
  it('publishes a discovery document whose issuer is its own URL, and answers any origin on discovery, JWKS and token', async () => {
    // Act
    const response = await fetch(`${provider.issuer}/.well-known/openid-configuration`, {
      headers: { origin: APP_ORIGIN },
    });
    const discovery = await response.json();
    const keys = await fetch(discovery.jwks_uri, { headers: { origin: APP_ORIGIN } });
    const preflight = await fetch(discovery.token_endpoint, {
      method: 'OPTIONS',
      headers: {
        origin: APP_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

    // Assess
    expect(discovery).toMatchObject({
      issuer: provider.issuer,
      authorization_endpoint: `${provider.origin}/oauth2/authorize`,
      token_endpoint: `${provider.origin}/oauth2/token`,
      end_session_endpoint: `${provider.origin}/logout`,
      jwks_uri: `${provider.issuer}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(keys.headers.get('access-control-allow-origin')).toBe('*');
    expect((await keys.json()).keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: provider.signer.kid });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('the authorization code flow with PKCE', () => {
  it('signs in through the form, returns state, and issues Cognito-shaped tokens the API accepts', async () => {
    // Act: the browser's part, then the app's token request, then an API call
    const signedIn = await signIn(client, 'Ada', { state: 'st-1', nonce: 'n-0S6_WzA2Mj' });
    const tokens = await exchangeCode(client, signedIn);
    const api = await fetch(`${gateway.url}/todos`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });

    // Assess
    expect(`${signedIn.location.origin}${signedIn.location.pathname}`).toBe(client.redirectUri);
    expect(signedIn.state).toBe('st-1');
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const access = (await jwtVerify(tokens.access_token, jwks(), { issuer: provider.issuer })).payload;
    const id = (
      await jwtVerify(tokens.id_token ?? '', jwks(), { issuer: provider.issuer, audience: client.clientId })
    ).payload;
    expect(access.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(access).toMatchObject({
      client_id: client.clientId,
      token_use: 'access',
      scope: 'openid swiftyplanner/api',
      username: access.sub,
    });
    expect(access).not.toHaveProperty('aud');
    expect(id).toMatchObject({
      sub: access.sub,
      token_use: 'id',
      'cognito:username': access.sub,
      preferred_username: 'Ada',
      nonce: 'n-0S6_WzA2Mj',
      origin_jti: access.origin_jti,
    });
    expect(id).not.toHaveProperty('scope');
    expect(api.status).toBe(200);
    expect(gateway.events.at(-1)?.requestContext.authorizer.jwt.claims.sub).toBe(access.sub);
  });

  it("keeps the sign-in's ID token, and an access token without the API's scope, out of the API (403)", async () => {
    const full = await exchangeCode(client, await signIn(client, 'ada'));
    const narrow = await exchangeCode(client, await signIn(client, 'ada', { scope: 'openid email' }));
    const call = (token: string) =>
      fetch(`${gateway.url}/todos`, { headers: { authorization: `Bearer ${token}` } });

    expect((await call(full.id_token ?? '')).status).toBe(403);
    expect((await call(narrow.access_token)).status).toBe(403);
    expect((await call(full.access_token)).status).toBe(200);
  });

  it('keeps one sub per user name (case-insensitive), another for another name', async () => {
    const subOf = async (name: string) =>
      decodeJwt((await exchangeCode(client, await signIn(client, name))).access_token).sub;

    const first = await subOf('grace');
    expect(await subOf('GRACE')).toBe(first);
    expect(await subOf('  grace ')).toBe(first);
    expect(await subOf('hopper')).not.toBe(first);
  });

  it('leaves out the ID token when openid was not asked for, and refuses a scope the client may not have', async () => {
    const tokens = await exchangeCode(client, await signIn(client, 'ada', { scope: 'email' }));
    expect(tokens.id_token).toBeUndefined();
    expect(decodeJwt(tokens.access_token).scope).toBe('email');

    const direct = await fetch(authorizeUrl(client, newVerifier(), { scope: 'openid admin', state: 's' }), {
      redirect: 'manual',
    });
    const location = new URL(direct.headers.get('location') ?? 'about:blank');
    expect(direct.status).toBe(302);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: 'invalid_scope', state: 's' });
  });
});

describe('what the authorize endpoint refuses', () => {
  const verifier = newVerifier();

  it.each([
    ['an unregistered redirect_uri', { redirect_uri: 'http://127.0.0.1:5173/elsewhere' }, 'not one of'],
    [
      'a redirect_uri that only starts like a registered one',
      { redirect_uri: `${APP_ORIGIN}/auth/callback/x` },
      'not one of',
    ],
    ['another origin', { redirect_uri: 'https://attacker.example/auth/callback' }, 'not one of'],
    ['an unknown client_id', { client_id: 'someone-else' }, 'not an app client'],
    ['no client_id', { client_id: undefined }, 'no client_id'],
  ])('shows an error page, never a redirect, for %s', async (_case, params, message) => {
    const response = await fetch(authorizeUrl(client, verifier, { params }), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain(message);
  });

  it.each([
    ['no code_challenge', { code_challenge: undefined }, 'invalid_request'],
    ['the plain method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['no method (plain by default)', { code_challenge_method: undefined }, 'invalid_request'],
    ['a challenge that is no S256 digest', { code_challenge: 'short' }, 'invalid_request'],
    ['the implicit flow', { response_type: 'token' }, 'unsupported_response_type'],
    ['prompt=none (no session to reuse)', { prompt: 'none' }, 'login_required'],
  ])('sends the app an error for %s, with its state', async (_case, params, error) => {
    const response = await fetch(authorizeUrl(client, verifier, { state: 'keep-me', params }), {
      redirect: 'manual',
    });
    const location = new URL(response.headers.get('location') ?? 'about:blank');
    expect(response.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(client.redirectUri);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('keep-me');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('shows the form again with the problem next to the field for an empty user name', async () => {
    const response = await submitSignIn(client.origin, authorizeUrl(client, verifier), '   ');
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain('<label for="username">');
    expect(html).toMatch(/<p id="username-error" class="error" role="alert">Enter a user name\.<\/p>/);
    expect(html).toContain('aria-invalid="true"');
  });

  it('escapes what it echoes into the form', async () => {
    const page = await fetch(authorizeUrl(client, verifier, { state: '"><script>alert(1)</script>' }));
    const html = await page.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('the token endpoint', () => {
  const exchange = (signedIn: { code: string; verifier: string }, overrides: Record<string, string> = {}) =>
    tokenRequest(client.origin, {
      grant_type: 'authorization_code',
      client_id: client.clientId,
      code: signedIn.code,
      redirect_uri: client.redirectUri,
      code_verifier: signedIn.verifier,
      ...overrides,
    });

  it.each([
    ['a verifier that is not the sign-in one', () => ({ code_verifier: newVerifier() })],
    ['another redirect_uri than the sign-in one', () => ({ redirect_uri: `${APP_ORIGIN}/` })],
    ['an unknown code', () => ({ code: 'no-such-code' })],
  ])('refuses %s with invalid_grant', async (_case, overrides) => {
    const signedIn = await signIn(client, 'ada');
    const response = await exchange(signedIn, overrides());
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('redeems a code once; a second redemption fails and ends the refresh token the first one issued', async () => {
    // Prepare
    const signedIn = await signIn(client, 'ada');
    const first = await exchangeCode(client, signedIn);

    // Act
    const second = await exchange(signedIn);
    const refreshed = await tokenRequest(client.origin, {
      grant_type: 'refresh_token',
      client_id: client.clientId,
      refresh_token: first.refresh_token ?? '',
    });

    // Assess
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code that waited longer than its lifetime', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-oidc-'));
    const quick = await startOidcProvider({
      dataDir,
      userPoolId: 'us-east-1_local',
      client: provider.client,
      apiScopes: [],
      codeLifetimeMs: 200,
    });
    try {
      const quickClient = { ...client, origin: quick.origin };
      // The provider's clock (Date) moves only when the test moves it: past the code's lifetime.
      vi.useFakeTimers({ toFake: ['Date'] });
      onTestFinished(() => {
        vi.useRealTimers();
      });
      const signedIn = await signIn(quickClient, 'ada');
      vi.setSystemTime(Date.now() + 400);
      const response = await tokenRequest(quick.origin, {
        grant_type: 'authorization_code',
        client_id: client.clientId,
        code: signedIn.code,
        redirect_uri: client.redirectUri,
        code_verifier: signedIn.verifier,
      });
      expect(await response.json()).toMatchObject({
        error: 'invalid_grant',
        error_description: expect.stringContaining('expired'),
      });
    } finally {
      await quick.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refreshes: new access and ID tokens for the same user and sign-in time, the refresh token kept', async () => {
    const tokens = await exchangeCode(client, await signIn(client, 'lin'));
    const response = await tokenRequest(client.origin, {
      grant_type: 'refresh_token',
      client_id: client.clientId,
      refresh_token: tokens.refresh_token ?? '',
    });
    const refreshed = await response.json();

    expect(response.status).toBe(200);
    expect(refreshed.refresh_token).toBeUndefined();
    const before = decodeJwt(tokens.access_token);
    const after = (await jwtVerify(refreshed.access_token, jwks(), { issuer: provider.issuer })).payload;
    expect(after).toMatchObject({
      sub: before.sub,
      auth_time: before.auth_time,
      origin_jti: before.origin_jti,
    });
    expect(after.jti).not.toBe(before.jti);
    expect(decodeJwt(refreshed.id_token).sub).toBe(before.sub);
  });

  it.each([
    [{ grant_type: 'refresh_token', refresh_token: 'made-up' }, 400, 'invalid_grant'],
    [{ grant_type: 'password', username: 'a', password: 'b' }, 400, 'unsupported_grant_type'],
    [{ grant_type: 'authorization_code' }, 400, 'invalid_request'],
    [{ grant_type: 'refresh_token', refresh_token: 'x', client_id: 'other' }, 400, 'invalid_client'],
  ])('answers %j with %i %s', async (form, status, error) => {
    const response = await tokenRequest(client.origin, { client_id: client.clientId, ...form });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error });
  });
});

describe('sign-out', () => {
  const logout = (params: Record<string, string>) =>
    fetch(`${provider.origin}/logout?${new URLSearchParams(params)}`, { redirect: 'manual' });

  it("redirects to a registered sign-out URL, given Cognito's logout_uri or OIDC's post_logout_redirect_uri, with the state", async () => {
    const cognito = await logout({ client_id: client.clientId, logout_uri: `${APP_ORIGIN}/` });
    const oidc = await logout({
      client_id: client.clientId,
      post_logout_redirect_uri: `${APP_ORIGIN}/`,
      state: 'bye',
    });

    expect(cognito.status).toBe(302);
    expect(cognito.headers.get('location')).toBe(`${APP_ORIGIN}/`);
    expect(oidc.status).toBe(302);
    expect(oidc.headers.get('location')).toBe(`${APP_ORIGIN}/?state=bye`);
  });

  it.each([
    [{ client_id: 'swiftyplanner-local-client', logout_uri: 'https://attacker.example/' }, 'not one of'],
    [{ client_id: 'swiftyplanner-local-client', logout_uri: `${APP_ORIGIN}/auth/callback` }, 'not one of'],
    [{ logout_uri: `${APP_ORIGIN}/` }, 'needs client_id'],
  ])('refuses %j with an error page, never a redirect', async (params, message) => {
    const response = await logout(params);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain(message);
  });
});

describe('identities across restarts', () => {
  it('keeps users and refresh tokens in DATA_DIR: the same name signs in as the same sub after a restart', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-oidc-'));
    const options = { dataDir, userPoolId: 'us-east-1_local', client: provider.client, apiScopes: [] };
    let running = await startOidcProvider(options);
    try {
      const before = await exchangeCode(
        { ...client, origin: running.origin },
        await signIn({ ...client, origin: running.origin }, 'kim'),
      );
      await running.close();

      // Act
      running = await startOidcProvider(options);
      const again = decodeJwt(
        (
          await exchangeCode(
            { ...client, origin: running.origin },
            await signIn({ ...client, origin: running.origin }, 'kim'),
          )
        ).access_token,
      );
      const refreshed = await tokenRequest(running.origin, {
        grant_type: 'refresh_token',
        client_id: client.clientId,
        refresh_token: before.refresh_token ?? '',
      });

      // Assess
      expect(again.sub).toBe(decodeJwt(before.access_token).sub);
      expect(refreshed.status).toBe(200);
      const stored = JSON.parse(await readFile(join(dataDir, 'issuer', 'users.json'), 'utf8'));
      expect(stored.users).toEqual([expect.objectContaining({ signInName: 'kim', sub: again.sub })]);
      expect(JSON.stringify(stored)).not.toContain(before.refresh_token); // only its hash is kept
    } finally {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
