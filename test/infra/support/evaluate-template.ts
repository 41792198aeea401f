import type { CfnTemplate } from '../../../infra/template/template';

/** Parameter values for an evaluation: the template's defaults, overridden by these. */
export type ParameterValues = Record<string, string>;

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * What CloudFormation would make of a part of the template for given parameter values, as far as
 * parameters decide it: `Ref` to a parameter, `Fn::Sub` of parameters, `Fn::If` / `Fn::Equals` /
 * `Fn::Not` conditions, and `AWS::NoValue` dropped from lists and objects. A reference to a
 * resource stays as written (it only resolves on deploy).
 */
export function evaluate(template: CfnTemplate, value: unknown, overrides: ParameterValues = {}): unknown {
  const parameters: ParameterValues = Object.fromEntries(
    Object.entries(template.Parameters ?? {}).map(([name, p]) => [name, String(p.Default ?? '')]),
  );
  Object.assign(parameters, overrides);
  const condition = (name: string): boolean => Boolean(resolve(template.Conditions?.[name]));

  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve).filter((item) => item !== NO_VALUE);
    if (typeof node !== 'object' || node === null) return node;
    const entries = Object.entries(node);
    const [name, argument] = entries[0] ?? [];
    if (entries.length === 1 && name !== undefined) {
      if (name === 'Ref' && argument === 'AWS::NoValue') return NO_VALUE;
      if (name === 'Ref' && typeof argument === 'string' && argument in parameters)
        return parameters[argument];
      if (name === 'Fn::If') {
        const [test, whenTrue, whenFalse] = argument as [string, unknown, unknown];
        return resolve(condition(test) ? whenTrue : whenFalse);
      }
      if (name === 'Fn::Equals') {
        const [left, right] = (argument as unknown[]).map(resolve);
        return left === right;
      }
      if (name === 'Fn::Not') return !resolve((argument as unknown[])[0]);
      if (name === 'Fn::Sub' && typeof argument === 'string')
        return argument.replace(
          /\$\{([\w:]+)\}/g,
          (placeholder, key: string) => parameters[key] ?? placeholder,
        );
    }
    const object: Record<string, unknown> = {};
    for (const [key, child] of entries) {
      const resolved = resolve(child);
      if (resolved !== NO_VALUE) object[key] = resolved;
    }
    return object;
  };
  return resolve(value);
}
