import {
  deref,
  HTTP_METHODS,
  type IntegrationObject,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
} from './openapi-document';

/** One route of the HTTP API, as API Gateway builds it from the contract. */
export interface ContractRoute {
  /** `POST /todos/{todoId}`: the `routeKey` API Gateway puts in every payload-v2 event. */
  routeKey: string;
  method: string;
  path: string;
  operationId: string;
  /** The CloudFormation logical id of the Lambda function the integration invokes, e.g. `TodosFunction`. */
  functionLogicalId: string;
  /** Whether the route has a security requirement (the JWT authorizer) or `security: []`. */
  authorized: boolean;
  /** Path-level and operation-level parameters, references resolved. */
  parameters: ParameterObject[];
  operation: OperationObject;
}

export interface ContractFunction {
  logicalId: string;
  /** `UsersFunction` → `users`: the name of its entry module in src/functions and its bundle. */
  moduleName: string;
}

/** `${TodosFunction.Arn}` inside the integration's Fn::Sub uri names the function. */
export function functionOfIntegration(integration: IntegrationObject): string {
  const uri = integration.uri as { 'Fn::Sub'?: unknown } | string;
  const text = typeof uri === 'string' ? uri : typeof uri['Fn::Sub'] === 'string' ? uri['Fn::Sub'] : '';
  const match = /\$\{(\w+)\.Arn\}/.exec(text);
  if (!match?.[1])
    throw new Error(`Integration uri does not reference a function's Arn: ${JSON.stringify(uri)}`);
  return match[1];
}

export function routesOf(doc: OpenApiDocument): ContractRoute[] {
  const routes: ContractRoute[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const integration = operation['x-amazon-apigateway-integration'];
      if (!integration)
        throw new Error(`${method.toUpperCase()} ${path} has no x-amazon-apigateway-integration`);
      const security = operation.security ?? doc.security ?? [];
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
        deref<ParameterObject>(doc, p),
      );
      routes.push({
        routeKey: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId,
        functionLogicalId: functionOfIntegration(deref(doc, integration)),
        authorized: security.length > 0,
        parameters,
        operation,
      });
    }
  }
  return routes;
}

export function functionsOf(doc: OpenApiDocument): ContractFunction[] {
  const ids = [...new Set(routesOf(doc).map((r) => r.functionLogicalId))].sort();
  return ids.map((logicalId) => ({ logicalId, moduleName: moduleNameOf(logicalId) }));
}

export function moduleNameOf(logicalId: string): string {
  return logicalId.replace(/Function$/, '').replace(/^./, (c) => c.toLowerCase());
}
