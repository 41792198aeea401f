import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../../src/store/client';
import { monotonicFactory } from 'ulidx';
const next = monotonicFactory();
export const handler = async (event: { body?: string; requestContext: { authorizer: { jwt: { claims: Record<string, string> } } } }) => {
  const sub = event.requestContext.authorizer.jwt.claims.sub;
  const id = next();
  const item = { PK: `USER#${sub}`, SK: `TODO#${id}`, GSI1PK: 'x', GSI1SK: `TODO#${id}`, ...JSON.parse(event.body ?? '{}') };
  await documentClient.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } }] }));
  return { statusCode: 201, body: JSON.stringify(item) };
};
