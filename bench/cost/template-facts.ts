/**
 * What the cost estimate takes from infra/template.yaml: each function's MemorySize and the size of
 * the gateway's access log line (its Format with typical values in place of each `$context.*`).
 */
import { functionDefinitionsOf } from '../../infra/template/function-definitions';
import { type CfnTemplate, loadTemplate } from '../../infra/template/template';

/** Typical lengths of the access log variables; anything not listed counts 8 characters. */
const TYPICAL_LENGTH: Record<string, number> = {
  '$context.requestId': 16,
  '$context.requestTime': 26,
  '$context.identity.sourceIp': 13,
  '$context.path': 40,
  '$context.routeKey': 20,
  '$context.protocol': 8,
  '$context.authorizer.claims.sub': 36,
  '$context.identity.userAgent': 60,
  '$context.domainName': 40,
  '$context.integrationErrorMessage': 0,
  '$context.authorizer.error': 0,
};

export interface TemplateFacts {
  memoryMb: Record<string, number>;
  accessLogBytes: number;
}

export function templateFacts(template: CfnTemplate = loadTemplate()): TemplateFacts {
  const memoryMb: Record<string, number> = {};
  for (const definition of functionDefinitionsOf(template)) {
    const size = template.Resources[definition.logicalId]?.Properties?.MemorySize;
    const resolved =
      typeof size === 'object' && size !== null && 'Ref' in size ? parameterDefault(template, size) : size;
    if (typeof resolved !== 'number') {
      throw new Error(
        `${definition.logicalId} has no numeric MemorySize in infra/template.yaml (found ${JSON.stringify(size)})`,
      );
    }
    memoryMb[definition.name] = resolved;
  }
  const stage = Object.values(template.Resources).find(
    (resource) => resource.Type === 'AWS::ApiGatewayV2::Stage',
  );
  const format = (stage?.Properties?.AccessLogSettings as { Format?: unknown } | undefined)?.Format;
  const accessLogBytes =
    typeof format === 'string'
      ? format.replace(/\$context\.[A-Za-z.]+/g, (variable) => 'x'.repeat(TYPICAL_LENGTH[variable] ?? 8))
          .length
      : 0;
  return { memoryMb, accessLogBytes };
}

function parameterDefault(template: CfnTemplate, ref: object): unknown {
  const name = (ref as { Ref: unknown }).Ref;
  return typeof name === 'string' ? Number(template.Parameters?.[name]?.Default) : undefined;
}
