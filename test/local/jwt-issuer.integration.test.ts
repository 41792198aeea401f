/**
 * The local issuer: its key pair is created once under DATA_DIR and reused, the OIDC provider serves
 * its JWKS on loopback, and `npm run --silent token` prints only a token that verifies against that
 * JWKS and names the issuer of the provider last started on the same DATA_DIR.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalIssuer, type IssuerSettings } from '../../local/issuer/local-issuer';
import { type OidcProvider, startOidcProvider } from '../../local/issuer/oidc-provider';
import { PROJECT_ROOT } from '../../paths';

const SETTINGS: IssuerSettings = {
  issuer: 'http://127.0.0.1:3001/us-east-1_local',
  clientId: 'swiftyplanner-local-client',
  apiScopes: ['swiftyplanner/api'],
};
const CLIENT = { clientId: SETTINGS.clientId, callbackUrls: [], logoutUrls: [], allowedScopes: ['openid'] };
let dataDir: string;
let provider: OidcProvider;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-issuer-'));
  provider = await startOidcProvider({
    dataDir,
    userPoolId: 'us-east-1_local',
    client: CLIENT,
    apiScopes: SETTINGS.apiScopes,
  });
});

afterAll(async () => {
  await provider?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('local issuer', () => {
  it('creates its key once under DATA_DIR/jwt and reuses it', async () => {
    // Act
    const concurrent = await Promise.all(
      Array.from({ length: 6 }, () => createLocalIssuer(dataDir, SETTINGS)),
    );
    const later = await createLocalIssuer(dataDir, SETTINGS);

    // Assess: every concurrent caller got the key that was stored (which the later call read back),
    // and no temporary file was left behind
    for (const issuer of concurrent) expect(issuer.kid).toBe(later.kid);
    const stored = JSON.parse(await readFile(join(dataDir, 'jwt', 'signing-key.jwk.json'), 'utf8'));
    expect(stored).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: later.kid });
    expect(await readdir(join(dataDir, 'jwt'))).toEqual(['signing-key.jwk.json']);
    const { mode } = await stat(join(dataDir, 'jwt', 'signing-key.jwk.json'));
    expect(mode & 0o777).toBe(0o600); // the private key: readable by its owner only
    expect(later.jwks.keys[0]).not.toHaveProperty('d');
  });

  it('is served by the provider on loopback and signs Cognito-shaped access tokens valid for an hour', async () => {
    // Act
    const token = await provider.signer.issueToken('alice');
    const { payload, protectedHeader } = await jwtVerify(
      token,
      createRemoteJWKSet(new URL(provider.jwksUri)),
      {
        issuer: provider.issuer,
        algorithms: ['RS256'],
      },
    );

    // Assess
    expect(provider.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/us-east-1_local$/);
    expect(protectedHeader).toEqual({ alg: 'RS256', kid: provider.signer.kid });
    expect(payload).toMatchObject({
      sub: 'alice',
      username: 'alice',
      client_id: SETTINGS.clientId,
      token_use: 'access',
      scope: 'swiftyplanner/api',
    });
    expect(payload).not.toHaveProperty('aud');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });
});

describe('npm run --silent token', () => {
  it('prints only a token for --sub, naming the issuer of the provider started on the same DATA_DIR', async () => {
    // Act
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(PROJECT_ROOT, 'local', 'token.ts'), '--sub', 'carol'],
      { cwd: PROJECT_ROOT, env: { ...process.env, DATA_DIR: dataDir } },
    );

    // Assess: one line, a JWT whose signature the issuer of this DATA_DIR verifies
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const token = stdout.trim();
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(provider.jwksUri)), {
      algorithms: ['RS256'],
    });
    expect(payload).toMatchObject({ sub: 'carol', iss: provider.issuer, client_id: SETTINGS.clientId });
    expect(decodeJwt(token).exp).toBe((decodeJwt(token).iat ?? 0) + 3600);
  });

  it('mints a token with --expires-in seconds (a refresh path to try), and refuses a lifetime that is not one', async () => {
    const run = (...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', join(PROJECT_ROOT, 'local', 'token.ts'), ...args],
        {
          cwd: PROJECT_ROOT,
          env: { ...process.env, DATA_DIR: dataDir },
        },
      );

    const { stdout } = await run('--sub', 'carol', '--expires-in', '60');
    const claims = decodeJwt(stdout.trim());
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
    await expect(run('--expires-in', '')).rejects.toMatchObject({ code: 1, stdout: '' });
    await expect(run('--expires-in', '1.5')).rejects.toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('--expires-in 1.5: give whole seconds, at most 86400'),
    });
  });

  it('refuses a sub the API would refuse (a "#"), saying why, and prints no token', async () => {
    const attempt = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(PROJECT_ROOT, 'local', 'token.ts'), '--sub', 'a#b'],
      { cwd: PROJECT_ROOT, env: { ...process.env, DATA_DIR: dataDir } },
    );
    await expect(attempt).rejects.toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('--sub a#b: a user id may not contain "#".'),
    });
  });
});
