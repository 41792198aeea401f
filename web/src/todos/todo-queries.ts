/**
 * The todo queries and the one way a todo changes: a merge patch with `If-Match` of the version
 * the user saw. The caches follow the answer: the todo's own entry takes it, the lists refetch.
 */
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import type { Todo, TodoPatch } from '../../../src/client';
import { useApi } from '../api/api';
import { ifMatchOf } from '../api/etag';

export const PAGE_SIZE = 20;

export function todoKey(todoId: string) {
  return ['get', '/todos/{todoId}', { params: { path: { todoId } } }] as const;
}

/** Every page of every filter: keys start with ['get', '/todos']. */
export function invalidateTodoLists(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['get', '/todos'] });
}

export function useTodo(todoId: string) {
  return useApi().useQuery('get', '/todos/{todoId}', { params: { path: { todoId } } });
}

export interface TodoPatchRequest {
  /** The version the change was made against: its ETag goes into If-Match. */
  base: Todo;
  patch: TodoPatch;
}

interface PatchCallbacks {
  onSuccess?(todo: Todo): void;
  onError?(error: unknown): void;
  onSettled?(): void;
}

export function useTodoPatch(todoId: string) {
  const queryClient = useQueryClient();
  const mutation = useApi().useMutation('patch', '/todos/{todoId}', {
    onSuccess: (todo) => {
      queryClient.setQueryData(todoKey(todoId), todo);
      void invalidateTodoLists(queryClient);
    },
  });
  return {
    ...mutation,
    send: (request: TodoPatchRequest, callbacks: PatchCallbacks = {}) =>
      mutation.mutate(
        {
          params: { path: { todoId }, header: { 'If-Match': ifMatchOf(request.base) } },
          body: request.patch,
        },
        {
          onSuccess: (todo) => callbacks.onSuccess?.(todo),
          onError: (error) => callbacks.onError?.(error),
          onSettled: () => callbacks.onSettled?.(),
        },
      ),
  };
}
