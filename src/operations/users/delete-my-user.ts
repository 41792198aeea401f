/**
 * DELETE /users/me: erases the profile, its guards and everything in the caller's partition, then
 * the caller's stored files. Answers 204 whether or not a profile existed (a caller with todos but
 * no profile can still erase them); If-Match is checked against the profile when there is one.
 */
import { parseIfMatch } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { type PurgeOptions, purgeUser } from '../../store/purge-user';

/**
 * Erases every stored file of a user (the S3 objects under `users/<sub>/`). The seam for
 * attachments: src/functions/users.ts passes the real eraser; without one, no files are touched.
 * It runs after the table is purged, and is safe to repeat, so a retried DELETE finishes the job.
 */
export type UserFilesEraser = (sub: string) => Promise<unknown>;

export interface DeleteMyUserOptions extends PurgeOptions {
  eraseFiles?: UserFilesEraser;
}

export function createDeleteMyUser(options: DeleteMyUserOptions = {}): OperationHandler<'deleteMyUser'> {
  return async ({ caller, headers }) => {
    await purgeUser(caller.sub, parseIfMatch(headers['if-match']), options);
    await options.eraseFiles?.(caller.sub);
    return { status: 204 };
  };
}
