/**
 * What the cold-start, size and memory benchmarks compare: the two functions and the baselines,
 * each a bundle plus the request it serves first. Baseline (a) is an empty handler; each function's
 * baseline (b) creates the document client and makes the same single write as the function's first
 * request: one PutItem for POST /todos, one TransactWriteItems (profile + two guards) for POST /users.
 */
import type { Event } from './requests';
import { createTodoEvent, createUserEvent } from './requests';

export type SubjectName = 'empty' | 'dynamodbPut' | 'dynamodbTransact' | 'todos' | 'users';
export type BaselineName = 'dynamodbPut' | 'dynamodbTransact';
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
}

export const functionNames: readonly FunctionName[] = ['todos', 'users'];

export function baselineSubjects(
  emptyBundle: string,
  dynamodbPutBundle: string,
  dynamodbTransactBundle: string,
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
      name: 'dynamodbPut',
      kind: 'baseline',
      bundle: dynamodbPutBundle,
      routeKey: 'POST /todos',
      eventFor: (tag) => createTodoEvent(`bench-${tag}`),
      expectStatus: 201,
    },
    {
      name: 'dynamodbTransact',
      kind: 'baseline',
      bundle: dynamodbTransactBundle,
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
        baseline: 'dynamodbPut',
      }
    : {
        name,
        kind: 'function',
        bundle,
        routeKey: 'POST /users',
        eventFor: (tag) => createUserEvent(`bench-${tag}`, `b${tag}`),
        expectStatus: 201,
        baseline: 'dynamodbTransact',
      };
}
