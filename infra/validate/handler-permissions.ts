/**
 * What CloudFormation's resource handlers call, per resource type, as the registry schemas declare it
 * (`handlers.<create|read|update|delete|list>.permissions`, and `tagging.permissions` where a schema has
 * it). Without a service role, CloudFormation calls them with the deploying user's credentials, so the
 * deployer policies must grant them: test/infra/deployer-policy.test.ts checks that against the fixture
 * test/infra/fixtures/cloudformation-handler-permissions.json, which infra/scripts/handler-permissions.ts
 * regenerates from the schemas.
 */

export const HANDLERS = ['create', 'read', 'update', 'delete', 'list'] as const;
export type Handler = (typeof HANDLERS)[number];

export type HandlerPermissions = Partial<Record<Handler, string[]>>;

export interface ResourceTypePermissions {
  /** Where the handler lists were read: `owner/repository/path@commit`, or the schema's origin. */
  source: string;
  /** Absent for a type whose registry schema declares no handlers (CloudFormation's own legacy types). */
  handlers?: HandlerPermissions;
  /** The schema's `tagging.permissions`, when it declares them. */
  tagging?: string[];
  /** Why a type has no handlers in its schema. */
  noHandlers?: string;
  /** Actions a handler calls only for a property or a situation this stack does not have, with the reason. */
  notCalledHere?: Record<string, string>;
}

export interface HandlerPermissionsFixture {
  '//': string[];
  /** The day the handler lists were read from their sources (YYYY-MM-DD). */
  retrieved: string;
  /** Handlers no stack operation invokes, with the documented reason. */
  stackOperationsDoNotCall: Partial<Record<Handler, string>>;
  resourceTypes: Record<string, ResourceTypePermissions>;
}

interface RegistrySchema {
  typeName?: unknown;
  handlers?: Record<string, { permissions?: unknown }>;
  tagging?: { permissions?: unknown };
}

/** The handler and tagging permissions a registry schema declares, in its own order. */
export function permissionsOfSchema(
  schema: unknown,
): Pick<ResourceTypePermissions, 'handlers' | 'tagging'> & { typeName: string } {
  const parsed = schema as RegistrySchema;
  if (typeof parsed?.typeName !== 'string') throw new Error('Not a registry schema: it has no typeName');
  const result: Pick<ResourceTypePermissions, 'handlers' | 'tagging'> & { typeName: string } = {
    typeName: parsed.typeName,
  };
  if (parsed.handlers) {
    const handlers: HandlerPermissions = {};
    for (const handler of HANDLERS) {
      const permissions = parsed.handlers[handler]?.permissions;
      if (Array.isArray(permissions)) handlers[handler] = permissions.map(String);
    }
    result.handlers = handlers;
  }
  if (Array.isArray(parsed.tagging?.permissions)) result.tagging = parsed.tagging.permissions.map(String);
  return result;
}

/**
 * The fixture with each given schema's permissions replacing the recorded ones; a type's
 * `notCalledHere` is kept (it is a judgement about this stack, not part of the schema).
 */
export function withSchemas(
  fixture: HandlerPermissionsFixture,
  schemas: { schema: unknown; source: string }[],
  retrieved: string,
): HandlerPermissionsFixture {
  const resourceTypes = { ...fixture.resourceTypes };
  for (const { schema, source } of schemas) {
    const { typeName, handlers, tagging } = permissionsOfSchema(schema);
    const previous = resourceTypes[typeName];
    const entry: ResourceTypePermissions = { source };
    if (handlers) entry.handlers = handlers;
    else entry.noHandlers = previous?.noHandlers ?? 'the registry schema declares no handlers';
    if (tagging) entry.tagging = tagging;
    if (previous?.notCalledHere) entry.notCalledHere = previous.notCalledHere;
    resourceTypes[typeName] = entry;
  }
  return { ...fixture, retrieved, resourceTypes };
}

/** Every action a type's handlers and tagging declare, by handler (tagging as `tagging`). */
export function declaredActions(entry: ResourceTypePermissions): Map<string, string[]> {
  const byAction = new Map<string, string[]>();
  const add = (action: string, where: string) =>
    byAction.set(action, [...(byAction.get(action) ?? []), where]);
  for (const handler of HANDLERS) for (const action of entry.handlers?.[handler] ?? []) add(action, handler);
  for (const action of entry.tagging ?? []) add(action, 'tagging');
  return byAction;
}
