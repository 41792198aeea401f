/**
 * What a change to the contract means for clients built from an earlier version of it (the typed
 * client, a frontend's generated types, anyone's integration): which changes break them and which do
 * not, and which `info.version` that asks for.
 *
 * api-smart-diff compares the two documents and classifies each difference with request or response
 * rules (a new required request field breaks clients, a new response field does not; a new enum value
 * breaks a response reader, not a request writer). Its verdicts are corrected below where a client
 * generated from the contract (openapi-typescript types, openapi-fetch) breaks although a lenient
 * reader would not. Differences are kept under `paths`, where a changed component shows up once per
 * operation that uses it.
 */
import { apiDiff, type Diff } from 'api-smart-diff';
import { type ContractChange, describeChange } from './change-descriptions';
import { inlineResponseReferences } from './inline-references';

export type { ContractChange } from './change-descriptions';

export interface ContractChanges {
  breaking: ContractChange[];
  compatible: ContractChange[];
  deprecated: ContractChange[];
  /** Changes no rule covers (vendor extensions, removed security): worth a look, never a failure. */
  unclassified: ContractChange[];
  versionBefore: string;
  versionAfter: string;
  /** The lowest `info.version` these changes allow: a new major for breaking ones, a new minor otherwise. */
  versionNeeded: string;
  /** The contract's version is at least `versionNeeded`. */
  allowed: boolean;
}

interface Contract {
  info?: { version?: unknown };
  paths?: Record<string, Record<string, unknown>>;
  components?: { securitySchemes?: Record<string, unknown> };
}

type Verdict = 'breaking' | 'compatible' | 'deprecated' | 'unclassified';

export function compareContracts(before: unknown, after: unknown): ContractChanges {
  const old = inlineResponseReferences(before as Contract);
  const current = inlineResponseReferences(after as Contract);
  const lists: Record<Verdict, ContractChange[]> = {
    breaking: [],
    compatible: [],
    deprecated: [],
    unclassified: [],
  };
  for (const diff of apiDiff(old, current)) {
    const verdict = verdictOn(diff);
    if (verdict) lists[verdict].push(describeChange(diff, old, current));
  }
  lists.breaking.push(...securitySchemeChanges(old, current));
  // "field x removed" already says it is no longer required.
  const removed = new Set(lists.breaking.map(({ operation, change }) => `${operation}: ${change}`));
  for (const verdict of Object.keys(lists) as Verdict[])
    lists[verdict] = lists[verdict].filter(
      ({ operation, change }) =>
        !change.endsWith(' no longer required') ||
        !removed.has(`${operation}: ${change.replace(/ no longer required$/, ' removed')}`),
    );

  const versionBefore = versionOf(before);
  const versionAfter = versionOf(after);
  const versionNeeded =
    lists.breaking.length > 0
      ? bumped(versionBefore, 'major')
      : lists.compatible.length + lists.deprecated.length > 0
        ? bumped(versionBefore, 'minor')
        : versionBefore;
  return {
    ...lists,
    versionBefore,
    versionAfter,
    versionNeeded,
    allowed: compareVersions(versionAfter, versionNeeded) >= 0,
  };
}

