import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { backoff } from './conditional-write';
import { type CursorScope, decodeCursor, encodeCursor } from './cursor';
import {
  completedPartition,
  type TableKey,
  TODO_PREFIX,
  tagCompletedPartition,
  tagPointerKey,
  tagPointerPrefix,
  todoIdOfSortKey,
  todoKey,
  todoSortKey,
  userPartition,
} from './keys';
import { type Todo, todoOf } from './todos-items';

export interface TodoFilters {
  completed?: boolean;
  tag?: string;
}

export interface TodoListRequest extends TodoFilters {
  /** 1-100 (the contract bounds it). */
  limit: number;
  cursor?: string;
}

export interface TodoListPage {
  items: Todo[];
  /** Present exactly when more todos follow. */
  nextCursor?: string;
}

const MAX_BATCH_GET_ATTEMPTS = 8;

/**
 * One page of the caller's todos, newest first (ULIDs descending). Each filter combination reads
 * one index range holding exactly the matching todos (docs/store.md), so pages are full without
 * FilterExpression. The query asks for `limit + 1` items so the page knows whether anything follows
 * without a second round trip: `nextCursor` is present exactly when the extra item exists, and a
 * request never reads more than `limit + 1` index items.
 */
export async function listTodos(sub: string, request: TodoListRequest): Promise<TodoListPage> {
  const filters: TodoFilters = { completed: request.completed, tag: request.tag };
  const scope: CursorScope = { sub, list: 'todos', filters: { ...filters } };
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor, scope);
  const range = indexRange(sub, filters);

  const found = await readRange(range, after, request.limit + 1);
  const ids = found.slice(0, request.limit).map((item) => todoIdOfSortKey(String(item.SK)));
  const items = range.pointers
    ? await readTodos(sub, ids, filters)
    : found.slice(0, request.limit).map((item) => todoOf(item as Todo));
  const last = ids.at(-1);
  return found.length > request.limit && last !== undefined
    ? { items, nextCursor: encodeCursor(last, scope) }
    : { items };
}

interface IndexRange {
  query: Pick<
    QueryCommandInput,
    'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues' | 'ConsistentRead'
  >;
  /** ExclusiveStartKey for "after this ulid", rebuilt from the caller's sub, never taken from a client. */
  startAfter(todoId: string): Record<string, unknown>;
  /** The range holds tag pointers, not todos: the todos are fetched by key afterwards. */
  pointers: boolean;
}

function indexRange(sub: string, { completed, tag }: TodoFilters): IndexRange {
  const pk = userPartition(sub);
  const inPartition = (prefix: string): IndexRange['query'] => ({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    ConsistentRead: true,
  });
  const inIndex = (gsi1pk: string): IndexRange['query'] => ({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :gsi1pk',
    ExpressionAttributeValues: { ':gsi1pk': gsi1pk },
  });
  if (tag === undefined && completed === undefined) {
    return {
      query: inPartition(TODO_PREFIX),
      startAfter: (id) => ({ ...todoKey(sub, id) }),
      pointers: false,
    };
  }
  if (tag === undefined && completed !== undefined) {
    const gsi1pk = completedPartition(sub, completed);
    return {
      query: inIndex(gsi1pk),
      startAfter: (id) => ({ ...todoKey(sub, id), GSI1PK: gsi1pk, GSI1SK: todoSortKey(id) }),
      pointers: false,
    };
  }
  const pointerKey = (id: string): TableKey => tagPointerKey(sub, tag as string, id);
  if (completed === undefined) {
    return {
      query: inPartition(tagPointerPrefix(tag as string)),
      startAfter: (id) => ({ ...pointerKey(id) }),
      pointers: true,
    };
  }
  const gsi1pk = tagCompletedPartition(sub, tag as string, completed);
  return {
    query: inIndex(gsi1pk),
    startAfter: (id) => ({ ...pointerKey(id), GSI1PK: gsi1pk, GSI1SK: todoSortKey(id) }),
    pointers: true,
  };
}

/** Up to `want` items of the range, descending, after `after`. Continues past a 1 MB page, never reads more. */
async function readRange(
  range: IndexRange,
  after: string | undefined,
  want: number,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined = after === undefined ? undefined : range.startAfter(after);
  while (items.length < want) {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        ...range.query,
        ScanIndexForward: false,
        Limit: want - items.length,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    if (!page.LastEvaluatedKey) break;
    start = page.LastEvaluatedKey;
  }
  return items;
}

/**
 * The todos behind a page of tag pointers, in the pointers' order (BatchGetItem answers in any
 * order and may leave keys unprocessed under throttling: those are resent with the writes' backoff;
 * its own loop, as a batch succeeds in part and nothing in it is conditional). A todo
 * deleted, or (GSI1 being eventually consistent) completed/reopened, between the two reads is left
 * out rather than shown under a filter it no longer matches.
 */
async function readTodos(sub: string, ids: string[], filters: TodoFilters): Promise<Todo[]> {
  const byId = new Map<string, Todo>();
  let keys: Record<string, unknown>[] = ids.map((id) => ({ ...todoKey(sub, id) }));
  for (let attempt = 1; keys.length > 0; attempt++) {
    if (attempt > MAX_BATCH_GET_ATTEMPTS) {
      throw new Error(
        `BatchGetItem left ${keys.length} todo keys unprocessed after ${attempt - 1} attempts.`,
      );
    }
    const result = await documentClient.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
    );
    for (const item of result.Responses?.[tableName] ?? []) byId.set(String(item.id), todoOf(item as Todo));
    keys = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    if (keys.length > 0) await backoff(attempt);
  }
  return ids.flatMap((id) => {
    const todo = byId.get(id);
    if (!todo) return [];
    if (filters.completed !== undefined && todo.completed !== filters.completed) return [];
    return [todo];
  });
}
