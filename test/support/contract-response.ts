/**
 * Checks a Lambda response against the contract (generated/openapi.json): the status is one the
 * operation declares, the body matches the schema of its media type (application/json or
 * application/problem+json), a 204 has no body, and a success response carries every header the
 * contract declares for it (ETag, Location). Any mismatch throws, naming what is wrong, so a handler
 * that answers something the contract does not declare fails the test that provoked it.
 *
 *   const res = await invoke(handler, event('POST /users', { sub, body }));   // checked
 *   expect(res.status).toBe(201);
 */

import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import contract from '../../generated/openapi.json';
import { deref, type OpenApiDocument } from '../../openapi/scripts/contract/openapi-document';
import { lambdaContext } from './events';

const doc = contract as unknown as OpenApiDocument;

/** The contract's info.version, what GET /health must report. */
export const contractVersion: string = doc.info.version;

interface MediaObject {
  schema?: Record<string, unknown>;
}
interface HeaderObject {
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface ResponseObject {
  content?: Record<string, MediaObject>;
  headers?: Record<string, HeaderObject | { $ref: string }>;
}

/** A checked response, headers lower-cased, body parsed. */
export interface ContractResponse {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of bodies the contract check already validated.
  body: any;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema({
  $id: 'openapi.json',
  components: { schemas: doc.components.schemas, parameters: doc.components.parameters },
});
const validators = new Map<string, ValidateFunction>();

/** `#/components/schemas/X` → `openapi.json#/components/schemas/X` so refs resolve in the schema added above. */
function rooted<T>(value: T): T {
  if (Array.isArray(value)) return value.map(rooted) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi.json${v}` : rooted(v),
      ]),
    ) as T;
  }
  return value;
}

function validatorFor(key: string, schema: Record<string, unknown>): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rooted(schema));
    validators.set(key, validate);
  }
  return validate;
}

/**
 * Whether `value` fits a schema of the contract, `#/components/schemas/UserCreate` or a parameter's
 * `#/components/parameters/IfMatch/schema`: what a request should be answered by, decided from the
 * contract itself (compiled here), not from the functions' generated validators.
 */
export function fitsContract(pointer: string, value: unknown): boolean {
  return validatorFor(pointer, { $ref: pointer })(value);
}

/** The declared responses of a routeKey; undefined when the contract has no such route. */
function declaredResponses(routeKey: string): Record<string, unknown> | undefined {
  const [method = '', path = ''] = routeKey.split(' ');
  const item = doc.paths[path] as Record<string, { responses?: Record<string, unknown> }> | undefined;
  return item?.[method.toLowerCase()]?.responses;
}

/** A route the contract lacks may only answer the runtime's 404 problem. */
const unknownRouteResponses: Record<string, unknown> = {
  '404': { $ref: '#/components/responses/NotFound' },
};

function lowerCased(headers: APIGatewayProxyStructuredResultV2['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

export function checkContractResponse(
  routeKey: string,
  response: APIGatewayProxyStructuredResultV2,
): ContractResponse {
  const status = response.statusCode ?? 200;
  const headers = lowerCased(response.headers);
  const where = `${routeKey} → ${status}`;
  const fail = (what: string): never => {
    throw new Error(`Response breaks the contract (${where}): ${what}\nbody: ${response.body ?? '(none)'}`);
  };

  const responses = declaredResponses(routeKey) ?? unknownRouteResponses;
  const declared = responses[String(status)] ?? responses.default;
  if (!declared)
    return fail(`status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`);
  const spec = deref<ResponseObject>(doc, declared as ResponseObject);

  let body: unknown;
  const content = spec.content ?? {};
  if (Object.keys(content).length === 0) {
    if (response.body !== undefined && response.body !== '') fail('a body where the contract declares none');
  } else {
    const media = headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
    const mediaSpec = content[media];
    if (!mediaSpec)
      fail(`content-type '${media}' is not declared (declared: ${Object.keys(content).join(', ')})`);
    try {
      body = JSON.parse(response.body ?? '');
    } catch {
      fail('the body is not JSON');
    }
    const validate = validatorFor(`${routeKey} ${status} ${media}`, mediaSpec?.schema ?? {});
    if (!validate(body)) fail(`body: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
    if (media === 'application/problem+json' && (body as { status?: unknown }).status !== status) {
      fail("the problem's status differs from the HTTP status");
    }
  }

  const success = status >= 200 && status < 300;
  for (const [name, header] of Object.entries(spec.headers ?? {})) {
    const h = deref<HeaderObject>(doc, header);
    // Success headers are required by the handler types (OperationResult), so the check requires them too.
    if ((success || h.required) && headers[name.toLowerCase()] === undefined)
      fail(`header ${name} is missing`);
  }
  return { status, headers, body };
}

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Runs the event through a function handler and checks the response against the contract. */
/** `context` is a fresh Lambda context (29 s left) unless given: `lambdaContext({ remainingMs: 2_000 })`. */
export async function invoke(
  handler: Handler,
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context = lambdaContext(),
): Promise<ContractResponse> {
  return checkContractResponse(event.routeKey, await handler(event, context));
}
