/**
 * PATCH /users/me: a JSON Merge Patch (RFC 7396) of the profile under optimistic concurrency.
 *
 * Read the profile, check If-Match against its version, then write the merged profile conditioned
 * on that same version. A changed username moves its guard in the same transaction:
 *
 *   TransactWriteItems
 *     [0] Put    USER#<sub>/PROFILE   version = <read>             fails → changed since read
 *     [1] Delete USERNAME#<old>       ownerSub = <sub>             (only when the username changes)
 *     [2] Put    USERNAME#<new>       attribute_not_exists(PK)     fails → UsernameTaken
 *     [3] Delete EMAIL#<old>          ownerSub = <sub>             (only when the email changes, and
 *                                                                  the profile has a guard of before)
 *
 * An email is contact data: any address is accepted, and the answer never depends on whether
 * another profile carries it (./legacy-email-guards.ts).
 *
 * When [0] fails the profile changed (or vanished) since it was read, and every other verdict came
 * from a stale plan, so the write starts again from the read (./conditional-write.ts):
 *
 *   PATCH A (If-Match "1")  read v1 ──── write v1→v2 ✓
 *   PATCH B (If-Match "1")  read v1 ────────────── write v1→v2 ✗ [0] → re-read v2 → 412
 *   PATCH C (no If-Match)   read v1 ────────────── write v1→v2 ✗ [0] → re-read v2 → write v2→v3 ✓
 *
 * So two PATCHes carrying the same If-Match never both succeed, and one without If-Match still
 * increments the version atomically (no lost update).
 */
import { tableName } from './client';
import { conditionalWrite, LOST_RACE, type TransactItem } from './conditional-write';
import { ProfileGuardsDisagree, ProfileNotFound, UsernameTaken } from './errors';
import { assertIfMatch, type IfMatch } from './if-match';
import { emailGuardKey, type TableKey, usernameGuardKey } from './keys';
import { legacyEmailGuardDelete } from './legacy-email-guards';
import { readProfile } from './users';
import {
  profileItem,
  profileTag,
  type User,
  type UserPatch,
  unchangedSince,
  usernameGuard,
} from './users-items';

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

type Role = 'profile' | 'old-guard' | 'new-username';
interface PlannedWrite {
  role: Role;
  item: TransactItem;
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

async function planUpdate(sub: string, current: User, next: User): Promise<PlannedWrite[]> {
  const writes: PlannedWrite[] = [
    {
      role: 'profile',
      item: {
        Put: {
          TableName: tableName,
          Item: profileItem(next),
          ...unchangedSince(current),
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
  // A change of letter case only is the same address: a guard of before keeps standing for it.
  if (emailGuardKey(next.email).PK !== emailGuardKey(current.email).PK) {
    const oldEmailGuard = await legacyEmailGuardDelete(sub, current.email);
    if (oldEmailGuard) writes.push({ role: 'old-guard', item: oldEmailGuard });
  }
  return writes;
}

export async function updateProfile(
  sub: string,
  patch: UserPatch,
  ifMatch: IfMatch,
  now = new Date(),
): Promise<User> {
  return conditionalWrite(async () => {
    const current = await readProfile(sub);
    // If-Match on a missing profile is false (RFC 9110 §13.1.1): 412 rather than 404.
    assertIfMatch(ifMatch, current && profileTag(current), 'profile');
    if (!current) throw new ProfileNotFound();
    const next = mergeProfile(current, patch, now);
    const writes = await planUpdate(sub, current, next);
    return {
      items: writes.map((w) => w.item),
      committed: next,
      conditionFailed: (failed, cause) => {
        const lost = (role: Role) => writes.some((w, i) => w.role === role && failed[i]);
        if (lost('profile')) return LOST_RACE;
        if (lost('new-username')) throw new UsernameTaken(next.username, { cause });
        throw new ProfileGuardsDisagree(sub);
      },
    };
  });
}
