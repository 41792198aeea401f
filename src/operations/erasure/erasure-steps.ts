/**
 * An erasure, one step per invocation. DELETE /users/me removed the profile and its guards and wrote
 * the request (src/store/erasure-requests.ts); every change of the request is a stream record that
 * brings the erasure function here (./table-changes.ts), and every step ends by recording itself,
 * which is the next change:
 *
 *   step       does                                                        then
 *   identity   AdminDeleteUser (the user gone already counts as done)      → items
 *   items      up to 500 deletes of the partition (src/store/purge-user)   → items again, or files once
 *                                                                            a Query found it empty
 *   files      one List of users/<sub>/ (≤ 1,000 keys) + one DeleteObjects → files again, or complete
 *
 * Sign-in goes first: once it is gone no new token is issued (sign-in and refresh fail), so nothing
 * new is written for long while the rest goes (an access token already issued lives out its hour).
 * Files go last: an upload through a URL issued before the erasure lands on its record, or, once the
 * records are gone, is deleted by the bucket's event (src/operations/attachments/object-created.ts).
 *
 * A step that throws is retried with its batch (the event source mapping); every step is safe to run
 * again, and to run twice at once: only one run records it (recordProgress is conditional), and a run
 * that finds it recorded already stops, so a retried batch never forks the chain for long.
 */
import { deleteSignInIdentity } from '../../identity/sign-in-identities';
import {
  type ErasureProgress,
  type ErasureRequest,
  findErasure,
  recordProgress,
} from '../../store/erasure-requests';
import { purgePartitionStep } from '../../store/purge-user';
import { attachmentStorage } from '../attachments/storage';

export type ErasureStepOutcome =
  | 'no-request'
  | 'complete-already'
  | 'sign-in-erased'
  | 'items-erased'
  | 'items-done'
  | 'files-erased'
  | 'completed'
  /** Another run recorded this step first; it carries the erasure on. */
  | 'overtaken';

export interface ErasureStepReport {
  sub: string;
  outcome: ErasureStepOutcome;
  /** Items or files this step removed (logged). */
  erased: number;
}

/** Runs the next step of `sub`'s erasure, if it has one. */
export async function advanceErasure(sub: string, now = () => new Date()): Promise<ErasureStepReport> {
  const request = await findErasure(sub);
  if (!request) return { sub, outcome: 'no-request', erased: 0 };
  if (request.status === 'complete') return { sub, outcome: 'complete-already', erased: 0 };
  const { outcome, erased, progress } = await runStep(request, now);
  const recorded = await recordProgress(request, progress);
  return { sub, outcome: recorded ? outcome : 'overtaken', erased };
}

async function runStep(
  request: ErasureRequest,
  now: () => Date,
): Promise<{ outcome: ErasureStepOutcome; erased: number; progress: ErasureProgress }> {
  switch (request.step) {
    case 'identity':
      await deleteSignInIdentity(request.sub);
      return { outcome: 'sign-in-erased', erased: 0, progress: { next: 'items' } };
    case 'items': {
      const { itemsDeleted, done } = await purgePartitionStep(request.sub);
      return done
        ? { outcome: 'items-done', erased: itemsDeleted, progress: { next: 'files' } }
        : { outcome: 'items-erased', erased: itemsDeleted, progress: {} };
    }
    case 'files': {
      const { userPrefix } = await attachmentStorage();
      const { deleteFilesPage } = await import('../../storage/files-page');
      const { objectsDeleted, more } = await deleteFilesPage(userPrefix(request.sub));
      return more
        ? { outcome: 'files-erased', erased: objectsDeleted, progress: {} }
        : { outcome: 'completed', erased: objectsDeleted, progress: { next: 'done', completedAt: now() } };
    }
    case 'done':
      // A request stored as done but not complete cannot be written by this code; finish it honestly.
      return { outcome: 'completed', erased: 0, progress: { completedAt: now() } };
  }
}
