/**
 * PATCH /users/me: a JSON Merge Patch (RFC 7396) of the profile under optimistic concurrency.
 *
 * Read the profile, check If-Match against its version, then write the merged profile conditioned
 * on that same version. A changed username or email moves its guard in the same transaction:
 *
 *   TransactWriteItems
 *     [0] Put    USER#<sub>/PROFILE   version = <read>             fails → changed since read
 *     [1] Delete USERNAME#<old>       ownerSub = <sub>             (only when the username changes)
 *     [2] Put    USERNAME#<new>       attribute_not_exists(PK)     fails → 409 username-taken
 *     [3] Delete EMAIL#<old>          ownerSub = <sub>             (only when the email changes)
 *     [4] Put    EMAIL#<new>          attribute_not_exists(PK)     fails → 409 email-taken
 *
 * When [0] fails the profile changed (or vanished) since it was read, and every other verdict came
 * from a stale plan, so the loop starts again from the read:
 *
 *   PATCH A (If-Match "1")  read v1 ──── write v1→v2 ✓
 *   PATCH B (If-Match "1")  read v1 ────────────── write v1→v2 ✗ [0] → re-read v2 → 412
 *   PATCH C (no If-Match)   read v1 ────────────── write v1→v2 ✗ [0] → re-read v2 → write v2→v3 ✓
 *
 * So two PATCHes carrying the same If-Match never both succeed, and one without If-Match still
 * increments the version atomically (no lost update).
 */
import type { IfMatch } from '../http/etag';
import { assertIfMatch } from '../http/etag';
import { tableName } from './client';
import { noProfile, profileKeptChanging, readProfile } from './users';
import { emailTaken, usernameTaken } from './users-conflicts';
import {
  emailGuard,
  emailGuardKey,
  profileItem,
  type TableKey,
  type User,
  type UserPatch,
  usernameGuard,
  usernameGuardKey,
} from './users-items';
import { backoff, MAX_USER_WRITE_ATTEMPTS, transact } from './users-transaction';

/** RFC 7396 over the profile: present members are set, `null` removes an optional one. */
export function mergeProfile(current: User, patch: UserPatch, now: Date): User {
  const next: User = { ...current };
  if (patch.username !== undefined) next.username = patch.username;
  if (patch.firstName !== undefined) next.firstName = patch.firstName;
  if (patch.lastName !== undefined) next.lastName = patch.lastName;
  if (patch.email !== undefined) next.email = patch.email;
  if (patch.phoneNumber === null) delete next.phoneNumber;
  else if (patch.phoneNumber !== undefined) next.phoneNumber = patch.phoneNumber;
  if (patch.bio === null) delete next.bio;
  else if (patch.bio !== undefined) next.bio = patch.bio;
  next.updatedAt = now.toISOString();
  next.version = current.version + 1;
  return next;
}

type Role = 'profile' | 'old-guard' | 'new-username' | 'new-email';
interface PlannedWrite {
  role: Role;
  // biome-ignore lint/suspicious/noExplicitAny: one TransactWriteItems entry (Put or Delete) of lib-dynamodb.
  item: any;
}

function moveGuard(oldKey: TableKey, newGuard: TableKey, sub: string, role: Role): PlannedWrite[] {
  return [
    {
      role: 'old-guard',
      item: {
        Delete: {
          TableName: tableName,
          Key: oldKey,
          ConditionExpression: 'ownerSub = :sub',
          ExpressionAttributeValues: { ':sub': sub },
        },
      },
    },
    {
      role,
      item: {
        Put: { TableName: tableName, Item: newGuard, ConditionExpression: 'attribute_not_exists(PK)' },
      },
    },
  ];
}

function planUpdate(sub: string, current: User, next: User): PlannedWrite[] {
  const writes: PlannedWrite[] = [
    {
      role: 'profile',
      item: {
        Put: {
          TableName: tableName,
          Item: profileItem(next),
          // createdAt pins this incarnation: a profile deleted and re-created restarts at version 1.
          ConditionExpression: '#version = :version AND #createdAt = :createdAt',
          ExpressionAttributeNames: { '#version': 'version', '#createdAt': 'createdAt' },
          ExpressionAttributeValues: { ':version': current.version, ':createdAt': current.createdAt },
        },
      },
    },
  ];
  if (next.username !== current.username) {
    writes.push(
      ...moveGuard(
        usernameGuardKey(current.username),
        usernameGuard(next.username, sub),
        sub,
        'new-username',
      ),
    );
  }
  // A change of letter case only is the same address: its guard stays where it is.
  if (emailGuardKey(next.email).PK !== emailGuardKey(current.email).PK) {
    writes.push(...moveGuard(emailGuardKey(current.email), emailGuard(next.email, sub), sub, 'new-email'));
  }
  return writes;
}

export async function updateProfile(
  sub: string,
  patch: UserPatch,
  ifMatch: IfMatch,
  now = new Date(),
): Promise<User> {
  for (let attempt = 1; attempt <= MAX_USER_WRITE_ATTEMPTS; attempt++) {
    const current = await readProfile(sub);
    if (!current) throw noProfile();
    assertIfMatch(ifMatch, current.version, 'profile');
    const next = mergeProfile(current, patch, now);
    const writes = planUpdate(sub, current, next);
    const outcome = await transact(writes.map((w) => w.item));
    if (!outcome) return next;
    const failed = (role: Role) => writes.some((w, i) => w.role === role && outcome.failed[i]);
    if (failed('profile')) {
      await backoff(attempt);
      continue;
    }
    if (failed('new-username')) throw usernameTaken(next.username);
    if (failed('new-email')) throw emailTaken();
    throw new Error(`A guard of profile ${sub} is not owned by it: the profile and its guards disagree`);
  }
  throw profileKeptChanging();
}
