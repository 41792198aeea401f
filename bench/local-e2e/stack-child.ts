/** Starts ./stack-process.ts as a child and waits for its ready line; stop() ends it and its java. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repositoryRoot } from '../bundles';

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
  stop(): Promise<void>;
}

export function startStackChild(dataDir: string, sub: string): Promise<StackChild> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(
    process.execPath,
    [tsx, join(repositoryRoot, 'bench/local-e2e/stack-process.ts'), dataDir, sub],
    {
      cwd: repositoryRoot,
      env: { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`The local stack did not start within 120 s.\n${output.slice(-2000)}`));
    }, 120_000);
    child.stderr.on('data', (chunk) => {
      // Kept for the error message; bounded, as the stack may run for minutes.
      output = (output + chunk).slice(-20_000);
    });
    let ready = false;
    child.stdout.on('data', (chunk: Buffer) => {
      // The functions log here too; only the ready line matters, the rest is drained.
      if (ready) return;
      output += chunk;
      const line = output.split('\n').find((candidate) => candidate.startsWith('BENCH_STACK '));
      if (!line) return;
      ready = true;
      clearTimeout(timer);
      resolve({ ...(JSON.parse(line.slice('BENCH_STACK '.length)) as Omit<StackChild, 'stop'>), stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`The local stack exited with code ${code} before it was ready.\n${output.slice(-3000)}`),
      );
    });
  });
}
