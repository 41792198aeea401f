/**
 * The local S3 (./s3-server.ts) run in a child process of the stack, as S3 is a service apart on AWS:
 * it can die on its own (`kill -KILL` its pid), and the stack's supervisor
 * (../supervision/supervisor.ts) sees it and starts it again on the same port and directory, where
 * the objects are kept. A crash inside s3rver ends that process, not the API. The objects it creates
 * come back over IPC to `onObjectCreated`, so the bucket's events still reach the functions.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../paths';
import { trackChild } from '../supervision/child-process';
import type { ProcessExit } from '../supervision/supervisor';
import type { CreatedObject } from './bucket-events';
import type { S3ServerOptions } from './s3-server';

const ENTRY = join(PROJECT_ROOT, 'local', 's3', 's3-process-entry.ts');
/** tsx compiles the entry on the fly (usually 1-2 s); a busy machine has been seen to take far longer. */
const START_TIMEOUT_MS = 60_000;

/** What the child tells the stack over IPC. */
export type S3ProcessMessage =
  | { type: 'listening'; endpoint: string }
  | { type: 'object-created'; object: CreatedObject }
  | { type: 'failed'; name: string; message: string };

export type S3ProcessOptions = Omit<S3ServerOptions, 'onObjectCreated'> & {
  /** Told of every object stored, as ./s3-server.ts tells it, a moment after the upload's answer. */
  onObjectCreated?: (object: CreatedObject) => void;
};

export interface S3Process {
  endpoint: string;
  bucket: string;
  pid: number | undefined;
  /** Resolves when the process ends, whatever ended it (stop() included). */
  exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

export async function startS3Process(options: S3ProcessOptions): Promise<S3Process> {
  const { onObjectCreated, ...serverOptions } = options;
  const child = fork(ENTRY, [JSON.stringify(serverOptions)], {
    cwd: PROJECT_ROOT,
    // s3rver's ListObjectsV2 continuation tokens use DES, which OpenSSL 3 keeps in its legacy provider:
    // without it every truncated list (a page of an erasure of over 1,000 files) is a 500.
    execArgv: ['--openssl-legacy-provider', '--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const tracked = trackChild(child);
  const { exited } = tracked;
  child.on('message', (message: S3ProcessMessage) => {
    if (message.type === 'object-created') onObjectCreated?.(message.object);
  });

  let timer: NodeJS.Timeout | undefined;
  const listening = new Promise<string>((resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`The local S3 did not start within ${START_TIMEOUT_MS / 1000} s.\n${tracked.output()}`),
        ),
      START_TIMEOUT_MS,
    );
    child.on('message', (message: S3ProcessMessage) => {
      if (message.type === 'listening') resolve(message.endpoint);
      if (message.type === 'failed')
        reject(Object.assign(new Error(message.message), { name: message.name }));
    });
    void exited.then(({ code, signal }) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new Error(`The local S3 ${how} while starting.\n${tracked.output()}`));
    });
  });
  let endpoint: string;
  try {
    endpoint = await listening;
  } catch (error) {
    clearTimeout(timer);
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  clearTimeout(timer);

  return { endpoint, bucket: options.bucket, pid: child.pid, exited, stop: tracked.stop };
}
