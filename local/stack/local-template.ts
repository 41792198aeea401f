/**
 * What the local stack takes from infra/template.yaml (read with a plain YAML parser: the template
 * uses long-form intrinsics only), so nothing is defined twice:
 * - the Lambda functions that name a TypeScript entry in `Metadata.SwiftyPlanner.Entry`, with the
 *   export `Handler: users.handler` names and the settings their context reports;
 * - the CORS rules of the attachments bucket.
 * (The table comes from the same file through local/dynamodb/table-definition.ts.)
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { type LocalValues, resolveIntrinsics } from '../gateway/intrinsics';
import type { FunctionSettings } from '../gateway/lambda-invoke';
import type { CorsRule } from '../s3/s3-server';

export interface TemplateResource {
  Type?: string;
  Metadata?: { SwiftyPlanner?: { Entry?: string } };
  Properties?: Record<string, unknown>;
}

export interface Template {
  Resources?: Record<string, TemplateResource>;
}

export interface TemplateFunction {
  logicalId: string;
  /** Path of the entry module relative to the repository root, e.g. `src/functions/users.ts`. */
  entry: string;
  /** The module's export that is the handler. */
  exportName: string;
  settings: FunctionSettings;
}

export async function readTemplate(path: string): Promise<Template> {
  return parse(await readFile(path, 'utf8')) as Template;
}

export function templateFunctionsOf(template: Template, values: LocalValues): TemplateFunction[] {
  const functions: TemplateFunction[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const entry = resource.Metadata?.SwiftyPlanner?.Entry;
    if (resource.Type !== 'AWS::Lambda::Function' || typeof entry !== 'string') continue;
    const properties = resource.Properties ?? {};
    const handler = typeof properties.Handler === 'string' ? properties.Handler : '';
    functions.push({
      logicalId,
      entry,
      exportName: handler.split('.').pop() || 'handler',
      settings: {
        functionName: functionNameOf(logicalId, properties.FunctionName, values),
        memoryMb: typeof properties.MemorySize === 'number' ? properties.MemorySize : 128,
        timeoutSeconds: typeof properties.Timeout === 'number' ? properties.Timeout : 3,
      },
    });
  }
  return functions;
}

function functionNameOf(logicalId: string, name: unknown, values: LocalValues): string {
  if (name === undefined) return logicalId;
  try {
    return String(resolveIntrinsics(name, values, `${logicalId}.Properties.FunctionName`));
  } catch {
    return logicalId; // built from something the local stack has no value for
  }
}

/** The CORS rules of the first S3 bucket that has some, resolved locally; undefined when none has. */
export function bucketCorsOf(template: Template, values: LocalValues): CorsRule[] | undefined {
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const cors = resource.Properties?.CorsConfiguration as { CorsRules?: unknown } | undefined;
    if (resource.Type !== 'AWS::S3::Bucket' || !cors?.CorsRules) continue;
    return resolveIntrinsics(
      cors.CorsRules,
      values,
      `${logicalId}.Properties.CorsConfiguration`,
    ) as CorsRule[];
  }
  return undefined;
}
