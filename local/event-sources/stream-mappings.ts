/**
 * The template's event source mappings on the table's stream (`AWS::Lambda::EventSourceMapping` with
 * `EventSourceArn: Fn::GetAtt [<table>, StreamArn]`), read as the local stack runs them
 * (./stream-delivery.ts), so a mapping written in infra/template.yaml works under `npm start` without
 * being written twice. Defaults are Lambda's for DynamoDB streams (Lambda developer guide, "Lambda
 * parameters for Amazon DynamoDB event source mappings"): BatchSize 100, MaximumBatchingWindowInSeconds
 * 0, MaximumRetryAttempts and MaximumRecordAgeInSeconds -1 (until the record expires),
 * BisectBatchOnFunctionError false, ParallelizationFactor 1.
 *
 * A setting the local stack does not emulate (ParallelizationFactor above 1, FunctionResponseTypes,
 * TumblingWindowInSeconds, AT_TIMESTAMP) is refused with the mapping's name rather than ignored:
 * nothing may look emulated that is not.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { matchesPattern } from '../s3/bucket-events';
import type { Template } from '../stack/local-template';

export interface StreamMapping {
  logicalId: string;
  /** The table whose stream it reads. */
  tableId: string;
  /** The template function it invokes. */
  functionId: string;
  enabled: boolean;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  batchSize: number;
  batchingWindowSeconds: number;
  /** -1: until the record expires. */
  maximumRetryAttempts: number;
  /** -1: until the record expires. */
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  /** FilterCriteria's patterns, parsed; none: every record. */
  filters: Record<string, unknown>[];
  /** The on-failure destination's logical id (an SQS queue or SNS topic of the template). */
  onFailure: string | undefined;
}

export class UnsupportedMappingError extends Error {
  override name = 'UnsupportedMappingError';
}

const NOT_EMULATED = ['FunctionResponseTypes', 'TumblingWindowInSeconds', 'StartingPositionTimestamp'];

export function streamMappingsOf(template: Template): StreamMapping[] {
  const mappings: StreamMapping[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    const p = resource.Properties ?? {};
    const [tableId, attribute] = getAtt(p.EventSourceArn) ?? [];
    if (!tableId || attribute !== 'StreamArn') continue; // not a table's stream
    const refuse = (what: string) => {
      throw new UnsupportedMappingError(
        `${logicalId}: ${what} is not emulated by the local stack (local/event-sources/). ` +
          'Teach it there, or leave the setting out.',
      );
    };
    for (const name of NOT_EMULATED) if (p[name] !== undefined) refuse(name);
    if (p.ParallelizationFactor !== undefined && p.ParallelizationFactor !== 1)
      refuse('ParallelizationFactor > 1');
    const functionId =
      getAtt(p.FunctionName)?.[0] ?? (isRef(p.FunctionName) ? p.FunctionName.Ref : undefined);
    if (!functionId) refuse('a FunctionName that is no function of the template');
    const startingPosition = p.StartingPosition;
    if (startingPosition !== 'TRIM_HORIZON' && startingPosition !== 'LATEST')
      refuse(`StartingPosition ${String(startingPosition)}`);
    const destination = (p.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
      ?.OnFailure?.Destination;
    const patterns = (p.FilterCriteria as { Filters?: { Pattern?: unknown }[] } | undefined)?.Filters ?? [];
    mappings.push({
      logicalId,
      tableId,
      functionId: String(functionId),
      enabled: p.Enabled !== false,
      startingPosition: startingPosition as StreamMapping['startingPosition'],
      batchSize: numberOr(p.BatchSize, 100),
      batchingWindowSeconds: numberOr(p.MaximumBatchingWindowInSeconds, 0),
      maximumRetryAttempts: numberOr(p.MaximumRetryAttempts, -1),
      maximumRecordAgeSeconds: numberOr(p.MaximumRecordAgeInSeconds, -1),
      bisectBatchOnFunctionError: p.BisectBatchOnFunctionError === true,
      filters: patterns.map(({ Pattern }, i) => {
        try {
          return JSON.parse(String(Pattern)) as Record<string, unknown>;
        } catch (error) {
          throw new UnsupportedMappingError(
            `${logicalId}: FilterCriteria.Filters[${i}].Pattern is not JSON`,
            {
              cause: error,
            },
          );
        }
      }),
      onFailure: destination === undefined ? undefined : getAtt(destination)?.[0],
    });
  }
  return mappings;
}

/**
 * Lambda's event filtering: a record goes to the function when it matches at least one pattern (they
 * are ORed), and is discarded otherwise; no patterns, every record goes (Lambda developer guide,
 * "Control which events Lambda sends to your function"). The patterns use EventBridge's syntax; the
 * forms the template uses (exact values, `prefix`, nested objects) match as ../s3/bucket-events.ts
 * matches them.
 */
export function matchesFilters(filters: Record<string, unknown>[], record: DynamoDBRecord): boolean {
  return filters.length === 0 || filters.some((pattern) => matchesPattern(pattern, record));
}

function getAtt(value: unknown): [string, string] | undefined {
  const getAtt = (value as { 'Fn::GetAtt'?: unknown } | null)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt.length === 2 ? [String(getAtt[0]), String(getAtt[1])] : undefined;
}

function isRef(value: unknown): value is { Ref: string } {
  return typeof (value as { Ref?: unknown } | null)?.Ref === 'string';
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
