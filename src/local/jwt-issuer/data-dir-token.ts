/**
 * A bearer token from the local issuer whose signing key lives under ${DATA_DIR:-.data}/jwt: what a
 * stack started on the same DATA_DIR accepts (npm run token, npm run seed).
 */
import { resolve } from 'node:path';
import { loadContract } from '../../contract/load-contract';
import { isUsableSub } from '../../store/keys';
import { httpApiOf } from '../gateway/http-api';
import { localParameters, localValuesOf } from '../local-parameters';
import { CONTRACT_PATH } from '../project-paths';
import { createLocalIssuer, issuerSettingsOf } from './local-issuer';

export async function dataDirToken(sub: string, tokenUse: 'access' | 'id' = 'access'): Promise<string> {
  if (!sub) throw new Error('--sub needs a user id.');
  // The API refuses such a caller (a # would split its table keys): say so here, not with a 401 later.
  if (!isUsableSub(sub)) throw new Error(`--sub ${sub}: a user id may not contain "#".`);
  const api = httpApiOf(await loadContract(CONTRACT_PATH), localValuesOf(localParameters()));
  const issuer = await createLocalIssuer(resolve(process.env.DATA_DIR ?? '.data'), issuerSettingsOf(api));
  return issuer.issueToken(sub, { tokenUse });
}
