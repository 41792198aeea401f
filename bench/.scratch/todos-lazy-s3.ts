/**
 * The todos Lambda: serves /todos* (routeKeys in generated/validators/todos.js), attachments included.
 */
import { operations } from '../../generated/validators/todos.js';
import { createFunctionHandler } from '../../src/http/function-handler';
import {
  createAttachment,
  deleteAttachment,
  getAttachment,
  listAttachments,
} from './att';
import { createTodo, deleteTodo, getTodo, listTodos, updateTodo } from '../../src/operations/todos';

export const handler = createFunctionHandler(operations, {
  createTodo,
  listTodos,
  getTodo,
  updateTodo,
  deleteTodo,
  createAttachment,
  listAttachments,
  getAttachment,
  deleteAttachment,
});
