/**
 * A new todo. The create carries an Idempotency-Key, so a submit retried after a lost answer does not
 * create it twice; a changed form gets a new key (the API refuses a key reused for another body).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useApi } from '../api/api';
import { navigate } from '../routing/router';
import { PageHeading } from '../ui/page';
import { createBodyOf, emptyDraft } from './todo-draft';
import { TodoForm } from './todo-form';
import { invalidateTodoLists, todoKey } from './todo-queries';

export function NewTodoPage() {
  const queryClient = useQueryClient();
  const create = useApi().useMutation('post', '/todos', {
    onSuccess: (todo) => {
      queryClient.setQueryData(todoKey(todo.id), todo);
      void invalidateTodoLists(queryClient);
      navigate({ name: 'todos' });
    },
  });
  const lastSent = useRef<{ body: string; key: string }>(undefined);

  return (
    <section className="panel">
      <PageHeading title="New todo">New todo</PageHeading>
      <TodoForm
        initial={emptyDraft()}
        submitLabel="Create todo"
        busy={create.isPending}
        error={create.error}
        onSubmit={(draft) => {
          const body = createBodyOf(draft);
          const json = JSON.stringify(body);
          const key = lastSent.current?.body === json ? lastSent.current.key : crypto.randomUUID();
          lastSent.current = { body: json, key };
          create.mutate({ body, params: { header: { 'Idempotency-Key': key } } });
        }}
        onCancel={() => navigate({ name: 'todos' })}
      />
    </section>
  );
}
