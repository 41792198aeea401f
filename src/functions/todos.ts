/**
 * The todos Lambda: serves /todos* (routeKeys in generated/validators/todos.js), attachments included,
 * and checks each object that lands in the attachments bucket against its record.
 */
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
  S3ObjectCreatedNotificationEvent,
} from 'aws-lambda';
import { type FunctionOperationId, operations } from '../../generated/validators/todos.js';
import { createFunctionHandler } from '../http/function-handler';
import type { OperationHandlers } from '../http/operation';
import {
  createAttachment,
  deleteAttachment,
  getAttachment,
  listAttachments,
} from '../operations/attachments';
import { handleObjectCreated, isObjectCreatedEvent } from '../operations/attachments/object-created';
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

const httpHandler = createFunctionHandler(operations, handlers);

export interface TodosHandler {
  (
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
    context?: Context,
  ): Promise<APIGatewayProxyStructuredResultV2>;
  (event: S3ObjectCreatedNotificationEvent, context?: Context): Promise<void>;
}

/** HTTP API requests, and the bucket's Object Created events (AttachmentUploadsRule in the template). */
export const handler = ((
  event: APIGatewayProxyEventV2WithJWTAuthorizer | S3ObjectCreatedNotificationEvent,
  context?: Context,
) =>
  isObjectCreatedEvent(event) ? handleObjectCreated(event) : httpHandler(event, context)) as TodosHandler;
