/**
 * `npm run --silent token -- --sub alice`: prints only a bearer token for `alice`, signed by the local
 * issuer with the key under ${DATA_DIR:-.data}/jwt, valid for an hour; a stack started on the same
 * DATA_DIR accepts it. `--id-token` mints a Cognito-style ID token (aud) instead of an access token.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadContract } from '../contract/load-contract';
import { isUsableSub } from '../store/keys';
import { httpApiOf } from './gateway/http-api';
import { createLocalIssuer, issuerSettingsOf } from './jwt-issuer/local-issuer';
import { localParameters, localValuesOf } from './local-parameters';
import { CONTRACT_PATH } from './project-paths';

const usage = 'Usage: npm run --silent token -- --sub <user id> [--id-token]';

try {
  const { values } = parseArgs({
    options: { sub: { type: 'string', default: 'alice' }, 'id-token': { type: 'boolean', default: false } },
  });
  const sub = values.sub.trim();
  if (!sub) throw new Error(`--sub needs a user id.\n${usage}`);
  // The API refuses such a caller (a # would split its table keys): say so here, not with a 401 later.
  if (!isUsableSub(sub)) throw new Error(`--sub ${sub}: a user id may not contain "#".`);
  const api = httpApiOf(await loadContract(CONTRACT_PATH), localValuesOf(localParameters()));
  const issuer = await createLocalIssuer(resolve(process.env.DATA_DIR ?? '.data'), issuerSettingsOf(api));
  const token = await issuer.issueToken(sub, { tokenUse: values['id-token'] ? 'id' : 'access' });
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  process.exit(1);
}
