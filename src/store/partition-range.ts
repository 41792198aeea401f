/**
 * One range of the caller's partition (the sort keys that begin with a prefix), page by page:
 * strongly consistent Queries, each resumed where the last stopped, until the range is read.
 */
import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { userPartition } from './keys';

/** `input` adds a projection, a filter or `Select`; its values join the key condition's. */
export async function* pagesOf(
  sub: string,
  prefix: string,
  input: Partial<QueryCommandInput> = {},
): AsyncGenerator<QueryCommandOutput> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ...input,
        ExpressionAttributeValues: {
          ...input.ExpressionAttributeValues,
          ':pk': userPartition(sub),
          ':prefix': prefix,
        },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    yield page;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}
