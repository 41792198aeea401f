/**
 * Publishes the local issuer's keys on loopback, as Cognito publishes a user pool's at
 * `<issuer>/.well-known/jwks.json`; the gateway fetches them from here like API Gateway does.
 */
import { createServer } from 'node:http';
import { listen } from '../stack/listen';
import type { LocalIssuer } from './local-issuer';

export interface JwksServer {
  url: string;
  jwksUri: string;
  close(): Promise<void>;
}

export async function serveJwks(issuer: LocalIssuer, port = 0): Promise<JwksServer> {
  let base = '';
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    const body =
      path === '/.well-known/jwks.json'
        ? issuer.jwks
        : path === '/.well-known/openid-configuration'
          ? {
              issuer: issuer.issuer,
              jwks_uri: `${base}/.well-known/jwks.json`,
              id_token_signing_alg_values_supported: ['RS256'],
            }
          : undefined;
    res.statusCode = body ? 200 : 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body ?? { message: 'Not Found' }));
  });
  const bound = await listen(server, port, 'the local JWKS');
  base = `http://127.0.0.1:${bound}`;
  return {
    url: base,
    jwksUri: `${base}/.well-known/jwks.json`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
