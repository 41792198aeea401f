/**
 * The few parts of an OpenAPI 3.0 document that our tooling reads. Loose on purpose: the contract's
 * full typing lives in generated/openapi.d.ts; this only describes the document's structure.
 */
export type JsonSchema = Record<string, unknown>;

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
  $ref?: string;
}

export interface IntegrationObject {
  type: string;
  httpMethod: string;
  payloadFormatVersion: string;
  uri: unknown;
  timeoutInMillis?: number;
  $ref?: string;
}

export interface OperationObject {
  operationId: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, unknown>;
  'x-amazon-apigateway-integration'?: IntegrationObject;
}

export type PathItemObject = { parameters?: ParameterObject[] } & Partial<
  Record<HttpMethod, OperationObject>
>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; license?: { name: string; url?: string } };
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters?: Record<string, ParameterObject>;
    securitySchemes?: Record<string, Record<string, unknown>>;
    'x-amazon-apigateway-integrations'?: Record<string, IntegrationObject>;
    [key: string]: unknown;
  };
  security?: Record<string, string[]>[];
  'x-amazon-apigateway-cors'?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Resolves a local `#/a/b/c` reference inside the document. */
export function resolveRef<T>(doc: OpenApiDocument, ref: string): T {
  if (!ref.startsWith('#/')) throw new Error(`Only local references are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (node === undefined) throw new Error(`Unresolvable reference ${ref}`);
  return node as T;
}

/** Follows `$ref` when the object is a reference, returns it unchanged otherwise. */
export function deref<T>(doc: OpenApiDocument, value: T | { $ref: string }): T {
  const ref = (value as { $ref?: unknown }).$ref;
  return typeof ref === 'string' ? resolveRef<T>(doc, ref) : (value as T);
}
