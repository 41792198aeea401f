/**
 * The local stand-in for the Cognito user pool: signs RS256 tokens shaped like Cognito's, with the
 * issuer and client id the contract's JWT authorizer resolves to locally, so the gateway accepts them
 * exactly as API Gateway accepts Cognito's.
 *
 *   access (default): { sub, iss, client_id, token_use: "access", scope, username, auth_time, iat, exp, jti }
 *   id:               { sub, iss, aud, token_use: "id", cognito:username, auth_time, iat, exp, jti }
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type JSONWebKeySet, type JWTPayload, SignJWT } from 'jose';
import type { HttpApi } from '../gateway/http-api';
import { loadOrCreateSigningKey } from './signing-key';

export const TOKEN_LIFETIME_SECONDS = 3600;

export interface IssuerSettings {
  /** The `iss` the authorizer expects. */
  issuer: string;
  /** The app client id: `client_id` of access tokens, `aud` of id tokens. */
  clientId: string;
}

export interface TokenOptions {
  tokenUse?: 'access' | 'id';
  expiresInSeconds?: number;
  /** Extra or overriding claims. */
  claims?: JWTPayload;
}

export interface LocalIssuer extends IssuerSettings {
  kid: string;
  jwks: JSONWebKeySet;
  issueToken(sub: string, options?: TokenOptions): Promise<string>;
}

/** The issuer and audience of the API's JWT authorizer, intrinsics already resolved. */
export function issuerSettingsOf(api: HttpApi): IssuerSettings {
  const authorizer = api.routes.find((route) => route.authorizer)?.authorizer;
  const clientId = authorizer?.audience[0];
  if (!authorizer || !clientId) {
    throw new Error(
      'The contract has no route with a JWT authorizer, so the local issuer has nothing to sign for.',
    );
  }
  return { issuer: authorizer.issuer, clientId };
}

export async function createLocalIssuer(dataDir: string, settings: IssuerSettings): Promise<LocalIssuer> {
  const key = await loadOrCreateSigningKey(join(dataDir, 'jwt'));
  return {
    ...settings,
    kid: key.kid,
    jwks: { keys: [key.publicJwk] },
    async issueToken(sub, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const id = options.tokenUse === 'id';
      const claims: JWTPayload = id
        ? { aud: settings.clientId, token_use: 'id', 'cognito:username': sub }
        : {
            client_id: settings.clientId,
            token_use: 'access',
            scope: 'aws.cognito.signin.user.admin',
            username: sub,
          };
      return new SignJWT({ ...claims, auth_time: now, jti: randomUUID(), ...options.claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setSubject(sub)
        .setIssuer(settings.issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresInSeconds ?? TOKEN_LIFETIME_SECONDS))
        .sign(key.privateKey);
    },
  };
}
