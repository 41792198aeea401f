/**
 * What issue 6 asks of infra/template.yaml, one requirement per test: the schema and reference
 * tests prove the template is valid, these that it is the one asked for.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DATA_RESOURCES } from '../../infra/deploy/change-set';
import { functionDefinitionsOf } from '../../infra/template/function-definitions';
import { loadTemplate } from '../../infra/template/template';
import { CONTRACT_PATH } from '../../paths';
import { props } from './support/template-edits';

const template = loadTemplate();
const contract = () => parse(readFileSync(CONTRACT_PATH, 'utf8')) as Record<string, unknown>;

describe('the template', () => {
  it('builds UsersFunction and TodosFunction from their entries, each zip from a code key parameter', () => {
    expect(functionDefinitionsOf(template)).toEqual([
      {
        logicalId: 'TodosFunction',
        name: 'todos',
        entry: 'src/functions/todos.ts',
        codeKeyParameter: 'TodosFunctionCodeKey',
      },
      {
        logicalId: 'UsersFunction',
        name: 'users',
        entry: 'src/functions/users.ts',
        codeKeyParameter: 'UsersFunctionCodeKey',
      },
    ]);
    for (const { codeKeyParameter } of functionDefinitionsOf(template))
      expect(template.Parameters?.[codeKeyParameter]?.Type).toBe('String');
  });

  it.each(['UsersFunction', 'TodosFunction'])(
    'runs %s on nodejs22.x arm64 with its own role, log group and environment',
    (id) => {
      const fn = props(template, id);
      expect(fn).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Role: { 'Fn::GetAtt': [`${id}Role`, 'Arn'] },
        Code: { S3Bucket: { Ref: 'ArtifactsBucket' }, S3Key: { Ref: `${id}CodeKey` } },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: id.replace('Function', 'LogGroup') } },
      });
      expect(props(template, id, 'Environment', 'Variables')).toMatchObject({
        TABLE_NAME: { Ref: 'Table' },
        BUCKET_NAME: { Ref: 'Bucket' },
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^swiftyplanner-/),
      });
      expect(props(template, id.replace('Function', 'LogGroup')).RetentionInDays).toEqual({
        Ref: 'LogRetentionInDays',
      });
      expect(props(template, `${id}InvokePermission`)).toMatchObject({
        FunctionName: { 'Fn::GetAtt': [id, 'Arn'] },
        Principal: 'apigateway.amazonaws.com',
        SourceArn: {
          'Fn::Sub': expect.stringContaining(':execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/'),
        },
      });
    },
  );

  it('serves the $default stage with auto deploy, JSON access logs and throttling from parameters', () => {
    const stage = props(template, 'ApiStage');
    expect(stage).toMatchObject({
      ApiId: { Ref: 'Api' },
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingBurstLimit: { Ref: 'ThrottlingBurstLimit' },
        ThrottlingRateLimit: { Ref: 'ThrottlingRateLimit' },
      },
    });
    const format = JSON.parse(String(props(template, 'ApiStage', 'AccessLogSettings').Format));
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
    });
  });

  it('keeps the table on demand, recoverable, encrypted, with TTL and deletion protection from a parameter', () => {
    expect(props(template, 'Table')).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      DeletionProtectionEnabled: { 'Fn::If': ['ProtectData', true, false] },
    });
    expect(template.Conditions?.ProtectData).toEqual({
      'Fn::Equals': [{ Ref: 'DeletionProtection' }, 'true'],
    });
  });

  it('locks the attachments bucket down: no public access, encrypted, TLS only, CORS for presigned PUT/GET', () => {
    const bucket = props(template, 'Bucket');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket).toHaveProperty(
      'BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm',
      'AES256',
    );
    expect(props(template, 'Bucket', 'CorsConfiguration', 'CorsRules', 0)).toMatchObject({
      AllowedMethods: ['PUT', 'GET', 'HEAD'],
      AllowedOrigins: { Ref: 'AllowedOrigins' },
      ExposedHeaders: ['ETag'],
    });
    expect(props(template, 'Bucket', 'LifecycleConfiguration', 'Rules', 0)).toMatchObject({
      Status: 'Enabled',
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    });
    expect(props(template, 'BucketPolicy', 'PolicyDocument', 'Statement', 0)).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(template.Parameters?.AllowedOrigins?.Type).toBe('CommaDelimitedList');
  });

  it("names every resource that holds users' data among those a deploy will not replace unasked", () => {
    const retained = Object.entries(template.Resources)
      .filter(([, resource]) => (resource as { DeletionPolicy?: string }).DeletionPolicy === 'Retain')
      .map(([id]) => id);
    const buckets = Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::S3::Bucket')
      .map(([id]) => id);

    expect([...retained, ...buckets].sort()).toEqual([...DATA_RESOURCES].sort());
  });

  it('keeps users in a case-insensitive Lite pool that verifies a changed email before using it', () => {
    expect(props(template, 'UserPool')).toMatchObject({
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      UserPoolTier: 'LITE',
    });
  });

  it('issues tokens from a user pool client without a secret, with SRP and refresh-token flows only', () => {
    expect(props(template, 'UserPoolClient')).toMatchObject({
      UserPoolId: { Ref: 'UserPool' },
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
  });

  it('maps an optional custom domain under v1', () => {
    expect(template.Conditions?.HasCustomDomain).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'DomainName' }, ''] }],
    });
    expect(template.Resources.ApiDomainName?.Condition).toBe('HasCustomDomain');
    expect(props(template, 'ApiDomainName', 'DomainNameConfigurations', 0)).toMatchObject({
      CertificateArn: { Ref: 'CertificateArn' },
      EndpointType: 'REGIONAL',
    });
    expect(template.Resources.ApiMapping?.Condition).toBe('HasCustomDomain');
    expect(props(template, 'ApiMapping')).toMatchObject({ ApiMappingKey: 'v1', Stage: { Ref: 'ApiStage' } });
  });

  it('disables the execute-api endpoint when a domain is set, through the servers of the imported contract', () => {
    // An imported HTTP API reads disableExecuteApiEndpoint from the OpenAPI Server objects.
    const servers = contract().servers as Record<string, unknown>[];
    expect(servers.length).toBeGreaterThan(0);
    for (const server of servers)
      expect(server['x-amazon-apigateway-endpoint-configuration']).toEqual({
        disableExecuteApiEndpoint: { 'Fn::If': ['HasCustomDomain', true, false] },
      });
  });

  it('gives the imported Api no property that CloudFormation refuses next to a Body', () => {
    expect(Object.keys(props(template, 'Api')).sort()).toEqual(['Body', 'FailOnWarnings']);
  });

  it('outputs what a client and an operator need', () => {
    expect(Object.keys(template.Outputs ?? {})).toEqual(
      expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'BucketName', 'TableName']),
    );
  });

  it('uses long-form intrinsics only, so a plain YAML parser reads it', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../infra/template.yaml', import.meta.url), 'utf8');
    expect(text).not.toMatch(
      /!(Ref|Sub|GetAtt|If|Equals|Not|Join|Select|Split|Transform|FindInMap|Base64)\b/,
    );
  });
});
