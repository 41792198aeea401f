/**
 * The web app's hosting in infra/template.yaml: a private bucket behind CloudFront, client-side routes,
 * and the security headers, with the Content-Security-Policy resolved for a stage as CloudFront gets it
 * and compared with the origins the app really calls.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CfnTemplate, loadTemplate } from '../../infra/template/template';
import { dependencyCycleProblems } from '../../infra/validate/dependency-cycles';
import { formatProblems } from '../../infra/validate/template-problem';
import { CONTRACT_PATH } from '../../paths';
import { presignUpload } from '../../src/storage/attachment-objects';
import {
  directivesOf,
  stageOutput as output,
  resolvedForStage as resolved,
  STAGE_CONTEXT,
  STAGE_RESOURCES,
  stageCsp,
} from './support/deployed-stage';
import { evaluate } from './support/evaluate-template';
import { props, templateWith } from './support/template-edits';

const template = loadTemplate();
const cspOf = (parameters: Record<string, string> = {}) => directivesOf(stageCsp(parameters));
const RESOURCES = STAGE_RESOURCES;
const ATTACHMENTS_BUCKET = STAGE_RESOURCES.Bucket;
const CONTEXT = STAGE_CONTEXT;

/** The origin of an upload URL as the todos function signs it for this stage's bucket and region. */
let presignedUploadOrigin: string;

