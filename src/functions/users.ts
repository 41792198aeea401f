/**
 * The users Lambda function: GET /health and the caller's profile (/users, /users/me). Runs under
 * the users IAM role. The validators come precompiled from generated/validators/users.js.
 */
import { type FunctionOperationId, operations } from '../../generated/validators/users';
import { createFunctionHandler } from '../http/function-handler';
import type { OperationHandlers } from '../http/operation';
import { attachmentStorage } from '../operations/attachments/storage';
import { getHealth } from '../operations/health';
import { createUser } from '../operations/users/create-user';
import { createDeleteMyUser } from '../operations/users/delete-my-user';
import { getMyUser } from '../operations/users/get-my-user';
import { updateMyUser } from '../operations/users/update-my-user';

/**
 * The caller's attachment files (S3, under users/<sub>/). Imported lazily: only an erasure needs
 * the S3 client, so no other request pays for loading it at cold start.
 */
async function eraseFiles(sub: string) {
  const { deletePrefix, userPrefix } = await attachmentStorage();
  return deletePrefix(userPrefix(sub));
}

/** Every operation the contract routes to this function (a missing one is a compile error). */
const handlers: OperationHandlers<FunctionOperationId> = {
  getHealth,
  createUser,
  getMyUser,
  updateMyUser,
  deleteMyUser: createDeleteMyUser({ eraseFiles }),
};

export const handler = createFunctionHandler(operations, handlers);
