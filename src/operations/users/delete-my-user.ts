/**
 * DELETE /users/me: records the erasure and removes the profile with its guards, in one transaction
 * (If-Match checked against the profile; with no profile it cannot hold: 412), and answers 202 with where to watch the
 * rest: the sign-in identity, the partition and the files go asynchronously, each step retried until
 * it succeeds (src/operations/erasure/erasure-steps.ts). Nothing is answered done that is not.
 */
import { parseIfMatch } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { requestErasure } from '../../store/erasure-requests';
import { erasureOf } from '../erasure/erasure-representation';

export const deleteMyUser: OperationHandler<'deleteMyUser'> = async ({ caller, headers, basePath }) => {
  const request = await requestErasure(caller.sub, parseIfMatch(headers['if-match']));
  return {
    status: 202,
    body: erasureOf(request),
    headers: { Location: `${basePath}/users/me/erasure` },
  };
};
