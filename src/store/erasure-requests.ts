/**
 * The erasure request: what DELETE /users/me writes so that the erasure finishes without the client.
 * One item per user, outside the user's partition (erasing the partition must not erase the record
 * of what is left), written in the SAME transaction that removes the profile and its username guard:
 *
 *   TransactWriteItems
 *     [0] Delete USER#<sub>/PROFILE        unchanged since read (If-Match)   ┐ only when there
 *     [1] Delete USERNAME#<name>           ownerSub = <sub>                  │ is a profile
 *    ([2] Delete EMAIL#<email>             ownerSub = <sub>                  ┘ a profile of before only)
 *     [n] Put ERASURE#<sub>                none, or the completed one read    → a new request
 *      or Update ERASURE#<sub>             still pending: ADD resumes 1       → the same request, nudged
 *
 * Emails are contact data (./legacy-email-guards.ts): only a profile created while they were
 * reserved still has an email guard, and it goes here with the profile.
 *
 * Each later change of the item is a stream record that runs the next step (src/operations/erasure/):
 *
 *   ERASURE#<sub>  status pending   step identity → items → files → done (status complete)
 *                  progress n       every step records itself with `SET progress = n + 1 IF progress = n`,
 *                                   so of two runs of one step (a retried batch) one records it
 *                  profileErased, requestedAt, completedAt, resumes
 *                  GSI1PK ERASURES#pending, GSI1SK <requestedAt>#<sub>   while pending (a sparse index:
 *                                   an operator lists what is unfinished in one Query)
 *                  ttl              once complete: the record goes ERASURE_RECORD_DAYS later
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { conditionalWrite, LOST_RACE, type TransactItem } from './conditional-write';
import { ErasureNotFound, ProfileGuardsDisagree } from './errors';
import { assertIfMatch, type IfMatch } from './if-match';
import { erasureKey, PENDING_ERASURES } from './keys';
import { profileDeletes, readProfile } from './users';
import { profileTag } from './users-items';

/** The steps after the request, in the order they run; `done` once all have. */
export type ErasureStep = 'identity' | 'items' | 'files' | 'done';

export interface ErasureRequest {
  sub: string;
  status: 'pending' | 'complete';
  step: ErasureStep;
  /** Steps recorded so far. */
  progress: number;
  requestedAt: string;
  completedAt?: string;
  /** Whether the request found a profile (deleted with it, its guard included). */
  profileErased: boolean;
  /** Requests that found this one pending and nudged it. */
  resumes: number;
}

/** How long a completed request stays readable (GET /users/me/erasure), then TTL removes it. */
export const ERASURE_RECORD_DAYS = 7;

function requestOf(item: Record<string, unknown>): ErasureRequest {
  const { sub, status, step, progress, requestedAt, completedAt, profileErased, resumes } =
    item as unknown as ErasureRequest;
  return {
    sub,
    status,
    step,
    progress,
    requestedAt,
    ...(completedAt !== undefined ? { completedAt } : {}),
    profileErased,
    resumes,
  };
}

/** The caller's request as stored now (strongly consistent: a step acts on it). */
export async function findErasure(sub: string): Promise<ErasureRequest | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: erasureKey(sub), ConsistentRead: true }),
  );
  return Item ? requestOf(Item) : undefined;
}

export async function readErasure(sub: string): Promise<ErasureRequest> {
  const request = await findErasure(sub);
  if (!request) throw new ErasureNotFound(ERASURE_RECORD_DAYS);
  return request;
}

/**
 * Records the request and removes the profile with its guards, atomically (If-Match is checked
 * against the profile, and fails without one). A request still pending is nudged, not restarted: its
 * progress stays, and the change it makes runs its next step again (a chain that stopped resumes).
 */
