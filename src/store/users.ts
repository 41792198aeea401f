/**
 * The caller's profile: create, read, delete (the PATCH lives in ./users-update.ts). Every write
 * moves the profile and its username/email guard items together in one TransactWriteItems, so the
 * uniqueness of usernames and emails holds whatever runs concurrently. Layout: ./users-items.ts;
 * access patterns: ./README.md.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError, PreconditionFailedError } from '../http/errors';
import { assertIfMatch, type IfMatch } from '../http/etag';
import { documentClient, tableName } from './client';
import { emailTaken, profileExists, usernameTaken } from './users-conflicts';
import {
  emailGuard,
  emailGuardKey,
  profileItem,
  profileKey,
  type User,
  type UserCreate,
  usernameGuard,
  usernameGuardKey,
  userOf,
} from './users-items';
import { backoff, MAX_USER_WRITE_ATTEMPTS, transact } from './users-transaction';

/**
 * Profile, username guard and email guard, all or nothing. Each Put is conditioned on its key being
 * free; the cancellation reasons say which one was not (reasons come back in item order):
 *
 *   TransactWriteItems
 *     [0] Put USER#<sub>/PROFILE          attribute_not_exists(PK)   fails → 409 profile-exists
 *     [1] Put USERNAME#<name>             attribute_not_exists(PK)   fails → 409 username-taken
 *     [2] Put EMAIL#<lower-cased email>   attribute_not_exists(PK)   fails → 409 email-taken
 *
 * N callers racing for one username: DynamoDB serialises the transactions on the guard item, exactly
 * one commits, every other one fails its condition [1] (or conflicts, is retried, then fails it).
 */
export async function createProfile(sub: string, input: UserCreate, now = new Date()): Promise<User> {
  const at = now.toISOString();
  const user: User = {
    userId: sub,
    username: input.username,
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    ...(input.phoneNumber !== undefined ? { phoneNumber: input.phoneNumber } : {}),
    ...(input.bio !== undefined ? { bio: input.bio } : {}),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const free = 'attribute_not_exists(PK)';
  const outcome = await transact([
    { Put: { TableName: tableName, Item: profileItem(user), ConditionExpression: free } },
    { Put: { TableName: tableName, Item: usernameGuard(user.username, sub), ConditionExpression: free } },
    { Put: { TableName: tableName, Item: emailGuard(user.email, sub), ConditionExpression: free } },
  ]);
  if (!outcome) return user;
  if (outcome.failed[0]) throw profileExists();
  if (outcome.failed[1]) throw usernameTaken(user.username);
  throw emailTaken();
}

/** The profile as stored now (strongly consistent, so an ETag read here is the current one). */
export async function readProfile(sub: string): Promise<User | undefined> {
  const out = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: profileKey(sub), ConsistentRead: true }),
  );
  return out.Item ? userOf(out.Item) : undefined;
}

export function noProfile(): NotFoundError {
  return new NotFoundError('You have no profile yet. Create one with POST /users.');
}

/** Every attempt lost its race: rare enough to hand back to the client rather than wait longer. */
export function profileKeptChanging(): PreconditionFailedError {
  return new PreconditionFailedError(
    `Your profile kept changing while this request tried to save it (${MAX_USER_WRITE_ATTEMPTS} attempts). Read it again and retry.`,
  );
}

/**
 * Removes the profile and its two guards in one transaction, honouring If-Match against the
 * profile. Answers how many items went (3, or 0 when there was no profile: nothing to match).
 *
 *   [0] Delete USER#<sub>/PROFILE    version = <read>    fails → it changed: re-read (404/412/retry)
 *   [1] Delete USERNAME#<name>       ownerSub = <sub>    fails only if the profile changed too
 *   [2] Delete EMAIL#<email>         ownerSub = <sub>    likewise
 */
export async function deleteProfile(sub: string, ifMatch: IfMatch): Promise<number> {
  for (let attempt = 1; attempt <= MAX_USER_WRITE_ATTEMPTS; attempt++) {
    const current = await readProfile(sub);
    if (!current) return 0;
    assertIfMatch(ifMatch, current.version, 'profile');
    const outcome = await transact([
      {
        Delete: {
          TableName: tableName,
          Key: profileKey(sub),
          // createdAt pins this incarnation: a profile deleted and re-created restarts at version 1.
          ConditionExpression: '#version = :version AND #createdAt = :createdAt',
          ExpressionAttributeNames: { '#version': 'version', '#createdAt': 'createdAt' },
          ExpressionAttributeValues: { ':version': current.version, ':createdAt': current.createdAt },
        },
      },
      ...[usernameGuardKey(current.username), emailGuardKey(current.email)].map((Key) => ({
        Delete: {
          TableName: tableName,
          Key,
          ConditionExpression: 'ownerSub = :sub',
          ExpressionAttributeValues: { ':sub': sub },
        },
      })),
    ]);
    if (!outcome) return 3;
    if (!outcome.failed[0]) {
      throw new Error(`A guard of profile ${sub} is not owned by it: the profile and its guards disagree`);
    }
    await backoff(attempt);
  }
  throw profileKeptChanging();
}
