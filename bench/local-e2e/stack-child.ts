/**
 * Starts a server script of the bench (./stack-process.ts, ./bare-http-process.ts) as a child under
 * tsx and waits for its ready message; stop() ends it (and, for the stack, its java).
 *
 * The child's output (one log line per request from the gateway and the function) goes to
 * `<logFile>`, not to a pipe: on Linux a write to a pipe blocks once the pipe is full, and the reader
 * here is the bench process, busy generating the load. The stack would then wait on its own log
 * lines, which a developer's terminal or Lambda never makes it do.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../paths';

export interface StackChild {
  url: string;
  tableName: string;
  bucket: string;
  endpoints: { dynamodb: string; s3: string; jwks: string };
  /** A bearer token for the sub the child was started with. */
  token: string;
  /** The process that runs the stack (under tsx), and DynamoDB Local's java. */
  pid: number;
  dynamodbPid?: number;
  /** Where the stack's output goes. */
  logFile: string;
  stop(): Promise<void>;
}

export interface StackChildOptions {
  /** Every function of the template answers with bench/fixtures/echo-handler.ts instead. */
  echo?: boolean;
}

/** The local stack as `npm start` runs it, with its data under `dataDir`, and a token for `sub`. */
export function startStackChild(
  dataDir: string,
  sub: string,
  options: StackChildOptions = {},
): Promise<StackChild> {
  return startServerChild<Omit<StackChild, 'stop' | 'logFile'>>(
    'bench/local-e2e/stack-process.ts',
    [dataDir, sub, ...(options.echo ? ['--echo'] : [])],
    `${dataDir}.log`,
  );
}

/** A bench server script (relative to the repository) in its own process; it reports ready over IPC. */
export function startServerChild<Ready extends { pid: number }>(
  script: string,
  args: string[],
  logFile: string,
): Promise<Ready & { logFile: string; stop(): Promise<void> }> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const log = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [tsx, join(PROJECT_ROOT, script), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' },
      stdio: ['pipe', log, log, 'ipc'],
    });
  } finally {
    // The child has its own copy of the descriptor.
    closeSync(log);
  }
  const lastOutput = () => readFileSync(logFile, 'utf8').slice(-3000);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} did not start within 120 s (output: ${logFile}).\n${lastOutput()}`));
    }, 120_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      child.disconnect();
      resolve({ ...(message as Ready), logFile, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code} before it was ready.\n${lastOutput()}`));
    });
  });
}
