/**
 * The caller's profile: create, read, delete (the PATCH lives in ./users-update.ts). Every write
 * moves the profile and its username/email guard items together in one TransactWriteItems, so the
 * uniqueness of usernames and emails holds whatever runs concurrently. Layout: ./users-items.ts;
 * access patterns: docs/store.md.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { conditionalWrite, LOST_RACE, type TransactItem } from './conditional-write';
import { EmailTaken, ProfileExists, ProfileGuardsDisagree, UsernameTaken } from './errors';
import { assertIfMatch, type IfMatch } from './if-match';
import { emailGuardKey, profileKey, usernameGuardKey } from './keys';
import {
  emailGuard,
  profileItem,
  profileTag,
  type User,
  type UserCreate,
  unchangedSince,
  usernameGuard,
  userOf,
} from './users-items';

/**
 * Profile, username guard and email guard, all or nothing. Each Put is conditioned on its key being
 * free; the cancellation reasons say which one was not (reasons come back in item order):
 *
 *   TransactWriteItems
 *     [0] Put USER#<sub>/PROFILE          attribute_not_exists(PK)   fails → ProfileExists
 *     [1] Put USERNAME#<name>             attribute_not_exists(PK)   fails → UsernameTaken
 *     [2] Put EMAIL#<lower-cased email>   attribute_not_exists(PK)   fails → EmailTaken
 *
 * N callers racing for one username: DynamoDB serialises the transactions on the guard item, exactly
 * one commits, every other one fails its condition [1] (or conflicts, is retried, then fails it).
 */
export async function createProfile(sub: string, input: UserCreate, now = new Date()): Promise<User> {
  const at = now.toISOString();
  const user = userOf({ ...input, userId: sub, createdAt: at, updatedAt: at, version: 1 });
  const free = 'attribute_not_exists(PK)';
  return conditionalWrite(() => ({
    items: [
      { Put: { TableName: tableName, Item: profileItem(user), ConditionExpression: free } },
      { Put: { TableName: tableName, Item: usernameGuard(user.username, sub), ConditionExpression: free } },
      { Put: { TableName: tableName, Item: emailGuard(user.email, sub), ConditionExpression: free } },
    ],
    committed: user,
    conditionFailed: (failed, cause) => {
      if (failed[0]) throw new ProfileExists({ cause });
      if (failed[1]) throw new UsernameTaken(user.username, { cause });
      throw new EmailTaken({ cause });
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
 * Removes the profile and its two guards in one transaction, honouring If-Match against the
 * profile. Answers how many items went (3, or 0 when there was no profile). If-Match without a
 * profile is false (RFC 9110 §13.1.1): VersionMismatch, whichever tag it names.
 *
 *   [0] Delete USER#<sub>/PROFILE    version = <read>    fails → it changed: re-read (gone/412/retry)
 *   [1] Delete USERNAME#<name>       ownerSub = <sub>    fails only if the profile changed too
 *   [2] Delete EMAIL#<email>         ownerSub = <sub>    likewise
 */
export async function deleteProfile(sub: string, ifMatch: IfMatch): Promise<number> {
  return conditionalWrite(async () => {
    const current = await readProfile(sub);
    // No profile: nothing to delete, unless If-Match asked for one (then it is false: 412).
    assertIfMatch(ifMatch, current && profileTag(current), 'profile');
    if (!current) return { items: [], committed: 0 };
    return {
      items: profileDeletes(sub, current),
      committed: 3,
      conditionFailed: (failed) => {
        if (failed[0]) return LOST_RACE;
        throw new ProfileGuardsDisagree(sub);
      },
    };
  });
}

/**
 * The three deletes of a profile as it was read, [0] the profile (unchanged since the read), [1] and
 * [2] its guards (still this user's): for deleteProfile, and for the erasure request's transaction
 * (./erasure-requests.ts).
 */
export function profileDeletes(sub: string, read: User): TransactItem[] {
  return [
    { Delete: { TableName: tableName, Key: profileKey(sub), ...unchangedSince(read) } },
    ...[usernameGuardKey(read.username), emailGuardKey(read.email)].map((Key) => ({
      Delete: {
        TableName: tableName,
        Key,
        ConditionExpression: 'ownerSub = :sub',
        ExpressionAttributeValues: { ':sub': sub },
      },
    })),
  ];
}
