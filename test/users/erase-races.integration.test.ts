/**
 * Erasing a user's partition (the erasure's `items` steps, purgePartitionStep, run until a Query finds
 * it empty) racing that user's own writes, in both orders and deterministically
 * (test/support/purge-race.ts):
 *
 *   - the purge stops after deleting one item (a counter, a record, a pointer, the todo) and the
 *     request runs against the half-erased partition, then the purge finishes;
 *   - the request has read and is about to write when the whole purge runs.
 *
 * Every request answers 2xx or 404, never 5xx, and once both are done nothing of the partition is
 * left, except what a create made after the erase had finished (a new todo, and the usage that
 * counts it, of a user who may still write).
 */
import { describe, expect, it } from 'vitest';
import { purgePartitionStep } from '../../src/store/purge-user';
import { readUsage } from '../../src/store/usage';
import {
  attachmentBody,
  createAttachment,
  deleteAttachment,
  deleteTodo,
  getAttachment,
  sortKeysInPartition,
  upload,
} from '../attachments/attachment-requests';
import type { ContractResponse } from '../support/contract-response';
import { beforeNextCall } from '../support/interleave';
import { purgePausedAfter } from '../support/purge-race';
import { newSub, todoBody } from '../support/todo-factory';
import { createTodo, patchTodo } from '../todos/todo-requests';

/** The erasure's `items` steps, one after another until one finds the partition empty. */
async function erasePartition(sub: string): Promise<void> {
  while (!(await purgePartitionStep(sub)).done);
}

/** A todo tagged `home` with two attachments: `pending` still pending, `uploaded` with its object stored. */
async function partition(sub: string) {
  const { body: todo } = await createTodo(sub, todoBody({ tags: ['home'] }));
  const pending = await createAttachment(sub, todo.id, attachmentBody());
  const uploaded = await createAttachment(sub, todo.id, attachmentBody({ size: 5 }));
  expect((await upload(uploaded, new TextEncoder().encode('hello'))).status).toBe(200);
  return {
    sub,
    todoId: todo.id as string,
    pending: pending.body.attachment.id as string,
    uploaded: uploaded.body.attachment.id as string,
  };
}
type Partition = Awaited<ReturnType<typeof partition>>;

interface RaceCase {
  request: string;
  /** The sort key the purge has just deleted when the request runs. */
  after: (p: Partition) => string;
  run: (p: Partition) => Promise<ContractResponse>;
  answers: number[];
}

const deleteThePendingAttachment = (p: Partition) => deleteAttachment(p.sub, p.todoId, p.pending);
const addAnAttachment = (p: Partition) => createAttachment(p.sub, p.todoId, attachmentBody());
const moveTheTags = (p: Partition) => patchTodo(p.sub, p.todoId, { tags: ['work'], completed: true });
const deleteTheTodo = (p: Partition) => deleteTodo(p.sub, p.todoId);
const readTheUpload = (p: Partition) => getAttachment(p.sub, p.todoId, p.uploaded);

const counter = (p: Partition) => `ATTCOUNT#${p.todoId}`;
const theTodo = (p: Partition) => `TODO#${p.todoId}`;
const pendingRecord = (p: Partition) => `ATT#${p.todoId}#${p.pending}`;
const uploadedRecord = (p: Partition) => `ATT#${p.todoId}#${p.uploaded}`;

