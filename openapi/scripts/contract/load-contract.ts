import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { OpenApiDocument } from './openapi-document';

/** Reads openapi/openapi.yaml as the plain object API Gateway imports (CloudFormation intrinsics left as-is). */
export async function loadContract(path: string): Promise<OpenApiDocument> {
  const text = await readFile(path, 'utf8');
  return parse(text) as OpenApiDocument;
}
