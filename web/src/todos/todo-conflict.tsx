/** A todo's 412: the server's version next to the user's change (../ui/conflict-view.tsx). */
import { useEffect } from 'react';
import type { Todo, TodoPatch } from '../../../src/client';
import { hasStatus } from '../api/problem';
import { ConflictView, conflictRowsOf } from '../ui/conflict-view';
import { useTodo, useTodoPatch } from './todo-queries';

const LABELS: Record<keyof TodoPatch, string> = {
  title: 'Title',
  notes: 'Notes',
  dueDate: 'Due date',
  priority: 'Priority',
  tags: 'Tags',
  completed: 'Done',
};

interface TodoConflictProps {
  todoId: string;
  /** The version the user changed. */
  base: Todo;
  patch: TodoPatch;
  onResolved(todo: Todo | undefined): void;
}

export function TodoConflict({ todoId, base, patch, onResolved }: TodoConflictProps) {
  const current = useTodo(todoId);
  const reapply = useTodoPatch(todoId);
  const { refetch } = current;
  // The cached todo is the one the change was made against: read the server's now.
  useEffect(() => {
    void refetch();
  }, [refetch]);
  // It changed again while the user compared: show the newer version.
  useEffect(() => {
    if (hasStatus(reapply.error, 412)) void refetch();
  }, [reapply.error, refetch]);

  const server = current.isFetching ? undefined : current.data;
  const rows = server ? conflictRowsOf(LABELS, base, server, patch) : undefined;
  return (
    <ConflictView
      what="todo"
      rows={rows}
      readError={current.error}
      applying={reapply.isPending}
      applyError={reapply.error}
      onApply={() =>
        server && reapply.send({ base: server, patch }, { onSuccess: (todo) => onResolved(todo) })
      }
      onDiscard={() => onResolved(server)}
    />
  );
}
