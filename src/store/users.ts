/**
 * The caller's profile: create, read, delete (the PATCH lives in ./users-update.ts). Every write
 * moves the profile and its username guard together in one TransactWriteItems, so usernames stay
 * unique whatever runs concurrently. Emails are contact data, neither unique nor reserved
 * (./legacy-email-guards.ts for the guards of before). Layout: ./users-items.ts; access patterns:
 * docs/store.md.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { conditionalWrite, LOST_RACE, type TransactItem } from './conditional-write';
import { ProfileExists, ProfileGuardsDisagree, UsernameTaken } from './errors';
import { assertIfMatch, type IfMatch } from './if-match';
import { profileKey, usernameGuardKey } from './keys';
import { legacyEmailGuardDelete } from './legacy-email-guards';
import {
  profileItem,
  profileTag,
  type User,
  type UserCreate,
  unchangedSince,
  usernameGuard,
  userOf,
} from './users-items';

/**
 * Profile and username guard, all or nothing. Each Put is conditioned on its key being free; the
 * cancellation reasons say which one was not (reasons come back in item order):
 *
 *   TransactWriteItems
 *     [0] Put USER#<sub>/PROFILE          attribute_not_exists(PK)   fails → ProfileExists
 *     [1] Put USERNAME#<name>             attribute_not_exists(PK)   fails → UsernameTaken
 *
 * N callers racing for one username: DynamoDB serialises the transactions on the guard item, exactly
 * one commits, every other one fails its condition [1] (or conflicts, is retried, then fails it).
 * The email is stored as given: another profile may carry the same address, and no answer says
 * whether one does.
 */
export async function createProfile(sub: string, input: UserCreate, now = new Date()): Promise<User> {
  const at = now.toISOString();
  const user = userOf({ ...input, userId: sub, createdAt: at, updatedAt: at, version: 1 });
  const free = 'attribute_not_exists(PK)';
  return conditionalWrite(() => ({
    items: [
      { Put: { TableName: tableName, Item: profileItem(user), ConditionExpression: free } },
      { Put: { TableName: tableName, Item: usernameGuard(user.username, sub), ConditionExpression: free } },
    ],
    committed: user,
    conditionFailed: (failed, cause) => {
      if (failed[0]) throw new ProfileExists({ cause });
      throw new UsernameTaken(user.username, { cause });
    },
  }));
}

/** The profile as stored now (strongly consistent, so an ETag read here is the current one). */
export async function readProfile(sub: string): Promise<User | undefined> {
  const out = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: profileKey(sub), ConsistentRead: true }),
  );
  return out.Item ? userOf(out.Item) : undefined;
}

/**
 * Removes the profile and its username guard (and its email guard of before, if it has one) in one
 * transaction, honouring If-Match against the profile. Answers how many items went (0 when there
 * was no profile). If-Match without a profile is false (RFC 9110 §13.1.1): VersionMismatch, whichever
 * tag it names.
 *
 *   [0] Delete USER#<sub>/PROFILE    version = <read>    fails → it changed: re-read (gone/412/retry)
 *   [1] Delete USERNAME#<name>       ownerSub = <sub>    fails only if the profile changed too
 *   [2] Delete EMAIL#<email>         ownerSub = <sub>    only a profile of before has one; likewise
 */
export async function deleteProfile(sub: string, ifMatch: IfMatch): Promise<number> {
  return conditionalWrite(async () => {
    const current = await readProfile(sub);
    // No profile: nothing to delete, unless If-Match asked for one (then it is false: 412).
    assertIfMatch(ifMatch, current && profileTag(current), 'profile');
    if (!current) return { items: [], committed: 0 };
    const items = await profileDeletes(sub, current);
    return {
      items,
      committed: items.length,
      conditionFailed: (failed) => {
        if (failed[0]) return LOST_RACE;
        throw new ProfileGuardsDisagree(sub);
      },
    };
  });
}

/**
 * The deletes of a profile as it was read: [0] the profile (unchanged since the read), [1] its
 * username guard and, for a profile of before that has one, [2] its email guard (each still this
 * user's). For deleteProfile, and for the erasure request's transaction (./erasure-requests.ts).
 */
export async function profileDeletes(sub: string, read: User): Promise<TransactItem[]> {
  const oldEmailGuard = await legacyEmailGuardDelete(sub, read.email);
  return [
    { Delete: { TableName: tableName, Key: profileKey(sub), ...unchangedSince(read) } },
    {
      Delete: {
        TableName: tableName,
        Key: usernameGuardKey(read.username),
        ConditionExpression: 'ownerSub = :sub',
        ExpressionAttributeValues: { ':sub': sub },
      },
    },
    ...(oldEmailGuard ? [oldEmailGuard] : []),
  ];
}
