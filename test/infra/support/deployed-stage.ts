/**
 * A deployed `dev` stage in eu-west-1, with the identifiers AWS gave its resources, and parts of
 * infra/template.yaml resolved for it as CloudFormation hands them over (infra/deploy/stage-contract.ts).
 */
import type { AwsContext } from '../../../infra/deploy/aws-context';
import { resolveForStage } from '../../../infra/deploy/stage-contract';
import { loadTemplate } from '../../../infra/template/template';
import { bucketName } from '../../../src/storage/attachment-objects';
import { props } from './template-edits';

export const STAGE_CONTEXT: AwsContext = {
  region: 'eu-west-1',
  accountId: '123456789012',
  partition: 'aws',
  callerArn: 'arn:aws:iam::123456789012:user/swiftyplanner-deployer',
};

/** What AWS named the stage's resources (the attachments bucket: what the functions sign for). */
export const STAGE_RESOURCES = {
  Api: 'abc123',
  'Api.ApiEndpoint': 'https://abc123.execute-api.eu-west-1.amazonaws.com',
  UserPool: 'eu-west-1_AbCdEf123',
  'UserPool.ProviderURL': 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
  Bucket: bucketName,
  AppDistribution: 'E2EXAMPLE123',
  'AppDistribution.DomainName': 'd111111abcdef8.cloudfront.net',
};

const STACK_ID =
  'arn:aws:cloudformation:eu-west-1:123456789012:stack/swiftyplanner-dev/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';

const template = loadTemplate();

/** A part of the template as CloudFormation resolves it for the stage (parameters as given). */
export function resolvedForStage(node: unknown, parameters: Record<string, string> = {}): unknown {
  return resolveForStage(node, template, {
    stage: 'dev',
    context: STAGE_CONTEXT,
    parameters,
    stackId: STACK_ID,
    resources: STAGE_RESOURCES,
  });
}

export function stageOutput(name: string, parameters: Record<string, string> = {}): string {
  return String(resolvedForStage(template.Outputs?.[name]?.Value, parameters));
}

/** The Content-Security-Policy AppResponseHeadersPolicy sends on the stage. */
export function stageCsp(parameters: Record<string, string> = {}): string {
  const config = props(
    template,
    'AppResponseHeadersPolicy',
    'ResponseHeadersPolicyConfig',
    'SecurityHeadersConfig',
  );
  return String(
    resolvedForStage(
      (config.ContentSecurityPolicy as Record<string, unknown>).ContentSecurityPolicy,
      parameters,
    ),
  );
}

export function directivesOf(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = '', ...sources]) => [name, sources]),
  );
}
