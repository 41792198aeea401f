/**
 * The todos Lambda: serves /todos* (routeKeys in generated/validators/todos.js), attachments included.
 */
import { type FunctionOperationId, operations } from '../../generated/validators/todos.js';
import { createFunctionHandler } from '../http/function-handler';
import type { OperationHandlers } from '../http/operation';
import {
  createAttachment,
  deleteAttachment,
  getAttachment,
  listAttachments,
} from '../operations/attachments';
import { createTodo, deleteTodo, getTodo, listTodos, updateTodo } from '../operations/todos';

/** Every operation the contract routes to this function (a missing one is a compile error). */
const handlers: OperationHandlers<FunctionOperationId> = {
  createTodo,
  listTodos,
  getTodo,
  updateTodo,
  deleteTodo,
  createAttachment,
  listAttachments,
  getAttachment,
  deleteAttachment,
};

export const handler = createFunctionHandler(operations, handlers);
