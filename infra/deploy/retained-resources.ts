/**
 * Resources CloudFormation skipped deleting because of DeletionPolicy: Retain (the table and the user
 * pool), read from stack events, for both `npm run destroy` and a failed first deploy's rollback.
 */
import type { StackEvent } from '@aws-sdk/client-cloudformation';

/**
 * What DeletionPolicy: Retain kept (on a delete, or on the rollback of a failed first create), and
 * the commands that delete it for good.
 */
export function retainedResourceLines(
  events: StackEvent[],
  heading = "Retained (they hold users' data; delete them yourself once it is no longer needed):",
): string[] {
  const retained = events.filter((e) => e.ResourceStatus === 'DELETE_SKIPPED' && e.PhysicalResourceId);
  if (retained.length === 0) return [];
  const lines = [heading];
  for (const event of retained) {
    const id = event.PhysicalResourceId;
    lines.push(`  ${event.LogicalResourceId} (${event.ResourceType}): ${id}`);
    if (event.ResourceType === 'AWS::DynamoDB::Table')
      lines.push(
        `    aws dynamodb update-table --table-name ${id} --no-deletion-protection-enabled`,
        `    aws dynamodb delete-table --table-name ${id}`,
      );
    if (event.ResourceType === 'AWS::Cognito::UserPool')
      lines.push(
        `    aws cognito-idp update-user-pool --user-pool-id ${id} --deletion-protection INACTIVE`,
        `    aws cognito-idp delete-user-pool --user-pool-id ${id}`,
      );
  }
  lines.push(
    'A new deploy of this stage needs the table name free: delete the table first, or deploy another stage.',
  );
  return lines;
}
