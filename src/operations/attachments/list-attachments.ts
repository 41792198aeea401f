import type { OperationHandler } from '../../http/operation';
import { assertTodoExists, listAttachments as readAttachments } from '../../store/attachments';
import { refreshStatus } from './refresh-status';

export const listAttachments: OperationHandler<'listAttachments'> = async ({ caller, path }) => {
  const [, attachments] = await Promise.all([
    assertTodoExists(caller.sub, path.todoId),
    readAttachments(caller.sub, path.todoId),
  ]);
  const items = await Promise.all(
    attachments.map((a) => refreshStatus(caller.sub, a, { whenS3Fails: 'keep' })),
  );
  return { status: 200, body: { items } };
};
