/**
 * Publishing the web app (infra/deploy/app-publish.ts) against mocked S3 and CloudFront: which key
 * gets which Content-Type and Cache-Control, what is uploaded and invalidated when part of it
 * changed, the stage's config.json, and a failure part-way.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateInvalidationCommand, GetInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppPublishError, publishStageApp } from '../../infra/deploy/app-publish';
import { DeployError } from '../../infra/deploy/errors';
import { capturedOutput } from '../../infra/deploy/output';
import { webAppConfigOf } from '../../local/issuer/web-app-config';
import { configOf } from '../../web/src/config';
import { buildWebApp } from '../web/support/build-app';
import { ACCOUNT, awsClients, mockAws, serviceError } from './support/fake-aws';

const APP_BUCKET = 'swiftyplanner-dev-appbucket-4d5e6f';
const DISTRIBUTION = 'E2EXAMPLE123';
const YEAR = 'public, max-age=31536000, immutable';

/** The outputs of a deployed stage that the app's publishing reads. */
function stageOutputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/',
    AuthAuthority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
    UserPoolClientId: '1example23456789abcdefghij',
    ApiScope: 'swiftyplanner/api',
    AuthDomainUrl: 'https://swiftyplanner-dev-0123456789ab.auth.eu-west-1.amazoncognito.com',
    AppUrl: 'https://d111111abcdef8.cloudfront.net',
    AppBucketName: APP_BUCKET,
    AppDistributionId: DISTRIBUTION,
    ...overrides,
  };
}

/** A build as `npm run build:web` leaves it in dist/web: Vite's hashed assets, their maps, index.html. */
const BUILD: Record<string, string> = {
  'index.html': '<!doctype html><script type="module" src="/assets/index-CYBHkRe_.js"></script>',
  'assets/index-CYBHkRe_.js': 'console.log("app")',
  'assets/index-CYBHkRe_.js.map': '{"version":3}',
  'assets/index-BghBXE2c.css': 'body{}',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

async function writeBuild(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'swifty-web-'));
  for (const [key, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, key)), { recursive: true });
    await writeFile(join(dir, key), content);
  }
  return dir;
}

const etagOf = (content: string) => `"${createHash('md5').update(content).digest('hex')}"`;

