/**
 * Least privilege, checked against the code: each function's role grants exactly the actions the
 * function's code can call (./code-actions.ts) plus those Lambda calls with the role on the
 * function's behalf (its logs, the event sources it reads, the destinations it reports to). An action
 * granted that nothing calls is a problem, and so is one called that the role does not grant (the
 * function would meet AccessDenied in production).
 */
import { functionDefinitionsOf } from '../template/function-definitions';
import type { CfnTemplate } from '../template/template';
import type { CodeAction } from './code-actions';
import { policyStatementsOf } from './iam-policies';
import { asIntrinsic, getAttTarget, isPlainObject } from './intrinsics';
import type { TemplateProblem } from './template-problem';

/** What Lambda does with the role, and why; each action with the reason it is needed. */
export type PlatformActions = Map<string, string>;

const list = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The logical id an intrinsic (`Ref X`, `Fn::GetAtt [X, Arn]`) points at. */
function targetOf(value: unknown): { resource: string; attribute?: string } | undefined {
  const intrinsic = asIntrinsic(value);
  if (intrinsic?.name === 'Ref' && typeof intrinsic.argument === 'string')
    return { resource: intrinsic.argument };
  if (intrinsic?.name === 'Fn::GetAtt') {
    const target = getAttTarget(intrinsic.argument);
    if (target) return { resource: target.resource, attribute: String(target.attribute) };
  }
  return undefined;
}

/** Actions a destination (an SQS queue or SNS topic) takes from the role that reports to it. */
function destinationActions(template: CfnTemplate, destination: unknown, why: string, into: PlatformActions) {
  const type = template.Resources[targetOf(destination)?.resource ?? '']?.Type;
  if (type === 'AWS::SQS::Queue') into.set('sqs:SendMessage', why);
  if (type === 'AWS::SNS::Topic') into.set('sns:Publish', why);
}

/**
 * What Lambda calls with `functionId`'s role: writing its logs always; reading the DynamoDB stream
 * or SQS queue of an event source mapping (Lambda developer guide, "Lambda execution role" for
 * each event source); sending to an on-failure destination or dead-letter queue.
 */
export function platformActionsOf(template: CfnTemplate, functionId: string): PlatformActions {
  const actions: PlatformActions = new Map([
    ['logs:CreateLogStream', 'Lambda writes the function’s logs'],
    ['logs:PutLogEvents', 'Lambda writes the function’s logs'],
  ]);
  const fn = template.Resources[functionId]?.Properties ?? {};
  if (isPlainObject(fn.DeadLetterConfig))
    destinationActions(template, fn.DeadLetterConfig.TargetArn, 'its dead-letter queue', actions);
  for (const [id, resource] of Object.entries(template.Resources)) {
    const properties = resource.Properties ?? {};
    if (targetOf(properties.FunctionName)?.resource !== functionId) continue;
    const onFailure = (properties.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
      ?.OnFailure?.Destination;
    if (resource.Type === 'AWS::Lambda::EventSourceMapping') {
      const source = targetOf(properties.EventSourceArn);
      const sourceType = template.Resources[source?.resource ?? '']?.Type;
      if (sourceType === 'AWS::DynamoDB::Table' && source?.attribute === 'StreamArn')
        for (const action of ['DescribeStream', 'GetRecords', 'GetShardIterator', 'ListStreams'])
          actions.set(`dynamodb:${action}`, `${id} reads the table's stream`);
      if (sourceType === 'AWS::SQS::Queue')
        for (const action of ['ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes'])
          actions.set(`sqs:${action}`, `${id} reads the queue`);
      destinationActions(template, onFailure, `${id} reports failed batches there`, actions);
    }
    if (resource.Type === 'AWS::Lambda::EventInvokeConfig') {
      destinationActions(template, onFailure, `${id} sends failed events there`, actions);
      const onSuccess = (
        properties.DestinationConfig as { OnSuccess?: { Destination?: unknown } } | undefined
      )?.OnSuccess?.Destination;
      destinationActions(template, onSuccess, `${id} sends results there`, actions);
    }
  }
  return actions;
}

/** Each Allow action of the role's inline policies and of the policies attached to it, with where. */
function grantsOf(template: CfnTemplate, roleId: string): Map<string, string> {
  // An AWS::IAM::Policy names its roles in Roles, an AWS::IAM::RolePolicy its one role in RoleName.
  const attachedTo = (id: string) =>
    [...list(template.Resources[id]?.Properties?.Roles), template.Resources[id]?.Properties?.RoleName].some(
      (role) => targetOf(role)?.resource === roleId,
    );
  const grants = new Map<string, string>();
  for (const { path, statement, trust } of policyStatementsOf(template)) {
    const owner = path.split('/')[1] ?? '';
    if (trust || statement.Effect !== 'Allow' || (owner !== roleId && !attachedTo(owner))) continue;
    for (const action of list(statement.Action)) if (typeof action === 'string') grants.set(action, path);
  }
  return grants;
}

/** `codeActions`: per function entry, what ./code-actions.ts found. */
export function functionGrantProblems(
  template: CfnTemplate,
  codeActions: ReadonlyMap<string, CodeAction[]>,
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const { logicalId, entry } of functionDefinitionsOf(template)) {
    const roleId = targetOf(template.Resources[logicalId]?.Properties?.Role)?.resource;
    const called = codeActions.get(entry);
    if (!roleId || !called) {
      problems.push({
        path: `Resources/${logicalId}`,
        message: roleId
          ? `no code analysis for ${entry}`
          : 'its Role must be Fn::GetAtt [<role>, Arn] of this template',
      });
      continue;
    }
    const platform = platformActionsOf(template, logicalId);
    const grants = grantsOf(template, roleId);
    for (const [action, path] of grants) {
      if (platform.has(action) || called.some((c) => c.action === action)) continue;
      problems.push({
        path,
        message: `grants ${action}, which no code of ${logicalId} (${entry}) calls and Lambda does not call for it: remove it`,
      });
    }
    for (const { action, evidence } of called)
      if (!grants.has(action))
        problems.push({
          path: `Resources/${roleId}`,
          message: `${logicalId} calls ${action} (${evidence}) but ${roleId} does not grant it`,
        });
    for (const [action, why] of platform)
      if (!grants.has(action))
        problems.push({
          path: `Resources/${roleId}`,
          message: `${roleId} must grant ${action}: ${why}`,
        });
  }
  return problems;
}
