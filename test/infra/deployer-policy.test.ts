import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../infra/template/template';
import {
  declaredActions,
  HANDLERS,
  type HandlerPermissionsFixture,
} from '../../infra/validate/handler-permissions';
import { PIPELINE_PATH, TEMPLATE_PATH } from '../../paths';
import { DEPLOYER_POLICY_FILES, deployerStatements, readDeployerPolicy } from './support/deployer-policies';

/** infra/deployer-policy.json, deployer-alarms-policy.json and deployer-app-policy.json: what the README's deploying IAM user is given. */
const statements = deployerStatements();
const actions = new Set(statements.flatMap((s) => ([] as string[]).concat(s.Action)));

/** The IAM namespace of each CloudFormation service the template and the pipeline use. */
const NAMESPACES: Record<string, string> = {
  'AWS::ApiGatewayV2': 'apigateway',
  'AWS::CloudFront': 'cloudfront',
  'AWS::CloudWatch': 'cloudwatch',
  'AWS::CodeBuild': 'codebuild',
  'AWS::CodeConnections': 'codeconnections',
  'AWS::CodePipeline': 'codepipeline',
  'AWS::CodeStarNotifications': 'codestar-notifications',
  'AWS::Cognito': 'cognito-idp',
  'AWS::DynamoDB': 'dynamodb',
  'AWS::Events': 'events',
  'AWS::IAM': 'iam',
  'AWS::Lambda': 'lambda',
  'AWS::Logs': 'logs',
  'AWS::S3': 's3',
  'AWS::SNS': 'sns',
  'AWS::SQS': 'sqs',
};

function namespaceOf(type: string): string {
  const namespace = NAMESPACES[type.split('::').slice(0, 2).join('::')];
  if (!namespace) throw new Error(`${type}: add its service's IAM namespace to NAMESPACES`);
  return namespace;
}

/** The resource types a template creates. */
function typesOf(path: string): string[] {
  return [...new Set(Object.values(loadTemplate(path).Resources).map((r) => r.Type))].sort();
}

