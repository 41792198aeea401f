/**
 * infra/template.yaml against what it must agree with: the functions' sources and bundles, the
 * store's items, the contract it imports, the deploy command's parameters and outputs, and the rules
 * that every bucket follows. The schema and reference tests prove the template is valid; values the
 * template merely states are not repeated here.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { functionBundleOptions } from '../../infra/build/bundle';
import { appOriginsFor } from '../../infra/deploy/app-origins';
import { parseDeployArgs } from '../../infra/deploy/args';
import { DATA_RESOURCES } from '../../infra/deploy/change-set';
import { stackParameters } from '../../infra/deploy/stack-parameters';
import { functionDefinitionsOf } from '../../infra/template/function-definitions';
import { loadTemplate } from '../../infra/template/template';
import { CONTRACT_PATH, GENERATED_DIR, PIPELINE_PATH, PROJECT_ROOT } from '../../paths';
import { idempotencyClaimPut } from '../../src/store/idempotency';
import { evaluate, type ParameterValues } from './support/evaluate-template';
import { lambdaNodeMajor } from './support/lambda-runtime';
import { props } from './support/template-edits';

const template = loadTemplate();
const contractText = () => readFileSync(CONTRACT_PATH, 'utf8');
const functions = functionDefinitionsOf(template);
const resourcesOfType = (type: string, t = template) =>
  Object.entries(t.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => id);

/** The template's parameters as `npm run deploy -- --stage dev <argv>` sets them on a new stack. */
function deployedWith(...argv: string[]): ParameterValues {
  const args = parseDeployArgs(['--stage', 'dev', ...argv]);
  if (!args) throw new Error(`not deploy arguments: ${argv.join(' ')}`);
  const uploaded = { codeKeys: {}, contractLocation: 's3://artifacts/openapi.yaml', templateUrl: '' };
  const declared = new Set(Object.keys(template.Parameters ?? {}));
  const origins = appOriginsFor(args, undefined, undefined);
  const parameters = stackParameters(args, 'artifacts', uploaded, undefined, declared, origins);
  return Object.fromEntries(parameters.map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
}

/**
 * Every `process.env.NAME` the code bundled into one function reads: the project's files esbuild takes
 * into its bundle (dynamic imports included), as `npm run build` bundles it.
 */
async function environmentReadBy(entry: string): Promise<Set<string>> {
  const { metafile } = await build({
    ...functionBundleOptions(PROJECT_ROOT),
    entryPoints: [entry],
    outdir: join(PROJECT_ROOT, '.unwritten'),
    format: 'esm',
    splitting: true,
    write: false,
    metafile: true,
  });
  const names = new Set<string>();
  for (const path of Object.keys(metafile.inputs).filter((input) => input.startsWith('src/')))
    for (const [, name] of readFileSync(join(PROJECT_ROOT, path), 'utf8').matchAll(/process\.env\.(\w+)/g))
      names.add(name ?? '');
  return names;
}

describe('the template', () => {
  it("builds each function from an entry that exists: the contract's integrations call some, the table's changes invoke the rest", () => {
    expect(functions.length).toBeGreaterThan(0);
    const called = new Set(
      [...contractText().matchAll(/functions\/\$\{(\w+)\.Arn\}\/invocations/g)].map((m) => m[1]),
    );
    const mapped = new Set(
      Object.values(template.Resources)
        .filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping')
        .map((r) => {
          const target = r.Properties?.FunctionName as { 'Fn::GetAtt'?: string[] } | undefined;
          return target?.['Fn::GetAtt']?.[0];
        }),
    );
    for (const { logicalId, entry, name, codeKeyParameter } of functions) {
      expect(existsSync(join(PROJECT_ROOT, entry)), entry).toBe(true);
      // npm run generate compiles the validators of each API function's routes.
      if (called.has(logicalId))
        expect(existsSync(join(GENERATED_DIR, 'validators', `${name}.js`)), name).toBe(true);
      // The deploy passes each zip's key (infra/deploy/artifacts.ts) as a string parameter.
      expect(template.Parameters?.[codeKeyParameter]?.Type).toBe('String');
    }
    expect([...called].sort()).toEqual(['TodosFunction', 'UsersFunction']);
    // The stream's function serves no route: the role every request runs under holds none of its grants.
    expect([...mapped]).toEqual(['ErasureFunction']);
    expect(functions.map((f) => f.logicalId).sort()).toEqual([...called, ...mapped].sort());
  });

  it('runs the functions on the Node.js their bundles are built for', () => {
    expect(functionBundleOptions(PROJECT_ROOT).target).toBe(`node${lambdaNodeMajor()}`);
  });

  it('gives every function each setting its code reads from the environment', async () => {
    // Set by Lambda itself, or only by the local stack (on AWS the SDK finds the real endpoints).
    const notFromTheTemplate = new Set([
      '_X_AMZN_TRACE_ID',
      'DYNAMODB_ENDPOINT',
      'S3_ENDPOINT',
      'COGNITO_IDP_ENDPOINT',
    ]);
    // Read where attachment URLs are signed, which only the todos function does (the users function
    // bundles the storage module to delete objects, and signs nothing).
    const onlyFor: Record<string, string> = { ATTACHMENT_SIGNER_ROLE_ARN: 'TodosFunction' };
    for (const { logicalId, entry } of functions) {
      const needed = [...(await environmentReadBy(entry))].filter(
        (name) => !notFromTheTemplate.has(name) && (onlyFor[name] ?? logicalId) === logicalId,
      );
      expect(needed, logicalId).toContain('TABLE_NAME');
      const variables = props(template, logicalId, 'Environment', 'Variables');
      expect(Object.keys(variables), logicalId).toEqual(expect.arrayContaining(needed));
      // And the names point at the stack's own table, bucket and user pool.
      const typeOf = (value: unknown) => template.Resources[String((value as { Ref?: unknown }).Ref)]?.Type;
      expect(typeOf(variables.TABLE_NAME)).toBe('AWS::DynamoDB::Table');
      expect(typeOf(variables.BUCKET_NAME)).toBe('AWS::S3::Bucket');
      if (needed.includes('USER_POOL_ID'))
        expect(typeOf(variables.USER_POOL_ID)).toBe('AWS::Cognito::UserPool');
    }
  });

  it("expires idempotency records through the attribute the table's TTL reads", () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const todo = { id: '01JD8X3QZ7EV5GS0PMH9R2A4XT' } as Parameters<typeof idempotencyClaimPut>[2];
    const item = idempotencyClaimPut('alice', { key: 'key-1', requestHash: 'h' }, todo, now).Put?.Item ?? {};
    const attribute = String(props(template, 'Table', 'TimeToLiveSpecification').AttributeName);

    // Epoch seconds in the future: what DynamoDB's TTL deletes by.
    expect(item[attribute]).toBeGreaterThan(now.getTime() / 1000);
  });

  it("names every resource that holds users' data among those a deploy will not replace unasked", () => {
    const retained = Object.entries(template.Resources)
      .filter(([, resource]) => (resource as { DeletionPolicy?: string }).DeletionPolicy === 'Retain')
      .map(([id]) => id);
    // Every bucket but the web app's, whose files each deploy uploads again from the build.
    const buckets = resourcesOfType('AWS::S3::Bucket').filter((id) => id !== 'AppBucket');

    expect([...retained, ...buckets].sort()).toEqual([...DATA_RESOURCES].sort());
  });

  it('protects the table and the user pool from deletion unless the deploy is told otherwise', () => {
    const protectedWith = (parameters: ParameterValues) => [
      evaluate(template, props(template, 'Table').DeletionProtectionEnabled, parameters),
      evaluate(template, props(template, 'UserPool').DeletionProtection, parameters),
    ];

    expect(protectedWith(deployedWith())).toEqual([true, 'ACTIVE']);
    expect(protectedWith(deployedWith('--deletion-protection', 'false'))).toEqual([false, 'INACTIVE']);
    expect(protectedWith(deployedWith('--deletion-protection', 'true'))).toEqual([true, 'ACTIVE']);
  });

  it('maps a custom domain, and switches the execute-api endpoint off, only when the deploy is given one', () => {
    const certificate = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555';
    const withDomain = deployedWith('--domain', 'api.example.com', '--certificate-arn', certificate);
    const hasDomain = (parameters: ParameterValues) =>
      evaluate(template, template.Conditions?.HasCustomDomain, parameters);

    expect([
      hasDomain(deployedWith()),
      hasDomain(deployedWith('--domain', '')),
      hasDomain(withDomain),
    ]).toEqual([false, false, true]);
    for (const id of ['ApiDomainName', 'ApiMapping'])
      expect(template.Resources[id]?.Condition, id).toBe('HasCustomDomain');
    // An imported HTTP API reads disableExecuteApiEndpoint from the OpenAPI Server objects.
    const servers = (parse(contractText()) as { servers: Record<string, unknown>[] }).servers;
    expect(servers.length).toBeGreaterThan(0);
    for (const server of servers)
      expect(server['x-amazon-apigateway-endpoint-configuration']).toEqual({
        disableExecuteApiEndpoint: { 'Fn::If': ['HasCustomDomain', true, false] },
      });
  });

  it('keeps every bucket, of the stack and of the pipeline, private, encrypted and on TLS only', () => {
    const pipeline = loadTemplate(PIPELINE_PATH);
    const buckets = [template, pipeline].flatMap((t) =>
      resourcesOfType('AWS::S3::Bucket', t).map((id) => ({ t, id })),
    );
    expect(buckets.length).toBeGreaterThanOrEqual(2);
    for (const { t, id } of buckets) {
      expect(props(t, id).PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(JSON.stringify(props(t, id).BucketEncryption), id).toMatch(/"SSEAlgorithm":"(AES256|aws:kms)"/);
      const policies = Object.values(t.Resources).filter(
        (r) =>
          r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r.Properties?.Bucket) === `{"Ref":"${id}"}`,
      );
      const statements = policies.flatMap(
        (p) => (p.Properties?.PolicyDocument as { Statement: unknown[] } | undefined)?.Statement ?? [],
      );
      expect(statements, `${id}: a policy that denies requests without TLS`).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('gives the user pool client no secret: the web app and the typed client run where none stays secret', () => {
    expect(props(template, 'UserPoolClient').GenerateSecret).toBe(false);
  });

  it('gives the imported Api no property that CloudFormation refuses next to a Body', () => {
    expect(Object.keys(props(template, 'Api')).sort()).toEqual(['Body', 'FailOnWarnings']);
  });

  it('has every output the deploy command reads', () => {
    const read = readFileSync(join(PROJECT_ROOT, 'infra/scripts/deploy.ts'), 'utf8');
    const names = [...new Set([...read.matchAll(/outputs\.(\w+)/g)].map((m) => m[1] ?? ''))];
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(template.Outputs ?? {}, name).toHaveProperty(name);
  });

  it('uses long-form intrinsics only, so a plain YAML parser (the local stack) reads it', () => {
    const text = readFileSync(new URL('../../infra/template.yaml', import.meta.url), 'utf8');
    expect(text).not.toMatch(
      /!(Ref|Sub|GetAtt|If|Equals|Not|Join|Select|Split|Transform|FindInMap|Base64)\b/,
    );
  });
});
