/**
 * One api-smart-diff difference, said for a person: the operation and what changed in it, by field
 * (`GET /todos/{todoId}`, `response 200 field priority: value "urgent" added`). The documents are the
 * ones compared, with their references inlined.
 */
import type { Diff } from 'api-smart-diff';
import { resolveReference } from './inline-references';

export interface ContractChange {
  /** `GET /todos/{todoId}`, or what else changed (a path, a security scheme). */
  operation: string;
  /** What changed, for a person: `response 200 field priority: value "urgent" added`. */
  change: string;
}

interface Contract {
  paths?: Record<string, Record<string, unknown>>;
}

interface Parameter {
  name?: string;
  in?: string;
  required?: boolean;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const COMPOSITION = new Set(['allOf', 'oneOf', 'anyOf']);

export function describeChange(diff: Diff, before: Contract, after: Contract): ContractChange {
  const [root, route, method, ...rest] = diff.path.map(String);
  if (root === 'paths' && route === undefined && diff.action === 'rename')
    return { operation: String(diff.before), change: `path renamed to ${String(diff.after)}` };
  if (root !== 'paths' || route === undefined)
    return { operation: '(document)', change: `${diff.path.join('.')}: ${valueChange(diff)}` };
  if (method === undefined) return { operation: route, change: `path ${verb(diff)}` };
  if (!METHODS.has(method))
    return { operation: route, change: `${[method, ...rest].join('.')} ${verb(diff)}` };
  const operation = `${method.toUpperCase()} ${route}`;
  if (rest.length === 0) return { operation, change: `operation ${verb(diff)}` };
  const document = diff.action === 'add' ? after : before;
  return { operation, change: inOperation(rest, diff, document.paths?.[route]?.[method], document) };
}

function inOperation(rest: string[], diff: Diff, operation: unknown, document: Contract): string {
  const [part, ...more] = rest;
  if (part === 'parameters' && more[0] !== undefined) {
    const [index, field, ...schema] = more;
    // An added or removed parameter is the diff's value; a changed one is found in the operation.
    const changed = field === undefined ? (diff.after ?? diff.before) : undefined;
    const listed = (operation as { parameters?: unknown[] })?.parameters?.[Number(index)];
    const parameter = resolveReference(changed ?? listed, document) as Parameter | undefined;
    const label = parameterLabel(parameter);
    if (field === undefined)
      return `${label} ${verb(diff)}${diff.action === 'add' && parameter?.required ? ' (required)' : ''}`;
    if (field === 'schema') return `${label}${schemaChange(schema, diff, '')}`;
    if (field === 'required') return `${label} ${requiredChange(diff)}`;
    return `${label}: ${field} ${valueChange(diff)}`;
  }
  if (part === 'requestBody') return `request body${bodyChange(more, diff)}`;
  if (part === 'responses' && more[0] !== undefined) {
    const [status, section, name, ...inner] = more;
    const label = `response ${status}`;
    if (section === undefined) return `${label} ${verb(diff)}`;
    if (section === 'content') return `${label}${bodyChange(['content', name ?? '', ...inner], diff)}`;
    if (section === 'headers') {
      if (name === undefined) {
        const names = Object.keys((diff.after ?? diff.before ?? {}) as object).join(', ');
        return `${label} headers ${names} ${verb(diff)}`;
      }
      const [field, ...schema] = inner;
      if (field === undefined) return `${label} header ${name} ${verb(diff)}`;
      if (field === 'schema') return `${label} header ${name}${schemaChange(schema, diff, '')}`;
      return `${label} header ${name}: ${field} ${valueChange(diff)}`;
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
function schemaChange(path: string[], diff: Diff, subject = ' schema'): string {
  const field: string[] = [];
  let index = 0;
  while (index < path.length) {
    const [segment, next] = [path[index] as string, path[index + 1]];
    if (segment === 'properties' && next !== undefined) {
      field.push(next);
      index += 2;
    } else if (segment === 'items' && next !== undefined) {
      field.push('[]');
      index += 1;
    } else if (segment === 'additionalProperties' && next !== undefined) {
      field.push('{}');
      index += 1;
    } else if (COMPOSITION.has(segment) && next !== undefined && /^\d+$/.test(next)) {
      index += 2;
    } else {
      break;
    }
  }
  const name = field.join('.').replaceAll('.[]', '[]').replaceAll('.{}', '{}');
  const where = name ? ` field ${name}` : subject;
  const keyword = path[index];
  if (keyword === undefined) return `${where} ${verb(diff)}`;
  if (keyword === 'required') {
    const property = [name, String(diff.after ?? diff.before)].filter(Boolean).join('.');
    return ` field ${property} ${diff.action === 'remove' ? 'no longer required' : 'now required'}`;
  }
  if (keyword === 'nullable') return `${where} ${diff.after === true ? 'may now be null' : 'no longer null'}`;
  if (keyword === 'enum' && path.length > index + 1)
    return `${where}: value ${JSON.stringify(diff.action === 'remove' ? diff.before : diff.after)} ${verb(diff)}`;
  return `${where}: ${keyword} ${valueChange(diff)}`;
}

function parameterLabel(parameter: Parameter | undefined): string {
  return parameter?.name ? `${parameter.in ?? ''} parameter ${parameter.name}`.trim() : 'a parameter';
}

/** A change to a `required: true|false` flag (of a parameter or a request body). */
function requiredChange(diff: Diff): string {
  return diff.after === true ? 'now required' : 'no longer required';
}

function verb(diff: Diff): string {
  return { add: 'added', remove: 'removed', rename: 'renamed', replace: 'changed' }[diff.action] ?? 'changed';
}

function valueChange(diff: Diff): string {
  const show = (value: unknown) => (typeof value === 'object' ? JSON.stringify(value) : String(value));
  if (diff.action === 'add') return `${show(diff.after)} added`;
  if (diff.action === 'remove') return `${show(diff.before)} removed`;
  return `${show(diff.before)} → ${show(diff.after)}`;
}
