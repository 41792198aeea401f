/**
 * The contract as API Gateway would receive it for a stage, or any other part of the template as
 * CloudFormation would hand it to a resource: its intrinsics (Ref, Fn::Sub, Fn::GetAtt, Fn::If and
 * the conditions of infra/template.yaml, Fn::Join, Fn::Select, Fn::Split) resolved against the
 * stage's parameters and the names the stack gives its resources. Resources that do not exist yet
 * stand in with the identifiers they will have (a function's ARN follows from its name) or, where AWS
 * assigns the identifier (the user pool, its client), with a placeholder of the same shape.
 */
import type { CfnTemplate } from '../template/template';
import type { AwsContext } from './aws-context';

export interface StageValues {
  stage: string;
  context: AwsContext;
  /** Parameter values that differ from the template's defaults (a CommaDelimitedList as `a,b`). */
  parameters: Record<string, string>;
  /** The stack's id, once there is one (a new stack's is a placeholder of the same shape). */
  stackId?: string;
  /**
   * Identifiers AWS assigned, or will, by `LogicalId` (what a Ref gives) and `LogicalId.Attribute`:
   * they take precedence over the stand-ins below.
   */
  resources?: Record<string, string>;
}

export class UnresolvableIntrinsicError extends Error {
  override name = 'UnresolvableIntrinsicError';
}

type Value = unknown;

export function resolveForStage(document: unknown, template: CfnTemplate, values: StageValues): unknown {
  const { context } = values;
  const parameters: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(template.Parameters ?? {}).map(([name, p]) => [name, String(p.Default ?? '')]),
    ),
    Stage: values.stage,
    ...values.parameters,
  };
  const pseudo: Record<string, string> = {
    'AWS::Region': context.region,
    'AWS::AccountId': context.accountId,
    'AWS::Partition': context.partition,
    'AWS::URLSuffix': context.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    'AWS::StackName': `swiftyplanner-${values.stage}`,
    'AWS::StackId':
      values.stackId ??
      `arn:${context.partition}:cloudformation:${context.region}:${context.accountId}:stack/swiftyplanner-${values.stage}/00000000-0000-0000-0000-000000000000`,
  };

  const ref = (name: string, at: string): Value => {
    if (name in pseudo) return pseudo[name];
    const parameter = template.Parameters?.[name];
    if (parameter) {
      const value = parameters[name] ?? '';
      return parameter.Type === 'CommaDelimitedList' ? value.split(',').map((item) => item.trim()) : value;
    }
    return standIn(name, undefined, at);
  };

  const standIn = (logicalId: string, attribute: string | undefined, at: string): Value => {
    const given = values.resources?.[attribute === undefined ? logicalId : `${logicalId}.${attribute}`];
    if (given !== undefined) return given;
    const resource = template.Resources[logicalId];
    const type = resource?.Type;
    if (type === 'AWS::Lambda::Function') {
      const name = String(resolve(resource?.Properties?.FunctionName, `${logicalId}.FunctionName`));
      if (attribute === undefined) return name;
      if (attribute === 'Arn')
        return `arn:${context.partition}:lambda:${context.region}:${context.accountId}:function:${name}`;
    }
    if (type === 'AWS::Cognito::UserPool' && attribute === undefined)
      return `${context.region}_importRehearsal`;
    // The pool's issuer, as Cognito names it: https://cognito-idp.<region>.<suffix>/<pool id>.
    if (type === 'AWS::Cognito::UserPool' && attribute === 'ProviderURL')
      return `https://cognito-idp.${context.region}.${pseudo['AWS::URLSuffix']}/${context.region}_importRehearsal`;
    if (type === 'AWS::Cognito::UserPoolClient' && attribute === undefined) return 'importrehearsalclient';
    throw new UnresolvableIntrinsicError(
      `${at} refers to ${logicalId}${attribute ? `.${attribute}` : ''} (${type ?? 'not in the template'}), ` +
        'which the import rehearsal cannot stand in for: teach infra/deploy/stage-contract.ts its identifier.',
    );
  };

  const condition = (name: string, at: string): boolean => {
    const definition = template.Conditions?.[name];
    if (definition === undefined)
      throw new UnresolvableIntrinsicError(`${at}: no condition ${name} in the template`);
    return Boolean(resolve(definition, `Conditions.${name}`));
  };

  const sub = (argument: Value, at: string): string => {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    const local = Object.fromEntries(
      Object.entries((variables ?? {}) as Record<string, Value>).map(([key, v]) => [key, resolve(v, at)]),
    );
    return String(text).replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      const key = name.trim();
      if (key in local) return String(local[key]);
      const dot = key.indexOf('.');
      return String(dot > 0 ? standIn(key.slice(0, dot), key.slice(dot + 1), at) : ref(key, at));
    });
  };

  function resolve(node: Value, at: string): Value {
    if (Array.isArray(node)) return node.map((item, i) => resolve(item, `${at}[${i}]`));
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node);
    const [key, argument] = entries[0] ?? [];
    if (
      entries.length === 1 &&
      key !== undefined &&
      (key === 'Ref' || key.startsWith('Fn::') || key === 'Condition')
    ) {
      switch (key) {
        case 'Ref':
          return ref(String(argument), at);
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = Array.isArray(argument)
            ? argument.map(String)
            : String(argument).split(/\.(.*)/s);
          return standIn(String(logicalId), attribute, at);
        }
        case 'Fn::Sub':
          return sub(argument, at);
        case 'Fn::Select': {
          const [index, items] = argument as [Value, Value];
          return (resolve(items, at) as Value[])[Number(resolve(index, at))];
        }
        case 'Fn::Split': {
          const [separator, text] = argument as [string, Value];
          return String(resolve(text, at)).split(separator);
        }
        case 'Fn::Join': {
          const [separator, items] = argument as [string, Value];
          return (resolve(items, at) as Value[]).flat().map(String).join(separator);
        }
        case 'Fn::If': {
          const [name, whenTrue, whenFalse] = argument as [string, Value, Value];
          return resolve(condition(name, at) ? whenTrue : whenFalse, at);
        }
        case 'Fn::Equals': {
          const [left, right] = (argument as Value[]).map((item) => resolve(item, at));
          return JSON.stringify(left) === JSON.stringify(right);
        }
        case 'Fn::Not':
          return !resolve((argument as Value[])[0], at);
        case 'Fn::And':
          return (argument as Value[]).every((item) => resolve(item, at));
        case 'Fn::Or':
          return (argument as Value[]).some((item) => resolve(item, at));
        case 'Condition':
          return condition(String(argument), at);
        default:
          throw new UnresolvableIntrinsicError(`${key} at ${at} is not resolved by the import rehearsal`);
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v, `${at}.${k}`)]));
  }

  return resolve(document, '$');
}
