import type { PropertyType, ResourceProperties, SpecDatabase } from '@aws-cdk/service-spec-types';
import type { CfnTemplate } from '../template/template';
import { asIntrinsic, getAttTarget, type Intrinsic, isPlainObject } from './intrinsics';
import { resourceSpec } from './spec-database';
import type { TemplateProblem } from './template-problem';

const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'CreationPolicy',
  'UpdatePolicy',
]);
const DELETION_POLICIES = new Set(['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']);
const UPDATE_REPLACE_POLICIES = new Set(['Delete', 'Retain', 'Snapshot']);
const LIST_FUNCTIONS = new Set(['Fn::Split', 'Fn::GetAZs', 'Fn::Cidr']);
const OPAQUE_FUNCTIONS = new Set(['Fn::FindInMap', 'Fn::Transform', 'Fn::Select']);

/** What an intrinsic evaluates to, as far as can be told without deploying. */
type ValueKind = 'list' | 'scalar' | 'any' | 'no-value';

/**
 * Checks every resource of a template against the CloudFormation registry schemas: the type
 * exists, every property is known, required ones are present, and values have the schema's type
 * (recursively through nested types, lists, maps and unions). An intrinsic stands for a value: it
 * is accepted where its result fits (a list-valued `Ref` of a CommaDelimitedList where a list is
 * expected, not where a string is), and both branches of `Fn::If` are checked.
 */
export function resourceSchemaProblems(template: CfnTemplate, db: SpecDatabase): TemplateProblem[] {
  return new ResourceSchemaValidator(template, db).validate();
}

class ResourceSchemaValidator {
  private readonly problems: TemplateProblem[] = [];

  constructor(
    private readonly template: CfnTemplate,
    private readonly db: SpecDatabase,
  ) {}

  validate(): TemplateProblem[] {
    for (const [logicalId, resource] of Object.entries(this.template.Resources)) {
      const path = `Resources/${logicalId}`;
      for (const key of Object.keys(resource))
        if (!RESOURCE_KEYS.has(key)) this.report(`${path}/${key}`, `unknown resource attribute ${key}`);
      if (resource.DeletionPolicy !== undefined && !DELETION_POLICIES.has(resource.DeletionPolicy))
        this.report(`${path}/DeletionPolicy`, `must be one of ${[...DELETION_POLICIES].join(', ')}`);
      if (
        resource.UpdateReplacePolicy !== undefined &&
        !UPDATE_REPLACE_POLICIES.has(resource.UpdateReplacePolicy)
      )
        this.report(
          `${path}/UpdateReplacePolicy`,
          `must be one of ${[...UPDATE_REPLACE_POLICIES].join(', ')}`,
        );
      const spec = resourceSpec(this.db, resource.Type);
      if (!spec) {
        this.report(`${path}/Type`, `unknown resource type ${resource.Type}`);
        continue;
      }
      this.checkObject(resource.Properties ?? {}, spec.properties, `${path}/Properties`);
    }
    return this.problems;
  }

