/**
 * `npm run --silent token -- --sub alice`: prints only a bearer token for `alice` (any sub: no
 * sign-in needed), an access token with the scopes the API requires, signed by the local issuer with
 * the key under ${DATA_DIR:-.data}/jwt, valid for an hour; a stack started on the same DATA_DIR
 * accepts it. `--id-token` mints a Cognito-style ID token (aud, no scope) instead, which the API
 * refuses; `--scope openid` an access token with other scopes; `--expires-in 60` one that expires in
 * a minute, so a frontend can try its refresh path.
 *
 * `--user Alice` signs in to the running stack's provider as the web app does ("Sign in as Alice"),
 * so the token is that user's, whose data the app shows; its sub goes to stderr.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { signInAs } from './issuer/browser-sign-in';
import { dataDirToken } from './issuer/data-dir-token';
import { stackRunningOn } from './stack/data-dir-lock';
import { webPortOf } from './web/web-dev-server';

const usage =
  'Usage: npm run --silent token -- [--sub <user id>] [--id-token | --scope "<scopes>"] [--expires-in <seconds>]\n' +
  '       npm run --silent token -- --user <name>   (signs in to the running stack as the web app does)';

/** Whole seconds, at most a day; 0 or less mints a token that has already expired. */
function lifetimeOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(seconds) || seconds > 86_400) {
    throw new Error(`--expires-in ${value}: give whole seconds, at most 86400 (a day).`);
  }
  return seconds;
}

try {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      'id-token': { type: 'boolean', default: false },
      'expires-in': { type: 'string' },
      scope: { type: 'string' },
      user: { type: 'string' },
    },
  });
  if (values.user !== undefined) {
    const given = [
      values.sub !== undefined && '--sub',
      values['id-token'] && '--id-token',
      values['expires-in'] !== undefined && '--expires-in',
      values.scope !== undefined && '--scope',
    ].filter(Boolean);
    if (given.length > 0)
      throw new Error(`--user signs in as the web app does; it takes no ${given.join(', ')}.`);
    const appUrl = `http://127.0.0.1:${webPortOf(process.env)}`;
    const { accessToken, sub } = await signInAs(values.user, appUrl);
    process.stdout.write(`${accessToken}\n`);
    process.stderr.write(`Signed in as ${values.user.trim()}: sub ${sub}\n`);
    process.exit(0);
  }
  if (values['id-token'] && values.scope !== undefined)
    throw new Error('--scope is for access tokens; an ID token carries no scope.');
  const token = await dataDirToken((values.sub ?? 'alice').trim(), {
    tokenUse: values['id-token'] ? 'id' : 'access',
    expiresInSeconds: lifetimeOf(values['expires-in']),
    ...(values.scope !== undefined ? { scope: values.scope } : {}),
  });
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
