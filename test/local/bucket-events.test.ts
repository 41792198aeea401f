/**
 * The local stack's EventBridge, read from infra/template.yaml: which of the bucket's events reach
 * which function. (test/attachments/attachments.e2e.test.ts shows a delivered event at work.)
 */
import { describe, expect, it } from 'vitest';
import type { LambdaHandler } from '../../local/gateway/lambda-invoke';
import {
  type BucketEventRule,
  bucketEventRulesOf,
  type CreatedObject,
  createBucketEventDelivery,
  matchesPattern,
  objectCreatedEvent,
} from '../../local/s3/bucket-events';
import { localParameters, localValuesOf } from '../../local/stack/local-parameters';
import { readTemplate } from '../../local/stack/local-template';
import { TEMPLATE_PATH } from '../../paths';

const BUCKET = 'local-attachments';
const values = { ...localValuesOf(localParameters()), Bucket: BUCKET };
const object = (overrides: Partial<CreatedObject> = {}): CreatedObject => ({
  bucket: BUCKET,
  key: 'users/alice/todos/01J0/01J1',
  size: 3,
  etag: '"900150983cd24fb0d6963f7d28e17f72"',
  ...overrides,
});

describe("the template's rules on the bucket's events", () => {
  it('sends new objects under users/ of the attachments bucket to the todos function, and nothing else', async () => {
    const rules = bucketEventRulesOf(await readTemplate(TEMPLATE_PATH), values);
    const targetsOf = (event: unknown) =>
      rules.filter((rule) => matchesPattern(rule.pattern, event)).flatMap((rule) => rule.functionIds);
    const created = objectCreatedEvent(object(), 'us-east-1', '000000000000');

    expect(rules.map((rule) => rule.logicalId)).toEqual(['AttachmentUploadsRule']);
    expect(targetsOf(created)).toEqual(['TodosFunction']);
    expect(targetsOf(objectCreatedEvent(object({ bucket: 'another' }), 'us-east-1', '0'))).toEqual([]);
    expect(targetsOf(objectCreatedEvent(object({ key: 'exports/a.csv' }), 'us-east-1', '0'))).toEqual([]);
    expect(targetsOf({ ...created, 'detail-type': 'Object Deleted' })).toEqual([]);
  });
});

describe('matchesPattern', () => {
  it.each([
    [{ source: ['aws.s3'] }, { source: 'aws.s3' }, true],
    [{ source: ['aws.s3', 'aws.ec2'] }, { source: 'aws.ec2' }, true],
    [{ source: ['aws.s3'] }, { source: 'aws.s3x' }, false],
    [{ source: ['aws.s3'] }, {}, false],
    [{ detail: { key: [{ prefix: 'users/' }] } }, { detail: { key: 'users/a' } }, true],
    [{ detail: { key: [{ prefix: 'users/' }] } }, { detail: { key: 'user/a' } }, false],
    [{ detail: { key: [{ prefix: 'users/' }] } }, { detail: {} }, false],
    [{ detail: { bucket: { name: ['b'] } } }, { detail: { bucket: { name: 'b' }, more: 1 } }, true],
    [{ detail: { bucket: { name: ['b'] } } }, { detail: 'b' }, false],
  ])('%j against %j: %s', (pattern, event, expected) => {
    expect(matchesPattern(pattern, event)).toBe(expected);
  });
});

describe('delivering the events to the functions', () => {
  const rule: BucketEventRule = {
    logicalId: 'Rule',
    pattern: { source: ['aws.s3'], detail: { bucket: { name: [BUCKET] } } },
    functionIds: ['Fn'],
  };
  function deliveryTo(handler: LambdaHandler | undefined, timeoutSeconds = 3) {
    const failures: string[] = [];
    const delivery = createBucketEventDelivery({
      rules: [rule],
      handlerOf: () => handler,
      settingsOf: () => ({ functionName: 'fn', memoryMb: 128, timeoutSeconds }),
      region: 'us-east-1',
      accountId: '000000000000',
      onFailure: (message) => failures.push(message),
    });
    return { delivery, failures };
  }

  /** A function that takes the event and runs until the test lets it finish. */
  function blockingFunction() {
    const seen: unknown[] = [];
    let entered = () => {};
    const running = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let finish = () => {};
    const handler: LambdaHandler = async (event) => {
      seen.push(event);
      entered();
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
    };
    return { handler, seen, running, finish: () => finish() };
  }

  /** Whether `promise` has settled once everything that can happen without outside help has. */
  async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
    let settled = false;
    void promise.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    return settled;
  }

  it.each(['settled', 'idle'] as const)(
    'invokes the function with the event without waiting for it, and %s() waits for it',
    async (waitFor) => {
      // Prepare
      const fn = blockingFunction();
      const { delivery, failures } = deliveryTo(fn.handler);

      // Act: deliver returns while the function runs.
      delivery.deliver(object());
      const waiting = delivery[waitFor]();
      await fn.running; // the event reached the function
      const doneBeforeTheEnd = await hasSettled(waiting);
      fn.finish();
      await waiting;

      // Assess
      expect(fn.seen).toMatchObject([{ source: 'aws.s3', detail: { object: { key: object().key } } }]);
      expect(doneBeforeTheEnd).toBe(false);
      expect(failures).toEqual([]);
    },
  );

  it('keeps delivering after idle(), and stops after settled()', async () => {
    const seen: unknown[] = [];
    const { delivery, failures } = deliveryTo(async (event) => {
      seen.push(event);
    });

    delivery.deliver(object());
    await delivery.idle();
    delivery.deliver(object({ key: 'users/alice/todos/01J0/01J2' }));
    await delivery.settled();
    delivery.deliver(object({ key: 'users/alice/todos/01J0/01J3' }));

    expect(seen).toHaveLength(2);
    expect(failures).toEqual([expect.stringContaining('dropped, the stack is stopping')]);
  });

  it('drops events once settling began, and reports a failing, a hanging and a missing function', async () => {
    const throwing = deliveryTo(async () => {
      throw new Error('boom');
    });
    const hanging = deliveryTo(() => new Promise(() => {}), 0.05);
    const missing = deliveryTo(undefined);
    const other = deliveryTo(async () => undefined);

    for (const { delivery } of [throwing, hanging, missing]) delivery.deliver(object());
    await Promise.all([throwing, hanging, missing, other].map(({ delivery }) => delivery.settled()));
    other.delivery.deliver(object());

    expect(throwing.failures).toEqual([expect.stringContaining('Error: boom')]);
    expect(hanging.failures).toEqual([expect.stringContaining('timed out after 0.05 s')]);
    expect(missing.failures).toEqual([expect.stringContaining('no such function')]);
    expect(other.failures).toEqual([expect.stringContaining('dropped, the stack is stopping')]);
  });
});
