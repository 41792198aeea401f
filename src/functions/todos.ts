/**
 * The todos Lambda: serves /todos* (routeKeys in generated/validators/todos.js). The attachment
 * operations join this map from their own feature.
 */
import { operations } from '../../generated/validators/todos.js';
import { createFunctionHandler } from '../http/function-handler';
import { createTodo, deleteTodo, getTodo, listTodos, updateTodo } from '../operations/todos';

export const handler = createFunctionHandler(operations, {
  createTodo,
  listTodos,
  getTodo,
  updateTodo,
  deleteTodo,
});
