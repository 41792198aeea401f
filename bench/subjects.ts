/**
 * What the cold-start, size and memory benchmarks compare: the two functions and the baselines,
 * each a bundle plus the request it serves first. Baseline (a) is an empty handler; each function's
 * baseline (b) creates the document client and makes the same single write as the function's first
 * request: one TransactWriteItems of the todo and the caller's usage item for POST /todos, one
 * TransactWriteItems of the profile and its username guard for POST /users.
 */
import type { Event } from './requests';
import { createTodoEvent, createUserEvent } from './requests';

/** The sub of a subject's first request (the probe replaces `__N__` by 0 in it, ./cold-start/probe.ts). */
const firstSub = (tag: string): string => `bench-${tag.replaceAll('__N__', '0')}`;

/**
 * A todo create counts the todo in the caller's usage item, which must exist: for a caller without
 * one the function counts the partition first (three Queries and a PutItem, once per account) and
 * then writes. The first request of a cold start is an account's ordinary create, so its usage item
 * is stored beforehand, by the store's own counting (an empty partition: all zeros), for the
 * function and its baseline alike.
 */
async function storeUsageOfFirstCaller(tag: string): Promise<void> {
  const { storeCountedUsage } = await import('../src/store/usage-count');
  await storeCountedUsage(firstSub(tag));
}

export type SubjectName = 'empty' | 'dynamodbTodo' | 'dynamodbProfile' | 'todos' | 'users';
export type BaselineName = 'dynamodbTodo' | 'dynamodbProfile';
export type FunctionName = 'todos' | 'users';

export interface Subject {
  name: SubjectName;
  /** Baselines are fixtures bundled by the bench; functions are the project's build output. */
  kind: 'baseline' | 'function';
  bundle: string;
  /** The route of the first request, e.g. `POST /todos`. */
  routeKey: string;
  /** The first request; `tag` makes its user unique (it may contain `__N__`, see ./cold-start/probe.ts). */
  eventFor(tag: string): Event;
  expectStatus: number;
  /** Functions: their baseline (b), the bundle that makes the same single write and nothing else. */
  baseline?: BaselineName;
  /** Stores what the first request needs to find (run in the bench's process before the probe starts). */
  prepare?(tag: string): Promise<void>;
}

export const functionNames: readonly FunctionName[] = ['todos', 'users'];

export function baselineSubjects(
  emptyBundle: string,
  dynamodbTodoBundle: string,
  dynamodbProfileBundle: string,
): Subject[] {
  return [
    {
      name: 'empty',
      kind: 'baseline',
      bundle: emptyBundle,
      routeKey: 'POST /todos',
      eventFor: (tag) => createTodoEvent(`bench-${tag}`),
      expectStatus: 200,
    },
    {
      name: 'dynamodbTodo',
      kind: 'baseline',
      bundle: dynamodbTodoBundle,
      routeKey: 'POST /todos',
      eventFor: (tag) => createTodoEvent(`bench-${tag}`),
      expectStatus: 201,
      prepare: storeUsageOfFirstCaller,
    },
    {
      name: 'dynamodbProfile',
      kind: 'baseline',
      bundle: dynamodbProfileBundle,
      routeKey: 'POST /users',
      eventFor: (tag) => createUserEvent(`bench-${tag}`, `t${tag}`),
      expectStatus: 201,
    },
  ];
}

export function functionSubject(name: FunctionName, bundle: string): Subject {
  return name === 'todos'
    ? {
        name,
        kind: 'function',
        bundle,
        routeKey: 'POST /todos',
        eventFor: (tag) => createTodoEvent(`bench-${tag}`),
        expectStatus: 201,
        baseline: 'dynamodbTodo',
        prepare: storeUsageOfFirstCaller,
      }
    : {
        name,
        kind: 'function',
        bundle,
        routeKey: 'POST /users',
        eventFor: (tag) => createUserEvent(`bench-${tag}`, `b${tag}`),
        expectStatus: 201,
        baseline: 'dynamodbProfile',
      };
}
