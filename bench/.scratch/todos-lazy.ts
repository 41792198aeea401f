import { operations } from '../../generated/validators/todos.js';
import { createFunctionHandler } from '../../src/http/function-handler';
import type { OperationHandler } from '../../src/http/operation';
import { createTodo, deleteTodo, getTodo, listTodos, updateTodo } from '../../src/operations/todos';

// The attachment operations (and with them the S3 client and presigner) load on first use.
const attachments = () => import('../../src/operations/attachments');
const createAttachment: OperationHandler<'createAttachment'> = async (r) => (await attachments()).createAttachment(r);
const listAttachments: OperationHandler<'listAttachments'> = async (r) => (await attachments()).listAttachments(r);
const getAttachment: OperationHandler<'getAttachment'> = async (r) => (await attachments()).getAttachment(r);
const deleteAttachment: OperationHandler<'deleteAttachment'> = async (r) => (await attachments()).deleteAttachment(r);

export const handler = createFunctionHandler(operations, {
  createTodo, listTodos, getTodo, updateTodo, deleteTodo,
  createAttachment, listAttachments, getAttachment, deleteAttachment,
});
