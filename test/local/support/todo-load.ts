/**
 * Concurrent todo traffic against a running stack, through its gateway with real tokens, and a
 * ledger of every answer. Each worker loops: create a todo (a title no other request uses), read it,
 * patch its title, and every other time delete it; so each todo is written by one worker, in order,
 * and what the store must hold afterwards follows from the answers alone (./todo-ledger.ts).
 */

export type OperationKind = 'create' | 'read' | 'patch' | 'delete';

export interface Operation {
  kind: OperationKind;
  sub: string;
  /** Which of the load's workers sent it: `<sub>/w<n>`. */
  worker: string;
  /** Known for a create that answered 201, and for every later operation on that todo. */
  todoId?: string;
  /** The title this operation writes: the create's, or the patch's new one. */
  title: string;
  startedAt: number;
  endedAt: number;
  /** `hung`: no answer at all before the client gave up (after the gateway's own timeout). */
  status: number | 'hung';
  contentType?: string | null;
  retryAfter?: string | null;
  /** The problem's `type` and `detail`, or the gateway's `message`. */
  problemType?: string;
  detail?: string;
}

export interface Caller {
  sub: string;
  token: string;
}

export interface TodoLoad {
  readonly operations: readonly Operation[];
  /** Names of the workers (`<sub>/w<n>`). */
  readonly workers: readonly string[];
  /** Whether every worker had a write of `kind` acknowledged (2xx) that it sent at `since` or later. */
  everyWorkerWrote(kind: OperationKind, since: number): boolean;
  /** Stops the workers after the operation each is in, and resolves once all have. */
  stop(): Promise<Operation[]>;
}

/** Past the gateway's integration timeout (29 s): a request still unanswered then hangs. */
const CLIENT_GIVES_UP_MS = 35_000;

export function startTodoLoad(options: {
  url: string;
  callers: Caller[];
  workersPerCaller: number;
}): TodoLoad {
  const operations: Operation[] = [];
  let stopping = false;

  const send = async (
    caller: Caller,
    operation: Pick<Operation, 'kind' | 'worker' | 'todoId' | 'title'>,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ record: Operation; body?: { id?: string } }> => {
    const startedAt = Date.now();
    const record: Operation = {
      ...operation,
      sub: caller.sub,
      startedAt,
      endedAt: startedAt,
      status: 'hung',
    };
    let parsed: Record<string, unknown> | undefined;
    try {
      const response = await fetch(`${options.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${caller.token}`,
          ...(body === undefined
            ? {}
            : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(CLIENT_GIVES_UP_MS),
      });
      const text = await response.text();
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      Object.assign(record, {
        status: response.status,
        contentType: response.headers.get('content-type'),
        retryAfter: response.headers.get('retry-after'),
        ...(response.status >= 400
          ? {
              problemType: typeof parsed?.type === 'string' ? parsed.type : undefined,
              detail: String(parsed?.detail ?? parsed?.message ?? ''),
            }
          : {}),
      });
    } catch (error) {
      if ((error as Error).name !== 'TimeoutError') throw error;
    }
    record.endedAt = Date.now();
    operations.push(record);
    return { record, ...(parsed ? { body: parsed } : {}) };
  };

  const worker = async (caller: Caller, name: string) => {
    for (let round = 1; !stopping; round++) {
      const title = `${name} round ${round}`;
      const created = await send(caller, { kind: 'create', worker: name, title }, 'POST', '/todos', {
        title,
      });
      const todoId = created.record.status === 201 ? created.body?.id : undefined;
      if (!todoId) {
        await pause(); // a dependency that is down: do not spin
        continue;
      }
      created.record.todoId = todoId;
      const path = `/todos/${todoId}`;
      await send(caller, { kind: 'read', worker: name, todoId, title }, 'GET', path);
      const patched = `${title} patched`;
      await send(caller, { kind: 'patch', worker: name, todoId, title: patched }, 'PATCH', path, {
        title: patched,
      });
      if (round % 2 === 0)
        await send(caller, { kind: 'delete', worker: name, todoId, title }, 'DELETE', path);
    }
  };

  const names = options.callers.flatMap((caller) =>
    Array.from({ length: options.workersPerCaller }, (_, index) => ({
      caller,
      name: `${caller.sub}/w${index}`,
    })),
  );
  const running = names.map(({ caller, name }) => worker(caller, name));
  return {
    operations,
    workers: names.map(({ name }) => name),
    everyWorkerWrote: (kind, since) =>
      names.every(({ name }) =>
        operations.some(
          (operation) =>
            operation.worker === name &&
            operation.kind === kind &&
            operation.startedAt >= since &&
            typeof operation.status === 'number' &&
            operation.status >= 200 &&
            operation.status < 300,
        ),
      ),
    async stop() {
      stopping = true;
      await Promise.all(running);
      return operations;
    },
  };
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 200));
