/**
 * `npm run --silent token -- --sub alice`: prints only a bearer token for `alice`, signed by the local
 * issuer with the key under ${DATA_DIR:-.data}/jwt, valid for an hour; a stack started on the same
 * DATA_DIR accepts it. `--id-token` mints a Cognito-style ID token (aud) instead of an access token.
 */
import { parseArgs } from 'node:util';
import { dataDirToken } from './jwt-issuer/data-dir-token';

const usage = 'Usage: npm run --silent token -- --sub <user id> [--id-token]';

try {
  const { values } = parseArgs({
    options: { sub: { type: 'string', default: 'alice' }, 'id-token': { type: 'boolean', default: false } },
  });
  const token = await dataDirToken(values.sub.trim(), values['id-token'] ? 'id' : 'access');
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  process.exit(1);
}
