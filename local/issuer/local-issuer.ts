/**
 * The local stand-in for the Cognito user pool's token signer: RS256 tokens shaped like Cognito's, with
 * the issuer and client id the contract's JWT authorizer resolves to locally, so the gateway accepts
 * them exactly as API Gateway accepts Cognito's. The OIDC provider (./oidc-provider.ts) signs with it,
 * and so do `npm run token` and the tests, for any `sub`.
 *
 *   access (default): { sub, iss, client_id, origin_jti, token_use: "access", scope, username, auth_time, iat, exp, jti }
 *   id:               { sub, iss, aud, origin_jti, token_use: "id", cognito:username, nonce?, auth_time, iat, exp, jti }
 *
 * `username` and `cognito:username` are the sub: in a pool whose sign-in name is the email
 * (UsernameAttributes: [email], as infra/template.yaml's), Cognito generates the username, the same
 * UUID as the sub.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type JSONWebKeySet, type JWTPayload, SignJWT } from 'jose';
import type { HttpApi } from '../gateway/http-api';
import { loadOrCreateSigningKey } from './signing-key';

/** The app client's AccessTokenValidity and IdTokenValidity in infra/template.yaml: 60 minutes. */
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface IssuerSettings {
  /** The `iss` the authorizer expects. */
  issuer: string;
  /** The app client id: `client_id` of access tokens, `aud` of id tokens. */
  clientId: string;
  /** What access tokens carry in `scope` unless told otherwise: the scopes the API's routes require. */
  apiScopes: string[];
}

export interface TokenOptions {
  tokenUse?: 'access' | 'id';
  expiresInSeconds?: number;
  /** The access token's `scope` (space-separated); the API's scopes by default. */
  scope?: string;
  /** Extra or overriding claims. */
  claims?: JWTPayload;
}

export interface LocalIssuer extends IssuerSettings {
  kid: string;
  jwks: JSONWebKeySet;
  issueToken(sub: string, options?: TokenOptions): Promise<string>;
}

/** The issuer, audience and route scopes of the API's JWT authorizer, intrinsics already resolved. */
export function issuerSettingsOf(api: HttpApi): IssuerSettings {
  const guarded = api.routes.filter((route) => route.authorizer);
  const clientId = guarded[0]?.authorizer?.audience[0];
  if (!guarded[0]?.authorizer || !clientId) {
    throw new Error(
      'The contract has no route with a JWT authorizer, so the local issuer has nothing to sign for.',
    );
  }
  const apiScopes = [...new Set(guarded.flatMap((route) => route.authorizationScopes))];
  return { issuer: guarded[0].authorizer.issuer, clientId, apiScopes };
}

export async function createLocalIssuer(dataDir: string, settings: IssuerSettings): Promise<LocalIssuer> {
  const key = await loadOrCreateSigningKey(join(dataDir, 'jwt'));
  return {
    ...settings,
    kid: key.kid,
    jwks: { keys: [key.publicJwk] },
    async issueToken(sub, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const scope = options.scope ?? settings.apiScopes.join(' ');
      const claims: JWTPayload =
        options.tokenUse === 'id'
          ? { aud: settings.clientId, token_use: 'id', 'cognito:username': sub }
          : { client_id: settings.clientId, token_use: 'access', ...(scope ? { scope } : {}), username: sub };
      return new SignJWT({
        ...claims,
        auth_time: now,
        jti: randomUUID(),
        origin_jti: randomUUID(),
        ...options.claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setSubject(sub)
        .setIssuer(settings.issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresInSeconds ?? TOKEN_LIFETIME_SECONDS))
        .sign(key.privateKey);
    },
  };
}
