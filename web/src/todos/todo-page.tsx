/**
 * One todo: its fields, done with one click, edited as a merge patch against the version shown
 * (a 412 opens the comparison, never an overwrite), deleted after a confirmation, and its attachments.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Todo, TodoPatch } from '../../../src/client';
import { useApi } from '../api/api';
import { ifMatchOf } from '../api/etag';
import { hasStatus } from '../api/problem';
import { AttachmentsSection } from '../attachments/attachments-section';
import { Link, navigate } from '../routing/router';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { PageHeading } from '../ui/page';
import { ProblemAlert } from '../ui/problem-alert';
import { TodoConflict } from './todo-conflict';
import { draftOf, patchOf } from './todo-draft';
import { TodoForm } from './todo-form';
import { formatDate, TodoMeta } from './todo-meta';
import { invalidateTodoLists, todoKey, useTodo, useTodoPatch } from './todo-queries';

type Mode =
  | { name: 'view' }
  | { name: 'edit'; base: Todo }
  | { name: 'conflict'; base: Todo; patch: TodoPatch };

export function TodoPage({ todoId }: { todoId: string }) {
  const todo = useTodo(todoId);
  if (todo.isPending) {
    return (
      <p role="status" className="placeholder">
        Loading the todo…
      </p>
    );
  }
  if (todo.isError) {
    return (
      <section className="panel">
        <PageHeading title="Todo not available">
          {hasStatus(todo.error, 404) ? 'No such todo' : 'Todo not available'}
        </PageHeading>
        <ProblemAlert error={todo.error} />
        <Link to={{ name: 'todos' }}>Back to the todos</Link>
      </section>
    );
  }
  return <TodoDetail todo={todo.data} />;
}

function TodoDetail({ todo }: { todo: Todo }) {
  const [mode, setMode] = useState<Mode>({ name: 'view' });
  const patch = useTodoPatch(todo.id);
  const send = (change: TodoPatch, base: Todo) => {
    patch.send(
      { base, patch: change },
      {
        onSuccess: () => setMode({ name: 'view' }),
        // From the form or the done button alike: compare before anything else happens.
        onError: (error) => {
          if (!hasStatus(error, 412)) return;
          patch.reset();
          setMode({ name: 'conflict', base, patch: change });
        },
      },
    );
  };

  return (
    <article className="panel todo-detail" aria-labelledby="todo-heading">
      <p className="breadcrumbs">
        <Link to={{ name: 'todos' }}>← All todos</Link>
      </p>
      <PageHeading title={todo.title} id="todo-heading">
        {todo.title}
      </PageHeading>
      <p className={todo.completed ? 'status status-done' : 'status'}>
        {todo.completed
          ? `Done${todo.completedAt ? ` on ${new Date(todo.completedAt).toLocaleString()}` : ''}`
          : 'Open'}
      </p>

      {mode.name === 'conflict' ? (
        <TodoConflict
          todoId={todo.id}
          base={mode.base}
          patch={mode.patch}
          onResolved={() => setMode({ name: 'view' })}
        />
      ) : mode.name === 'edit' ? (
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">Edit</h2>
          <TodoForm
            initial={draftOf(mode.base)}
            submitLabel="Save changes"
            busy={patch.isPending}
            error={patch.error}
            onSubmit={(draft) => {
              const change = patchOf(mode.base, draft);
              if (change) send(change, mode.base);
              else setMode({ name: 'view' });
            }}
            onCancel={() => {
              patch.reset();
              setMode({ name: 'view' });
            }}
          />
        </section>
      ) : (
        <>
          <TodoFacts todo={todo} />
          {patch.error ? <ProblemAlert error={patch.error} /> : null}
          <div className="actions">
            <button
              type="button"
              className="button-primary"
              disabled={patch.isPending}
              onClick={() => send({ completed: !todo.completed }, todo)}
            >
              {todo.completed ? 'Mark as open' : 'Mark as done'}
            </button>
            <button
              type="button"
              onClick={() => {
                patch.reset();
                setMode({ name: 'edit', base: todo });
              }}
            >
              Edit
            </button>
            <DeleteTodo todo={todo} />
          </div>
        </>
      )}
      <AttachmentsSection todoId={todo.id} />
    </article>
  );
}

function TodoFacts({ todo }: { todo: Todo }) {
  return (
    <dl className="facts">
      <dt>Notes</dt>
      <dd className="notes">{todo.notes || <span className="muted">None</span>}</dd>
      <dt>Due</dt>
      <dd>{todo.dueDate ? formatDate(todo.dueDate) : <span className="muted">No due date</span>}</dd>
      <dt>Priority</dt>
      <dd>{todo.priority}</dd>
      <dt>Tags</dt>
      <dd>
        {todo.tags.length ? (
          <TodoMeta todo={{ ...todo, priority: 'normal', dueDate: null }} />
        ) : (
          <span className="muted">None</span>
        )}
      </dd>
      <dt>Created</dt>
      <dd>{new Date(todo.createdAt).toLocaleString()}</dd>
      <dt>Changed</dt>
      <dd>
        {new Date(todo.updatedAt).toLocaleString()} (version {todo.version})
      </dd>
    </dl>
  );
}

function DeleteTodo({ todo }: { todo: Todo }) {
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const remove = useApi().useMutation('delete', '/todos/{todoId}', {
    onSuccess: () => {
      setConfirming(false);
      queryClient.removeQueries({ queryKey: todoKey(todo.id) });
      void invalidateTodoLists(queryClient);
      navigate({ name: 'todos' }, { replace: true });
    },
    onError: (error) => {
      // Changed meanwhile: show the current version before the user decides again.
      if (hasStatus(error, 412)) void queryClient.invalidateQueries({ queryKey: todoKey(todo.id) });
    },
  });
  return (
    <>
      <button type="button" className="button-danger" onClick={() => setConfirming(true)}>
        Delete
      </button>
      <ConfirmDialog
        open={confirming}
        title="Delete this todo?"
        confirmLabel="Delete todo"
        busy={remove.isPending}
        onCancel={() => {
          remove.reset();
          setConfirming(false);
        }}
        onConfirm={() =>
          remove.mutate({ params: { path: { todoId: todo.id }, header: { 'If-Match': ifMatchOf(todo) } } })
        }
      >
        <p>“{todo.title}” and its attachments will be gone for good.</p>
        {remove.error ? <ProblemAlert error={remove.error} /> : null}
      </ConfirmDialog>
    </>
  );
}
