/**
 * infra/validate/handler-permissions.ts: how infra/scripts/handler-permissions.ts turns registry schemas
 * into the fixture the deployer-policy test reads.
 */
import { describe, expect, it } from 'vitest';
import {
  declaredActions,
  type HandlerPermissionsFixture,
  permissionsOfSchema,
  withSchemas,
} from '../../infra/validate/handler-permissions';

/** A registry schema of the shape `cloudformation describe-type` returns, reduced to what is read here. */
function registrySchema(typeName: string, overrides: Record<string, unknown> = {}) {
  return {
    typeName,
    properties: { Name: { type: 'string' } },
    tagging: { taggable: true, permissions: ['events:TagResource', 'events:UntagResource'] },
    handlers: {
      create: { permissions: ['events:PutRule', 'events:TagResource'] },
      read: { permissions: ['events:DescribeRule', 'events:ListTagsForResource'] },
      delete: { permissions: ['events:DeleteRule'] },
      list: { permissions: ['events:ListRules'], handlerSchema: {} },
    },
    ...overrides,
  };
}

function fixtureWith(resourceTypes: HandlerPermissionsFixture['resourceTypes']): HandlerPermissionsFixture {
  return { '//': ['notes'], retrieved: '2020-01-01', stackOperationsDoNotCall: {}, resourceTypes };
}

describe('permissionsOfSchema', () => {
  it("reads each handler's permissions and the tagging permissions, and nothing else", () => {
    expect(permissionsOfSchema(registrySchema('AWS::Events::Rule'))).toEqual({
      typeName: 'AWS::Events::Rule',
      handlers: {
        create: ['events:PutRule', 'events:TagResource'],
        read: ['events:DescribeRule', 'events:ListTagsForResource'],
        delete: ['events:DeleteRule'],
        list: ['events:ListRules'],
      },
      tagging: ['events:TagResource', 'events:UntagResource'],
    });
  });

  it('refuses a document that is not a registry schema', () => {
    expect(() => permissionsOfSchema({ handlers: {} })).toThrow(/no typeName/);
  });
});

describe('withSchemas', () => {
  it("replaces a type's handlers and source, keeps its notCalledHere, and dates the fixture", () => {
    // Prepare
    const fixture = fixtureWith({
      'AWS::Events::Rule': {
        source: 'old@0000000',
        handlers: { create: ['events:PutRule'] },
        notCalledHere: { 'events:TagResource': 'a reason' },
      },
    });

    // Act
    const updated = withSchemas(
      fixture,
      [{ schema: registrySchema('AWS::Events::Rule'), source: 'cloudformation:DescribeType' }],
      '2030-01-01',
    );

    // Assess
    expect(updated.retrieved).toBe('2030-01-01');
    expect(updated.resourceTypes['AWS::Events::Rule']).toMatchObject({
      source: 'cloudformation:DescribeType',
      handlers: { create: ['events:PutRule', 'events:TagResource'] },
      notCalledHere: { 'events:TagResource': 'a reason' },
    });
    expect(fixture.resourceTypes['AWS::Events::Rule']?.source).toBe('old@0000000'); // not mutated
  });

  it('records a schema without handlers as such', () => {
    const updated = withSchemas(
      fixtureWith({}),
      [{ schema: { typeName: 'AWS::CodeBuild::Project' }, source: 'registry schema' }],
      '2030-01-01',
    );

    expect(updated.resourceTypes['AWS::CodeBuild::Project']).toEqual({
      source: 'registry schema',
      noHandlers: 'the registry schema declares no handlers',
    });
  });
});

describe('declaredActions', () => {
  it('says which handlers (and tagging) declare each action', () => {
    const { handlers, tagging } = permissionsOfSchema(registrySchema('AWS::Events::Rule'));

    const declared = declaredActions({ source: 's', handlers, tagging });

    expect(declared.get('events:TagResource')).toEqual(['create', 'tagging']);
    expect(declared.get('events:ListRules')).toEqual(['list']);
    expect(declared.has('events:PutTargets')).toBe(false);
  });
});
