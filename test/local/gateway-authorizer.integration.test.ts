/**
 * The JWT authorizer from `x-amazon-apigateway-authorizer`, failure by failure: each refusal is
 * API Gateway's 401 `{"message":"Unauthorized"}` with a www-authenticate challenge, or, for a
 * verified token without the route's scope, its 403 `{"message":"Forbidden"}`; the Lambda never
 * runs. Tokens are real RS256 signatures (or deliberately wrong ones).
 */
import { join } from 'node:path';
import { generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { loadOrCreateSigningKey } from '../../local/issuer/signing-key';
import { type GatewayFixture, startGatewayFixture } from './support/gateway-fixture';

let gateway: GatewayFixture;

beforeAll(async () => {
  gateway = await startGatewayFixture();
});

afterAll(async () => {
  await gateway.close();
});

const now = () => Math.floor(Date.now() / 1000);

/** Claims the local issuer would put in, overridable one by one (`undefined` removes a claim). */
function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const base: Record<string, unknown> = {
    sub: 'alice',
    iss: gateway.issuer.issuer,
    client_id: gateway.issuer.clientId,
    token_use: 'access',
    scope: 'openid swiftyplanner/api',
    iat: now(),
    exp: now() + 3600,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as JWTPayload;
}

/** A token with a genuine signature of the issuer, so only the overridden claims are wrong. */
function signedByIssuer(overrides: Record<string, unknown> = {}): Promise<string> {
  return gateway.signWithIssuerKey(claims(overrides));
}

async function request(authorization?: string, path = '/todos') {
  const calls = gateway.events.length;
  const response = await fetch(`${gateway.url}${path}`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: await response.json(),
    lambdaRan: gateway.events.length > calls,
  };
}

async function foreignKey() {
  return (await generateKeyPair('RS256')).privateKey;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('JWT authorizer', () => {
  it('lets a valid token through and hands the claims to the Lambda as strings', async () => {
    // Act
    const result = await request(`Bearer ${await gateway.token('alice')}`);

    // Assess
    expect(result.status).toBe(200);
    const event = gateway.events.at(-1);
    expect(event?.requestContext.authorizer.jwt.claims.sub).toBe('alice');
    expect(event?.requestContext.authorizer.jwt.claims.exp).toMatch(/^\d+$/);
    expect(event?.requestContext.authorizer.jwt.claims.token_use).toBe('access');
    expect(event?.requestContext.authorizer.jwt.scopes).toEqual(['swiftyplanner/api']);
  });

  it('accepts the token without the Bearer prefix, as API Gateway does', async () => {
    const result = await request(await gateway.token());
    expect(result.status).toBe(200);
  });

  it('reads the scopes from scp when there is no scope claim (a list or a string)', async () => {
    const asList = await request(
      `Bearer ${await signedByIssuer({ scope: undefined, scp: ['swiftyplanner/api'] })}`,
    );
    const asString = await request(
      `Bearer ${await signedByIssuer({ scope: undefined, scp: 'a swiftyplanner/api' })}`,
    );
    expect([asList.status, asString.status]).toEqual([200, 200]);
  });

  const forbidden = {
    status: 403,
    challenge:
      'Bearer scope="swiftyplanner/api" error="insufficient_scope" error_description="the token does not have a scope the route requires"',
    body: { message: 'Forbidden' },
    lambdaRan: false,
  };

  it('refuses an ID token, whose aud is the app client but which carries no scope, with 403', async () => {
    const token = await gateway.issuer.issueToken('alice', { tokenUse: 'id' });
    expect(await request(`Bearer ${token}`)).toEqual(forbidden);
  });

  it('refuses an access token without the route scope with 403', async () => {
    const token = await gateway.issuer.issueToken('alice', { scope: 'openid email' });
    expect(await request(`Bearer ${token}`)).toEqual(forbidden);
    expect(await request(`Bearer ${await signedByIssuer({ scope: undefined })}`)).toEqual(forbidden);
  });

  // API Gateway "validates client_id only if aud is not present. When both aud and client_id are
  // present, API Gateway evaluates aud" (developer guide, "Troubleshooting issues with HTTP API JWT
  // authorizers"); the refusals below hold the other side: a wrong aud with the right client_id.
  it('accepts the right aud with a wrong client_id: aud wins', async () => {
    const token = await signedByIssuer({ aud: gateway.issuer.clientId, client_id: 'another-client' });
    const result = await request(`Bearer ${token}`);
    expect(result).toMatchObject({ status: 200, lambdaRan: true });
  });

  it('lets routes with security: [] through without a token', async () => {
    const result = await request(undefined, '/health');
    expect(result).toMatchObject({ status: 200, lambdaRan: true });
    expect(gateway.events.at(-1)?.requestContext).not.toHaveProperty('authorizer');
  });

  it('refuses a request without a token with a bare Bearer challenge', async () => {
    const result = await request();
    expect(result).toEqual({
      status: 401,
      challenge: 'Bearer',
      body: { message: 'Unauthorized' },
      lambdaRan: false,
    });
  });

  it('refuses an empty Bearer header like a missing one', async () => {
    const result = await request('Bearer ');
    expect(result).toMatchObject({ status: 401, challenge: 'Bearer', lambdaRan: false });
  });

  const refusals: [string, () => Promise<string>, string][] = [
    ['a malformed token', async () => 'not.a.jwt', 'the token is malformed'],
    [
      'a bad signature (right kid, another key)',
      async () =>
        new SignJWT(claims())
          .setProtectedHeader({ alg: 'RS256', kid: gateway.issuer.kid })
          .sign(await foreignKey()),
      'the token signature is invalid',
    ],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await gateway.token('alice')).split('.');
        return `${header}.${base64url(claims({ sub: 'mallory' }))}.${signature}`;
      },
      'the token signature is invalid',
    ],
    [
      "no kid, although the issuer's JWKS has a single key",
      async () =>
        new SignJWT(claims())
          .setProtectedHeader({ alg: 'RS256' })
          .sign((await loadOrCreateSigningKey(join(gateway.dataDir, 'jwt'))).privateKey),
      'the token has no kid naming a key of the issuer',
    ],
    [
      'an unknown kid',
      async () =>
        new SignJWT(claims())
          .setProtectedHeader({ alg: 'RS256', kid: 'someone-else' })
          .sign(await foreignKey()),
      'the token kid does not match any key of the issuer',
    ],
    [
      'a wrong issuer',
      () => signedByIssuer({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other' }),
      'the token does not have a valid issuer',
    ],
    [
      'a wrong aud, even with the right client_id (aud wins)',
      () => signedByIssuer({ aud: 'another-client' }),
      'the token does not have a valid audience',
    ],
    [
      'a wrong client_id and no aud',
      () => signedByIssuer({ client_id: 'another-client' }),
      'the token does not have a valid audience',
    ],
    ['an expired token', () => signedByIssuer({ exp: now() - 60 }), 'the token has expired'],
    ['a token not valid yet (nbf)', () => signedByIssuer({ nbf: now() + 600 }), 'the token is not valid yet'],
    [
      'a token issued in the future (iat)',
      () => signedByIssuer({ iat: now() + 600 }),
      'the token was issued in the future',
    ],
    ['a token without exp', () => signedByIssuer({ exp: undefined }), 'the token has no expiry'],
    [
      'alg: none',
      async () => `${base64url({ alg: 'none', kid: gateway.issuer.kid })}.${base64url(claims())}.`,
      'signing method is invalid: only RS256 is accepted',
    ],
    [
      'HS256 (even keyed with the public key)',
      async () =>
        new SignJWT(claims())
          .setProtectedHeader({ alg: 'HS256', kid: gateway.issuer.kid })
          .sign(new TextEncoder().encode(JSON.stringify(gateway.issuer.jwks.keys[0]))),
      'signing method is invalid: only RS256 is accepted',
    ],
  ];

  it.each(refusals)('refuses %s with 401 and says why', async (_case, makeToken, description) => {
    // Act
    const result = await request(`Bearer ${await makeToken()}`);

    // Assess
    expect(result).toEqual({
      status: 401,
      challenge: `Bearer scope="" error="invalid_token" error_description="${description}"`,
      body: { message: 'Unauthorized' },
      lambdaRan: false,
    });
  });

  it('refuses a token it accepted before once that token has expired (verified tokens are remembered, clocks are not)', async () => {
    // Prepare: the clock stands still until the test moves it (only Date is faked: the servers and
    // fetch keep their real timers); a token valid for two more seconds, accepted once (and so remembered).
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const token = await signedByIssuer({ exp: now() + 2 });
    const first = await request(`Bearer ${token}`);

    // Act: one second later, then three.
    vi.setSystemTime(Date.now() + 1000);
    const stillValid = await request(`Bearer ${token}`);
    vi.setSystemTime(Date.now() + 2000);
    const later = await request(`Bearer ${token}`);

    // Assess
    expect(first.status).toBe(200);
    expect(stillValid.status).toBe(200);
    expect(later).toMatchObject({ status: 401, lambdaRan: false });
    expect(later.challenge).toContain('the token has expired');
  });
});
