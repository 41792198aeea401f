/**
 * The attachment operations as one-line calls through the todos Lambda handler (every response
 * checked against the contract), and direct looks into the bucket and the table to prove what is
 * left behind. Not a test file: the tests in this folder use it.
 */
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../src/functions/todos';
import { s3Client } from '../../src/storage/s3-client';
import { documentClient, tableName } from '../../src/store/client';
import { type ContractResponse, invoke } from '../support/contract-response';
import { failNextCalls, s3SlowDown } from '../support/dependency-fault';
import { event } from '../support/events';
import type { InterceptedSend } from '../support/intercept-send';

export const bucket = process.env.BUCKET_NAME ?? 'swiftyplanner-attachments';
export const s3 = new S3Client({ endpoint: process.env.S3_ENDPOINT, forcePathStyle: true });

export function attachmentBody(overrides: Record<string, unknown> = {}) {
  return { fileName: 'notes.txt', contentType: 'text/plain', size: 11, ...overrides };
}

export const createTodo = (sub: string): Promise<ContractResponse> =>
  invoke(handler, event('POST /todos', { sub, body: { title: 'With files' } }));

/** A fresh todo of `sub`'s; its id. */
export async function todoOf(sub: string): Promise<string> {
  const todo = await createTodo(sub);
  if (todo.status !== 201) throw new Error(`Creating a todo answered ${todo.status}`);
  return todo.body.id;
}

export const createAttachment = (sub: string, todoId: string, body: unknown): Promise<ContractResponse> =>
  invoke(handler, event('POST /todos/{todoId}/attachments', { sub, path: { todoId }, body }));

export const listAttachments = (sub: string, todoId: string): Promise<ContractResponse> =>
  invoke(handler, event('GET /todos/{todoId}/attachments', { sub, path: { todoId } }));

export const getAttachment = (sub: string, todoId: string, attachmentId: string): Promise<ContractResponse> =>
  invoke(
    handler,
    event('GET /todos/{todoId}/attachments/{attachmentId}', { sub, path: { todoId, attachmentId } }),
  );

export const deleteAttachment = (
  sub: string,
  todoId: string,
  attachmentId: string,
): Promise<ContractResponse> =>
  invoke(
    handler,
    event('DELETE /todos/{todoId}/attachments/{attachmentId}', { sub, path: { todoId, attachmentId } }),
  );

export const deleteTodo = (sub: string, todoId: string): Promise<ContractResponse> =>
  invoke(handler, event('DELETE /todos/{todoId}', { sub, path: { todoId } }));

/** Uploads bytes the way a browser would: plain fetch, exactly the headers the API returned. */
export async function upload(created: ContractResponse, bytes: Uint8Array): Promise<Response> {
  const { url, method, headers } = created.body.upload;
  const { 'Content-Length': _length, ...sendable } = headers as Record<string, string>;
  // fetch sets Content-Length from the body itself (it refuses to take it as a header).
  return fetch(url, { method, headers: sendable, body: Buffer.from(bytes) });
}

export async function objectKeysUnder(prefix: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key ?? '');
}

/** Whether the bucket holds `key`; any answer but "not found" is an error, not a `false`. */
export async function objectExists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound') return false;
    throw error;
  }
}

/** Sort keys of every item left in the caller's partition that starts with `prefix`. */
export async function sortKeysInPartition(sub: string, prefix = ''): Promise<string[]> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      // begins_with refuses an empty prefix: without one, read the whole partition.
      KeyConditionExpression: prefix ? 'PK = :pk AND begins_with(SK, :prefix)' : 'PK = :pk',
      ExpressionAttributeValues: prefix
        ? { ':pk': `USER#${sub}`, ':prefix': prefix }
        : { ':pk': `USER#${sub}` },
      ConsistentRead: true,
    }),
  );
  return Items.map((i) => String(i.SK));
}

/** The `status` stored on an attachment's item, read from the table (a GET would refresh it first). */
export async function storedStatus(sub: string, todoId: string, attachmentId: string): Promise<unknown> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName,
      Key: { PK: `USER#${sub}`, SK: `ATT#${todoId}#${attachmentId}` },
      ConsistentRead: true,
    }),
  );
  return Item?.status;
}

/**
 * Makes the functions' S3 client fail every `Command` it sends (or only the next one, `once`) as S3
 * does when it sheds load, after the SDK's retries; other commands go through. `count` says how many
 * failed; it undoes itself when the test finishes, and fails a test in which no such command was sent
 * (../support/intercept-send.ts).
 */
export function failS3Calls(
  Command: abstract new (...args: never[]) => unknown,
  { once = false } = {},
): InterceptedSend {
  return failNextCalls(s3Client, Command.name, s3SlowDown, { times: once ? 1 : Number.POSITIVE_INFINITY });
}
