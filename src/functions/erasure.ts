/**
 * The erasure Lambda function: the table's changes that finish what a request started
 * (infra/template.yaml's ErasureFunctionTableChanges, DynamoDB Streams): the steps of an erasure and
 * the files of deleted attachments. No HTTP route reaches it. A function of its own so that only
 * its role may delete sign-in identities and files of any user (the API-facing users function's
 * role cannot), and so that the Cognito client weighs on this bundle alone (docs/erasure.md).
 */
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { handleTableChanges } from '../operations/erasure/table-changes';

/** A batch of the table's changes; it throws when any of its users failed, so the mapping retries. */
export const handler = (event: DynamoDBStreamEvent, _context?: Context): Promise<void> =>
  handleTableChanges(event);
