/**
 * API Gateway's import warnings, each with the JSON pointer of the part of the contract it is about.
 *
 * With FailOnWarnings, ImportApi refuses the document with a BadRequestException whose message lists
 * the warnings ("Warnings found during import:", then each after a newline and a tab); without it,
 * the response's `Warnings` lists them ("Errors and warnings from importing your API into API
 * Gateway", API Gateway Developer Guide). The parser API Gateway uses names a location as
 * `attribute paths.'/todos'(get).responses.200.content.schema...`: dotted keys, a path in quotes, the
 * method in brackets, a parameter by name in square brackets, and no media type under `content`. The
 * pointer is of the deepest node of the document that location reaches.
 */

export interface ImportWarning {
  /** `#/paths/~1todos/get/responses/200`, or `#` when the warning names no location. */
  pointer: string;
  /** The warning, on one line. */
  text: string;
}

const PREFIX = /^\s*Warnings found during import:\s*/i;

/** The warnings in a FailOnWarnings refusal's message, or undefined for a message that lists none. */
export function warningsInRefusal(message: string, document: unknown): ImportWarning[] | undefined {
  if (!PREFIX.test(message)) return undefined;
  const body = message.replace(PREFIX, '');
  const parts = body.includes('\n\t') ? body.split(/\n\t/) : [body];
  return parts
    .map((part) => part.trim())
    .filter(Boolean)
    .map((text) => importWarning(text, document));
}

export function importWarning(warning: string, document: unknown): ImportWarning {
  const text = warning.replace(/\s+/g, ' ').trim();
  const location = /\battribute\s+(\S+)/.exec(text)?.[1];
  if (!location) return { pointer: '#', text };
  // `...schema.#/components/schemas/Missing`: the location ends where a reference it names begins.
  const [where = ''] = location.split('.#/');
  return { pointer: `#${pointerOf(segmentsOf(where.replace(/\.$/, '')), document)}`, text };
}

/** `paths.'/todos/{todoId}'(get).parameters.[todoId]` → paths, /todos/{todoId}, get, parameters, [todoId]. */
function segmentsOf(location: string): string[] {
  const segments: string[] = [];
  for (const match of location.matchAll(/'([^']*)'|\(([^)]*)\)|\[([^\]]*)\]|([^.'([]+)/g)) {
    const [, quoted, method, named, bare] = match;
    if (quoted !== undefined) segments.push(quoted);
    else if (method !== undefined) segments.push(method.toLowerCase());
    else if (named !== undefined) segments.push(`[${named}]`);
    else if (bare !== undefined) segments.push(bare);
  }
  return segments;
}

/** Walks the document as far as the segments lead; a segment it cannot find ends the walk. */
function pointerOf(segments: string[], document: unknown): string {
  let node = document;
  let pointer = '';
  for (const segment of segments) {
    const step = stepInto(node, segment);
    if (!step) break;
    node = step.node;
    pointer += step.path.map((key) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  }
  return pointer;
}

function stepInto(node: unknown, segment: string): { node: unknown; path: (string | number)[] } | undefined {
  if (Array.isArray(node)) {
    const named = /^\[(.*)\]$/.exec(segment)?.[1];
    const index =
      named === undefined ? Number(segment) : node.findIndex((item) => isObject(item) && item.name === named);
    return Number.isInteger(index) && index >= 0 && index < node.length
      ? { node: node[index], path: [index] }
      : undefined;
  }
  if (!isObject(node)) return undefined;
  if (Object.hasOwn(node, segment)) return { node: node[segment], path: [segment] };
  // The parser leaves out the media type between `content` and what is under it.
  const children = Object.entries(node).filter(
    ([, child]) => isObject(child) && Object.hasOwn(child, segment),
  );
  if (children.length === 1) {
    const [key, child] = children[0] as [string, Record<string, unknown>];
    return { node: child[segment], path: [key, segment] };
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
