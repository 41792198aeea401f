/**
 * Publishes the web app after the stack settles: uploads what changed to the app's bucket, then asks
 * CloudFront to drop what it may have cached of the files that were overwritten.
 *
 *   new hashed assets ─► other files ─► config.json ─► index.html ─► invalidation of what was replaced
 *
 * index.html goes last: until it is replaced, browsers load the previous index.html and the previous
 * assets, which stay in the bucket (a browser that loaded the old index.html a minute ago still asks
 * for them). A failure part-way therefore leaves the previous app working, and the next deploy
 * uploads only what is still missing. A file whose bytes (S3's ETag: the MD5 of a single-part upload),
 * Content-Type and Cache-Control are already there is not uploaded again, and not invalidated.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  type CloudFrontClient,
  CreateInvalidationCommand,
  GetInvalidationCommand,
} from '@aws-sdk/client-cloudfront';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import { appConfigOf, type StageAppConfig } from './app-config';
import { type AppFile, appFilesOf, CONFIG_KEY, INDEX_KEY, isHashedAsset, REVALIDATE } from './app-files';
import { httpStatusOf } from './artifacts';
import { resolveAwsContext } from './aws-context';
import { DeployError } from './errors';
import type { Output } from './output';

export class AppPublishError extends DeployError {
  override name = 'AppPublishError';
}

export interface PublishAppOptions {
  s3: S3Client;
  cloudFront: CloudFrontClient;
  /** The stack's AppBucketName and AppDistributionId outputs. */
  bucket: string;
  distributionId: string;
  /** The account that owns the bucket: S3 refuses the calls if another one does. */
  accountId: string;
  files: AppFile[];
  config: StageAppConfig;
  out: Output;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  /** How long to wait for the invalidation before leaving CloudFront to finish it alone. */
  maxPolls?: number;
  now?: () => Date;
}

export interface PublishAppResult {
  uploaded: string[];
  unchanged: string[];
  /** The paths CloudFront was asked to invalidate (none when nothing cached was replaced). */
  invalidated: string[];
  invalidationId?: string;
}

interface Pending {
  key: string;
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
  /** Nothing was stored under the key before. */
  isNew: boolean;
}

/**
 * `npm run deploy`'s last step: the build in `distDir` and the stage's config.json (from the
 * outputs) into the stack's app bucket, then the invalidation.
 */
