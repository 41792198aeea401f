/**
 * `npm run --silent token -- --sub alice`: prints only a bearer token for `alice`, signed by the local
 * issuer with the key under ${DATA_DIR:-.data}/jwt, valid for an hour; a stack started on the same
 * DATA_DIR accepts it. `--id-token` mints a Cognito-style ID token (aud) instead of an access token.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stackRunningOn } from './data-dir-lock';
import { dataDirToken } from './jwt-issuer/data-dir-token';

const usage = 'Usage: npm run --silent token -- --sub <user id> [--id-token]';

try {
  const { values } = parseArgs({
    options: { sub: { type: 'string', default: 'alice' }, 'id-token': { type: 'boolean', default: false } },
  });
  const token = await dataDirToken(values.sub.trim(), values['id-token'] ? 'id' : 'access');
  process.stdout.write(`${token}\n`);
  // The token is signed with this DATA_DIR's key: say so when no stack uses it (stderr, so $(...) still works).
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  if (!(await stackRunningOn(dataDir)))
    process.stderr.write(
      `No local stack is running on DATA_DIR ${dataDir}: only a stack started on it accepts this token. ` +
        'For a running one, use the DATA_DIR it was started with (npm start prints the command).\n',
    );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  process.exit(1);
}
