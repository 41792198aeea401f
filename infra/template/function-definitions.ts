import { basename, extname } from 'node:path';
import type { CfnTemplate } from './template';

/** A Lambda function of the template together with the TypeScript entry it is built from. */
export interface FunctionDefinition {
  /** Logical id in the template, e.g. `UsersFunction`. */
  logicalId: string;
  /** Bundle and module name, e.g. `users`: the zip holds `users.mjs`, so `Handler: users.handler`. */
  name: string;
  /** Entry module relative to the repository root, from `Metadata.SwiftyPlanner.Entry`. */
  entry: string;
  /** The template parameter that carries the S3 key of this function's zip. */
  codeKeyParameter: string;
}

interface FunctionResourceShape {
  Metadata?: { SwiftyPlanner?: { Entry?: unknown } };
  Properties?: { Handler?: unknown; Code?: { S3Key?: unknown } };
}

/**
 * Every AWS::Lambda::Function that carries `Metadata.SwiftyPlanner.Entry`, sorted by name. The
 * handler's file part must match the entry's file name: that is what puts `users.mjs` at the root
 * of the zip that `Handler: users.handler` loads.
 */
export function functionDefinitionsOf(template: CfnTemplate): FunctionDefinition[] {
  const definitions: FunctionDefinition[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const shape = resource as FunctionResourceShape;
    const entry = shape.Metadata?.SwiftyPlanner?.Entry;
    if (entry === undefined) continue;
    if (typeof entry !== 'string')
      throw new Error(
        `${logicalId}: Metadata.SwiftyPlanner.Entry must be a path like src/functions/users.ts`,
      );
    const name = basename(entry, extname(entry));
    const handler = shape.Properties?.Handler;
    if (handler !== `${name}.handler`)
      throw new Error(
        `${logicalId}: Handler is ${JSON.stringify(handler)} but the bundle of ${entry} is ${name}.mjs; ` +
          `set Handler: ${name}.handler`,
      );
    const s3Key = shape.Properties?.Code?.S3Key as { Ref?: unknown } | undefined;
    if (typeof s3Key?.Ref !== 'string')
      throw new Error(
        `${logicalId}: Code.S3Key must be { Ref: <parameter> } so the deploy can pass the zip's key`,
      );
    definitions.push({ logicalId, name, entry, codeKeyParameter: s3Key.Ref });
  }
  return definitions.sort((a, b) => a.name.localeCompare(b.name));
}
