import {
  type Change,
  type CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  type Parameter,
  type Tag,
} from '@aws-sdk/client-cloudformation';
import { ChangeSetFailedError } from './errors';

export interface ChangeSetRequest {
  stackName: string;
  changeSetName: string;
  type: 'CREATE' | 'UPDATE';
  templateUrl: string;
  parameters: Parameter[];
  tags: Tag[];
}

export type ChangeSetOutcome = { kind: 'ready'; changes: Change[] } | { kind: 'empty' };

/**
 * CAPABILITY_NAMED_IAM for the roles, one of which has a RoleName (CAPABILITY_IAM covers generated names
 * only; NAMED_IAM covers both); CAPABILITY_AUTO_EXPAND for the AWS::Include of the contract.
 */
export async function createChangeSet(
  cfn: CloudFormationClient,
  request: ChangeSetRequest,
): Promise<{ changeSetId: string; stackId: string }> {
  const created = await cfn.send(
    new CreateChangeSetCommand({
      StackName: request.stackName,
      ChangeSetName: request.changeSetName,
      ChangeSetType: request.type,
      TemplateURL: request.templateUrl,
      Parameters: request.parameters,
      Tags: request.tags,
      Capabilities: ['CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
      Description: 'npm run deploy',
    }),
  );
  if (!created.Id || !created.StackId) throw new Error('CreateChangeSet returned no change set or stack id');
  return { changeSetId: created.Id, stackId: created.StackId };
}

/** How CloudFormation says "the change set is empty": it fails it with one of these reasons. */
const NO_CHANGES = /didn't contain changes|No updates are to be performed/;
const MAX_POLLS = 450;

/**
 * Waits until the change set is computed. An empty one ("no changes") is an outcome, not a failure;
 * any other FAILED status is, with CloudFormation's reason (a bad parameter, a transform error...).
 */
export async function waitForChangeSet(
  cfn: CloudFormationClient,
  changeSetId: string,
  sleep: (ms: number) => Promise<void>,
  pollMs: number,
): Promise<ChangeSetOutcome> {
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetId }));
    if (described.Status === 'FAILED') {
      const reason = described.StatusReason ?? 'no reason given';
      if (NO_CHANGES.test(reason)) return { kind: 'empty' };
      throw new ChangeSetFailedError(`The change set failed: ${reason}`);
    }
    if (described.Status === 'CREATE_COMPLETE') {
      const changes = [...(described.Changes ?? [])];
      let nextToken = described.NextToken;
      while (nextToken) {
        const page = await cfn.send(
          new DescribeChangeSetCommand({ ChangeSetName: changeSetId, NextToken: nextToken }),
        );
        changes.push(...(page.Changes ?? []));
        nextToken = page.NextToken;
      }
      return { kind: 'ready', changes };
    }
    await sleep(pollMs);
  }
  throw new ChangeSetFailedError(
    `The change set ${changeSetId} was still being computed after ${MAX_POLLS} polls`,
  );
}

export async function deleteChangeSet(cfn: CloudFormationClient, changeSetId: string): Promise<void> {
  await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: changeSetId }));
}

const ACTION_SIGNS: Record<string, string> = {
  Add: '+',
  Modify: '~',
  Remove: '-',
  Import: '>',
  Dynamic: '?',
};

/** One line per resource change, replacements called out: what a reviewer looks at before executing. */
export function changeLines(changes: Change[]): string[] {
  return changes.map((change) => {
    const rc = change.ResourceChange;
    const action = rc?.Action ?? '?';
    const replacement =
      rc?.Replacement === 'True'
        ? '  (REPLACEMENT)'
        : rc?.Replacement === 'Conditional'
          ? '  (may replace)'
          : '';
    return `  ${ACTION_SIGNS[action] ?? '?'} ${action.padEnd(7)} ${(rc?.ResourceType ?? '').padEnd(36)} ${rc?.LogicalResourceId ?? ''}${replacement}`;
  });
}

/**
 * The resources that hold users' data: replacing the user pool gives every user a new `sub` (their
 * todos become unreachable), replacing the table or the bucket strands what they hold.
 */
export const DATA_RESOURCES = ['Table', 'UserPool', 'Bucket'];

/** The changes that would replace or remove a data resource (`Conditional` counts: it may). */
export function dataLossChanges(changes: Change[]): string[] {
  return changes
    .map((change) => change.ResourceChange)
    .filter(
      (rc) =>
        rc?.LogicalResourceId !== undefined &&
        DATA_RESOURCES.includes(rc.LogicalResourceId) &&
        (rc.Action === 'Remove' || rc.Replacement === 'True' || rc.Replacement === 'Conditional'),
    )
    .map(
      (rc) =>
        `${rc?.LogicalResourceId} (${rc?.ResourceType}): ${rc?.Action === 'Remove' ? 'removed' : 'replaced'}`,
    );
}
