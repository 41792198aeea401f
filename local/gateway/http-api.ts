/**
 * The HTTP API as API Gateway builds it when it imports the contract: routes (from `routesOf`, the one
 * route table), the integration each route invokes, its JWT authorizer, and the API's CORS settings,
 * with the CloudFormation intrinsics in those extensions resolved against local values.
 */
import {
  deref,
  type IntegrationObject,
  type OpenApiDocument,
  type OperationObject,
} from '../../openapi/scripts/contract/openapi-document';
import { routesOf } from '../../openapi/scripts/contract/routes';
import { type CorsConfig, corsConfigOf } from './cors';
import { type LocalValues, resolveIntrinsics } from './intrinsics';

/** API Gateway's ceiling for an HTTP API integration, used when the integration names none. */
const MAX_INTEGRATION_TIMEOUT_MS = 30_000;

export interface JwtAuthorizerConfig {
  /** The security scheme's name in the contract, e.g. `cognitoJwt`. */
  name: string;
  issuer: string;
  audience: string[];
  /** Lower-cased request header that carries the token (from `$request.header.Authorization`). */
  header: string;
}

export interface ApiRoute {
  routeKey: string;
  method: string;
  path: string;
  operationId: string;
  /** CloudFormation logical id of the Lambda function the integration invokes. */
  functionLogicalId: string;
  /** The JWT authorizer guarding the route; absent for `security: []`. */
  authorizer?: JwtAuthorizerConfig;
  /**
   * The route's `authorizationScopes`: the scopes its security requirement lists. A token must carry
   * at least one of them (in `scope` or `scp`) when there are any.
   */
  authorizationScopes: string[];
  integrationTimeoutMs: number;
}

export interface HttpApi {
  routes: ApiRoute[];
  cors?: CorsConfig;
}

export function httpApiOf(doc: OpenApiDocument, values: LocalValues): HttpApi {
  const authorizers = new Map<string, JwtAuthorizerConfig>();
  const authorizerNamed = (name: string): JwtAuthorizerConfig => {
    let config = authorizers.get(name);
    if (!config) {
      config = jwtAuthorizerOf(doc, name, values);
      authorizers.set(name, config);
    }
    return config;
  };

  const routes = routesOf(doc).map((route): ApiRoute => {
    const integration = deref<IntegrationObject>(
      doc,
      route.operation['x-amazon-apigateway-integration'] as IntegrationObject,
    );
    const requirement = securityRequirementOf(doc, route.operation);
    const scheme = requirement?.scheme;
    return {
      routeKey: route.routeKey,
      method: route.method,
      path: route.path,
      operationId: route.operationId,
      functionLogicalId: route.functionLogicalId,
      ...(scheme ? { authorizer: authorizerNamed(scheme) } : {}),
      authorizationScopes: requirement?.scopes ?? [],
      integrationTimeoutMs: Math.min(
        integration.timeoutInMillis ?? MAX_INTEGRATION_TIMEOUT_MS,
        MAX_INTEGRATION_TIMEOUT_MS,
      ),
    };
  });

  const cors = doc['x-amazon-apigateway-cors'];
  return {
    routes,
    ...(cors ? { cors: corsConfigOf(resolveIntrinsics(cors, values, 'x-amazon-apigateway-cors')) } : {}),
  };
}

/**
 * The first scheme of the first security requirement and its scopes, as API Gateway attaches one
 * authorizer per route and makes the requirement's scopes the route's `authorizationScopes`.
 */
function securityRequirementOf(
  doc: OpenApiDocument,
  operation: OperationObject,
): { scheme: string; scopes: string[] } | undefined {
  const requirements = operation.security ?? doc.security ?? [];
  const [scheme, scopes] = Object.entries(requirements[0] ?? {})[0] ?? [];
  return scheme ? { scheme, scopes: (scopes ?? []).map(String) } : undefined;
}

function jwtAuthorizerOf(doc: OpenApiDocument, name: string, values: LocalValues): JwtAuthorizerConfig {
  const scheme = doc.components.securitySchemes?.[name];
  const raw = scheme?.['x-amazon-apigateway-authorizer'];
  if (!raw) {
    throw new Error(
      `Security scheme ${name} has no x-amazon-apigateway-authorizer; the local gateway only emulates JWT authorizers.`,
    );
  }
  const at = `components.securitySchemes.${name}.x-amazon-apigateway-authorizer`;
  const authorizer = resolveIntrinsics(raw, values, at) as {
    type?: string;
    identitySource?: string;
    jwtConfiguration?: { issuer?: string; audience?: string[] };
  };
  if (authorizer.type !== 'jwt') {
    throw new Error(`${at}.type is ${authorizer.type}; the local gateway only emulates type: jwt.`);
  }
  const source = /^\$request\.header\.([\w-]+)$/.exec(authorizer.identitySource ?? '');
  if (!source?.[1]) {
    throw new Error(`${at}.identitySource must be $request.header.<Name>, got ${authorizer.identitySource}.`);
  }
  const { issuer, audience } = authorizer.jwtConfiguration ?? {};
  if (!issuer || !audience?.length) {
    throw new Error(`${at}.jwtConfiguration needs an issuer and at least one audience.`);
  }
  return { name, issuer, audience: audience.map(String), header: source[1].toLowerCase() };
}