describe('publishing the web app', () => {
  let aws: ReturnType<typeof mockAws>;
  let out: ReturnType<typeof capturedOutput>;

  beforeEach(() => {
    aws = mockAws();
    out = capturedOutput();
    aws.s3.on(HeadObjectCommand).rejects(serviceError('NotFound', 'Not Found', 404));
    aws.s3.on(PutObjectCommand).resolves({});
    aws.cloudFront
      .on(CreateInvalidationCommand)
      .resolves({ Invalidation: { Id: 'I2EXAMPLE', Status: 'InProgress' } as never });
    aws.cloudFront
      .on(GetInvalidationCommand)
      .resolvesOnce({ Invalidation: { Id: 'I2EXAMPLE', Status: 'InProgress' } as never })
      .resolves({ Invalidation: { Id: 'I2EXAMPLE', Status: 'Completed' } as never });
  });

  const publish = async (files = BUILD, outputs = stageOutputs()) =>
    publishStageApp(outputs, {
      ...awsClients(),
      out,
      distDir: await writeBuild(files),
      sleep: async () => undefined,
      pollMs: 0,
    });

  const puts = () => aws.s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
  const uploadedConfig = () =>
    JSON.parse(
      new TextDecoder().decode(puts().find((p) => p.Key === 'config.json')?.Body as Uint8Array),
    ) as Record<string, string>;

  it('uploads hashed assets for a year and the rest no-cache, each with its Content-Type, index.html last, no source maps', async () => {
    // Act
    await publish();

    // Assess
    expect(Object.fromEntries(puts().map((p) => [p.Key, [p.ContentType, p.CacheControl]]))).toEqual({
      'assets/index-BghBXE2c.css': ['text/css; charset=utf-8', YEAR],
      'assets/index-CYBHkRe_.js': ['text/javascript; charset=utf-8', YEAR],
      'favicon.svg': ['image/svg+xml', 'no-cache'],
      'config.json': ['application/json', 'no-cache'],
      'index.html': ['text/html; charset=utf-8', 'no-cache'],
    });
    expect(puts().map((p) => p.Key)).toEqual([
      'assets/index-BghBXE2c.css',
      'assets/index-CYBHkRe_.js',
      'favicon.svg',
      'config.json',
      'index.html',
    ]);
    for (const put of puts()) expect(put).toMatchObject({ Bucket: APP_BUCKET, ExpectedBucketOwner: ACCOUNT });
    expect(out.lines).toContain('The web app: https://d111111abcdef8.cloudfront.net');
  });

  it("writes config.json from the stage's outputs, in the shape the local stack serves, with managed login's sign-out", async () => {
    // Act
    await publish();

    // Assess
    const config = uploadedConfig();
    expect(config).toEqual({
      apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
      authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
      clientId: '1example23456789abcdefghij',
      scope: 'openid swiftyplanner/api',
      signOutUrl: 'https://swiftyplanner-dev-0123456789ab.auth.eu-west-1.amazoncognito.com/logout',
    });
    const local = webAppConfigOf({
      apiUrl: config.apiUrl ?? '',
      issuer: config.authority ?? '',
      clientId: config.clientId ?? '',
      apiScopes: ['swiftyplanner/api'],
    });
    expect({ ...config, signOutUrl: undefined }).toEqual({ ...local, signOutUrl: undefined });
    // And the app takes it as it is, sign-out endpoint included.
    expect(configOf(config, '/config.json')).toEqual(config);
  });

  it('uploads only what changed and invalidates only the paths that were replaced, waiting for CloudFront', async () => {
    // Prepare: the previous deploy's files are there; this build has a new script and index.html.
    const previous = {
      ...BUILD,
      'index.html': '<!doctype html><script src="/assets/index-0ldHash0.js"></script>',
    };
    const build = {
      ...previous,
      'assets/index-N3wHash_.js': 'console.log("new")',
      'index.html': '<!doctype html>new',
    };
    const stored: Record<string, [string, string, string]> = {
      'index.html': [etagOf(previous['index.html'] ?? ''), 'text/html; charset=utf-8', 'no-cache'],
      'assets/index-CYBHkRe_.js': [
        etagOf(BUILD['assets/index-CYBHkRe_.js'] ?? ''),
        'text/javascript; charset=utf-8',
        YEAR,
      ],
      'assets/index-BghBXE2c.css': [
        etagOf(BUILD['assets/index-BghBXE2c.css'] ?? ''),
        'text/css; charset=utf-8',
        YEAR,
      ],
      // Same bytes, but stored with another Cache-Control: uploaded again, and invalidated.
      'favicon.svg': [etagOf(BUILD['favicon.svg'] ?? ''), 'image/svg+xml', 'max-age=600'],
    };
    for (const [key, [ETag, ContentType, CacheControl]] of Object.entries(stored))
      aws.s3.on(HeadObjectCommand, { Key: key }).resolves({ ETag, ContentType, CacheControl });
    await publish(previous); // config.json as this stage's outputs make it
    const config = puts().find((p) => p.Key === 'config.json')?.Body as Uint8Array;
    aws.s3.on(HeadObjectCommand, { Key: 'config.json' }).resolves({
      ETag: etagOf(new TextDecoder().decode(config)),
      ContentType: 'application/json',
      CacheControl: 'no-cache',
    });
    aws.s3.resetHistory();
    aws.cloudFront.resetHistory();

    // Act
    const result = await publish(build);

    // Assess
    expect(puts().map((p) => p.Key)).toEqual(['assets/index-N3wHash_.js', 'favicon.svg', 'index.html']);
    expect(result.unchanged.sort()).toEqual([
      'assets/index-BghBXE2c.css',
      'assets/index-CYBHkRe_.js',
      'config.json',
    ]);
    // The new hashed script was never served, so nothing of it is cached.
    const batch = aws.cloudFront.commandCalls(CreateInvalidationCommand)[0]?.args[0].input;
    expect(batch?.DistributionId).toBe(DISTRIBUTION);
    expect(batch?.InvalidationBatch?.Paths).toEqual({ Quantity: 2, Items: ['/favicon.svg', '/index.html'] });
    expect(aws.cloudFront.commandCalls(GetInvalidationCommand)).toHaveLength(2);
    expect(out.lines).toContain('  invalidation completed');
  });

  it('uploads and invalidates nothing when nothing changed', async () => {
    // Prepare
    await publish();
    for (const put of puts())
      aws.s3.on(HeadObjectCommand, { Key: put.Key }).resolves({
        ETag: `"${createHash('md5')
          .update(put.Body as Uint8Array)
          .digest('hex')}"`,
        ContentType: put.ContentType,
        CacheControl: put.CacheControl,
      });
    aws.s3.resetHistory();
    aws.cloudFront.resetHistory();

    // Act
    const result = await publish();

    // Assess
    expect(puts()).toEqual([]);
    expect(result.invalidated).toEqual([]);
    expect(aws.cloudFront.commandCalls(CreateInvalidationCommand)).toHaveLength(0);
    expect(out.lines).toContain('  nothing cached was replaced: no invalidation');
  });

  it('stops at a failed upload before index.html, so the previous app keeps working, and says to deploy again', async () => {
    // Prepare
    aws.s3
      .on(PutObjectCommand, { Key: 'favicon.svg' })
      .rejects(serviceError('SlowDown', 'Please reduce your request rate.', 503));

    // Act
    const error = await publish().catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AppPublishError);
    expect((error as Error).message).toMatch(
      /^Uploading favicon\.svg to s3:\/\/swiftyplanner-dev-appbucket-4d5e6f failed \(SlowDown: Please reduce your request rate\.\)\. 2 of 5 changed files were uploaded before it\. index\.html is not replaced yet, so the app still serves its previous version\. Run npm run deploy again/,
    );
    expect(puts().map((p) => p.Key)).not.toContain('index.html');
    expect(aws.cloudFront.commandCalls(CreateInvalidationCommand)).toHaveLength(0);
  });

  it('says how to finish by hand when CloudFront refuses the invalidation', async () => {
    // Prepare
    aws.cloudFront.on(CreateInvalidationCommand).rejects(serviceError('AccessDenied', 'not authorized', 403));

    // Act
    const error = await publish().catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AppPublishError);
    expect((error as Error).message).toContain(
      `aws cloudfront create-invalidation --distribution-id ${DISTRIBUTION} --paths /favicon.svg /config.json /index.html`,
    );
  });

  it('refuses a build file whose Content-Type it does not know, before uploading anything', async () => {
    // Act
    const error = await publish({ ...BUILD, 'assets/data-AbCdEf12.bin': 'x' }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(
      /assets\/data-AbCdEf12\.bin.*add its extension to CONTENT_TYPES/,
    );
    expect(puts()).toEqual([]);
  });

  it("publishes the real build of web/: every file of a known type, Vite's hashed assets for a year", async () => {
    // Prepare
    const distDir = await mkdtemp(join(tmpdir(), 'swifty-web-build-'));
    await buildWebApp(distDir);

    // Act
    await publishStageApp(stageOutputs(), {
      ...awsClients(),
      out,
      distDir,
      sleep: async () => undefined,
      pollMs: 0,
    });

    // Assess
    const byKey = Object.fromEntries(puts().map((p) => [p.Key, p.CacheControl]));
    const assets = Object.keys(byKey).filter((key) => key.startsWith('assets/'));
    expect(assets.some((key) => key.endsWith('.js'))).toBe(true);
    expect(assets.some((key) => key.endsWith('.css'))).toBe(true);
    for (const key of assets) expect(byKey[key], key).toBe(YEAR);
    expect(byKey['index.html']).toBe('no-cache');
    expect(puts().at(-1)?.Key).toBe('index.html');
  }, 120_000);

  it('refuses a build without index.html, and a stack without the app or the sign-in outputs', async () => {
    await expect(publish({ 'assets/index-CYBHkRe_.js': 'x' })).rejects.toThrow(
      /has no index\.html: run npm run build:web/,
    );
    await expect(publish(BUILD, stageOutputs({ AppBucketName: '' }))).rejects.toThrow(
      /no AppBucketName or AppDistributionId/,
    );
    await expect(publish(BUILD, stageOutputs({ AuthDomainUrl: '' }))).rejects.toThrow(
      /no AuthDomainUrl output/,
    );
    expect(puts()).toEqual([]);
  });
});
