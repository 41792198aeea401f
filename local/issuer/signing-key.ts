/**
 * The local issuer's RS256 key pair, kept under `$DATA_DIR/jwt/` so tokens survive restarts and
 * `npm run token` signs with the same key as `npm start`. Created on first use with
 * ../stack/exclusive-file.ts, so two processes starting at once agree on one key.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { createExclusively } from '../stack/exclusive-file';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey | Uint8Array;
  /** The public half as published in the JWKS (`kid`, `alg: RS256`, `use: sig`). */
  publicJwk: JWK;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

export async function loadOrCreateSigningKey(directory: string): Promise<SigningKey> {
  const file = join(directory, 'signing-key.jwk.json');
  const stored = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const jwk = stored ? (JSON.parse(stored) as JWK) : await createKeyFile(directory, file);
  return signingKeyOf(jwk);
}

async function createKeyFile(directory: string, file: string): Promise<JWK> {
  await mkdir(directory, { recursive: true });
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const stored: JWK = { ...jwk, kid, alg: 'RS256', use: 'sig' };
  if (await createExclusively(file, `${JSON.stringify(stored, null, 2)}\n`, 0o600)) return stored;
  return JSON.parse(await readFile(file, 'utf8')) as JWK; // another process won the race
}

async function signingKeyOf(jwk: JWK): Promise<SigningKey> {
  if (!jwk.kid || jwk.kty !== 'RSA') {
    throw new Error(
      'The local signing key is not an RSA JWK with a kid. Delete $DATA_DIR/jwt/ to create a new one.',
    );
  }
  const publicJwk: JWK = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete publicJwk[member];
  return { kid: jwk.kid, privateKey: await importJWK(jwk, 'RS256'), publicJwk };
}
