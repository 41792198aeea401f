/**
 * Path, query and header values arrive as strings; the contract types some of them (`limit` is an
 * integer, `completed` a boolean). The precompiled validators do not coerce, so this module turns
 * each declared parameter's string into its contract type first, leaving anything that does not
 * convert as the string it was so that validation reports it.
 */
import type { ParameterType } from '../contract/compiled-operation';

export function coerceParameter(value: string, type: ParameterType): unknown {
  switch (type) {
    case 'integer':
      return /^-?\d+$/.test(value) ? Number(value) : value;
    case 'number': {
      const n = Number(value);
      return value.trim() !== '' && Number.isFinite(n) ? n : value;
    }
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

/**
 * The declared parameters of one request part, coerced. Undeclared names are dropped: a handler only
 * ever sees what the contract describes. `caseInsensitive` for headers (payload v2 lower-cases them,
 * but a hand-built event may not).
 */
export function parametersOf(
  raw: Record<string, string | undefined> | undefined,
  types: Record<string, ParameterType>,
  caseInsensitive = false,
): Record<string, unknown> {
  const source: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    source[caseInsensitive ? name.toLowerCase() : name] = value;
  }
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(types)) {
    const value = Object.hasOwn(source, name) ? source[name] : undefined;
    if (value !== undefined) out[name] = coerceParameter(value, type);
  }
  return out;
}
