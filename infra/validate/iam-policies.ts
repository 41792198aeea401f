import type { CfnTemplate } from '../template/template';
import { asIntrinsic, getAttTarget, isPlainObject, subParts, subPlaceholders } from './intrinsics';
import type { TemplateProblem } from './template-problem';

/**
 * Actions that IAM cannot scope to a resource: for these alone `Resource: "*"` is the only option.
 * (None is used today; the list keeps the rule honest if X-Ray or custom metrics are added.)
 */
const ACTIONS_WITHOUT_RESOURCE_SCOPE = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'cloudwatch:PutMetricData',
]);

export interface PolicyStatementAt {
  path: string;
  statement: Record<string, unknown>;
  /** Trust policies grant sts:AssumeRole to a principal and have no Resource. */
  trust: boolean;
}

/** Every policy statement of the template: roles' trust and inline policies, managed and bucket policies. */
export function policyStatementsOf(template: CfnTemplate): PolicyStatementAt[] {
  const found: PolicyStatementAt[] = [];
  const add = (document: unknown, path: string, trust: boolean) => {
    const statements = isPlainObject(document) ? document.Statement : undefined;
    const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
    list.forEach((statement, i) => {
      if (isPlainObject(statement)) found.push({ path: `${path}/Statement/${i}`, statement, trust });
    });
  };
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const path = `Resources/${logicalId}/Properties`;
    const properties = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Role') {
      add(properties.AssumeRolePolicyDocument, `${path}/AssumeRolePolicyDocument`, true);
      const policies = Array.isArray(properties.Policies) ? properties.Policies : [];
      policies.forEach((policy, i) => {
        add(
          isPlainObject(policy) ? policy.PolicyDocument : undefined,
          `${path}/Policies/${i}/PolicyDocument`,
          false,
        );
      });
    }
    if (
      [
        'AWS::IAM::Policy',
        'AWS::IAM::RolePolicy',
        'AWS::IAM::ManagedPolicy',
        'AWS::S3::BucketPolicy',
      ].includes(resource.Type)
    )
      add(properties.PolicyDocument, `${path}/PolicyDocument`, false);
  }
  return found;
}

/**
 * Least privilege, checked offline: an Allow names its actions one by one (no `*`, no `s3:*`, no
 * NotAction) and its resources by this template's own resources (a `Ref`/`Fn::GetAtt`, or an
 * `Fn::Sub` built on one) or by a parameter that holds one ARN, never `*` unless the action cannot
 * be scoped. Deny statements may be
 * broad: a wide Deny only takes permissions away. Lambda permissions for a service are tied to the
 * calling resource by SourceArn.
 */
export function iamProblems(template: CfnTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  for (const { path, statement, trust } of policyStatementsOf(template)) {
    if (statement.Effect !== 'Allow') continue;
    if ('NotAction' in statement)
      report(`${path}/NotAction`, 'an Allow with NotAction grants everything else');
    if ('NotResource' in statement)
      report(`${path}/NotResource`, 'an Allow with NotResource grants everything else');
    const actions = asList(statement.Action);
    if (actions.length === 0) report(`${path}/Action`, 'an Allow must name its actions');
    for (const action of actions) {
      if (typeof action !== 'string' || !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action))
        report(
          `${path}/Action`,
          `${JSON.stringify(action)}: name one action as service:Action, without wildcards`,
        );
    }
    if (trust) continue;
    const resources = asList(statement.Resource);
    if (resources.length === 0) report(`${path}/Resource`, 'an Allow must name its resources');
    const unscopable = actions.every((a) => typeof a === 'string' && ACTIONS_WITHOUT_RESOURCE_SCOPE.has(a));
    resources.forEach((resource, i) => {
      if (resource === '*' && unscopable) return;
      if (!namesOwnResource(resource, template))
        report(
          `${path}/Resource/${i}`,
          `${JSON.stringify(resource)} is not scoped to a resource of this stack; use Ref, Fn::GetAtt or Fn::Sub on one`,
        );
    });
  }
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Permission') continue;
    const properties = resource.Properties ?? {};
    const principal = properties.Principal;
    if (
      typeof principal === 'string' &&
      principal.endsWith('.amazonaws.com') &&
      !namesOwnResource(properties.SourceArn, template)
    )
      report(
        `Resources/${logicalId}/Properties/SourceArn`,
        `any ${principal} resource of any account could invoke the function; scope SourceArn to this stack's caller`,
      );
  }
  return problems;
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Whether a Resource/SourceArn value is built on one of the template's resources, or is the ARN of
 * one existing resource passed as a parameter (the user's choice, e.g. an existing Git connection).
 */
function namesOwnResource(value: unknown, template: CfnTemplate): boolean {
  const intrinsic = asIntrinsic(value);
  if (!intrinsic) return false;
  const isResource = (name: string) => name in template.Resources;
  switch (intrinsic.name) {
    case 'Ref':
      return (
        typeof intrinsic.argument === 'string' &&
        (isResource(intrinsic.argument) || isSingleArnParameter(template, intrinsic.argument))
      );
    case 'Fn::If': {
      // Both branches must be scoped (Fn::If: [condition, then, else]).
      const branches = Array.isArray(intrinsic.argument) ? intrinsic.argument.slice(1) : [];
      return branches.length === 2 && branches.every((branch) => namesOwnResource(branch, template));
    }
    case 'Fn::GetAtt': {
      const target = getAttTarget(intrinsic.argument);
      return target !== undefined && isResource(target.resource);
    }
    case 'Fn::Sub': {
      const parts = subParts(intrinsic.argument);
      return (
        parts !== undefined &&
        subPlaceholders(parts.text).some((name) => isResource(name.split('.')[0] ?? ''))
      );
    }
    default:
      return false;
  }
}

/**
 * A parameter that can only hold one ARN: its AllowedPattern is anchored on `arn:` (or empty, for
 * "create one instead") and has no match-anything part (`.*`, `.+`) that could take a wildcard.
 */
function isSingleArnParameter(template: CfnTemplate, name: string): boolean {
  const pattern = template.Parameters?.[name]?.AllowedPattern;
  return typeof pattern === 'string' && /^(\^\$\|)?\^arn:/.test(pattern) && !/\.[*+]/.test(pattern);
}
