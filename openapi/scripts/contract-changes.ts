/**
 * What a change to the contract means for clients built from an earlier version of it (the typed
 * client, a frontend's generated types, anyone's integration): which changes break them and which do
 * not. api-smart-diff compares the two documents with every $ref resolved and classifies each
 * difference for requests and responses separately (a new required request field breaks clients, a
 * new response field does not; a new enum value breaks a response reader, not a request writer).
 * This module keeps the differences under `paths` (a changed component shows up there, once per
 * operation that uses it), names each by operation and field, and applies the versioning rule:
 * a breaking change needs a new major `info.version`.
 */
import { apiCompare, type Diff } from 'api-smart-diff';

export interface ContractChange {
  /** `GET /todos/{todoId}`, or the path alone for a change to a whole path. */
  operation: string;
  /** What changed, for a person: `response 200 field priority: value "urgent" added`. */
  change: string;
}

export interface ContractChanges {
  breaking: ContractChange[];
  compatible: ContractChange[];
  deprecated: ContractChange[];
  /** Changes the classifier has no rule for (vendor extensions, say): worth a look, never a failure. */
  unclassified: ContractChange[];
  versionBefore: string;
  versionAfter: string;
  /** True when the breaking changes come with a new major version, or there are none. */
  allowed: boolean;
}