export async function requestErasure(
  sub: string,
  ifMatch: IfMatch,
  now = new Date(),
): Promise<ErasureRequest> {
  return conditionalWrite(async () => {
    const [profile, earlier] = await Promise.all([readProfile(sub), findErasure(sub)]);
    // If-Match names the profile: without one it cannot hold (412), and nothing is recorded.
    assertIfMatch(ifMatch, profile && profileTag(profile), 'profile');
    const deletes = profile ? await profileDeletes(sub, profile) : [];
    const { item, committed } =
      earlier?.status === 'pending'
        ? nudge(earlier, profile !== undefined)
        : fresh(sub, now, profile !== undefined, earlier);
    return {
      items: [...deletes, item],
      committed,
      conditionFailed: (failed) => {
        // A guard ([1], or [2] of before) failed while the profile held: they disagree.
        if (deletes.length > 0 && !failed[0] && failed.slice(1, deletes.length).includes(true))
          throw new ProfileGuardsDisagree(sub);
        // The profile or the request changed since the read: read both again.
        return LOST_RACE;
      },
    };
  });
}

function fresh(
  sub: string,
  now: Date,
  profileErased: boolean,
  completed: ErasureRequest | undefined,
): { item: TransactItem; committed: ErasureRequest } {
  const requestedAt = now.toISOString();
  const request: ErasureRequest = {
    sub,
    status: 'pending',
    step: 'identity',
    progress: 0,
    requestedAt,
    profileErased,
    resumes: 0,
  };
  const item = {
    ...erasureKey(sub),
    type: 'erasure',
    ...request,
    GSI1PK: PENDING_ERASURES,
    GSI1SK: `${requestedAt}#${sub}`,
  };
  const condition = completed
    ? {
        ConditionExpression: '#status = :complete AND requestedAt = :requestedAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':complete': 'complete', ':requestedAt': completed.requestedAt },
      }
    : { ConditionExpression: 'attribute_not_exists(PK)' };
  return { item: { Put: { TableName: tableName, Item: item, ...condition } }, committed: request };
}

function nudge(
  pending: ErasureRequest,
  profileErased: boolean,
): { item: TransactItem; committed: ErasureRequest } {
  const item: TransactItem = {
    Update: {
      TableName: tableName,
      Key: erasureKey(pending.sub),
      UpdateExpression: 'SET profileErased = :profileErased ADD resumes :one',
      ConditionExpression: '#status = :pending AND requestedAt = :requestedAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':profileErased': pending.profileErased || profileErased,
        ':one': 1,
        ':pending': 'pending',
        ':requestedAt': pending.requestedAt,
      },
    },
  };
  return {
    item,
    committed: {
      ...pending,
      profileErased: pending.profileErased || profileErased,
      resumes: pending.resumes + 1,
    },
  };
}

/** What one step achieved. */
export interface ErasureProgress {
  /** The step that comes next (unchanged when the step has more to do). */
  next?: Exclude<ErasureStep, 'identity'>;
  /** The last step: the request is complete. */
  completedAt?: Date;
}

/**
 * Records a step over the request as `read`: true when recorded, false when another run recorded
 * one first (its change runs the next step; this run has nothing more to do).
 */
export async function recordProgress(read: ErasureRequest, progress: ErasureProgress): Promise<boolean> {
  const set = ['progress = progress + :one'];
  const values: Record<string, unknown> = { ':one': 1, ':read': read.progress };
  const names: Record<string, string> = {};
  if (progress.next) {
    set.push('step = :next');
    values[':next'] = progress.next;
  }
  let remove = '';
  if (progress.completedAt) {
    set.push('#status = :complete', 'completedAt = :completedAt', '#ttl = :ttl');
    Object.assign(names, { '#status': 'status', '#ttl': 'ttl' });
    Object.assign(values, {
      ':complete': 'complete',
      ':completedAt': progress.completedAt.toISOString(),
      ':ttl': Math.floor(progress.completedAt.getTime() / 1000) + ERASURE_RECORD_DAYS * 24 * 3600,
    });
    remove = ' REMOVE GSI1PK, GSI1SK';
  }
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: erasureKey(read.sub),
        UpdateExpression: `SET ${set.join(', ')}${remove}`,
        ConditionExpression: 'progress = :read',
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    // Another run recorded this step first, or the SDK's retry of this very write found it landed.
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
