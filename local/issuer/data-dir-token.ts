/**
 * A bearer token from the local issuer whose signing key lives under ${DATA_DIR:-.data}/jwt: what a
 * stack started on the same DATA_DIR accepts (npm run token, npm run seed). Its `iss` is the issuer
 * of the last stack started there (./provider-record.ts), or, before any, the one `npm start` will
 * have with the same environment: http://127.0.0.1:${ISSUER_PORT:-PORT+1}/<pool id>.
 */
import { resolve } from 'node:path';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { CONTRACT_PATH } from '../../paths';
import { isUsableSub, MAX_SUB_BYTES } from '../../src/store/keys';
import { httpApiOf } from '../gateway/http-api';
import { localParameters, localValuesOf } from '../stack/local-parameters';
import { createLocalIssuer, issuerSettingsOf } from './local-issuer';
import { recordedIssuer } from './provider-record';

export interface DataDirTokenOptions {
  tokenUse?: 'access' | 'id';
  /** Lifetime; the issuer's hour when absent. Negative mints an expired token (to test a refresh path). */
  expiresInSeconds?: number;
  /** The access token's scopes (space-separated); the ones the API requires when absent. */
  scope?: string;
}

export async function dataDirToken(sub: string, options: DataDirTokenOptions = {}): Promise<string> {
  if (!sub) throw new Error('--sub needs a user id.');
  // The API refuses such a caller (a # would split its table keys): say so here, not with a 401 later.
  if (sub.includes('#')) throw new Error(`--sub ${sub}: a user id may not contain "#".`);
  if (!isUsableSub(sub)) throw new Error(`--sub: a user id may be at most ${MAX_SUB_BYTES} bytes long.`);
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  const providerUrl = await recordedIssuer(dataDir);
  const parameters = localParameters(providerUrl ? { providerUrl } : {});
  const api = httpApiOf(await loadContract(CONTRACT_PATH), localValuesOf(parameters));
  const issuer = await createLocalIssuer(dataDir, issuerSettingsOf(api));
  return issuer.issueToken(sub, {
    tokenUse: options.tokenUse ?? 'access',
    expiresInSeconds: options.expiresInSeconds,
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
  });
}
