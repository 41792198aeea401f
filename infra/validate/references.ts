import type { SpecDatabase } from '@aws-cdk/service-spec-types';
import type { CfnTemplate } from '../template/template';
import {
  asIntrinsic,
  getAttTarget,
  isPlainObject,
  PSEUDO_PARAMETERS,
  subParts,
  subPlaceholders,
} from './intrinsics';
import { resourceSpec } from './spec-database';
import type { TemplateProblem } from './template-problem';

/**
 * Every `Ref`, `Fn::GetAtt`, `${...}` of `Fn::Sub`, `Fn::If` condition, `Condition` and `DependsOn`
 * of the template names something that exists: a parameter, a resource, a pseudo parameter, an
 * attribute the resource type has (per the registry schema), a condition. A reference to a
 * conditional resource from outside that condition fails too: CloudFormation would refuse it when
 * the condition is false.
 */
export function templateReferenceProblems(template: CfnTemplate, db: SpecDatabase): TemplateProblem[] {
  const checker = new ReferenceChecker(template, db);
  for (const name of Object.keys(template.Parameters ?? {}))
    if (name in template.Resources)
      checker.report(`Parameters/${name}`, `${name} is both a parameter and a resource`);
  for (const [name, rule] of Object.entries(template.Rules ?? {}))
    checker.check(rule, `Rules/${name}`, { parametersOnly: true });
  for (const [name, condition] of Object.entries(template.Conditions ?? {}))
    checker.check(condition, `Conditions/${name}`, { parametersOnly: true });
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const path = `Resources/${logicalId}`;
    const active = checker.conditionOf(resource.Condition, `${path}/Condition`);
    const dependsOn =
      typeof resource.DependsOn === 'string' ? [resource.DependsOn] : (resource.DependsOn ?? []);
    for (const target of dependsOn)
      if (!(target in template.Resources))
        checker.report(`${path}/DependsOn`, `DependsOn names no resource ${target}`);
    checker.check(resource.Properties ?? {}, `${path}/Properties`, { active });
  }
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    const active = checker.conditionOf(output.Condition, `Outputs/${name}/Condition`);
    checker.check(output, `Outputs/${name}`, { active });
  }
  return checker.problems;
}

/**
 * The same check for a document the template includes (the contract, through AWS::Include): its
 * intrinsics resolve against the template that includes it, from an unconditional resource.
 */
export function includedDocumentReferenceProblems(
  document: unknown,
  template: CfnTemplate,
  db: SpecDatabase,
  pathPrefix: string,
): TemplateProblem[] {
  const checker = new ReferenceChecker(template, db);
  checker.check(document, pathPrefix, {});
  return checker.problems;
}

interface Scope {
  /** Conditions known to be true here (the resource's Condition, the true branch of Fn::If). */
  active?: ReadonlySet<string>;
  /** Rules and Conditions may only use parameters. */
  parametersOnly?: boolean;
}

class ReferenceChecker {
  readonly problems: TemplateProblem[] = [];

  constructor(
    private readonly template: CfnTemplate,
    private readonly db: SpecDatabase,
  ) {}

