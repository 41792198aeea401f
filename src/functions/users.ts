/**
 * The users Lambda function: GET /health and the caller's profile (/users, /users/me). Runs under
 * the users IAM role. The validators come precompiled from generated/validators/users.js.
 */
import { operations } from '../../generated/validators/users';
import { createFunctionHandler } from '../http/function-handler';
import { getHealth } from '../operations/health';
import { createUser } from '../operations/users/create-user';
import { createDeleteMyUser } from '../operations/users/delete-my-user';
import { getMyUser } from '../operations/users/get-my-user';
import { updateMyUser } from '../operations/users/update-my-user';

export const handler = createFunctionHandler(operations, {
  getHealth,
  createUser,
  getMyUser,
  updateMyUser,
  // Attachments: pass `eraseFiles` (the caller's S3 objects under users/<sub>/) here.
  deleteMyUser: createDeleteMyUser(),
});
