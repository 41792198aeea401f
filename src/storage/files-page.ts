/**
 * One bounded page of deleting everything under a prefix (a user's files, for an erasure's `files`
 * step): a List of up to 1,000 keys, then one DeleteObjects of them. Each page lists from the start
 * of the prefix again: S3's listings are strongly consistent with the deletes before them (S3 user
 * guide, "Amazon S3 data consistency model"), so what a page deleted is gone from the next List.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { deleteObjects } from './attachment-objects';
import { bucketName, s3Client } from './s3-client';

export interface FilesPage {
  objectsDeleted: number;
  /** The List was cut short: more objects follow, another page is needed. */
  more: boolean;
}

/** ListObjectsV2 returns at most 1,000 keys; DeleteObjects takes at most 1,000. */
const PAGE_SIZE = 1000;

export async function deleteFilesPage(prefix: string): Promise<FilesPage> {
  const page = await s3Client.send(
    new ListObjectsV2Command({ Bucket: bucketName, Prefix: prefix, MaxKeys: PAGE_SIZE }),
  );
  const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
  if (keys.length > 0) await deleteObjects(keys);
  return { objectsDeleted: keys.length, more: page.IsTruncated === true };
}
