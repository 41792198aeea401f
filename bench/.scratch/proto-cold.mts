import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { transform } from 'esbuild';
import { bundleFixture } from '/work/main/bench/bundles';
import { startDynamoDbLocal } from '/work/main/src/local/dynamodb-local';
import { ensureTable } from '/work/main/src/store/create-table';
import { event } from '/work/main/test/support/events';

const dir = '/tmp/benchproto';
const probe = await transform(await readFile('/work/main/bench/cold-start/probe.ts', 'utf8'), {
  loader: 'ts',
  format: 'esm',
  target: 'node20',
});
await writeFile(`${dir}/probe.mjs`, probe.code).catch(async () => {
  await import('node:fs/promises').then((f) => f.mkdir(dir, { recursive: true }));
  await writeFile(`${dir}/probe.mjs`, probe.code);
});
const empty = await bundleFixture('bench/fixtures/empty-handler.ts', `${dir}/empty/empty.mjs`);
const put = await bundleFixture('bench/fixtures/dynamodb-put.ts', `${dir}/put/put.mjs`);
const ddb = await startDynamoDbLocal();
const c = new DynamoDBClient({
  endpoint: ddb.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
});
await ensureTable(c, 'SwiftyPlanner');
const env = {
  ...process.env,
  DYNAMODB_ENDPOINT: ddb.endpoint,
  TABLE_NAME: 'SwiftyPlanner',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'l',
  AWS_SECRET_ACCESS_KEY: 'l',
  BENCH_EVENT: JSON.stringify(event('POST /todos', { sub: 'bench-__N__', body: { title: 'x' } })),
  BENCH_MILESTONES: process.argv[2] ?? '',
};
function run(b: string) {
  return new Promise<string>((res) => {
    const ch = spawn(process.execPath, ['--expose-gc', `${dir}/probe.mjs`, b], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    ch.stdout.on('data', (d) => (out += d));
    ch.on('exit', () => res(out.split('\n').find((l) => l.startsWith('BENCH_RESULT')) ?? out));
  });
}
for (let i = 0; i < 2; i++)
  for (const b of [empty, put]) {
    const t = Date.now();
    const r = await run(b);
    console.log(b.split('/').pop(), Date.now() - t, r.replace(/"firstBody":"[^"]*"/, ''));
  }
await ddb.stop();
