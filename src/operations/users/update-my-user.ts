/** PATCH /users/me: JSON Merge Patch under If-Match (see src/store/users-update.ts for the race rules). */
import { etagOf, parseIfMatch } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { profileTag } from '../../store/users-items';
import { updateProfile } from '../../store/users-update';

export const updateMyUser: OperationHandler<'updateMyUser'> = async ({ caller, body, headers }) => {
  const user = await updateProfile(caller.sub, body, parseIfMatch(headers['if-match']));
  return { status: 200, body: user, headers: { ETag: etagOf(profileTag(user)) } };
};
