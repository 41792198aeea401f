/**
 * The bucket's object events, delivered locally as on AWS: S3 → the default event bus → each
 * `AWS::Events::Rule` of the template whose pattern matches → its Lambda targets, asynchronously.
 * The rules come from infra/template.yaml (AttachmentUploadsRule), resolved with the local values,
 * so a rule written there works under `npm start` without being written twice.
 *
 * Only what the template uses is emulated: "Object Created" events from the local S3, enabled rules
 * on the default bus, patterns made of exact values and `prefix` matches, targets that are functions
 * of the template (long-form `Fn::GetAtt`). Like Lambda's asynchronous invocation, the S3 answer does
 * not wait for the function, which is bounded by its timeout; a failure is reported, not retried.
 */
import { randomUUID } from 'node:crypto';
import type { S3ObjectCreatedNotificationEvent } from 'aws-lambda';
import { type LocalValues, resolveIntrinsics } from '../gateway/intrinsics';
import {
  type FunctionSettings,
  invokeWithTimeout,
  type LambdaHandler,
  lambdaContextOf,
} from '../gateway/lambda-invoke';
import type { Template } from '../stack/local-template';

export interface BucketEventRule {
  logicalId: string;
  pattern: Record<string, unknown>;
  /** Logical ids of the template functions it invokes. */
  functionIds: string[];
}

export interface CreatedObject {
  bucket: string;
  key: string;
  size: number;
  etag: string;
}

/** The template's rules on S3 events (`source: [aws.s3]`), their intrinsics resolved. */
export function bucketEventRulesOf(template: Template, values: LocalValues): BucketEventRule[] {
  const rules: BucketEventRule[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Events::Rule') continue;
    const properties = resource.Properties ?? {};
    const onDefaultBus = properties.EventBusName === undefined || properties.EventBusName === 'default';
    if (properties.State === 'DISABLED' || !onDefaultBus) continue;
    const pattern = resolveIntrinsics(
      properties.EventPattern,
      values,
      `${logicalId}.Properties.EventPattern`,
    );
    if (!isRecord(pattern) || !Array.isArray(pattern.source) || !pattern.source.includes('aws.s3')) continue;
    const targets = Array.isArray(properties.Targets) ? (properties.Targets as { Arn?: unknown }[]) : [];
    const functionIds = targets.flatMap(({ Arn }) => {
      const getAtt = isRecord(Arn) ? Arn['Fn::GetAtt'] : undefined;
      return Array.isArray(getAtt) && getAtt[1] === 'Arn' ? [String(getAtt[0])] : [];
    });
    rules.push({ logicalId, pattern, functionIds });
  }
  return rules;
}

/** The event EventBridge delivers for a new object (S3 user guide, "EventBridge event message structure"). */
export function objectCreatedEvent(
  object: CreatedObject,
  region: string,
  accountId: string,
): S3ObjectCreatedNotificationEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: accountId,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:s3:::${object.bucket}`],
    detail: {
      version: '0',
      bucket: { name: object.bucket },
      // The key as stored, as AWS's published EventBridge examples show it (S3's own notifications
      // URL-encode it; the EventBridge page does not say). src/operations/attachments/object-created.ts
      // is safe either way.
      object: { key: object.key, size: object.size, etag: object.etag, 'version-id': '', sequencer: '' },
      'request-id': randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase(),
      requester: accountId,
      'source-ip-address': '127.0.0.1',
      reason: 'PutObject',
    },
  };
}

export interface BucketEventDeliveryOptions {
  rules: BucketEventRule[];
  handlerOf(logicalId: string): LambdaHandler | undefined;
  settingsOf(logicalId: string): FunctionSettings | undefined;
  region: string;
  accountId: string;
  /** A target that failed or is missing (the local stack writes it to stderr). */
  onFailure(message: string): void;
}

export interface BucketEventDelivery {
  /** Sends a new object's event to the functions whose rules match it; does not wait for them. */
  deliver(object: CreatedObject): void;
  /**
   * Resolves once every invocation delivered so far has ended or timed out; delivering goes on.
   * What a test waits for, rather than polling for the function's effect.
   */
  idle(): Promise<void>;
  /**
   * Stops delivering and resolves once every invocation has ended or timed out, so none runs on
   * after the store and the bucket have stopped.
   */
  settled(): Promise<void>;
}

export function createBucketEventDelivery(options: BucketEventDeliveryOptions): BucketEventDelivery {
  const running = new Set<Promise<void>>();
  let closed = false;
  const invoke = async (
    rule: BucketEventRule,
    functionId: string,
    event: S3ObjectCreatedNotificationEvent,
  ) => {
    const where = `${rule.logicalId} → ${functionId}, ${event.detail.object.key}`;
    const handler = options.handlerOf(functionId);
    if (!handler)
      return options.onFailure(`Object Created event not delivered (${where}): no such function.`);
    const settings = options.settingsOf(functionId) ?? {
      functionName: functionId,
      memoryMb: 128,
      timeoutSeconds: 3,
    };
    const context = lambdaContextOf(settings, options.region);
    const outcome = await invokeWithTimeout(handler, event as never, context, settings.timeoutSeconds * 1000);
    if (outcome.kind === 'threw') {
      const { error } = outcome;
      options.onFailure(
        `Object Created event failed (${where}): ${error instanceof Error ? error.stack : String(error)}`,
      );
    } else if (outcome.kind === 'timed-out') {
      options.onFailure(`Object Created event timed out after ${settings.timeoutSeconds} s (${where}).`);
    }
  };
  // An invocation may start others while it runs (a function that writes to the bucket): until none is left.
  const idle = async () => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };
  return {
    deliver(object) {
      if (closed)
        return options.onFailure(`Object Created event dropped, the stack is stopping: ${object.key}`);
      const event = objectCreatedEvent(object, options.region, options.accountId);
      for (const rule of options.rules) {
        if (!matchesPattern(rule.pattern, event)) continue;
        for (const functionId of rule.functionIds) {
          const invocation = invoke(rule, functionId, event);
          running.add(invocation);
          void invocation.finally(() => running.delete(invocation));
        }
      }
    },
    idle,
    settled: async () => {
      closed = true;
      await idle();
    },
  };
}

/**
 * EventBridge matching for the pattern forms the template uses: every field named in the pattern
 * must be in the event; an array lists the values (or `{ prefix }` matches) any one of which will
 * do; an object matches the event's object at that field, recursively.
 */
export function matchesPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  if (!isRecord(event)) return false;
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = event[field];
    if (Array.isArray(expected)) return expected.some((candidate) => matchesValue(candidate, actual));
    return isRecord(expected) && matchesPattern(expected, actual);
  });
}

function matchesValue(candidate: unknown, actual: unknown): boolean {
  if (isRecord(candidate)) {
    const { prefix } = candidate;
    return typeof prefix === 'string' && typeof actual === 'string' && actual.startsWith(prefix);
  }
  return candidate === actual;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
