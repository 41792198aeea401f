/**
 * Starts ./stack-process.ts as a child and waits for its ready message; stop() ends it and its java.
 *
 * The child's output (one log line per request from the function) goes to `<dataDir>.log`, not to a
 * pipe: on Linux a write to a pipe blocks once the pipe is full, and the reader here is the bench
 * process, busy generating the load. The stack would then wait on its own log lines, which a
 * developer's terminal or Lambda never makes it do.
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

export function startStackChild(dataDir: string, sub: string): Promise<StackChild> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const logFile = `${dataDir}.log`;
  const log = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      process.execPath,
      [tsx, join(PROJECT_ROOT, 'bench/local-e2e/stack-process.ts'), dataDir, sub],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' },
        stdio: ['pipe', log, log, 'ipc'],
      },
    );
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
      reject(new Error(`The local stack did not start within 120 s (output: ${logFile}).\n${lastOutput()}`));
    }, 120_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      child.disconnect();
      resolve({ ...(message as Omit<StackChild, 'stop' | 'logFile'>), logFile, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The local stack exited with code ${code} before it was ready.\n${lastOutput()}`));
    });
  });
}
