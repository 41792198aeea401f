/**
 * `npm run seed -- --sub alice`: demo data for one user (./seed-account.ts), through the running API:
 * the local stack by default, with a token from the local issuer, or any stage with --api-url and
 * --token.
 */
import { parseArgs } from 'node:util';
import { createSwiftyClient } from '../src/client';
import { dataDirToken } from './issuer/data-dir-token';
import { seedAccount } from './seed-account';

const usage =
  'Usage: npm run seed -- [--sub alice] [--todos 30] [--api-url http://127.0.0.1:3000 --token <bearer token>]';

try {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string', default: 'alice' },
      todos: { type: 'string', default: '30' },
      'api-url': { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      token: { type: 'string' },
    },
  });
  const apiUrl = values['api-url'].replace(/\/+$/, '');
  const sub = values.sub.trim();
  const token = values.token ?? (await dataDirToken(sub));
  await fetch(`${apiUrl}/health`).catch((error: unknown) => {
    throw new Error(
      `Nothing answers at ${apiUrl} (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}). ` +
        'Start the local stack with npm start (same PORT and DATA_DIR), or name the API with --api-url.',
    );
  });
  const todos = /^\d+$/.test(values.todos) ? Number(values.todos) : Number.NaN;
  const summary = await seedAccount(createSwiftyClient({ baseUrl: apiUrl, token }), { sub, todos });
  const who = values.token ? 'the token’s user' : sub;
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
  if (!values.token)
    console.log(`Sign in as ${sub}: TOKEN=$(${dataDir}npm run --silent token -- --sub ${sub})`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  process.exit(1);
}
