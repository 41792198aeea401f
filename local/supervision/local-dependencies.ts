/**
 * DynamoDB Local and the local S3 as the local stack runs them: each in its own process, on a port
 * fixed for the stack's lifetime, under a supervisor (./supervisor.ts) that restarts it on that port
 * and on the same data when it dies, and gives up with a message saying what to do when it keeps dying.
 */
import { type DynamoDbLocal, startDynamoDbLocal } from '../dynamodb/dynamodb-local';
import { type S3Process, type S3ProcessOptions, startS3Process } from '../s3/s3-process';
import { type DependencyFailedError, type RestartLimit, type Supervisor, supervise } from './supervisor';

export interface SupervisionOptions {
  /** What happened, as it happens. */
  report(message: string): void;
  /** A dependency kept dying; it is no longer restarted. */
  onGiveUp(error: DependencyFailedError): void;
  limit?: RestartLimit;
}

export async function startSupervisedDynamoDb(
  options: { port: number; dbPath: string },
  supervision: SupervisionOptions,
): Promise<Supervisor<DynamoDbLocal>> {
  const start = () => startDynamoDbLocal(options);
  return supervise(await start(), {
    ...supervision,
    name: 'DynamoDB Local',
    where: `port ${options.port} with the data in ${options.dbPath}`,
    restart: start,
    giveUpHint:
      'Read its last output (below): java out of memory, the disk under DATA_DIR full, or a damaged ' +
      `database file (move ${options.dbPath} aside to start from an empty table). Then start the stack ` +
      'again (npm start).',
  });
}

export async function startSupervisedS3(
  options: S3ProcessOptions & { port: number },
  supervision: SupervisionOptions,
): Promise<Supervisor<S3Process>> {
  const start = () => startS3Process(options);
  return supervise(await start(), {
    ...supervision,
    name: 'the local S3',
    where: `port ${options.port} with the objects in ${options.directory}`,
    restart: start,
    giveUpHint:
      `Read its last output (below): the disk under DATA_DIR full, or files under ${options.directory} ` +
      'removed or unreadable. Then start the stack again (npm start).',
  });
}
