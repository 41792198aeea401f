import type { CfnTemplate } from '../template/template';
import { asIntrinsic, getAttTarget, isPlainObject, subParts, subPlaceholders } from './intrinsics';
import type { TemplateProblem } from './template-problem';

/**
 * CloudFormation refuses a template whose resources wait for each other in a circle ("Circular
 * dependency between resources"), and only says so when the stack is created. A resource waits for
 * every resource its properties name (`Ref`, `Fn::GetAtt`, `${Res}` / `${Res.Attr}` of `Fn::Sub`)
 * and for its `DependsOn`. `included` adds what a resource takes in through AWS::Include (the Api
 * and the contract's intrinsics), which is evaluated as part of that resource.
 */
export function dependencyCycleProblems(
  template: CfnTemplate,
  included: Record<string, unknown> = {},
): TemplateProblem[] {
  const waitsFor = new Map<string, string[]>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const names = new Set<string>();
    collectReferences(resource.Properties, names);
    collectReferences(included[logicalId], names);
    for (const target of ([] as string[]).concat(resource.DependsOn ?? [])) names.add(target);
    waitsFor.set(
      logicalId,
      [...names].filter((name) => name in template.Resources),
    );
  }

  const problems: TemplateProblem[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (logicalId: string) => {
    const start = path.indexOf(logicalId);
    if (start >= 0) {
      const cycle = [...path.slice(start), logicalId];
      problems.push({
        path: `Resources/${logicalId}`,
        message: `circular dependency: ${cycle.join(' → ')}; CloudFormation refuses the stack`,
      });
      return;
    }
    if (done.has(logicalId)) return;
    path.push(logicalId);
    for (const target of waitsFor.get(logicalId) ?? []) visit(target);
    path.pop();
    done.add(logicalId);
  };
  for (const logicalId of waitsFor.keys()) visit(logicalId);
  return problems;
}

/** The logical names a value refers to, through any nesting of intrinsics. */
function collectReferences(value: unknown, into: Set<string>): void {
  const intrinsic = asIntrinsic(value);
  if (intrinsic?.name === 'Ref' && typeof intrinsic.argument === 'string') into.add(intrinsic.argument);
  if (intrinsic?.name === 'Fn::GetAtt') {
    const target = getAttTarget(intrinsic.argument);
    if (target) into.add(target.resource);
  }
  if (intrinsic?.name === 'Fn::Sub') {
    const parts = subParts(intrinsic.argument);
    for (const name of parts ? subPlaceholders(parts.text) : []) {
      const [first = ''] = name.split('.');
      if (!(first in (parts?.variables ?? {}))) into.add(first);
    }
  }
  if (Array.isArray(value)) for (const item of value) collectReferences(item, into);
  else if (isPlainObject(value)) for (const child of Object.values(value)) collectReferences(child, into);
}
