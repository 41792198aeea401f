import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as usersHandler } from '../../src/functions/users';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import {
  attachmentBody,
  createAttachment,
  createTodo,
  deleteTodo,
  objectKeysUnder,
  sortKeysInPartition,
  upload,
} from './attachment-requests';

/** A todo with `n` uploaded attachments. */
async function todoWithFiles(sub: string, n: number): Promise<string> {
  const todoId = (await createTodo(sub)).body.id as string;
  for (let i = 0; i < n; i++) {
    const created = await createAttachment(sub, todoId, attachmentBody({ fileName: `f${i}.txt`, size: 3 }));
    expect((await upload(created, new TextEncoder().encode('abc'))).status).toBe(200);
  }
  return todoId;
}

describe('deleting what attachments belong to', () => {
  it('deleting a todo removes its objects and metadata, and nothing of the other todos', async () => {
    const sub = randomUUID();
    const doomed = await todoWithFiles(sub, 3);
    const kept = await todoWithFiles(sub, 1);

    const res = await deleteTodo(sub, doomed);

    expect(res.status).toBe(204);
    expect(await objectKeysUnder(`users/${sub}/todos/${doomed}/`)).toEqual([]);
    expect(await sortKeysInPartition(sub, `ATT#${doomed}#`)).toEqual([]);
    expect(await sortKeysInPartition(sub, `ATTCOUNT#${doomed}`)).toEqual([]);
    expect(await objectKeysUnder(`users/${sub}/todos/${kept}/`)).toHaveLength(1);
    expect(await sortKeysInPartition(sub, `ATT#${kept}#`)).toHaveLength(1);
  });

  it('deleting the user removes every object under their prefix and every item of theirs', async () => {
    const sub = randomUUID();
    const neighbour = randomUUID();
    await todoWithFiles(sub, 2);
    await todoWithFiles(sub, 1);
    await todoWithFiles(neighbour, 1);

    const res = await invoke(usersHandler, event('DELETE /users/me', { sub }));

    expect(res.status).toBe(204);
    expect(await objectKeysUnder(`users/${sub}/`)).toEqual([]);
    expect(await sortKeysInPartition(sub)).toEqual([]);
    expect(await objectKeysUnder(`users/${neighbour}/`)).toHaveLength(1);
  });
});
