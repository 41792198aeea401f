/** POST /users: the caller's profile, keyed by their token's sub. */
import { etagOf } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { createProfile } from '../../store/users';
import { profileTag } from '../../store/users-items';

export const createUser: OperationHandler<'createUser'> = async ({ caller, body, basePath }) => {
  const user = await createProfile(caller.sub, body);
  return {
    status: 201,
    body: user,
    headers: { ETag: etagOf(profileTag(user)), Location: `${basePath}/users/me` },
  };
};
