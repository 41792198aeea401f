/**
 * `npm run seed -- --user Alice`: demo data for one user (./seed-account.ts), through the running API:
 * the local stack by default, as the user the web app signs in as Alice (./issuer/browser-sign-in.ts);
 * `--sub alice` with a token minted for that sub (no sign-in; the app cannot sign in as it); any stage
 * with --api-url and --token.
 */
import { parseArgs } from 'node:util';
import { createSwiftyClient } from '../src/client';
import { signInAs } from './issuer/browser-sign-in';
import { dataDirToken } from './issuer/data-dir-token';
import { seedAccount } from './seed-account';
import { webPortOf } from './web/web-dev-server';

const usage =
  'Usage: npm run seed -- [--user Alice | --sub alice] [--todos 30] [--api-url http://127.0.0.1:3000 --token <bearer token>]';

try {
  const { values } = parseArgs({
    options: {
      user: { type: 'string' },
      sub: { type: 'string' },
      todos: { type: 'string', default: '30' },
      'api-url': { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      token: { type: 'string' },
    },
  });
  const apiUrl = values['api-url'].replace(/\/+$/, '');
  const ways = [values.user, values.sub, values.token].filter((value) => value !== undefined);
  if (ways.length > 1) throw new Error('Seed as one of --user, --sub or --token.');
  await fetch(`${apiUrl}/health`).catch((error: unknown) => {
    throw new Error(
      `Nothing answers at ${apiUrl} (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}). ` +
        'Start the local stack with npm start (same PORT and DATA_DIR), or name the API with --api-url.',
    );
  });
  const signedIn =
    values.user !== undefined
      ? await signInAs(values.user, `http://127.0.0.1:${webPortOf(process.env)}`)
      : undefined;
  const sub = signedIn?.sub ?? (values.sub ?? 'alice').trim();
  const token = values.token ?? signedIn?.accessToken ?? (await dataDirToken(sub));
  const todos = /^\d+$/.test(values.todos) ? Number(values.todos) : Number.NaN;
  const summary = await seedAccount(createSwiftyClient({ baseUrl: apiUrl, token }), {
    sub,
    name: values.user?.trim(),
    todos,
  });
  const who = values.token
    ? 'the token’s user'
    : values.user !== undefined
      ? `${values.user.trim()} (sub ${sub})`
      : sub;
  console.log(
    `${who}: profile ${summary.username} ${summary.profile === 'created' ? 'created' : 'already there'}.`,
  );
  if (summary.todos) {
    const { created, completed, withDueDate, attachment } = summary.todos;
    console.log(
      `${created} ${created === 1 ? 'todo' : 'todos'} tagged demo (${completed} done, ${withDueDate} with a due date); ` +
        `${attachment.fileName} attached to "${attachment.todoTitle}".`,
    );
  } else {
    console.log('The account has demo todos already: left as they are.');
  }
  const dataDir = process.env.DATA_DIR ? `DATA_DIR=${JSON.stringify(process.env.DATA_DIR)} ` : '';
  if (values.user !== undefined)
    console.log(
      `Sign in to the web app as ${values.user.trim()}, or: TOKEN=$(${dataDir}npm run --silent token -- --user ${JSON.stringify(values.user.trim())})`,
    );
  else if (!values.token)
    console.log(`A token for ${sub}: TOKEN=$(${dataDir}npm run --silent token -- --sub ${sub})`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  process.exit(1);
}
