// Focused cold start comparison: node bench/.scratch/cold.mts <runs> [extra bundle paths as name=path]
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../../src/local/dynamodb-local';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../src/store/create-table';
import { bundleFixture, buildProjectFunctions } from '../bundles';
import { compileProbe } from '../cold-start/probe-process';
import { measureColdStart } from '../cold-start/cold-start';
import { baselineSubjects, functionSubject } from '../subjects';
const runs = Number(process.argv[2] ?? 5);
const work = await mkdtemp(join(tmpdir(), 'cold-'));
const ddb = await startDynamoDbLocal();
const c = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
await ensureTable(c, 'SwiftyPlanner');
const built = process.env.NOBUILD ? [{ name: 'todos' as const, bundle: 'dist/functions/todos/todos.mjs' }, { name: 'users' as const, bundle: 'dist/functions/users/users.mjs' }] : await buildProjectFunctions();
const probe = await compileProbe(work);
const subjects = [
  ...baselineSubjects(await bundleFixture('bench/fixtures/empty-handler.ts', work, 'empty'), await bundleFixture('bench/fixtures/dynamodb-put.ts', work, 'put')),
  ...built.map((b) => functionSubject(b.name, b.bundle)),
  ...process.argv.slice(3).map((a) => { const [n, p] = a.split('='); return { ...functionSubject(n!.startsWith('users') ? 'users' : 'todos', p!), name: n as 'todos' }; }),
];
const env = { ...process.env, DYNAMODB_ENDPOINT: ddb.endpoint, TABLE_NAME: 'SwiftyPlanner', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'l', AWS_SECRET_ACCESS_KEY: 'l', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'INFO' };
const r = await measureColdStart(subjects, { probe, env, runs, progress: () => {} });
for (const [n, t] of Object.entries(r.subjects)) console.log(n.padEnd(14), 'total', t!.totalMs.median, 'min', t!.totalMs.min, 'cpu', t!.cpuMs.median, 'cpumin', t!.cpuMs.min, 'import', t!.importMs.median, 'first', t!.firstRequestMs.median, 'boot', t!.bootstrapMs.median);
for (const [n, t] of Object.entries(r.functions)) console.log(n.padEnd(14), 'over (b)', t!.overDynamodbPutMs.median, 'cpu over', t!.cpuOverDynamodbPutMs.median, t!.cpuOverDynamodbPutMs.runs.join(' '));
await ddb.stop();