export async function publishStageApp(
  outputs: Record<string, string>,
  options: Omit<PublishAppOptions, 'bucket' | 'distributionId' | 'accountId' | 'files' | 'config'> & {
    sts: STSClient;
    distDir: string;
  },
): Promise<PublishAppResult> {
  const { AppBucketName: bucket, AppDistributionId: distributionId } = outputs;
  if (!bucket || !distributionId)
    throw new AppPublishError(
      'The stack has no AppBucketName or AppDistributionId output: it was deployed from a template without ' +
        'the web app. Deploy this one (npm run deploy) first.',
    );
  const config = appConfigOf(outputs);
  const files = await appFilesOf(options.distDir);
  const { accountId } = await resolveAwsContext(options.sts);
  const result = await publishApp({ ...options, bucket, distributionId, accountId, files, config });
  options.out.line(`The web app: ${outputs.AppUrl ?? `https://${outputs.AppDistributionDomainName}`}`);
  return result;
}

export async function publishApp(options: PublishAppOptions): Promise<PublishAppResult> {
  const { s3, bucket, out } = options;
  const owner = { Bucket: bucket, ExpectedBucketOwner: options.accountId };
  const candidates = [
    ...(await Promise.all(
      options.files.map(async (file) => ({
        key: file.key,
        body: new Uint8Array(await readFile(file.path)),
        contentType: file.contentType,
        cacheControl: file.cacheControl,
      })),
    )),
    {
      key: CONFIG_KEY,
      body: new TextEncoder().encode(`${JSON.stringify(options.config, null, 2)}\n`),
      contentType: 'application/json',
      cacheControl: REVALIDATE,
    },
  ];
  out.line(`Publishing the web app to s3://${bucket} (${candidates.length} files)`);

  const pending: Pending[] = [];
  const unchanged: string[] = [];
  for (const file of candidates) {
    const stored = await storedVersionOf(s3, { ...owner, Key: file.key });
    if (
      stored &&
      stored.etag === `"${md5(file.body)}"` &&
      stored.contentType === file.contentType &&
      stored.cacheControl === file.cacheControl
    ) {
      unchanged.push(file.key);
      out.line(`  unchanged ${file.key}`);
    } else pending.push({ ...file, isNew: stored === undefined });
  }

  const uploaded: string[] = [];
  for (const file of pending.sort((a, b) => uploadRank(a.key) - uploadRank(b.key))) {
    try {
      await s3.send(
        new PutObjectCommand({
          ...owner,
          Key: file.key,
          Body: file.body,
          ContentType: file.contentType,
          CacheControl: file.cacheControl,
        }),
      );
    } catch (error) {
      const indexNote = uploaded.includes(INDEX_KEY)
        ? ''
        : ' index.html is not replaced yet, so the app still serves its previous version.';
      throw new AppPublishError(
        `Uploading ${file.key} to s3://${bucket} failed (${errorText(error)}). ${uploaded.length} of ` +
          `${pending.length} changed files were uploaded before it.${indexNote} Run npm run deploy again: ` +
          'the stack is up to date, and the files already uploaded are skipped.',
        { cause: error },
      );
    }
    uploaded.push(file.key);
    out.line(`  uploaded  ${file.key} (${Math.ceil(file.body.byteLength / 1024)} KiB, ${file.cacheControl})`);
  }

  // A new hashed asset was never served, so nothing of it is cached; every other changed path may be.
  // The app's routes reach the cache as /index.html (the viewer-request function rewrites them first).
  const invalidated = pending
    .filter((file) => !(file.isNew && isHashedAsset(file.key)))
    .map((file) => encodeURI(`/${file.key}`));
  if (invalidated.length === 0) {
    out.line('  nothing cached was replaced: no invalidation');
    return { uploaded, unchanged, invalidated };
  }
  const invalidationId = await invalidate(options, invalidated);
  return { uploaded, unchanged, invalidated, invalidationId };
}

/** Hashed assets first, then other files, then config.json, index.html last. */
function uploadRank(key: string): number {
  if (key === INDEX_KEY) return 3;
  if (key === CONFIG_KEY) return 2;
  return isHashedAsset(key) ? 0 : 1;
}

async function storedVersionOf(
  s3: S3Client,
  input: { Bucket: string; Key: string; ExpectedBucketOwner: string },
): Promise<{ etag?: string; contentType?: string; cacheControl?: string } | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand(input));
    return { etag: head.ETag, contentType: head.ContentType, cacheControl: head.CacheControl };
  } catch (error) {
    if (httpStatusOf(error) === 404) return undefined;
    throw new AppPublishError(
      `Could not read s3://${input.Bucket}/${input.Key} (${errorText(error)}): the deploying user needs ` +
        "s3:GetObject and s3:ListBucket on the app's bucket (infra/deployer-policy.json). Nothing was uploaded.",
      { cause: error },
    );
  }
}

async function invalidate(options: PublishAppOptions, paths: string[]): Promise<string | undefined> {
  const { cloudFront, distributionId, out } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = options.pollMs ?? 5000;
  const maxPolls = options.maxPolls ?? 120;
  const now = options.now ?? (() => new Date());
  let id: string | undefined;
  try {
    const created = await cloudFront.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: {
          CallerReference: `deploy-${now().toISOString()}`,
          Paths: { Quantity: paths.length, Items: paths },
        },
      }),
    );
    id = created.Invalidation?.Id;
  } catch (error) {
    throw new AppPublishError(
      `The new files are uploaded, but CloudFront refused to invalidate ${paths.join(', ')} (${errorText(error)}). ` +
        'Browsers get the new version once the cached one expires (index.html and config.json within a ' +
        `second or so); or run: aws cloudfront create-invalidation --distribution-id ${distributionId} ` +
        `--paths ${paths.join(' ')}`,
      { cause: error },
    );
  }
  out.line(`  invalidating ${paths.join(', ')} (CloudFront invalidation ${id ?? '?'})`);
  if (!id) return undefined;
  for (let poll = 0; poll < maxPolls; poll++) {
    const { Invalidation } = await cloudFront.send(
      new GetInvalidationCommand({ DistributionId: distributionId, Id: id }),
    );
    if (Invalidation?.Status === 'Completed') {
      out.line('  invalidation completed');
      return id;
    }
    if (poll > 0 && poll % 6 === 0) out.line(`  invalidation ${Invalidation?.Status ?? 'pending'}...`);
    await sleep(pollMs);
  }
  out.line(`  invalidation ${id} is still in progress; CloudFront finishes it on its own.`);
  return id;
}

function md5(body: Uint8Array): string {
  return createHash('md5').update(body).digest('hex');
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
