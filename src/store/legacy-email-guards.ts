/**
 * Profile emails are contact data: not unique, never reserved (docs/store.md, "Why guard items").
 * Before they were, each profile held a guard item `EMAIL#<lower-cased email>` owned by its `sub`,
 * and tables of that time still hold them. Nothing reads them any more, but each names a person's
 * address, so the write that ends a profile's use of its address (its delete, a change of its
 * email) deletes the caller's own guard in the same transaction. A guard of that address owned by
 * someone else (who held it first; the caller's profile was created after guards ended) stays
 * theirs, to go with their profile.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import type { TransactItem } from './conditional-write';
import { emailGuardKey } from './keys';

/** The Delete of `sub`'s old guard of `email`, for the profile's transaction; undefined if it has none. */
export async function legacyEmailGuardDelete(sub: string, email: string): Promise<TransactItem | undefined> {
  const Key = emailGuardKey(email);
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key, ConsistentRead: true, ProjectionExpression: 'ownerSub' }),
  );
  if (Item?.ownerSub !== sub) return undefined;
  return {
    Delete: {
      TableName: tableName,
      Key,
      // Removed meanwhile only by a write that changed the profile too, whose own condition then fails.
      ConditionExpression: 'ownerSub = :sub',
      ExpressionAttributeValues: { ':sub': sub },
    },
  };
}
