/**
 * CloudFormation's intrinsic functions as a plain YAML parser sees them: single-key objects whose
 * key is `Ref` or starts with `Fn::`.
 */
export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export type Intrinsic = { name: string; argument: unknown };

export function asIntrinsic(value: unknown): Intrinsic | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  const name = keys[0];
  if (keys.length !== 1 || !name || !(name === 'Ref' || name.startsWith('Fn::'))) return undefined;
  return { name, argument: value[name] };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Fn::GetAtt: [Res, Attr]` or `Fn::GetAtt: Res.Attr` (the attribute may itself contain dots). */
export function getAttTarget(argument: unknown): { resource: string; attribute: unknown } | undefined {
  if (Array.isArray(argument) && typeof argument[0] === 'string')
    return { resource: argument[0], attribute: argument[1] };
  if (typeof argument === 'string' && argument.includes('.')) {
    const dot = argument.indexOf('.');
    return { resource: argument.slice(0, dot), attribute: argument.slice(dot + 1) };
  }
  return undefined;
}

/**
 * The names an `Fn::Sub` string substitutes: `${Name}` and `${Res.Attr}`, but not the literal
 * `${!Name}`. Variables given in the second form's map are excluded by the caller.
 */
export function subPlaceholders(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const name = (match[1] ?? '').trim();
    if (!name.startsWith('!')) names.push(name);
  }
  return names;
}

/** The template string and variable map of `Fn::Sub`, in either of its two forms. */
export function subParts(
  argument: unknown,
): { text: string; variables: Record<string, unknown> } | undefined {
  if (typeof argument === 'string') return { text: argument, variables: {} };
  if (Array.isArray(argument) && typeof argument[0] === 'string')
    return { text: argument[0], variables: isPlainObject(argument[1]) ? argument[1] : {} };
  return undefined;
}
