/**
 * The todos Lambda: serves /todos* (routeKeys in generated/validators/todos.js), attachments included.
 */
import { operations } from '../../generated/validators/todos.js';
import { createFunctionHandler } from '../http/function-handler';
import {
  createAttachment,
  deleteAttachment,
  getAttachment,
  listAttachments,
} from '../operations/attachments';
import { createTodo, deleteTodo, getTodo, listTodos, updateTodo } from '../operations/todos';

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
