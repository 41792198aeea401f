import { DeleteObjectsCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import { httpStatusOf } from './artifacts';
import { DeployError } from './errors';
import type { Output } from './output';

/**
 * CloudFormation cannot delete a bucket that holds objects. Lists every object version and delete
 * marker (an unversioned bucket lists each object once, as version "null") and deletes them in
 * batches of at most 1000, DeleteObjects' limit. A bucket that is already gone counts as empty.
 */
export async function emptyBucket(
  s3: S3Client,
  bucket: string,
  expectedOwner: string,
  out: Output,
): Promise<number> {
  let deleted = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  try {
    for (;;) {
      const page = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          KeyMarker: keyMarker,
          VersionIdMarker: versionIdMarker,
          ExpectedBucketOwner: expectedOwner,
        }),
      );
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
        .filter((v) => v.Key !== undefined)
        .map((v) => ({ Key: v.Key as string, VersionId: v.VersionId }));
      for (let start = 0; start < objects.length; start += 1000) {
        const batch = objects.slice(start, start + 1000);
        const result = await s3.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            ExpectedBucketOwner: expectedOwner,
            Delete: { Objects: batch, Quiet: true },
          }),
        );
        const first = result.Errors?.[0];
        if (first)
          throw new DeployError(
            `Could not delete ${result.Errors?.length} object(s) from ${bucket}, e.g. ${first.Key}: ${first.Code} ${first.Message ?? ''}`.trim(),
          );
        deleted += batch.length;
      }
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
  } catch (error) {
    if (httpStatusOf(error) === 404) return deleted;
    throw error;
  }
  out.line(`Emptied ${bucket}: ${deleted} object version(s) deleted`);
  return deleted;
}