  report(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  conditionOf(condition: string | undefined, path: string): Set<string> {
    if (condition === undefined) return new Set();
    if (!(condition in (this.template.Conditions ?? {})))
      this.report(path, `no condition named ${condition}`);
    return new Set([condition]);
  }

  check(value: unknown, path: string, scope: Scope): void {
    const intrinsic = asIntrinsic(value);
    if (intrinsic) {
      this.checkIntrinsic(intrinsic.name, intrinsic.argument, path, scope);
      return;
    }
    if (isPlainObject(value) && Object.keys(value).length === 1 && typeof value.Condition === 'string') {
      // `{ Condition: Name }` inside Conditions and Rules refers to another condition.
      if (scope.parametersOnly) this.conditionOf(value.Condition, `${path}/Condition`);
    }
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) this.check(item, `${path}/${i}`, scope);
    } else if (isPlainObject(value))
      for (const [key, item] of Object.entries(value)) this.check(item, `${path}/${key}`, scope);
  }

  private checkIntrinsic(name: string, argument: unknown, path: string, scope: Scope): void {
    const here = `${path}/${name}`;
    switch (name) {
      case 'Ref':
        if (typeof argument === 'string') this.checkName(argument, here, scope);
        else this.report(here, 'Ref takes the name of a parameter or resource');
        break;
      case 'Fn::GetAtt':
        this.checkGetAtt(argument, here, scope);
        break;
      case 'Fn::Sub': {
        const parts = subParts(argument);
        if (!parts) {
          this.report(here, 'Fn::Sub takes a string or [string, { variables }]');
          break;
        }
        for (const placeholder of subPlaceholders(parts.text)) {
          if (placeholder in parts.variables) continue;
          if (placeholder.includes('.') && !PSEUDO_PARAMETERS.has(placeholder))
            this.checkGetAtt(placeholder, here, scope);
          else this.checkName(placeholder, here, scope);
        }
        this.check(parts.variables, `${here}/1`, scope);
        break;
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = Array.isArray(argument) ? argument : [];
        if (typeof condition !== 'string') {
          this.report(here, 'Fn::If takes [condition, then, else]');
          break;
        }
        this.conditionOf(condition, `${here}/0`);
        this.check(whenTrue, `${here}/1`, {
          ...scope,
          active: new Set([...(scope.active ?? []), condition]),
        });
        this.check(whenFalse, `${here}/2`, scope);
        break;
      }
      case 'Fn::FindInMap': {
        const [map] = Array.isArray(argument) ? argument : [];
        if (typeof map === 'string' && !(map in (this.template.Mappings ?? {})))
          this.report(here, `no mapping named ${map}`);
        this.check(argument, here, scope);
        break;
      }
      case 'Fn::Transform':
        // AWS::Include's Location is resolved before the include: parameters only.
        this.check(argument, here, { ...scope, parametersOnly: true });
        break;
      default:
        this.check(argument, here, scope);
    }
  }

  private checkName(name: string, path: string, scope: Scope): void {
    if (PSEUDO_PARAMETERS.has(name) || name in (this.template.Parameters ?? {})) return;
    if (name in this.template.Resources) {
      if (scope.parametersOnly) {
        this.report(path, `${name} is a resource; only parameters can be used here`);
        return;
      }
      this.checkConditional(name, path, scope);
      return;
    }
    this.report(path, `${name} is not a parameter, resource or pseudo parameter of the template`);
  }

  private checkGetAtt(argument: unknown, path: string, scope: Scope): void {
    const target = getAttTarget(argument);
    if (!target) {
      this.report(path, 'Fn::GetAtt takes [resource, attribute] or "resource.attribute"');
      return;
    }
    const resource = this.template.Resources[target.resource];
    if (!resource) {
      this.report(path, `Fn::GetAtt names no resource ${target.resource}`);
      return;
    }
    if (scope.parametersOnly) {
      this.report(path, `${target.resource} is a resource; only parameters can be used here`);
      return;
    }
    this.checkConditional(target.resource, path, scope);
    if (typeof target.attribute !== 'string') {
      this.check(target.attribute, `${path}/1`, scope);
      return;
    }
    const spec = resourceSpec(this.db, resource.Type);
    if (spec && !(target.attribute in spec.attributes))
      this.report(
        path,
        `${resource.Type} has no attribute ${target.attribute} (it has ${Object.keys(spec.attributes).join(', ') || 'none'})`,
      );
  }

  private checkConditional(logicalId: string, path: string, scope: Scope): void {
    const condition = this.template.Resources[logicalId]?.Condition;
    if (condition && !scope.active?.has(condition))
      this.report(
        path,
        `${logicalId} exists only when ${condition} is true; reference it inside Fn::If [${condition}, ...]`,
      );
  }
}
