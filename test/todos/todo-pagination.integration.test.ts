/**
 * GET /todos walked page by page, unfiltered and with every filter: no duplicates, none missing,
 * newest first, every page but the last full, `nextCursor` absent exactly on the last page.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../src/store/client';
import type { Todo } from '../../src/store/todos';
import { interceptSend } from '../support/intercept-send';
import { newSub, seedTodos } from '../support/todo-factory';
import { listTodos, patchTodo, walkTodos } from './todo-requests';

const alice = newSub('alice');
const bob = newSub('bob');
/** Alice's todos as they end up after seeding and patching, by id. */
const todos = new Map<string, Todo>();

beforeAll(async () => {
  // A realistic mix: a third completed, half tagged x, a fifth tagged home, a seventh tagged work.
  const seeded = await seedTodos(alice, 250, (i) => ({
    title: `Todo ${i}`,
    completed: i % 3 === 0,
    tags: [...(i % 2 === 0 ? ['x'] : []), ...(i % 5 === 0 ? ['home'] : []), ...(i % 7 === 0 ? ['work'] : [])],
  }));
  for (const todo of seeded) todos.set(todo.id, todo);
  // Then change some through the API, so listings see moved pointers and flipped GSI1 keys.
  const changes = seeded.flatMap((todo, i) => {
    if (i % 11 === 0) return [[todo, { completed: !todo.completed }] as const];
    if (i % 13 === 0) {
      const tags = todo.tags.includes('x') ? todo.tags.filter((t) => t !== 'x') : [...todo.tags, 'x'];
      return [[todo, { tags, completed: !todo.completed }] as const];
    }
    return [];
  });
  for (const [todo, patch] of changes) {
    const res = await patchTodo(alice, todo.id, patch);
    expect(res.status).toBe(200);
    todos.set(todo.id, res.body);
  }
  // Another user's todos with the same tags must never show up in Alice's pages.
  await seedTodos(bob, 30, (i) => ({ tags: ['x', 'home'], completed: i % 2 === 0 }));
}, 120_000);

const filters: { query: Record<string, string>; matches: (todo: Todo) => boolean }[] = [
  { query: {}, matches: () => true },
  { query: { completed: 'true' }, matches: (t) => t.completed },
  { query: { completed: 'false' }, matches: (t) => !t.completed },
  { query: { tag: 'x' }, matches: (t) => t.tags.includes('x') },
  { query: { tag: 'x', completed: 'true' }, matches: (t) => t.tags.includes('x') && t.completed },
  { query: { tag: 'x', completed: 'false' }, matches: (t) => t.tags.includes('x') && !t.completed },
  { query: { tag: 'work', completed: 'true' }, matches: (t) => t.tags.includes('work') && t.completed },
];

describe.each(filters)('GET /todos?$query', ({ query, matches }) => {
  const expected = () =>
    [...todos.values()]
      .filter(matches)
      .map((t) => t.id)
      .sort()
      .reverse();

  it.each([100, 7])(
    'walks every matching todo exactly once, newest first, in full pages of %i',
    async (limit) => {
      // Act
      const pages = await walkTodos(alice, { ...query, limit: String(limit) });
      // Assess
      const ids = pages.flatMap((page) => page.items.map((todo: Todo) => todo.id));
      expect(expected().length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected());
      // Every page full but the last, which holds the rest (a full page when they divide evenly).
      const total = expected().length;
      const sizes = Array.from({ length: Math.max(1, Math.ceil(total / limit)) }, (_, i) =>
        Math.min(limit, total - i * limit),
      );
      expect(pages.map((page) => page.items.length)).toEqual(sizes);
      for (const [i, page] of pages.entries()) {
        const last = i === pages.length - 1;
        expect(page.nextCursor !== undefined).toBe(!last);
        for (const todo of page.items) expect(todo).toEqual(todos.get(todo.id));
      }
    },
  );
});

describe('GET /todos page boundaries', () => {
  it('has no nextCursor on a last page that is exactly full', async () => {
    const count = [...todos.values()].filter((t) => t.tags.includes('home')).length;
    expect(count).toBe(50);
    const single = await walkTodos(alice, { tag: 'home', limit: '50' });
    expect(single).toHaveLength(1);
    expect(single[0].items).toHaveLength(50);
    const two = await walkTodos(alice, { tag: 'home', limit: '25' });
    expect(two.map((page) => page.items.length)).toEqual([25, 25]);
    expect(two[1].nextCursor).toBeUndefined();
  });

  it('answers an empty page without a cursor for a tag nobody uses', async () => {
    const res = await listTodos(alice, { tag: 'unused' });
    expect(res.body).toEqual({ items: [] });
  });

  it('defaults to pages of 20 and lets a cursor continue with another limit', async () => {
    const first = await listTodos(alice, {});
    expect(first.body.items).toHaveLength(20);
    const next = await listTodos(alice, { cursor: first.body.nextCursor, limit: '5' });
    expect(next.body.items.map((t: Todo) => t.id)).toEqual([...todos.keys()].sort().reverse().slice(20, 25));
  });
});

describe('GET /todos reads a bounded number of items', () => {
  it.each(filters)('reads at most limit + 1 index items for $query', async ({ query }) => {
    // Prepare: observe every Query the store sends.
    const reads: { limit: number | undefined; items: number }[] = [];
    interceptSend<QueryCommandInput>(documentClient, {
      name: 'A Query of the store',
      command: 'QueryCommand',
      act: async ({ input }, send) => {
        const output = await send();
        reads.push({
          limit: input.Limit,
          items: (output as { Items?: unknown[] }).Items?.length ?? 0,
        });
        return output;
      },
    });
    // Act
    const first = await listTodos(alice, { ...query, limit: '10' });
    await listTodos(alice, { ...query, limit: '10', cursor: first.body.nextCursor });
    // Assess
    expect(reads).toHaveLength(2);
    for (const read of reads) {
      expect(read.limit).toBe(11);
      expect(read.items).toBeLessThanOrEqual(11);
    }
  });
});