const midPurge: [string, RaceCase][] = [
  [
    'DELETE …/attachments/{id} when the purge took the todo’s counter but not the record',
    { request: 'delete attachment', after: counter, run: deleteThePendingAttachment, answers: [204] },
  ],
  [
    'DELETE …/attachments/{id} when the purge took that record',
    { request: 'delete attachment', after: pendingRecord, run: deleteThePendingAttachment, answers: [404] },
  ],
  [
    'POST …/attachments when the purge took the counter',
    { request: 'create attachment', after: counter, run: addAnAttachment, answers: [201] },
  ],
  [
    'POST …/attachments when the purge took the todo',
    { request: 'create attachment', after: theTodo, run: addAnAttachment, answers: [404] },
  ],
  [
    'PATCH /todos/{id} moving tags when the purge took a tag pointer',
    { request: 'patch todo', after: (p) => `TAG#home#${p.todoId}`, run: moveTheTags, answers: [200] },
  ],
  [
    'PATCH /todos/{id} when the purge took the todo',
    { request: 'patch todo', after: theTodo, run: moveTheTags, answers: [404] },
  ],
  [
    'DELETE /todos/{id} when the purge took one of its attachment records',
    { request: 'delete todo', after: pendingRecord, run: deleteTheTodo, answers: [204] },
  ],
  [
    'DELETE /todos/{id} when the purge took its counter',
    { request: 'delete todo', after: counter, run: deleteTheTodo, answers: [204] },
  ],
  [
    'POST /todos in the middle of the purge',
    { request: 'create todo', after: theTodo, run: (p) => createTodo(p.sub, todoBody()), answers: [201] },
  ],
  [
    'GET …/attachments/{id} marking the upload when the purge took the counter',
    { request: 'mark uploaded', after: counter, run: readTheUpload, answers: [200] },
  ],
  [
    'GET …/attachments/{id} when the purge took that record',
    { request: 'mark uploaded', after: uploadedRecord, run: readTheUpload, answers: [404] },
  ],
];

describe('a request against a half-erased partition', () => {
  it.each(midPurge)('%s: answers as expected, and the purge leaves nothing', async (_, race) => {
    // Prepare
    const p = await partition(newSub());
    let answered: ContractResponse | undefined;
    const paused = purgePausedAfter(race.after(p), async () => {
      answered = await race.run(p);
    });
    // Act
    await erasePartition(p.sub);
    // Assess
    expect(paused.count).toBe(1);
    expect(race.answers, JSON.stringify(answered?.body)).toContain(answered?.status);
    expect(await sortKeysInPartition(p.sub)).toEqual([]);
  });
});

const beforeTheWrite: [
  string,
  { command: string; run: (p: Partition) => Promise<ContractResponse>; answers: number[] },
][] = [
  [
    'DELETE …/attachments/{id}',
    { command: 'TransactWriteItemsCommand', run: deleteThePendingAttachment, answers: [404] },
  ],
  ['POST …/attachments', { command: 'TransactWriteItemsCommand', run: addAnAttachment, answers: [404] }],
  [
    'PATCH /todos/{id} moving tags',
    { command: 'TransactWriteItemsCommand', run: moveTheTags, answers: [404] },
  ],
  ['DELETE /todos/{id}', { command: 'TransactWriteItemsCommand', run: deleteTheTodo, answers: [404] }],
  [
    'GET …/attachments/{id} marking the upload',
    { command: 'UpdateItemCommand', run: readTheUpload, answers: [200] },
  ],
];

describe('the whole purge between a request’s read and its write', () => {
  it.each(beforeTheWrite)('%s: answers as expected, and nothing comes back', async (_, race) => {
    // Prepare
    const p = await partition(newSub());
    const purge = beforeNextCall(race.command, async () => {
      await erasePartition(p.sub);
    });
    // Act
    const answered = await race.run(p);
    // Assess
    expect(purge.count).toBe(1);
    expect(race.answers, JSON.stringify(answered.body)).toContain(answered.status);
    expect(await sortKeysInPartition(p.sub)).toEqual([]);
  });

  it.each([
    ['POST /todos (the todo and the usage: a transaction)', 'TransactWriteItemsCommand', todoBody()],
    ['POST /todos with tags (a transaction)', 'TransactWriteItemsCommand', todoBody({ tags: ['new'] })],
  ])('%s: 201, and the todo made after the erase is whole', async (_, command, body) => {
    const p = await partition(newSub());
    const purge = beforeNextCall(command, async () => {
      await erasePartition(p.sub);
    });

    const created = await createTodo(p.sub, body);

    expect(purge.count).toBe(1);
    expect(created.status).toBe(201);
    const tags = (body.tags ?? []).map((tag) => `TAG#${tag}#${created.body.id}`);
    // The usage the erase took is counted afresh from what is left: the new todo alone.
    expect((await sortKeysInPartition(p.sub)).sort()).toEqual(
      [...tags, `TODO#${created.body.id}`, 'USAGE'].sort(),
    );
    expect(await readUsage(p.sub)).toMatchObject({ todos: 1, attachmentBytes: 0, keys: 0 });
  });
});