describe("the web app's hosting", () => {
  beforeAll(async () => {
    const client = new S3Client({
      region: CONTEXT.region,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
    });
    const upload = await presignUpload('users/u1/todos/t1/a1', 'image/png', 10, Date.now(), client);
    presignedUploadOrigin = new URL(upload.url).origin;
    client.destroy();
  });

  it('keeps the files in a private, encrypted bucket that only this distribution may read, over TLS', () => {
    const bucket = props(template, 'AppBucket');
    expect(Object.values(bucket.PublicAccessBlockConfiguration as object)).toEqual([true, true, true, true]);
    expect(JSON.stringify(bucket.BucketEncryption)).toContain('AES256');
    const statements = props(template, 'AppBucketPolicy', 'PolicyDocument').Statement as Record<
      string,
      unknown
    >[];
    expect(statements[0]).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows.map((s) => s.Action).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    for (const allow of allows) {
      expect(allow.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(resolved(allow.Condition)).toEqual({
        StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE123' },
      });
    }
  });

  it('serves it over HTTPS only, through Origin Access Control, GET and HEAD, with the headers policy and the routes function', () => {
    const config = props(template, 'AppDistribution', 'DistributionConfig');
    const origin = (config.Origins as Record<string, unknown>[])[0];
    expect(origin).toMatchObject({
      OriginAccessControlId: { Ref: 'AppOriginAccessControl' },
      S3OriginConfig: { OriginAccessIdentity: '' },
      DomainName: { 'Fn::GetAtt': ['AppBucket', 'RegionalDomainName'] },
    });
    expect(props(template, 'AppOriginAccessControl', 'OriginAccessControlConfig')).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      ResponseHeadersPolicyId: { Ref: 'AppResponseHeadersPolicy' },
      FunctionAssociations: [
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['AppRoutes', 'FunctionARN'] } },
      ],
    });
    // Routing is the function's: no distribution-wide error page that would answer a missing script with HTML.
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.DefaultRootObject).toBe('index.html');
  });

  it.each([
    ['/', '/index.html'],
    ['/todos/01J9ZK3Y6Q8W2V4T5R7P9N1M3K', '/index.html'],
    ['/auth/callback', '/index.html'],
    ['/profile/', '/index.html'],
    ['/index.html', '/index.html'],
    ['/config.json', '/config.json'],
    ['/assets/index-CYBHkRe_.js', '/assets/index-CYBHkRe_.js'],
    ['/assets/missing-AbCdEf12.css', '/assets/missing-AbCdEf12.css'],
  ])('routes %s to %s (the CloudFront function, run as CloudFront runs it)', (uri, expected) => {
    const code = String(props(template, 'AppRoutes').FunctionCode);
    const handler = runInNewContext(`${code}; handler`) as (event: unknown) => { uri: string };
    const request = { method: 'GET', uri, querystring: { code: { value: 'x' } }, headers: {} };
    expect(handler({ version: '1.0', context: {}, viewer: {}, request }).uri).toBe(expected);
    expect(props(template, 'AppRoutes', 'FunctionConfig').Runtime).toBe('cloudfront-js-2.0');
  });

  it('sends HSTS for a year, nosniff, no framing and no referrer on every response, over what S3 says', () => {
    const headers = props(
      template,
      'AppResponseHeadersPolicy',
      'ResponseHeadersPolicyConfig',
      'SecurityHeadersConfig',
    );
    expect(headers).toMatchObject({
      StrictTransportSecurity: { Override: true, AccessControlMaxAgeSec: 31536000 },
      ContentTypeOptions: { Override: true },
      FrameOptions: { Override: true, FrameOption: 'DENY' },
      ReferrerPolicy: { Override: true, ReferrerPolicy: 'no-referrer' },
      ContentSecurityPolicy: { Override: true },
    });
  });

  it('lets the app load its own files only, never inline or eval, and be framed by no one', () => {
    const csp = cspOf();
    expect(Object.fromEntries([...csp].filter(([name]) => name !== 'connect-src'))).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'manifest-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
  });

  it.each<[string, Record<string, string>]>([
    ['the execute-api endpoint', {}],
    [
      'a custom API domain',
      { DomainName: 'api.example.com', CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' },
    ],
  ])(
    'lets it connect to exactly the API, the issuer, managed login and the attachments bucket, with %s',
    (_name, parameters) => {
      // The origins each call goes to, from the outputs config.json is made of and the function's signer.
      const expected = [
        "'self'", // config.json
        new URL(output('ApiUrl', parameters)).origin, // the API
        `${output('AuthAuthority', parameters)}/`, // OpenID discovery and keys, under the issuer
        new URL(output('AuthDomainUrl', parameters)).origin, // managed login's token endpoint
        presignedUploadOrigin, // presigned PUT (and GET) of attachments
      ];
      expect(cspOf(parameters).get('connect-src')).toEqual(expected);
      expect(expected).toContain(
        parameters.DomainName ? 'https://api.example.com' : RESOURCES['Api.ApiEndpoint'],
      );
      expect(presignedUploadOrigin).toBe(`https://${ATTACHMENTS_BUCKET}.s3.eu-west-1.amazonaws.com`);
    },
  );

  it("names the app's URL as an output: CloudFront's name, or the app's own with its us-east-1 certificate", () => {
    expect(output('AppUrl')).toBe('https://d111111abcdef8.cloudfront.net');
    const named = {
      AppDomainName: 'app.example.com',
      AppCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/y',
    };
    expect(output('AppUrl', named)).toBe('https://app.example.com');
    const config = props(template, 'AppDistribution', 'DistributionConfig');
    expect(evaluate(template, config.Aliases, named)).toEqual(['app.example.com']);
    expect(evaluate(template, config.ViewerCertificate, named)).toEqual({
      AcmCertificateArn: named.AppCertificateArn,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(evaluate(template, config)).not.toHaveProperty('Aliases');
    expect(evaluate(template, config.ViewerCertificate)).toEqual({ CloudFrontDefaultCertificate: true });
  });

  it("leaves the app's origin in CORS and sign-in to the deploy: the template naming it would be a circle", () => {
    // The CSP names the API and the attachments bucket; the API's authorizer names the app client.
    const contract = parse(readFileSync(CONTRACT_PATH, 'utf8')) as Record<string, unknown>;
    const withCallback = templateWith((t: CfnTemplate) =>
      Object.assign(props(t, 'UserPoolClient'), {
        CallbackURLs: [{ 'Fn::Sub': 'https://${AppDistribution.DomainName}/auth/callback' }],
      }),
    );
    expect(formatProblems(dependencyCycleProblems(withCallback, { Api: contract }))).toMatch(
      /circular dependency/,
    );
    const withCors = templateWith((t: CfnTemplate) =>
      Object.assign(props(t, 'Bucket', 'CorsConfiguration', 'CorsRules', 0), {
        AllowedOrigins: [{ 'Fn::Sub': 'https://${AppDistribution.DomainName}' }],
      }),
    );
    expect(formatProblems(dependencyCycleProblems(withCors, { Api: contract }))).toMatch(
      /circular dependency/,
    );
    expect(formatProblems(dependencyCycleProblems(template, { Api: contract }))).toBe('');
  });
});