describe("the deploying user's policy", () => {
  it('covers every service the template creates resources in', () => {
    for (const namespace of new Set(typesOf(TEMPLATE_PATH).map(namespaceOf)))
      expect(
        [...actions].some((a) => a.startsWith(`${namespace}:`)),
        `no ${namespace}: action`,
      ).toBe(true);
  });

  it('allows every call npm run deploy and npm run destroy make', () => {
    for (const action of [
      'cloudformation:CreateChangeSet',
      'cloudformation:DescribeChangeSet',
      'cloudformation:ExecuteChangeSet',
      'cloudformation:DeleteChangeSet',
      'cloudformation:DescribeStacks',
      'cloudformation:DescribeStackEvents',
      'cloudformation:DescribeStackResource',
      'cloudformation:DeleteStack',
      's3:ListBucket', // HeadBucket
      's3:CreateBucket',
      's3:PutBucketPublicAccessBlock',
      's3:PutEncryptionConfiguration',
      's3:GetObject', // HeadObject, and CloudFormation reading the template and the contract
      's3:PutObject',
      's3:ListBucketVersions',
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      'iam:GetPolicy', // the roles' permissions boundary exists
      'iam:GetPolicyVersion', // and is this commit's
      'cloudfront:CreateInvalidation', // the web app's changed files
      'cloudfront:GetInvalidation',
    ])
      expect(actions.has(action), action).toBe(true);
  });

  describe("against what CloudFormation's resource handlers call (registry schemas, fixtures/cloudformation-handler-permissions.json)", () => {
    const fixture = JSON.parse(
      readFileSync(new URL('./fixtures/cloudformation-handler-permissions.json', import.meta.url), 'utf8'),
    ) as HandlerPermissionsFixture;
    // IAM action names are case-insensitive (the schemas spell a few `S3:...` or `s3:getObject`).
    const granted = new Set([...actions].map((action) => action.toLowerCase()));
    const templateTypes = typesOf(TEMPLATE_PATH);
    const pipelineTypes = typesOf(PIPELINE_PATH);

    it('records the handlers of every resource type of the template and the pipeline, with their source and date', () => {
      expect(fixture.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const type of new Set([...templateTypes, ...pipelineTypes])) {
        const entry = fixture.resourceTypes[type];
        expect(
          entry,
          `${type}: add its registry schema's handlers (infra/scripts/handler-permissions.ts)`,
        ).toBeDefined();
        expect(entry?.source, type).toMatch(/\S@[0-9a-f]{7,}|DescribeType|registry schema/);
        if (entry?.noHandlers) continue;
        // Every provisionable type has these two; update, read and list only where the schema has them
        // (AWS::Lambda::Permission cannot be updated, AWS::SNS::TopicPolicy has no read).
        for (const handler of ['create', 'delete'] as const)
          expect(entry?.handlers?.[handler], `${type} ${handler}`).toBeDefined();
      }
    });

    it.each(HANDLERS)(
      'grants every permission of the %s handler of every resource type the deploy creates, or says why not',
      (handler) => {
        const skipped = fixture.stackOperationsDoNotCall[handler];
        if (skipped) {
          // The reason names the documentation it rests on.
          expect(skipped).toMatch(/https:\/\/docs\.aws\.amazon\.com\//);
          return;
        }
        const missing = templateTypes.flatMap((type) => {
          const entry = fixture.resourceTypes[type];
          return (entry?.handlers?.[handler] ?? [])
            .filter((action) => !granted.has(action.toLowerCase()) && !entry?.notCalledHere?.[action])
            .map((action) => `${type} ${handler}: ${action}`);
        });
        expect(missing).toEqual([]);
      },
    );

    it("grants every tagging permission of the template's resource types (CloudFormation tags each resource with the stack's tags)", () => {
      const missing = templateTypes.flatMap((type) =>
        (fixture.resourceTypes[type]?.tagging ?? [])
          .filter((action) => !granted.has(action.toLowerCase()))
          .map((action) => `${type}: ${action}`),
      );
      expect(missing).toEqual([]);
    });

    it('keeps each "not called here" reason current: the type still declares the action, and no policy grants it anyway', () => {
      const stale = Object.entries(fixture.resourceTypes).flatMap(([type, entry]) =>
        Object.keys(entry.notCalledHere ?? {})
          .filter((action) => !declaredActions(entry).has(action) || granted.has(action.toLowerCase()))
          .map((action) => `${type}: ${action}`),
      );
      expect(stale).toEqual([]);
    });

    it("grants none of the pipeline's own services: the pipeline stack is an administrator's, and a deploy cannot build or change a pipeline", () => {
      const pipelineOnly = pipelineTypes.filter((type) => !templateTypes.includes(type));
      const templateNamespaces = new Set(templateTypes.map(namespaceOf));
      const forbidden = new Set(
        pipelineOnly.flatMap((type) => [
          namespaceOf(type),
          ...[...declaredActions(fixture.resourceTypes[type] ?? { source: '' }).keys()].map(
            (action) => action.split(':')[0] ?? '',
          ),
        ]),
      );
      for (const namespace of templateNamespaces) forbidden.delete(namespace);
      expect([...forbidden].sort()).toEqual([
        'codebuild',
        'codeconnections',
        'codepipeline',
        'codestar-connections',
        'codestar-notifications',
      ]);
      expect([...actions].filter((action) => forbidden.has(action.split(':')[0] ?? ''))).toEqual([]);
    });
  });

  it.each(DEPLOYER_POLICY_FILES)(
    '%s fits the size IAM allows a managed policy (6,144 characters without whitespace)',
    (file) => {
      expect(readDeployerPolicy(file).text.replace(/\s/g, '').length).toBeLessThanOrEqual(6144);
    },
  );

  it('is Allow-only, without wildcard actions', () => {
    for (const statement of statements) expect(statement.Effect).toBe('Allow');
    for (const action of actions) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
  });
});
