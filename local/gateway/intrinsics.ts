/**
 * Resolves the CloudFormation intrinsics that appear inside the contract's API Gateway extensions and
 * in infra/template.yaml (long form only: `Ref`, `Fn::Sub`, `Fn::GetAtt`, `Fn::Join`, `Fn::Split`) against a map of
 * local values, the way CloudFormation would resolve them against a deployed stack.
 *
 * Keys of the map: parameter and resource logical ids for `Ref` (`AllowedOrigins`, `UserPool`),
 * pseudo parameters (`AWS::Region`) and `Logical.Attribute` for `Fn::GetAtt` (`TodosFunction.Arn`).
 */
export type IntrinsicValue = string | number | boolean | string[];
export type LocalValues = Readonly<Record<string, IntrinsicValue>>;

export class UnresolvedIntrinsicError extends Error {
  override name = 'UnresolvedIntrinsicError';
}

export function resolveIntrinsics(value: unknown, values: LocalValues, at = '$'): unknown {
  if (Array.isArray(value)) return value.map((item, i) => resolveIntrinsics(item, values, `${at}[${i}]`));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [key, argument] = entries[0] ?? [];
  if (entries.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
    return resolveFunction(key, argument, values, at);
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveIntrinsics(v, values, `${at}.${k}`)]));
}

function resolveFunction(name: string, argument: unknown, values: LocalValues, at: string): unknown {
  switch (name) {
    case 'Ref':
      return lookup(String(argument), values, at);
    case 'Fn::GetAtt': {
      const path = Array.isArray(argument) ? argument.join('.') : String(argument);
      return lookup(path, values, at);
    }
    case 'Fn::Sub': {
      const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
      const local = { ...values, ...(resolveIntrinsics(variables, values, at) as LocalValues) };
      return String(template).replace(/\$\{([^}!]+)\}/g, (_match, ref: string) =>
        String(lookup(ref.trim(), local, at)),
      );
    }
    case 'Fn::Join': {
      const [separator, items] = argument as [string, unknown];
      const resolved = resolveIntrinsics(items, values, at) as unknown[];
      return resolved.flat().map(String).join(separator);
    }
    case 'Fn::Split': {
      const [separator, source] = argument as [string, unknown];
      return String(resolveIntrinsics(source, values, at)).split(separator);
    }
    default:
      throw new UnresolvedIntrinsicError(
        `${name} at ${at} is not supported by the local stack. Use Ref, Fn::Sub, Fn::GetAtt, Fn::Join or Fn::Split, ` +
          'or teach local/gateway/intrinsics.ts the new function.',
      );
  }
}

function lookup(ref: string, values: LocalValues, at: string): IntrinsicValue {
  const value = values[ref];
  if (value === undefined) {
    throw new UnresolvedIntrinsicError(
      `${at} refers to ${ref}, which has no local value. Add it to the local values in local/stack/local-parameters.ts.`,
    );
  }
  return value;
}