  private report(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  private checkObject(value: unknown, properties: ResourceProperties, path: string): void {
    if (!isPlainObject(value)) {
      this.report(path, `expected an object with properties ${Object.keys(properties).join(', ')}`);
      return;
    }
    for (const [name, item] of Object.entries(value)) {
      const property = properties[name];
      if (!property) {
        this.report(
          `${path}/${name}`,
          `unknown property ${name} (known: ${Object.keys(properties).join(', ')})`,
        );
        continue;
      }
      const accepted = [property.type, ...(property.previousTypes ?? [])];
      const attempts = accepted.map((type) =>
        this.collect(() => this.checkValue(item, type, `${path}/${name}`)),
      );
      if (!attempts.some((found) => found.length === 0)) this.problems.push(...(attempts[0] ?? []));
    }
    for (const [name, property] of Object.entries(properties))
      if (property.required && !(name in value))
        this.report(`${path}/${name}`, `missing required property ${name}`);
  }

  private checkValue(value: unknown, type: PropertyType, path: string): void {
    const intrinsic = asIntrinsic(value);
    if (intrinsic) {
      this.checkIntrinsic(intrinsic, type, path);
      return;
    }
    switch (type.type) {
      case 'string':
      case 'date-time':
        if (typeof value !== 'string' && typeof value !== 'number') {
          this.report(path, `expected a string, got ${describe(value)}`);
          return;
        }
        if (type.type === 'string' && type.allowedValues && !type.allowedValues.includes(String(value)))
          this.report(path, `${JSON.stringify(value)} is not one of ${type.allowedValues.join(', ')}`);
        return;
      case 'integer':
      case 'number': {
        const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
        if (
          typeof number !== 'number' ||
          Number.isNaN(number) ||
          (type.type === 'integer' && !Number.isInteger(number))
        ) {
          this.report(
            path,
            `expected ${type.type === 'integer' ? 'an integer' : 'a number'}, got ${describe(value)}`,
          );
          return;
        }
        if (type.type === 'integer' && type.allowedValues && !type.allowedValues.includes(number))
          this.report(path, `${number} is not one of ${type.allowedValues.join(', ')}`);
        return;
      }
      case 'boolean':
        if (typeof value !== 'boolean' && value !== 'true' && value !== 'false')
          this.report(path, `expected a boolean, got ${describe(value)}`);
        return;
      case 'json':
        if (value === undefined) this.report(path, 'expected a value');
        return;
      case 'null':
        if (value !== null) this.report(path, `expected null, got ${describe(value)}`);
        return;
      case 'tag':
        this.checkObject(value, TAG_PROPERTIES, path);
        return;
      case 'array':
        if (!Array.isArray(value)) {
          this.report(path, `expected a list, got ${describe(value)}`);
          return;
        }
        for (const [i, item] of value.entries()) this.checkValue(item, type.element, `${path}/${i}`);
        return;
      case 'map':
        if (!isPlainObject(value)) {
          this.report(path, `expected a map, got ${describe(value)}`);
          return;
        }
        for (const [key, item] of Object.entries(value))
          this.checkValue(item, type.element, `${path}/${key}`);
        return;
      case 'union': {
        const attempts = type.types.map((member) => this.collect(() => this.checkValue(value, member, path)));
        if (attempts.some((found) => found.length === 0)) return;
        this.report(path, `${describe(value)} matches none of ${type.types.map(typeName).join(' | ')}`);
        return;
      }
      case 'ref': {
        const definition = this.db.get('typeDefinition', type.reference);
        this.checkObject(value, definition.properties, path);
        return;
      }
    }
  }

  private checkIntrinsic(intrinsic: Intrinsic, type: PropertyType, path: string): void {
    if (intrinsic.name === 'Fn::If') {
      const branches = Array.isArray(intrinsic.argument) ? intrinsic.argument.slice(1) : [];
      if (branches.length !== 2) {
        this.report(path, 'Fn::If takes [condition, value if true, value if false]');
        return;
      }
      for (const [i, branch] of branches.entries())
        if (this.kindOf(branch) !== 'no-value') this.checkValue(branch, type, `${path}/Fn::If/${i + 1}`);
      return;
    }
    const kind = this.kindOf({ [intrinsic.name]: intrinsic.argument });
    const expected = expectedKind(type);
    if (kind === 'no-value' || kind === 'any' || expected === 'any') return;
    if (kind !== expected) {
      this.report(
        path,
        kind === 'list'
          ? `${intrinsic.name} gives a list where a single ${typeName(type)} is expected`
          : `${intrinsic.name} gives a single value where ${typeName(type)} is expected`,
      );
      return;
    }
    this.checkParameterValues(intrinsic, type, path);
  }

  /** A `Ref` to a parameter with allowed values the property would refuse fails here, not at deploy. */
  private checkParameterValues(intrinsic: Intrinsic, type: PropertyType, path: string): void {
    if (intrinsic.name !== 'Ref' || typeof intrinsic.argument !== 'string') return;
    const parameter = this.template.Parameters?.[intrinsic.argument];
    if (!parameter || (type.type !== 'string' && type.type !== 'integer') || !type.allowedValues) return;
    const allowed = (type.allowedValues as unknown[]).map(String);
    const values = [
      ...(parameter.AllowedValues ?? []),
      ...(parameter.Default === undefined ? [] : [parameter.Default]),
    ];
    for (const candidate of values)
      if (!allowed.includes(String(candidate)))
        this.report(
          path,
          `parameter ${intrinsic.argument} allows ${String(candidate)}, which the property refuses`,
        );
  }

  private kindOf(value: unknown): ValueKind {
    const intrinsic = asIntrinsic(value);
    if (!intrinsic) return Array.isArray(value) ? 'list' : 'scalar';
    const { name, argument } = intrinsic;
    if (name === 'Ref') {
      if (argument === 'AWS::NoValue') return 'no-value';
      if (argument === 'AWS::NotificationARNs') return 'list';
      const parameterType =
        typeof argument === 'string' ? this.template.Parameters?.[argument]?.Type : undefined;
      return parameterType &&
        /^(List<|CommaDelimitedList|AWS::SSM::Parameter::Value<List<)/.test(parameterType)
        ? 'list'
        : 'scalar';
    }
    if (name === 'Fn::GetAtt') {
      const target = getAttTarget(argument);
      const resource = target && this.template.Resources[target.resource];
      const attribute =
        resource && typeof target.attribute === 'string'
          ? resourceSpec(this.db, resource.Type)?.attributes[target.attribute]
          : undefined;
      if (!attribute) return 'any';
      return attribute.type.type === 'array' ? 'list' : 'scalar';
    }
    if (name === 'Fn::If') return 'any';
    if (LIST_FUNCTIONS.has(name)) return 'list';
    if (OPAQUE_FUNCTIONS.has(name)) return 'any';
    return 'scalar';
  }

  private collect(check: () => void): TemplateProblem[] {
    const before = this.problems.length;
    check();
    return this.problems.splice(before);
  }
}

const TAG_PROPERTIES: ResourceProperties = {
  Key: { type: { type: 'string' }, required: true },
  Value: { type: { type: 'string' }, required: true },
};

function expectedKind(type: PropertyType): 'list' | 'scalar' | 'any' {
  if (type.type === 'array') return 'list';
  if (type.type === 'json' || type.type === 'union') return 'any';
  if (type.type === 'ref' || type.type === 'map' || type.type === 'tag') return 'any';
  return 'scalar';
}

function typeName(type: PropertyType): string {
  switch (type.type) {
    case 'array':
      return `list of ${typeName(type.element)}`;
    case 'map':
      return `map of ${typeName(type.element)}`;
    case 'union':
      return type.types.map(typeName).join(' | ');
    case 'ref':
      return 'object';
    default:
      return type.type;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
