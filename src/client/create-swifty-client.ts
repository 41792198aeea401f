/**
 * The typed SwiftyPlanner client: openapi-fetch over the types generated from openapi/openapi.yaml.
 * Paths, parameters, bodies and responses are checked at compile time; `error` is the contract's error
 * body for the call (a `Problem`, or API Gateway's `GatewayError` for 401/429). Runs in browsers, Node
 * and workers alike: nothing here imports a Node built-in.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../generated/openapi';
import { bearerToken, type TokenProvider } from './bearer-token';
import { mergePatchBodies } from './merge-patch';

export type SwiftyClient = Client<paths>;

/** A fixed `token`, or `getToken` to fetch a fresh one per request: not both. */
type TokenOptions = { token?: string; getToken?: never } | { token?: never; getToken?: TokenProvider };

export type SwiftyClientOptions = TokenOptions & {
  /** Where the API is: the stage URL, `http://127.0.0.1:3000` locally, or the Prism mock. */
  baseUrl: string;
  /** Defaults to `globalThis.fetch`; pass one to add retries or to observe requests in tests. */
  fetch?: (request: Request) => Promise<Response>;
};

export function createSwiftyClient(options: SwiftyClientOptions): SwiftyClient {
  const { baseUrl, token, getToken, fetch } = options;
  const client = createClient<paths>({ baseUrl, ...(fetch ? { fetch } : {}) });
  client.use(bearerToken(getToken ?? (() => token)), mergePatchBodies);
  return client;
}
