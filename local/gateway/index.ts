/**
 * The HTTP API emulator: an API Gateway HTTP API (payload format 2.0, JWT authorizer, CORS) built from
 * openapi/openapi.yaml, in front of Lambda handlers run in process.
 *
 *   const api = httpApiOf(await loadContract(CONTRACT_PATH), localValuesOf(localParameters()));
 *   const gateway = await startGateway({ api, handlers: { UsersFunction, TodosFunction }, keys });
 */
export {
  type Gateway,
  type GatewayLogLine,
  type GatewayOptions,
  MAX_BODY_BYTES,
  startGateway,
} from './gateway';
export { type ApiRoute, type HttpApi, httpApiOf, type JwtAuthorizerConfig } from './http-api';
export type { FunctionSettings, LambdaHandler } from './lambda-invoke';
export type { FunctionHandlers } from './request-pipeline';
