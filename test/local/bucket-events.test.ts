/**
 * The local stack's EventBridge, read from infra/template.yaml: which of the bucket's events reach
 * which function. (test/attachments/attachments.e2e.test.ts shows a delivered event at work.)
 */
import { describe, expect, it } from 'vitest';
import {
  bucketEventRulesOf,
  type CreatedObject,
  matchesPattern,
  objectCreatedEvent,
} from '../../src/local/bucket-events';
import { localParameters, localValuesOf } from '../../src/local/local-parameters';
import { readTemplate } from '../../src/local/local-template';
import { TEMPLATE_PATH } from '../../src/local/project-paths';

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
