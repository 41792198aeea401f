import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../infra/template/template';
import { DEPLOYER_POLICY_FILES, deployerStatements, readDeployerPolicy } from './support/deployer-policies';

/** infra/deployer-policy.json and infra/deployer-alarms-policy.json: what the README's deploying IAM user is given. */
const statements = deployerStatements();
const actions = new Set(statements.flatMap((s) => ([] as string[]).concat(s.Action)));

/** The IAM namespace of each CloudFormation service the template uses. */
const NAMESPACES: Record<string, string> = {
  'AWS::ApiGatewayV2': 'apigateway',
  'AWS::CloudWatch': 'cloudwatch',
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

describe("the deploying user's policy", () => {
  it('covers every service the template creates resources in', () => {
    const services = new Set(
      Object.values(loadTemplate().Resources).map((r) => r.Type.split('::').slice(0, 2).join('::')),
    );
    for (const service of services) {
      const namespace = NAMESPACES[service];
      expect(namespace, `${service} has no IAM namespace in this test`).toBeDefined();
      expect(
        [...actions].some((a) => a.startsWith(`${namespace}:`)),
        `no ${namespace}: action`,
      ).toBe(true);
    }
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
    ])
      expect(actions.has(action), action).toBe(true);
  });

  it("grants what CloudFormation's handlers call to read and to delete every resource type of the template", () => {
    const fixture = JSON.parse(
      readFileSync(new URL('./fixtures/cloudformation-handler-permissions.json', import.meta.url), 'utf8'),
    ) as {
      resourceTypes: Record<string, { read: string[]; delete: string[] }>;
      notCalledHere: Record<string, string>;
    };
    // IAM action names are case-insensitive (the schemas spell a few `S3:...` or `s3:getObject`).
    const granted = new Set([...actions].map((action) => action.toLowerCase()));
    const types = new Set(Object.values(loadTemplate().Resources).map((r) => r.Type));
    for (const type of types) {
      const handlers = fixture.resourceTypes[type];
      expect(handlers, `${type}: add its registry schema's handler permissions to the fixture`).toBeDefined();
      for (const action of [...(handlers?.read ?? []), ...(handlers?.delete ?? [])])
        if (!Object.hasOwn(fixture.notCalledHere, action))
          expect(granted.has(action.toLowerCase()), `${type} needs ${action}`).toBe(true);
    }
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
