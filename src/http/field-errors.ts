/**
 * Turns Ajv's errors into the contract's `errors[]`: a JSON Pointer rooted at the request part
 * (`/body`, `/query`, `/path`, `/headers`) and a message a person can act on. Ajv reports
 * `required` and `additionalProperties` at the parent object; the pointer names the property itself.
 */
import type { ErrorObject } from 'ajv';
import type { FieldError } from './errors';

export type RequestPart = 'body' | 'query' | 'path' | 'headers';

/** RFC 6901 escaping of one reference token. */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** pattern → its description in the contract (`A ULID, 26 characters ...`). */
export type PatternDescriptions = Record<string, string>;

function messageOf(error: ErrorObject, patterns: PatternDescriptions | undefined): string {
  switch (error.keyword) {
    case 'pattern': {
      const description = patterns?.[String(error.params.pattern)];
      if (!description) return error.message ?? 'fails pattern';
      // "A ULID, 26 characters ..." → "must be a ULID, 26 characters ..."
      return `must be ${description.charAt(0).toLowerCase()}${description.slice(1).replace(/\.$/, '')}`;
    }
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a property the contract defines; remove it';
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

export function fieldErrorOf(
  part: RequestPart,
  error: ErrorObject,
  patterns?: PatternDescriptions,
): FieldError {
  let pointer = `/${part}${error.instancePath}`;
  if (error.keyword === 'required') {
    pointer += `/${escapeToken(String(error.params.missingProperty))}`;
  } else if (error.keyword === 'additionalProperties') {
    pointer += `/${escapeToken(String(error.params.additionalProperty))}`;
  }
  return { pointer, message: messageOf(error, patterns) };
}

/** Ajv may report one failure twice (e.g. through `$ref` and `allOf`); keep each pointer+message once. */
export function fieldErrorsOf(
  part: RequestPart,
  errors: ErrorObject[] | null | undefined,
  patterns?: PatternDescriptions,
): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const error of errors ?? []) {
    const field = fieldErrorOf(part, error, patterns);
    const key = `${field.pointer}\u0000${field.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(field);
  }
  return out;
}
