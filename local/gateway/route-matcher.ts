/**
 * Route selection with API Gateway's precedence for HTTP APIs: the most specific route wins.
 * Comparing two routes segment by segment from the left, an exact segment beats a `{variable}`,
 * which beats a greedy `{proxy+}`; at equal paths a named method beats `ANY`.
 *
 *   GET /todos/{todoId}/attachments   ← GET /todos/abc/attachments
 *   GET /todos/{todoId}               ← GET /todos/abc
 *   GET /todos/export (if it existed) ← GET /todos/export, never {todoId}
 *
 * Matching works on the decoded path (HTTP APIs decode it: `rawPath` arrives decoded too), and a
 * variable never matches an empty segment, so `/todos/` is not `/todos/{todoId}`.
 */

export interface RoutablePath {
  method: string;
  path: string;
}

export interface RouteMatch<R> {
  route: R;
  pathParameters: Record<string, string>;
}

type Segment = { kind: 0; text: string } | { kind: 1; name: string } | { kind: 2; name: string };

interface CompiledRoute<R> {
  route: R;
  method: string;
  segments: Segment[];
}

function compile(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((part): Segment => {
      const variable = /^\{([^}+]+)(\+?)\}$/.exec(part);
      if (!variable?.[1]) return { kind: 0, text: part };
      return variable[2] ? { kind: 2, name: variable[1] } : { kind: 1, name: variable[1] };
    });
}

function bySpecificity<R>(a: CompiledRoute<R>, b: CompiledRoute<R>): number {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const kindA = a.segments[i]?.kind ?? -1;
    const kindB = b.segments[i]?.kind ?? -1;
    if (kindA !== kindB) return kindA - kindB;
  }
  return Number(a.method === 'ANY') - Number(b.method === 'ANY');
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    if (segment.kind === 2) {
      const rest = parts.slice(i).join('/');
      if (!rest) return undefined;
      parameters[segment.name] = rest;
      return parameters;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === 0 ? part !== segment.text : part === '') return undefined;
    if (segment.kind === 1) parameters[segment.name] = part;
  }
  return parts.length === segments.length ? parameters : undefined;
}

export function createRouteMatcher<R extends RoutablePath>(
  routes: readonly R[],
): (method: string, decodedPath: string) => RouteMatch<R> | undefined {
  const compiled = routes
    .map((route) => ({ route, method: route.method.toUpperCase(), segments: compile(route.path) }))
    .sort(bySpecificity);
  return (method, decodedPath) => {
    const upper = method.toUpperCase();
    const parts = decodedPath.split('/').slice(1);
    for (const candidate of compiled) {
      if (candidate.method !== upper && candidate.method !== 'ANY') continue;
      const pathParameters = matchSegments(candidate.segments, parts);
      if (pathParameters) return { route: candidate.route, pathParameters };
    }
    return undefined;
  };
}
