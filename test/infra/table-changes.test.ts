/**
 * What finishes an erasure and a deleted attachment's file on AWS, as infra/template.yaml declares it:
 * the table's stream (keys only), the event source mapping to the erasure function with its filters,
 * retries, bisection and dead-letter queue, the alarms on both, and the erasure role's permissions for
 * exactly that (the stream, the queue, its own user pool), which the users role, under which every
 * request runs, does not hold. Read offline, like the other infra tests.
 */
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../infra/template/template';
import { policyStatementsOf } from '../../infra/validate/iam-policies';
import { props } from './support/template-edits';

const template = loadTemplate();
const resource = (id: string) => {
  const found = template.Resources[id];
  if (!found) throw new Error(`No ${id} in infra/template.yaml`);
  return found;
};
const mappings = Object.entries(template.Resources).filter(
  ([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping',
);

/** Every role statement granting `action`: which role, on what. */
function grantsOf(action: string): { role: string; resources: unknown[] }[] {
  return policyStatementsOf(template)
    .filter(({ statement, trust }) => !trust && statement.Effect === 'Allow')
    .filter(({ statement }) => ([] as unknown[]).concat(statement.Action).includes(action))
    .map(({ path, statement }) => ({
      role: path.split('/')[1] ?? '',
      resources: ([] as unknown[]).concat(statement.Resource),
    }));
}

describe("the table's changes", () => {
  it('come from a stream of keys only: no copy of a todo or a profile outlives its erasure in it', () => {
    expect(resource('Table').Properties?.StreamSpecification).toEqual({ StreamViewType: 'KEYS_ONLY' });
  });

  it('reach the erasure function through one mapping that retries, splits failing batches and keeps what it gives up on', () => {
    expect(mappings.map(([id]) => id)).toEqual(['ErasureFunctionTableChanges']);
    const p = resource('ErasureFunctionTableChanges').Properties ?? {};
    expect(p).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
      FunctionName: { 'Fn::GetAtt': ['ErasureFunction', 'Arn'] },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': ['TableChangesDeadLetterQueue', 'Arn'] } },
      },
    });
    // Bounded (-1 would retry a failing batch for the stream's 24 hours, holding up its shard).
    expect(p.MaximumRetryAttempts).toBeGreaterThanOrEqual(1);
    expect(p.MaximumRetryAttempts).toBeLessThanOrEqual(10_000);
    // DynamoDB Streams batches hold 1 to 10,000 records (Lambda parameters for DynamoDB mappings).
    expect(p.BatchSize).toBeGreaterThanOrEqual(1);
    expect(p.BatchSize).toBeLessThanOrEqual(10_000);
  });

  it('are filtered on the `dynamodb` key only, with at most 5 valid patterns of at most 4,096 characters', () => {
    const filters = props(
      template,
      'ErasureFunctionTableChanges',
      'FilterCriteria',
      'Filters',
    ) as unknown as {
      Pattern: string;
    }[];
    expect(filters.length).toBeGreaterThan(0);
    expect(filters.length).toBeLessThanOrEqual(5);
    for (const { Pattern } of filters) {
      expect(Pattern.length).toBeLessThanOrEqual(4096);
      expect(Object.keys(JSON.parse(Pattern))).toEqual(['dynamodb']);
    }
  });

  it('that were given up on stay 14 days in an encrypted queue', () => {
    expect(resource('TableChangesDeadLetterQueue')).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true },
    });
  });

  it('raise an alarm when a batch failed, when one was given up on, and when the function falls 10 minutes behind', () => {
    expect(resource('ErasureFunctionErrorsAlarm').Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'ErasureFunction' } }],
      Threshold: 1,
    });
    expect(resource('TableChangesDeadLetterAlarm').Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': ['TableChangesDeadLetterQueue', 'QueueName'] } },
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(resource('TableChangesIteratorAgeAlarm').Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'ErasureFunction' } }],
      Statistic: 'Maximum',
      Threshold: 600000,
    });
  });
});

describe("the erasure role's part in it", () => {
  it.each([
    ['dynamodb:DescribeStream', { 'Fn::GetAtt': ['Table', 'StreamArn'] }],
    ['dynamodb:GetRecords', { 'Fn::GetAtt': ['Table', 'StreamArn'] }],
    ['dynamodb:GetShardIterator', { 'Fn::GetAtt': ['Table', 'StreamArn'] }],
    ['dynamodb:ListStreams', { 'Fn::GetAtt': ['Table', 'StreamArn'] }],
    ['sqs:SendMessage', { 'Fn::GetAtt': ['TableChangesDeadLetterQueue', 'Arn'] }],
    ['cognito-idp:AdminDeleteUser', { 'Fn::GetAtt': ['UserPool', 'Arn'] }],
  ])('grants %s to the erasure role only (not the users role), on %o only', (action, on) => {
    expect(grantsOf(action)).toEqual([{ role: 'ErasureFunctionRole', resources: [on] }]);
  });

  it('tells the erasure function its user pool, and the users function none', () => {
    expect(props(template, 'ErasureFunction', 'Environment', 'Variables').USER_POOL_ID).toEqual({
      Ref: 'UserPool',
    });
    expect(props(template, 'UsersFunction', 'Environment', 'Variables').USER_POOL_ID).toBeUndefined();
  });
});