interface OpenApiLike {
  info?: { version?: unknown };
  paths?: Record<string, Record<string, unknown>>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

export function compareContracts(before: unknown, after: unknown): ContractChanges {
  const { diffs } = apiCompare(before, after);
  const changes: ContractChanges = {
    breaking: [],
    compatible: [],
    deprecated: [],
    unclassified: [],
    versionBefore: versionOf(before),
    versionAfter: versionOf(after),
    allowed: true,
  };
  for (const diff of diffs) {
    // Components are compared where they are used, under paths; descriptions and examples are annotations.
    if (diff.path[0] === 'components' || diff.type === 'annotation' || isDocumentation(diff.path)) continue;
    const named = describe(diff, before as OpenApiLike, after as OpenApiLike);
    if (diff.type === 'breaking' || breaksClients(diff)) changes.breaking.push(named);
    else if (diff.type === 'non-breaking') changes.compatible.push(named);
    else if (diff.type === 'deprecated') changes.deprecated.push(named);
    else changes.unclassified.push(named);
  }
  // "field x removed" already says it is no longer required.
  const said = new Set(changes.breaking.map(({ operation, change }) => `${operation}: ${change}`));
  changes.breaking = changes.breaking.filter(
    ({ operation, change }) =>
      !change.endsWith(' no longer required') ||
      !said.has(`${operation}: ${change.replace(/ no longer required$/, ' removed')}`),
  );
  const newMajor = majorOf(changes.versionAfter) > majorOf(changes.versionBefore);
  changes.allowed = changes.breaking.length === 0 || newMajor;
  return changes;
}

const DOCUMENTATION = new Set(['description', 'summary', 'example', 'examples', 'externalDocs']);

/** Prose and examples (of a header, say, which the classifier leaves unclassified): not part of the interface. */
function isDocumentation(path: Diff['path']): boolean {
  return path.some(
    (segment, index) => DOCUMENTATION.has(String(segment)) && path[index - 1] !== 'properties',
  );
}

/**
 * Where api-smart-diff says compatible but a client built from the contract breaks:
 * - an optional response field removed: the generated types lose it, so code that reads it no longer
 *   compiles;
 * - a request field removed: code that sends it no longer compiles, and a schema without
 *   additionalProperties (all of this contract's) answers 400 to clients built earlier;
 * - a response field that may now be null: code that uses the value no longer compiles, or fails at run time.
 */
function breaksClients(diff: Diff): boolean {
  const path = diff.path.map(String);
  const inResponse = path.includes('responses');
  const fieldRemoved = diff.action === 'remove' && path.at(-2) === 'properties';
  if (fieldRemoved && (inResponse || path.includes('requestBody'))) return true;
  return inResponse && path.at(-1) === 'nullable' && diff.after === true;
}

/** The version a breaking change needs: the next major of `version` (`1.4.2` → `2.0.0`). */
export function nextMajor(version: string): string {
  const major = majorOf(version);
  return Number.isNaN(major) ? '2.0.0' : `${major + 1}.0.0`;
}

function versionOf(document: unknown): string {
  const version = (document as OpenApiLike | undefined)?.info?.version;
  return typeof version === 'string' ? version : String(version ?? '');
}

function majorOf(version: string): number {
  const match = /^v?(\d+)(\.|$)/.exec(version.trim());
  return match ? Number(match[1]) : Number.NaN;
}

function describe(diff: Diff, before: OpenApiLike, after: OpenApiLike): ContractChange {
  const [root, route, method, ...rest] = diff.path.map(String);
  if (root !== 'paths' || route === undefined) {
    return { operation: '(document)', change: `${diff.path.join('.')}: ${valueChange(diff)}` };
  }
  if (method === undefined) return { operation: route, change: `path ${verb(diff)}` };
  if (!METHODS.has(method))
    return { operation: route, change: `${[method, ...rest].join('.')} ${verb(diff)}` };
  const operation = `${method.toUpperCase()} ${route}`;
  if (rest.length === 0) return { operation, change: `operation ${verb(diff)}` };
  // A removed or changed parameter is named from the old document, an added one from the new.
  const document = diff.action === 'add' ? after : before;
  return { operation, change: describeInOperation(rest, diff, document, route, method) };
}

function describeInOperation(
  rest: string[],
  diff: Diff,
  document: OpenApiLike,
  route: string,
  method: string,
): string {
  const [part, ...more] = rest;
  if (part === 'parameters' && more[0] !== undefined) {
    const label = parameterLabel(document, route, method, Number(more[0]));
    const [field, ...schema] = more.slice(1);
    if (field === undefined) return `${label} ${verb(diff)}`;
    if (field === 'schema') return `${label}${schemaChange(schema, diff)}`;
    if (field === 'required') return `${label} ${requiredChange(diff)}`;
    return `${label}: ${field} ${valueChange(diff)}`;
  }
  if (part === 'requestBody') return `request body${bodyChange(more, diff)}`;
  if (part === 'responses' && more[0] !== undefined) {
    const [status, section, name, ...inner] = more;
    const label = `response ${status}`;
    if (section === undefined) return `${label} ${verb(diff)}`;
    if (section === 'content') return `${label}${bodyChange(['content', name ?? '', ...inner], diff)}`;
    if (section === 'headers' && name !== undefined) {
      const [field, ...schema] = inner;
      if (field === undefined) return `${label} header ${name} ${verb(diff)}`;
      return `${label} header ${name}${field === 'schema' ? schemaChange(schema, diff) : `: ${field} ${valueChange(diff)}`}`;
    }
    return `${label}: ${[section, name, ...inner].filter(Boolean).join('.')} ${valueChange(diff)}`;
  }
  if (part === 'security') return `security requirements ${verb(diff)}`;
  if (part === 'deprecated') return diff.action === 'remove' ? 'no longer deprecated' : 'deprecated';
  return `${rest.join('.')} ${valueChange(diff)}`;
}

/** `more` is what follows `requestBody` (or a response): [] | ['required'] | ['content', type, 'schema', ...]. */
function bodyChange(more: string[], diff: Diff): string {
  const [section, mediaType, schemaKey, ...schema] = more;
  if (section === undefined) return ` ${verb(diff)}`;
  if (section === 'required') return ` ${requiredChange(diff)}`;
  if (section !== 'content') return `: ${section} ${valueChange(diff)}`;
  if (schemaKey === undefined) return ` media type ${mediaType} ${verb(diff)}`;
  if (schemaKey !== 'schema') return ` (${mediaType}): ${schemaKey} ${valueChange(diff)}`;
  return schemaChange(schema, diff);
}

/**
 * Walks a path inside a schema to the field it is about (`items[].priority`) and the keyword that
 * changed. Composition keywords (allOf and friends) are how a field is built, not where it is.
 */
function schemaChange(path: string[], diff: Diff): string {
  const field: string[] = [];
  let index = 0;
  while (index < path.length) {
    const segment = path[index] as string;
    if (segment === 'properties' && index + 1 < path.length) {
      field.push(path[index + 1] as string);
      index += 2;
    } else if (segment === 'items') {
      field.push('[]');
      index += 1;
    } else if (segment === 'additionalProperties') {
      field.push('{}');
      index += 1;
    } else if (
      (segment === 'allOf' || segment === 'oneOf' || segment === 'anyOf') &&
      index + 1 < path.length
    ) {
      index += 2;
    } else {
      break;
    }
  }
  const name = field.join('.').replaceAll('.[]', '[]').replaceAll('.{}', '{}');
  const where = name ? ` field ${name}` : '';
  const keyword = path[index];
  if (keyword === undefined) return `${where || ' schema'} ${verb(diff)}`;
  if (keyword === 'required') {
    const property = name ? `${name}.${diff.after ?? diff.before}` : String(diff.after ?? diff.before);
    return diff.action === 'remove'
      ? ` field ${property} no longer required`
      : ` field ${property} now required`;
  }
  if (keyword === 'nullable')
    return `${where || ' schema'} ${diff.after === true ? 'may now be null' : 'no longer null'}`;
  if (keyword === 'enum' && path.length > index + 1) {
    return `${where}: value ${JSON.stringify(diff.action === 'remove' ? diff.before : diff.after)} ${verb(diff)}`;
  }
  return `${where}: ${keyword} ${valueChange(diff)}`;
}

function parameterLabel(document: OpenApiLike, route: string, method: string, index: number): string {
  const operation = document.paths?.[route]?.[method] as { parameters?: unknown[] } | undefined;
  const parameter = resolve(document, operation?.parameters?.[index]) as { name?: string; in?: string };
  return parameter?.name ? `${parameter.in ?? ''} parameter ${parameter.name}`.trim() : `parameter ${index}`;
}

function resolve(document: OpenApiLike, value: unknown): unknown {
  const ref = (value as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return value;
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, key) =>
        (node as Record<string, unknown> | undefined)?.[key.replaceAll('~1', '/').replaceAll('~0', '~')],
      document,
    );
  return resolve(document, target);
}

/** A change to a `required: true|false` flag (of a parameter or a request body). */
function requiredChange(diff: Diff): string {
  return diff.after === true ? 'now required' : 'no longer required';
}

function verb(diff: Diff): string {
  return diff.action === 'add' ? 'added' : diff.action === 'remove' ? 'removed' : 'changed';
}

function valueChange(diff: Diff): string {
  const show = (value: unknown) => (typeof value === 'object' ? JSON.stringify(value) : String(value));
  if (diff.action === 'add') return `${show(diff.after)} added`;
  if (diff.action === 'remove') return `${show(diff.before)} removed`;
  return `${show(diff.before)} → ${show(diff.after)}`;
}
