/**
 * The users Lambda function: GET /health, the caller's profile (/users, /users/me) and the request
 * to erase an account (DELETE /users/me, GET /users/me/erasure). The erasure's steps run in the
 * erasure function (./erasure.ts), which the table's changes invoke. Runs under the users IAM role.
 * The validators come precompiled from generated/validators/users.js.
 */
import { type FunctionOperationId, operations } from '../../generated/validators/users';
import { createFunctionHandler } from '../http/function-handler';
import type { OperationHandlers } from '../http/operation';
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

/** HTTP API requests (payload 2.0). */
export const handler = createFunctionHandler(operations, handlers);