/** The verdict on one difference, or undefined for prose, examples and what `components` repeats. */
function verdictOn(diff: Diff): Verdict | undefined {
  const path = diff.path.map(String);
  const last = path.at(-1);
  // Renaming an operation id renames it in generated code (the client's `OperationId`, say).
  if (last === 'operationId' && path[0] === 'paths') return 'breaking';
  if (path[0] === 'components' || diff.type === 'annotation' || isDocumentation(path)) return undefined;
  // openapi-fetch calls name the path: `api.GET('/todos/{todoId}')` no longer compiles once it is renamed.
  if (diff.action === 'rename' && path[0] === 'paths' && path.length <= 2) return 'breaking';
  // Any change of type breaks someone: the writer of a request or the reader of a response.
  if (last === 'type' && diff.action === 'replace') return 'breaking';
  // Making a route public, or protecting a public one, deserves a person's look more than a verdict.
  if (path[3] === 'security' && path.length <= 5) return 'unclassified';
  // A first scope on a route's requirement refuses every token issued without it (API Gateway's
  // authorizationScopes). More scopes or fewer are read differently by OpenAPI (all of them) and
  // API Gateway (any one of them): a person decides.
  if (path[3] === 'security') return diff.action === 'add' && path[6] === '0' ? 'breaking' : 'unclassified';
  const inResponse = path[3] === 'responses';
  const inRequest = path[3] === 'requestBody' || path[3] === 'parameters';
  const fieldRemoved = diff.action === 'remove' && path.at(-2) === 'properties';
  if (inResponse) {
    // The generated types lose the field: code that reads it no longer compiles, optional or not.
    if (fieldRemoved) return 'breaking';
    // Code that uses the value no longer compiles, or fails at run time on null.
    if (last === 'nullable' && diff.after === true) return 'breaking';
    // Another success body: openapi-fetch's `data` becomes a union, and `data.title` no longer compiles.
    if (path.length === 5 && diff.action === 'add' && /^2\d\d$/.test(path[4] ?? '')) return 'breaking';
    // readOnly and writeOnly say who may send a field; a reader of the response is not concerned.
    if (last === 'readOnly' || last === 'writeOnly') return 'compatible';
  }
  if (inRequest) {
    // Code that sends the field no longer compiles, and a schema without additionalProperties answers 400.
    if (fieldRemoved) return 'breaking';
    // Clients that send null to clear a field (as a merge patch does) are refused.
    if (last === 'nullable' && diff.after !== true) return 'breaking';
  }
  if (diff.type === 'breaking') return 'breaking';
  if (diff.type === 'non-breaking') return 'compatible';
  if (diff.type === 'deprecated') return 'deprecated';
  return 'unclassified';
}

const DOCUMENTATION = new Set(['description', 'summary', 'example', 'examples', 'externalDocs']);

/** Prose and examples (of a header, say, which the classifier leaves unclassified): not part of the interface. */
function isDocumentation(path: string[]): boolean {
  return path.some((segment, index) => DOCUMENTATION.has(segment) && path[index - 1] !== 'properties');
}

/**
 * What a client does to satisfy a scheme: `http`/`bearer`, `oauth2` and `openIdConnect` all mean
 * "send `Authorization: Bearer <token>`", so moving between them changes no client. How the token
 * is obtained (flows, discovery URL) and checked (the gateway's authorizer) still counts.
 */
function clientView(scheme: unknown): string {
  const {
    type,
    scheme: httpScheme,
    bearerFormat: _format,
    description: _prose,
    ...rest
  } = (scheme ?? {}) as Record<string, unknown>;
  const bearer =
    type === 'oauth2' ||
    type === 'openIdConnect' ||
    (type === 'http' && String(httpScheme).toLowerCase() === 'bearer');
  const { flows, ...withoutFlows } = rest;
  const emptyFlows =
    flows === undefined || (typeof flows === 'object' && Object.keys(flows ?? {}).length === 0);
  return JSON.stringify(
    bearer
      ? { sends: 'Authorization: Bearer', ...(emptyFlows ? withoutFlows : rest) }
      : { type, scheme: httpScheme, ...rest },
  );
}

/** api-smart-diff does not compare security schemes; a changed one locks every client out. */
function securitySchemeChanges(before: Contract, after: Contract): ContractChange[] {
  const schemes = (contract: Contract) => contract.components?.securitySchemes ?? {};
  return Object.entries(schemes(before))
    .filter(
      ([name, scheme]) =>
        !(name in schemes(after)) || clientView(scheme) !== clientView(schemes(after)[name]),
    )
    .map(([name]) => ({
      operation: `security scheme ${name}`,
      change: name in schemes(after) ? 'changed' : 'removed',
    }));
}

function versionOf(contract: unknown): string {
  const version = (contract as Contract | undefined)?.info?.version;
  return typeof version === 'string' ? version : String(version ?? '');
}

/** [major, minor, patch] of `1.4.2`, `v2` or `2.0.0-beta.1`; zeros for what is missing or not a number. */
function partsOf(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = (/^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim()) ?? [])
    .slice(1)
    .map((part) => Number(part ?? 0));
  return [major, minor, patch];
}

function bumped(version: string, part: 'major' | 'minor'): string {
  const [major, minor] = partsOf(version);
  return part === 'major' ? `${major + 1}.0.0` : `${major}.${minor + 1}.0`;
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b` (pre-releases ignored). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [partsOf(a), partsOf(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}
