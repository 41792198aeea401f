/**
 * The users Lambda function: GET /health, the caller's profile (/users, /users/me) and the erasure of
 * an account (DELETE /users/me, GET /users/me/erasure), and the table's changes that finish what a
 * request started (infra/template.yaml's UsersFunctionTableChanges): the steps of an erasure and the
 * files of deleted attachments. Runs under the users IAM role. The validators come precompiled from
 * generated/validators/users.js.
 */
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { type FunctionOperationId, operations } from '../../generated/validators/users';
import { createFunctionHandler } from '../http/function-handler';
import type { OperationHandlers } from '../http/operation';
import { handleTableChanges, isTableChangesEvent } from '../operations/erasure/table-changes';
import { getHealth } from '../operations/health';
import { createUser } from '../operations/users/create-user';
import { deleteMyUser } from '../operations/users/delete-my-user';
import { getMyErasure } from '../operations/users/get-my-erasure';
import { getMyUser } from '../operations/users/get-my-user';
import { updateMyUser } from '../operations/users/update-my-user';

/** Every operation the contract routes to this function (a missing one is a compile error). */
const handlers: OperationHandlers<FunctionOperationId> = {
  getHealth,
  createUser,
  getMyUser,
  updateMyUser,
  deleteMyUser,
  getMyErasure,
};

const httpHandler = createFunctionHandler(operations, handlers);

export interface UsersHandler {
  (
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
    context?: Context,
  ): Promise<APIGatewayProxyStructuredResultV2>;
  (event: DynamoDBStreamEvent, context?: Context): Promise<void>;
}

/** HTTP API requests, and batches of the table's changes (DynamoDB Streams). */
export const handler = ((
  event: APIGatewayProxyEventV2WithJWTAuthorizer | DynamoDBStreamEvent,
  context?: Context,
) => (isTableChangesEvent(event) ? handleTableChanges(event) : httpHandler(event, context))) as UsersHandler;
