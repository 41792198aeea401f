import { randomUUID } from 'node:crypto';
import {
  type CloudFormationClient,
  DeleteStackCommand,
  DescribeStackResourceCommand,
} from '@aws-sdk/client-cloudformation';
import { type DestroyArgs, stackNameOf } from './args';
import { type AwsClients, resolveAwsContext } from './aws-context';
import { emptyBucket } from './empty-bucket';
import { StackBusyError, StackOperationFailedError } from './errors';
import type { Output } from './output';
import { retainedResourceLines } from './retained-resources';
import { failuresOf, followStackOperation } from './stack-events';
import { describeStack, isInProgress } from './stack-state';

export interface DestroyDependencies extends AwsClients {
  out: Output;
  /** Asks a question and returns the answer (the terminal in the CLI). */
  ask: (question: string) => Promise<string>;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  clientRequestToken?: () => string;
}

export type DestroyOutcome = 'deleted' | 'absent' | 'cancelled';

/** The buckets of infra/template.yaml that CloudFormation can delete only empty: attachments, the web app. */
const BUCKET_LOGICAL_IDS = ['Bucket', 'AppBucket'];

/**
 * `npm run destroy`: confirm (the stage name must be typed, unless --yes), empty the attachments
 * bucket, delete the stack and follow its events. The table and the user pool are retained by
 * their DeletionPolicy; the command says how to delete them once their data is no longer wanted.
 */
export async function destroy(args: DestroyArgs, deps: DestroyDependencies): Promise<DestroyOutcome> {
  const { out, cloudFormation: cfn } = deps;
  const stackName = stackNameOf(args.stage);
  const context = await resolveAwsContext(deps.sts);
  const stack = await describeStack(cfn, stackName);
  if (!stack?.StackId || stack.StackStatus === 'DELETE_COMPLETE') {
    out.line(
      `There is no stack ${stackName} in ${context.region} (account ${context.accountId}): nothing to destroy.`,
    );
    return 'absent';
  }
  if (isInProgress(stack.StackStatus) && stack.StackStatus !== 'REVIEW_IN_PROGRESS')
    throw new StackBusyError(
      `${stackName} is busy (${stack.StackStatus}); wait for it to settle and try again.`,
    );
  if (!args.yes) {
    const answer = await deps.ask(
      `Delete ${stackName} in ${context.region} (account ${context.accountId}), its functions, API, web app and ` +
        `every attachment in its bucket? Type the stage name (${args.stage}) to confirm: `,
    );
    if (answer.trim() !== args.stage) {
      out.line('Cancelled: nothing was deleted.');
      return 'cancelled';
    }
  }

  for (const logicalId of BUCKET_LOGICAL_IDS) {
    const bucket = await physicalIdOf(cfn, stack.StackId, logicalId);
    if (bucket) await emptyBucket(deps.s3, bucket, context.accountId, out);
  }

  const clientRequestToken = deps.clientRequestToken?.() ?? `destroy-${randomUUID()}`;
  const since = new Date();
  out.line(`Deleting ${stackName}`);
  await cfn.send(
    new DeleteStackCommand({ StackName: stack.StackId, ClientRequestToken: clientRequestToken }),
  );
  const result = await followStackOperation(cfn, {
    stackId: stack.StackId,
    clientRequestToken,
    since,
    out,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    pollMs: deps.pollMs ?? 3000,
  });
  if (result.status !== 'DELETE_COMPLETE') {
    const failures = failuresOf(result.events);
    out.line(`${stackName} ended in ${result.status}. Failed resources:`);
    for (const f of failures) out.line(`  ${f.logicalId} (${f.type}): ${f.reason}`);
    out.line('Fix the cause (e.g. an object uploaded while the bucket was emptied) and run destroy again.');
    throw new StackOperationFailedError(stackName, result.status, failures);
  }
  out.line(`${stackName}: DELETE_COMPLETE`);
  for (const line of retainedResourceLines(result.events)) out.line(line);
  return 'deleted';
}

async function physicalIdOf(
  cfn: CloudFormationClient,
  stackId: string,
  logicalId: string,
): Promise<string | undefined> {
  try {
    const { StackResourceDetail } = await cfn.send(
      new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: logicalId }),
    );
    return StackResourceDetail?.PhysicalResourceId || undefined;
  } catch (error) {
    // A stack whose first deploy failed early may have no bucket at all.
    if (error instanceof Error && error.name === 'ValidationError') return undefined;
    throw error;
  }
}
