/**
 * The caller's usage item (src/store/usage.ts) set as many earlier writes would have left it: ten
 * thousand todos are not created for a test, their count is.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../../src/store/client';
import { usageKey } from '../../src/store/keys';

/** Sets counts (`todos`, `keys`, `keys@<hour>`, ...) of the caller's usage item, leaving the others. */
export async function setUsage(sub: string, values: Record<string, number>): Promise<void> {
  const names = Object.keys(values);
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: usageKey(sub),
      UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:v${i}`, values[name]])),
    }),
  );
}
