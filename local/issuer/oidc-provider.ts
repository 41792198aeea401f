/**
 * The local OpenID Connect provider: the user pool and its managed login on one loopback origin,
 * laid out as Cognito's are.
 *
 *   GET  /<pool id>/.well-known/openid-configuration   discovery (the issuer is <origin>/<pool id>)
 *   GET  /<pool id>/.well-known/jwks.json              the signing key
 *   GET  /oauth2/authorize, POST /oauth2/authorize     the "Sign in as" form (./authorize-endpoint.ts)
 *   POST /oauth2/token                                 codes and refresh tokens (./token-endpoint.ts)
 *   GET  /logout                                       sign-out redirect (./logout-endpoint.ts)
 *   POST /                                             AdminDeleteUser (./cognito-admin-api.ts)
 *
 * Discovery, JWKS and token answer any origin (`Access-Control-Allow-Origin: *`, as Cognito's do),
 * so a browser app on another port reads them. Users and refresh tokens live under
 * `$DATA_DIR/issuer/`, the key under `$DATA_DIR/jwt/`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../stack/listen';
import type { AppClient } from './app-client';
import { AuthorizationCodes } from './authorization-codes';
import { authorize } from './authorize-endpoint';
import { cognitoAdminApi } from './cognito-admin-api';
import { discoveryDocument } from './discovery';
import { createLocalIssuer, type LocalIssuer } from './local-issuer';
import { logout } from './logout-endpoint';
import { htmlResponse, jsonResponse, oauthError, type ProviderResponse } from './provider-http';
import { recordIssuer } from './provider-record';
import { errorPage } from './sign-in-page';
import { token } from './token-endpoint';
import { LocalUserPool } from './user-pool';

export interface OidcProviderOptions {
  dataDir: string;
  /** 0 (the default) picks a free one. Always bound to 127.0.0.1. */
  port?: number;
  userPoolId: string;
  client: AppClient;
  /** The scopes the API's routes require: what `issueToken` puts in access tokens by default. */
  apiScopes: string[];
  /** Said in the error when the port is taken. */
  portHint?: string;
  /** How long an authorization code may wait for its redemption (tests shorten it). */
  codeLifetimeMs?: number;
}

export interface OidcProvider {
  /** `http://127.0.0.1:<port>`: also where the Cognito API (AdminDeleteUser) answers. */
  origin: string;
  /** `<origin>/<user pool id>`: the `iss` of its tokens, OIDC's authority. */
  issuer: string;
  jwksUri: string;
  client: AppClient;
  /** Signs tokens for any sub (tests, `npm start`'s sample token). */
  signer: LocalIssuer;
  users: LocalUserPool;
  close(): Promise<void>;
}

/** Form posts and Cognito API calls are small; anything bigger is refused before it is read. */
const MAX_BODY_BYTES = 64 * 1024;
const CORS_PATHS = ['/.well-known/openid-configuration', '/.well-known/jwks.json', '/oauth2/token'];

export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProvider> {
  const users = await LocalUserPool.open(options.dataDir);
  const codes = new AuthorizationCodes(options.codeLifetimeMs);
  const { client, userPoolId } = options;
  // Known once the port is: the handler runs only after listen() resolved.
  let urls = { origin: '', issuer: '', jwksUri: '' };
  let signer: LocalIssuer | undefined;

  const route = async (req: IncomingMessage, body: string): Promise<ProviderResponse> => {
    if (!signer) return jsonResponse(503, { message: 'The local OIDC provider is still starting.' });
    const url = new URL(req.url ?? '/', urls.origin);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const form = () => new URLSearchParams(body);
    const isForm = /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '');

    if (path === `/${userPoolId}/.well-known/openid-configuration` && method === 'GET')
      return jsonResponse(200, discoveryDocument(urls, client.allowedScopes));
    if (path === `/${userPoolId}/.well-known/jwks.json` && method === 'GET')
      return jsonResponse(200, signer.jwks);
    if (path === '/oauth2/authorize' && (method === 'GET' || method === 'POST')) {
      if (method === 'POST' && !isForm)
        return htmlResponse(
          415,
          errorPage('Unsupported form', 'Post the sign-in form as application/x-www-form-urlencoded.'),
        );
      return authorize(method, method === 'POST' ? form() : url.searchParams, { client, codes, users });
    }
    if (path === '/oauth2/token') {
      if (method !== 'POST')
        return { ...oauthError('invalid_request', 'Use POST.', 405), headers: { allow: 'POST' } };
      if (!isForm)
        return oauthError('invalid_request', 'Send the token request as application/x-www-form-urlencoded.');
      return token(form(), { client, codes, users, signer });
    }
    if (path === '/logout' && method === 'GET') return logout(url.searchParams, client);
    if (path === '/' && method === 'POST') {
      const target = req.headers['x-amz-target'];
      return cognitoAdminApi(typeof target === 'string' ? target : undefined, body, { userPoolId, users });
    }
    return jsonResponse(404, { message: 'Not Found' });
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const cors = CORS_PATHS.some((suffix) => path.endsWith(suffix));
    let response: ProviderResponse;
    try {
      if (req.method === 'OPTIONS' && cors) {
        response = { status: 204, headers: preflightHeaders(req), body: '' };
      } else {
        const body = await readBody(req);
        response =
          body === undefined
            ? jsonResponse(413, { message: 'Request Entity Too Large' })
            : await route(req, body);
      }
    } catch (error) {
      console.error('The local OIDC provider failed on', req.method, path, error);
      response = jsonResponse(500, { message: 'Internal Server Error' });
    }
    res.writeHead(response.status, {
      ...response.headers,
      ...(cors ? { 'access-control-allow-origin': '*' } : {}),
    });
    res.end(response.body);
  };

  const port = await listen(server, options.port ?? 0, 'the local OIDC provider', options.portHint);
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}/${userPoolId}`;
  urls = { origin, issuer, jwksUri: `${issuer}/.well-known/jwks.json` };
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  try {
    signer = await createLocalIssuer(options.dataDir, {
      issuer,
      clientId: client.clientId,
      apiScopes: options.apiScopes,
    });
    await recordIssuer(options.dataDir, issuer);
  } catch (error) {
    await close();
    throw error;
  }
  return { ...urls, client, signer, users, close };
}

function preflightHeaders(req: IncomingMessage): Record<string, string> {
  const requested = req.headers['access-control-request-headers'];
  return {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers':
      typeof requested === 'string' && requested ? requested : 'content-type, authorization',
    'access-control-max-age': '600',
  };
}

/** The body as text; undefined when it is over the limit (the rest is read and dropped). */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}
