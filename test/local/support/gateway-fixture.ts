/**
 * The emulator over the real contract with test handlers in place of the functions: a real HTTP
 * server, a real local OIDC provider (key and users in a temporary DATA_DIR) serving its JWKS over
 * HTTP. Every event a handler receives and every log line is recorded for the assertions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { createRemoteJWKSet, type JWTPayload, SignJWT } from 'jose';
import {
  type Gateway,
  type GatewayLogLine,
  type GatewayOptions,
  startGateway,
} from '../../../local/gateway/gateway';
import { httpApiOf } from '../../../local/gateway/http-api';
import type { LocalValues } from '../../../local/gateway/intrinsics';
import type { LambdaHandler } from '../../../local/gateway/lambda-invoke';
import { appClientOf } from '../../../local/issuer/app-client';
import { issuerSettingsOf, type LocalIssuer } from '../../../local/issuer/local-issuer';
import { type OidcProvider, startOidcProvider } from '../../../local/issuer/oidc-provider';
import { loadOrCreateSigningKey } from '../../../local/issuer/signing-key';
import { freePort } from '../../../local/stack/free-port';
import {
  type LocalParameters,
  localParameters,
  localValuesOf,
  providerUrlOf,
} from '../../../local/stack/local-parameters';
import { readTemplate } from '../../../local/stack/local-template';
import { loadContract } from '../../../openapi/scripts/contract/load-contract';
import type { OpenApiDocument } from '../../../openapi/scripts/contract/openapi-document';
import { CONTRACT_PATH, TEMPLATE_PATH } from '../../../paths';

export interface GatewayFixture {
  url: string;
  /** Signs tokens the gateway accepts, for any sub. */
  issuer: LocalIssuer;
  provider: OidcProvider;
  /** The provider's DATA_DIR (its key under jwt/, its users under issuer/). */
  dataDir: string;
  /** The local values the contract was resolved with (the provider's issuer among them). */
  values: LocalValues;
  /** Events the test handlers received, in order. */
  events: APIGatewayProxyEventV2WithJWTAuthorizer[];
  logLines: GatewayLogLine[];
  /** Replaces the handler of a function (`UsersFunction`, `TodosFunction`) for the next requests. */
  handle(logicalId: string, handler: LambdaHandler): void;
  /** A valid token for `sub`. */
  token(sub?: string): Promise<string>;
  /** Signs exactly these claims (nothing added) with the issuer's own key, RS256 and its kid. */
  signWithIssuerKey(payload: JWTPayload): Promise<string>;
  /** The gateway's own reload: another version of the API from the next request on. */
  reload: Gateway['reload'];
  close(): Promise<void>;
}

/** Answers 200 with a small JSON body naming the route it got. */
export const echoHandler: LambdaHandler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ routeKey: event.routeKey }),
});

export async function startGatewayFixture(
  options: {
    parameters?: Partial<LocalParameters>;
    gateway?: Pick<GatewayOptions, 'integrationTimeoutMs' | 'maxBodyBytes'>;
    /** Changes the contract before the gateway imports it, as a broken deploy would. */
    editContract?: (contract: OpenApiDocument) => void;
  } = {},
): Promise<GatewayFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-gateway-'));
  const contract = await loadContract(CONTRACT_PATH);
  options.editContract?.(contract);
  const issuerPort = await freePort();
  const { userPoolId } = localParameters(options.parameters);
  const parameters = localParameters({
    providerUrl: providerUrlOf(issuerPort, userPoolId),
    ...options.parameters,
  });
  const values = localValuesOf(parameters);
  const api = httpApiOf(contract, values);
  const provider = await startOidcProvider({
    dataDir,
    port: issuerPort,
    userPoolId,
    client: appClientOf(await readTemplate(TEMPLATE_PATH), values),
    apiScopes: issuerSettingsOf(api).apiScopes,
  });
  const issuer = provider.signer;
  const events: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
  const logLines: GatewayLogLine[] = [];
  const handlers = new Map<string, LambdaHandler>();
  const recording =
    (id: string): LambdaHandler =>
    (event, context) => {
      events.push(event);
      return (handlers.get(id) ?? echoHandler)(event, context);
    };
  const gateway = await startGateway({
    api,
    handlers: recording,
    keys: createRemoteJWKSet(new URL(provider.jwksUri)),
    log: (line) => logLines.push(line),
    ...options.gateway,
  });
  return {
    url: gateway.url,
    issuer,
    provider,
    dataDir,
    values,
    events,
    logLines,
    handle: (id, handler) => handlers.set(id, handler),
    token: (sub = 'alice') => issuer.issueToken(sub),
    reload: (next) => gateway.reload(next),
    async signWithIssuerKey(payload) {
      const key = await loadOrCreateSigningKey(join(dataDir, 'jwt'));
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey);
    },
    async close() {
      await gateway.close();
      await provider.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
