/**
 * The local S3 in a process of its own, as ./s3-process.ts starts it: the options come as JSON in
 * the first argument, and the parent hears over the IPC channel that it listens, or why it could not,
 * and of every object created (the bucket's events, which the parent delivers to the functions).
 * It stops on SIGTERM, and when the parent goes away (its IPC channel closes), so it never outlives it.
 */

import type { S3ProcessMessage } from './s3-process';
import { type S3ServerOptions, startS3Server } from './s3-server';

const send = (message: S3ProcessMessage) => process.send?.(message);

try {
  const options = JSON.parse(process.argv[2] ?? '{}') as S3ServerOptions;
  const server = await startS3Server({
    ...options,
    onObjectCreated: (object) => send({ type: 'object-created', object }),
  });
  let leaving = false;
  const leave = () => {
    if (leaving) return;
    leaving = true;
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', leave);
  process.once('disconnect', leave);
  send({ type: 'listening', endpoint: server.endpoint });
} catch (error) {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  process.exitCode = 1;
  // Disconnected once the message is out: nothing else keeps this process alive.
  process.send?.({ type: 'failed', name, message } satisfies S3ProcessMessage, () => process.disconnect?.());
}
