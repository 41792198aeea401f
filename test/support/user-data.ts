/**
 * A user's stored data written straight into the shared table and bucket (items of every kind a user
 * owns, files under their prefix), and looks into both to prove what is left. Fresh ids make them
 * collide with no other test.
 */
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { documentClient, tableName } from '../../src/store/client';

export type Item = Record<string, unknown> & { PK: string; SK: string };

const bucket = process.env.BUCKET_NAME ?? 'swiftyplanner-attachments';
const s3 = new S3Client({ endpoint: process.env.S3_ENDPOINT, forcePathStyle: true });

/** `todos` todos, each with a tag pointer and an attachment record, plus one idempotency record. */
export function ownedItems(sub: string, todos: number): Item[] {
  const pk = `USER#${sub}`;
  const items: Item[] = [];
  for (let i = 0; i < todos; i++) {
    const id = ulid();
    items.push({
      PK: pk,
      SK: `TODO#${id}`,
      GSI1PK: `${pk}#COMPLETED#false`,
      GSI1SK: `TODO#${id}`,
      title: `t${i}`,
    });
    items.push({
      PK: pk,
      SK: `TAG#home#${id}`,
      GSI1PK: `${pk}#TAG#home#COMPLETED#false`,
      GSI1SK: `TODO#${id}`,
    });
    items.push({ PK: pk, SK: `ATT#${id}#${ulid()}`, fileName: 'receipt.pdf' });
  }
  items.push({ PK: pk, SK: 'IDEMPOTENCY#key-12345678', ttl: Math.floor(Date.now() / 1000) + 3600 });
  return items;
}

export async function seedItems(items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const out = await documentClient.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
}

/** Sort keys of every item of a partition (`USER#<sub>`, `USERNAME#<name>`, ...). */
export async function partitionKeys(pk: string): Promise<string[]> {
  const keys: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'SK',
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    keys.push(...(page.Items ?? []).map((item) => String(item.SK)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return keys;
}

/** `count` small files under the user's prefix, as uploads through presigned URLs leave them. */
export async function seedFiles(sub: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `users/${encodeURIComponent(sub)}/todos/${ulid()}/${ulid()}`,
        Body: `file ${i}`,
      }),
    );
}

/** Keys of every file under the user's prefix. */
export async function filesOf(sub: string): Promise<string[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: `users/${encodeURIComponent(sub)}/`,
        ContinuationToken,
      }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return keys;
}
