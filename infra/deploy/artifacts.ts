import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { FunctionArtifact } from '../build/build-functions';
import type { AwsContext } from './aws-context';
import { DeployError } from './errors';
import type { Output } from './output';

/**
 * One artifacts bucket per account and region, shared by every stage, named deterministically
 * (no bootstrap stack to create, wait for or forget about). Every call passes ExpectedBucketOwner:
 * the name is predictable, so a bucket somebody else created under it is refused, never written to.
 */
export function artifactsBucketName(context: AwsContext): string {
  return `swiftyplanner-artifacts-${context.accountId}-${context.region}`;
}

export async function ensureArtifactsBucket(
  s3: S3Client,
  bucket: string,
  context: AwsContext,
  out: Output,
): Promise<void> {
  const owner = { ExpectedBucketOwner: context.accountId };
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket, ...owner }));
    return;
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 403)
      throw new DeployError(
        `The artifacts bucket ${bucket} exists but this account (${context.accountId}) cannot use it: it belongs ` +
          'to another account, or your IAM user lacks s3:ListBucket on it.',
        { cause: error },
      );
    if (status === 301)
      throw new DeployError(
        `The artifacts bucket ${bucket} exists in another region than ${context.region}.`,
        {
          cause: error,
        },
      );
    if (status !== 404) throw error;
  }
  out.line(`Creating artifacts bucket ${bucket}`);
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ObjectOwnership: 'BucketOwnerEnforced',
      // us-east-1 is the one region that refuses its own name as a LocationConstraint.
      ...(context.region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: context.region as BucketLocationConstraint } }),
    }),
  );
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      ...owner,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ...owner,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    }),
  );
}

export interface UploadedArtifacts {
  /** Template parameter (e.g. UsersFunctionCodeKey) → S3 key of that function's zip. */
  codeKeys: Record<string, string>;
  /** `s3://bucket/contracts/openapi-<sha256>.yaml`, for AWS::Include. */
  contractLocation: string;
  /** HTTPS URL of the uploaded template (TemplateURL allows 1 MB, TemplateBody only 51,200 bytes). */
  templateUrl: string;
}

/**
 * Uploads the zips, the contract and the template under content-hashed keys. An unchanged file
 * keeps its key, so CloudFormation sees no change; a key already present is not uploaded again.
 */
export async function uploadArtifacts(
  s3: S3Client,
  options: {
    bucket: string;
    context: AwsContext;
    functions: FunctionArtifact[];
    contractPath: string;
    templatePath: string;
  },
  out: Output,
): Promise<UploadedArtifacts> {
  const { bucket, context } = options;
  const upload = async (key: string, body: Uint8Array, contentType: string) => {
    const owner = { Bucket: bucket, Key: key, ExpectedBucketOwner: context.accountId };
    try {
      await s3.send(new HeadObjectCommand(owner));
      out.line(`  unchanged ${key}`);
      return;
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw error;
    }
    await s3.send(new PutObjectCommand({ ...owner, Body: body, ContentType: contentType }));
    out.line(`  uploaded  ${key} (${Math.ceil(body.byteLength / 1024)} KiB)`);
  };
  out.line(`Uploading artifacts to s3://${bucket}`);
  const codeKeys: Record<string, string> = {};
  for (const fn of options.functions) {
    const key = `functions/${fn.name}/${fn.sha256}.zip`;
    await upload(key, await readFile(fn.zipPath), 'application/zip');
    codeKeys[fn.codeKeyParameter] = key;
  }
  const contract = await readFile(options.contractPath);
  const contractKey = `contracts/openapi-${sha256(contract)}.yaml`;
  await upload(contractKey, contract, 'application/yaml');
  const template = await readFile(options.templatePath);
  const templateKey = `templates/template-${sha256(template)}.yaml`;
  await upload(templateKey, template, 'application/yaml');
  const suffix = context.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return {
    codeKeys,
    contractLocation: `s3://${bucket}/${contractKey}`,
    templateUrl: `https://${bucket}.s3.${context.region}.${suffix}/${templateKey}`,
  };
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
