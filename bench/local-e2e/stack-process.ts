/**
 * The local stack in its own process, as `npm start` runs it (the gateway writes its JSON log line per
 * request to stdout, which ./stack-child.ts points at a file): `tsx bench/local-e2e/stack-process.ts
 * <dataDir> <sub> [--echo]`. The load generator (autocannon, in the bench process) then competes with
 * it for the CPU only as a client would. With `--echo`, every function of the template is
 * bench/fixtures/echo-handler.ts, injected through startLocalStack's `handlers`, so the process's CPU
 * per request is the gateway's. When ready it sends its parent one IPC message (URL, endpoints, a
 * token for <sub>), and it stops everything when its stdin closes or on SIGTERM.
 */
import { localParameters, localValuesOf } from '../../local/stack/local-parameters';
import { startLocalStack } from '../../local/stack/local-stack';
import { readTemplate, templateFunctionsOf } from '../../local/stack/local-template';
import { TEMPLATE_PATH } from '../../paths';
import { handler as echo } from '../fixtures/echo-handler';

const [dataDir, sub, mode] = process.argv.slice(2);
if (!dataDir || !sub) throw new Error('usage: tsx bench/local-e2e/stack-process.ts <dataDir> <sub> [--echo]');

const handlers =
  mode === '--echo'
    ? Object.fromEntries(
        templateFunctionsOf(await readTemplate(TEMPLATE_PATH), localValuesOf(localParameters())).map((fn) => [
          fn.logicalId,
          echo,
        ]),
      )
    : undefined;
// The table's changes are left to the bench process: the scaling benchmark delivers them itself, so
// that it counts every request an erasure costs (and this process spends no CPU polling the stream).
const stack = await startLocalStack({
  port: 0,
  dataDir,
  tableChanges: false,
  ...(handlers ? { handlers } : {}),
});
const ready = {
  url: stack.url,
  tableName: stack.tableName,
  bucket: stack.bucket,
  endpoints: stack.endpoints,
  token: await stack.issueToken(sub),
  // For the CPU accounting of the end-to-end and gateway benchmarks.
  pid: process.pid,
  dynamodbPid: stack.dynamodbPid,
};
if (!process.send) throw new Error('stack-process.ts reports over IPC: start it with ./stack-child.ts');
process.send(ready);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
