/** GET /users/me: profiles are private, so the only readable one is the caller's. */
import { etagOf } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { ProfileNotFound } from '../../store/errors';
import { readProfile } from '../../store/users';
import { profileTag } from '../../store/users-items';

export const getMyUser: OperationHandler<'getMyUser'> = async ({ caller }) => {
  const user = await readProfile(caller.sub);
  if (!user) throw new ProfileNotFound();
  return { status: 200, body: user, headers: { ETag: etagOf(profileTag(user)) } };
};
