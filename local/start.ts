/**
 * `npm start`: the whole API on http://127.0.0.1:${PORT:-3000} with data under ${DATA_DIR:-.data},
 * the local OpenID Connect provider apps sign in with on http://127.0.0.1:${ISSUER_PORT:-PORT+1}, and
 * the web app with hot reload on http://127.0.0.1:${WEB_PORT:-5173} (./web/web-dev-server.ts).
 * Prints where things are and a curl to paste; Ctrl-C (or SIGTERM, SIGHUP) stops everything,
 * DynamoDB Local's java process included. Functions rebuild on source changes unless WATCH=0.
 * DynamoDB Local and the local S3 are restarted when they die; one that keeps dying ends this
 * process with exit code 1, after the message saying what died and what to do.
 */
import { assertPortFree } from './stack/listen';
import { issuerPortOf } from './stack/local-parameters';
import { type LocalStack, startLocalStack } from './stack/local-stack';
import { startWebDevServer, type WebDevServer, webPortOf } from './web/web-dev-server';

process.setSourceMapsEnabled(true);

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(
    `PORT must be a port number (1-65535), got ${process.env.PORT}. Example: PORT=3001 npm start`,
  );
  process.exit(1);
}
let issuerPort: number;
let webPort: number;
try {
  issuerPort = issuerPortOf(process.env);
  webPort = webPortOf(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const dataDir = process.env.DATA_DIR ?? '.data';

let stack: LocalStack | undefined;
let web: WebDevServer | undefined;
let stopping = false;

async function stop(code: number): Promise<void> {
  if (stopping) {
    process.exit(code); // a second Ctrl-C: leave now (the exit hook still kills java)
  }
  stopping = true;
  await web?.close();
  await stack?.stop();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.log(`\n${signal}: stopping the local stack...`);
    void stop(0);
  });
}
// `kill <npm pid>` ends npm and its shell but not us (sh does not pass signals on): when our parent
// goes away, we are orphaned and stop too, instead of leaving the API and java running.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) {
    console.log('\nThe parent process ended: stopping the local stack...');
    void stop(0);
  }
}, 1000).unref();
process.on('uncaughtException', (error) => {
  console.error('Unexpected error, stopping the local stack:', error);
  void stop(1);
});
// A function's stray promise rejection would end a Lambda container; here it is reported and the stack lives on.
process.on('unhandledRejection', (reason) => {
  console.error('Unhandled promise rejection (in a function?):', reason);
});

try {
  console.log(`Starting the SwiftyPlanner local stack (data in ${dataDir})...`);
  await assertPortFree(webPort, 'the web app', `Choose another one: WEB_PORT=${webPort + 1} npm start`);
  stack = await startLocalStack({
    port,
    issuerPort,
    dataDir,
    watch: process.env.WATCH !== '0',
    onReload: (message) => console.log(message),
    // DynamoDB Local or the local S3 kept dying: the stack stopped itself and the message says why;
    // the web app's server stops too.
    onFailure: () => void stop(1),
  });
  web = await startWebDevServer({ port: webPort, settings: stack.webAppConfig, dataDir: stack.dataDir });
} catch (error) {
  // The errors we expect say what to do; anything else keeps its stack for a bug report.
  const expected =
    error instanceof Error &&
    (/^(PortInUse|DataDirInUse|FunctionBuild)Error$/.test(error.name) ||
      /java was not found/.test(error.message));
  console.error(`\nThe local stack could not start:\n${expected ? (error as Error).message : ''}`);
  if (!expected) console.error(error);
  process.exit(1);
}

// The user the app signs in as "alice": the curl's todo, and what the commands below seed, show there too.
const token = await stack.issueToken(await stack.subOf('alice'));
// The commands sign in through the app's /config.json (WEB_PORT), and seed through the API (PORT).
const given = (...names: string[]) =>
  names.map((name) => (process.env[name] ? `${name}=${process.env[name]} ` : '')).join('');
const tokenCommand = `${given('WEB_PORT')}npm run --silent token -- --user alice`;
const seedCommand = `${given('PORT', 'WEB_PORT')}npm run seed -- --user alice`;
console.log(`
SwiftyPlanner is running.

  App      ${web.url}   (sign in as anyone, no password)
  API      ${stack.url}   (GET /health answers 200)
  Sign-in  ${stack.endpoints.issuer}   (OpenID Connect issuer: discovery at /.well-known/openid-configuration)
  Data     ${stack.dataDir}
  Docs     npm run docs
  Token    ${tokenCommand}   (valid 1 hour; --sub <any> mints one for any sub)
  Seed     ${seedCommand}   (a profile, 30 todos, an attachment; sign in to the app as alice to see them)

Try it (paste both lines; the token is alice's, as the app signs her in, and lasts an hour):

  TOKEN='${token}'
  curl -s -X POST ${stack.url}/todos -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"title":"Try SwiftyPlanner"}'

Request log lines follow (JSON). Ctrl-C stops everything.
`);
for (const warning of stack.warnings) console.warn(`Warning: ${warning}\n`);
