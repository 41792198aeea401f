import type { OperationHandler } from '../../http/operation';
import { listTodos as readPage } from '../../store/todos';

/** Newest first; `limit` defaults to 20 (the contract's default, applied by the validator). */
export const listTodos: OperationHandler<'listTodos'> = async ({ caller, query }) => {
  const page = await readPage(caller.sub, {
    limit: query.limit ?? 20,
    cursor: query.cursor,
    completed: query.completed,
    tag: query.tag,
  });
  return { status: 200, body: page };
};
