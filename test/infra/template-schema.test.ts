import { beforeAll, describe, expect, it } from 'vitest';
import { type CfnTemplate, loadTemplate } from '../../infra/template/template';
import { resourceSchemaProblems } from '../../infra/validate/resource-schema';
import { specDatabase } from '../../infra/validate/spec-database';
import { formatProblems } from '../../infra/validate/template-problem';
import { props, templateWith } from './support/template-edits';

describe('infra/template.yaml against the CloudFormation registry schemas', () => {
  beforeAll(() => {
    specDatabase(); // ~1 s to load; once for the file
  });

  it('has only known resource types and properties, every required one, each of the right type', () => {
    // Act
    const problems = resourceSchemaProblems(loadTemplate(), specDatabase());

    // Assess
    expect(formatProblems(problems)).toBe('');
  });

  it.each([
    [
      'an unknown property',
      (t: CfnTemplate) => Object.assign(props(t, 'Table'), { BillingModes: 'PAY_PER_REQUEST' }),
      /unknown property BillingModes/,
    ],
    [
      'an unknown nested property',
      (t: CfnTemplate) => Object.assign(props(t, 'UsersFunction', 'Code'), { S3Path: 'x' }),
      /Code\/S3Path: unknown property/,
    ],
    [
      'a missing required property',
      (t: CfnTemplate) => delete props(t, 'TodosFunction').Role,
      /TodosFunction\/Properties\/Role: missing required property Role/,
    ],
    [
      'a string where an integer is expected',
      (t: CfnTemplate) => Object.assign(props(t, 'UsersFunction'), { MemorySize: 'large' }),
      /expected an integer/,
    ],
    [
      'a string where a list is expected',
      (t: CfnTemplate) => Object.assign(props(t, 'UsersFunction'), { Architectures: 'arm64' }),
      /Architectures: expected a list/,
    ],
    [
      'a value outside the allowed ones',
      (t: CfnTemplate) => Object.assign(props(t, 'ApiAccessLogGroup'), { RetentionInDays: 45 }),
      /45 is not one of/,
    ],
    [
      'a list-valued Ref where one value is expected',
      (t: CfnTemplate) => Object.assign(props(t, 'ApiStage'), { StageName: { Ref: 'AllowedOrigins' } }),
      /Ref gives a list where a single string is expected/,
    ],
    [
      'a parameter whose allowed values the property refuses',
      (t: CfnTemplate) => t.Parameters?.LogRetentionInDays?.AllowedValues?.push(45),
      /parameter LogRetentionInDays allows 45/,
    ],
    [
      'a bad branch of Fn::If',
      (t: CfnTemplate) =>
        Object.assign(props(t, 'Table'), {
          DeletionProtectionEnabled: { 'Fn::If': ['ProtectData', true, 'maybe'] },
        }),
      /Fn::If\/2: expected a boolean/,
    ],
    [
      'an unknown resource type',
      (t: CfnTemplate) => Object.assign(t.Resources, { Queue: { Type: 'AWS::SQS::Queues' } }),
      /unknown resource type AWS::SQS::Queues/,
    ],
    [
      'an unknown resource attribute',
      (t: CfnTemplate) => Object.assign(t.Resources.Bucket ?? {}, { DeletePolicy: 'Retain' }),
      /unknown resource attribute DeletePolicy/,
    ],
  ])('fails on %s', (_name, change, message) => {
    // Act
    const problems = resourceSchemaProblems(templateWith(change), specDatabase());

    // Assess
    expect(formatProblems(problems)).toMatch(message);
  });

  it('accepts intrinsics where a value is expected: Fn::Transform for the API body, Ref of a list for a list', () => {
    // Prepare
    const template = loadTemplate();

    // Assess: these are the forms the rest of the suite relies on.
    expect(props(template, 'Api').Body).toHaveProperty(['Fn::Transform', 'Name'], 'AWS::Include');
    expect(props(template, 'Bucket', 'CorsConfiguration', 'CorsRules', 0).AllowedOrigins).toEqual({
      Ref: 'AllowedOrigins',
    });
    expect(resourceSchemaProblems(template, specDatabase())).toEqual([]);
  });
});
