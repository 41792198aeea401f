import type { OperationHandler } from '../../../src/http/operation';
import { assertTodoExists, listAttachments as readAttachments } from '../../../src/store/attachments';
import { refreshStatus } from './refresh-status';

export const listAttachments: OperationHandler<'listAttachments'> = async ({ caller, path }) => {
  const [, attachments] = await Promise.all([
    assertTodoExists(caller.sub, path.todoId),
    readAttachments(caller.sub, path.todoId),
  ]);
  const items = await Promise.all(attachments.map((a) => refreshStatus(caller.sub, a)));
  return { status: 200, body: { items } };
};
