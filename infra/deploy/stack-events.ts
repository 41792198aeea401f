import {
  type CloudFormationClient,
  DescribeStackEventsCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import type { Output } from './output';
import { describeStack, isInProgress } from './stack-state';

export interface FollowOptions {
  /** The stack's id (ARN): unlike its name, it still answers after the stack is deleted. */
  stackId: string;
  /** The token given to ExecuteChangeSet / DeleteStack; every event of that operation carries it. */
  clientRequestToken: string;
  /** When the operation was started: older events are history, not progress. */
  since: Date;
  out: Output;
  sleep: (ms: number) => Promise<void>;
  pollMs: number;
}

export interface OperationOutcome {
  status: string;
  /** The operation's events, oldest first. */
  events: StackEvent[];
}

/**
 * Prints the stack's events as they come, oldest first and each once, until the stack settles
 * (no status ends in _IN_PROGRESS). DescribeStackEvents pages newest first, so each poll reads
 * pages until it reaches an event it has seen or one older than the operation.
 */
export async function followStackOperation(
  cfn: CloudFormationClient,
  options: FollowOptions,
): Promise<OperationOutcome> {
  const seen = new Set<string>();
  const events: StackEvent[] = [];
  const printNew = async () => {
    for (const event of await unseenEvents(cfn, options, seen)) {
      events.push(event);
      options.out.line(formatEvent(event));
    }
  };
  for (;;) {
    await printNew();
    const stack = await describeStack(cfn, options.stackId);
    const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
    if (!isInProgress(status)) {
      // The last events may have been written between the two reads.
      await printNew();
      return { status, events };
    }
    await options.sleep(options.pollMs);
  }
}

async function unseenEvents(
  cfn: CloudFormationClient,
  options: FollowOptions,
  seen: Set<string>,
): Promise<StackEvent[]> {
  const fresh: StackEvent[] = [];
  let nextToken: string | undefined;
  pages: do {
    const page = await cfn.send(
      new DescribeStackEventsCommand({ StackName: options.stackId, NextToken: nextToken }),
    );
    for (const event of page.StackEvents ?? []) {
      if (!event.EventId || seen.has(event.EventId)) break pages;
      if (event.ClientRequestToken !== options.clientRequestToken) {
        if (event.Timestamp && event.Timestamp < options.since) break pages;
        continue;
      }
      fresh.push(event);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  for (const event of fresh) if (event.EventId) seen.add(event.EventId);
  return fresh.reverse();
}

export function formatEvent(event: StackEvent): string {
  const time = event.Timestamp ? event.Timestamp.toISOString().slice(11, 19) : '--:--:--';
  const reason = event.ResourceStatusReason ? `  ${event.ResourceStatusReason}` : '';
  return `  ${time}  ${(event.ResourceStatus ?? '').padEnd(28)}  ${(event.ResourceType ?? '').padEnd(36)}  ${event.LogicalResourceId ?? ''}${reason}`;
}

/** Reasons that only echo another resource's failure. */
const KNOCK_ON = /^Resource (creation|update|deletion) cancelled$/;

/** The resources that failed and why, root causes first: what a person needs to fix. */
export function failuresOf(events: StackEvent[]): { logicalId: string; type: string; reason: string }[] {
  const failures = new Map<string, { logicalId: string; type: string; reason: string }>();
  for (const event of events) {
    if (!event.ResourceStatus?.endsWith('_FAILED') || !event.LogicalResourceId) continue;
    if (event.ResourceType === 'AWS::CloudFormation::Stack') continue;
    const reason = event.ResourceStatusReason ?? 'no reason given';
    if (KNOCK_ON.test(reason) || failures.has(event.LogicalResourceId)) continue;
    failures.set(event.LogicalResourceId, {
      logicalId: event.LogicalResourceId,
      type: event.ResourceType ?? '',
      reason,
    });
  }
  if (failures.size === 0) {
    // Only the stack itself failed (e.g. a transform or validation error): report its reason.
    const stackFailure = events.find((e) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason);
    if (stackFailure)
      return [
        {
          logicalId: stackFailure.LogicalResourceId ?? '',
          type: stackFailure.ResourceType ?? '',
          reason: stackFailure.ResourceStatusReason ?? '',
        },
      ];
  }
  return [...failures.values()];
}
