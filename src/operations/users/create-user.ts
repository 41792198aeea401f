/** POST /users: the caller's profile, keyed by their token's sub. */
import { etagOf } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { createProfile } from '../../store/users';

export const createUser: OperationHandler<'createUser'> = async ({ caller, body, basePath }) => {
  const user = await createProfile(caller.sub, body);
  return {
    status: 201,
    body: user,
    headers: { ETag: etagOf(user.version), Location: `${basePath}/users/me` },
  };
};
