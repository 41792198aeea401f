/**
 * An HTTP API JWT authorizer (`x-amazon-apigateway-authorizer`, type jwt), checking what API Gateway
 * checks before the Lambda runs:
 *   1. the identity source header holds a token (`Bearer ` prefix optional);
 *   2. the header's `alg` is RS256 and it has a `kid` naming a key of the issuer's JWKS, whose
 *      signature verifies (a token without `kid` is refused even when the JWKS has one key);
 *   3. `iss` equals the configured issuer;
 *   4. `aud` contains one of the audiences, or, only when the token has no `aud`, `client_id` is one
 *      (Cognito access tokens carry `client_id`);
 *   5. `exp` is in the future, `nbf` and `iat` (when present) are not;
 *   6. with the route's authorizationScopes, `scope` or `scp` holds at least one of them
 *      (`hasRequiredScope`; the pipeline answers 403 otherwise: an ID token has no scope).
 * A refusal carries the `www-authenticate` challenge API Gateway sends with its 401: plain `Bearer`
 * when there is no token, else `Bearer scope="" error="invalid_token" error_description="..."`.
 */
import { decodeProtectedHeader, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { JwtAuthorizerConfig } from './http-api';
import { scopesOf, stringifyClaims } from './jwt-claims';

export type Authorization =
  | { authorized: true; claims: Record<string, string>; scopes: string[] | null }
  | { authorized: false; challenge: string; reason: string };

export type JwtAuthorizer = (headers: Readonly<Record<string, string>>) => Promise<Authorization>;

function refused(description: string): Authorization {
  return {
    authorized: false,
    reason: description,
    challenge: `Bearer scope="" error="invalid_token" error_description="${description}"`,
  };
}

interface VerifiedToken {
  payload: JWTPayload;
  claims: Record<string, string>;
  scopes: string[] | null;
}

/** How many verified tokens the authorizer remembers (a client reuses its token for an hour). */
const VERIFIED_TOKENS = 1000;

export function createJwtAuthorizer(config: JwtAuthorizerConfig, keys: JWTVerifyGetKey): JwtAuthorizer {
  // A token whose signature and issuer verified once verifies again (the local keys never rotate):
  // remember its payload (and the claims as the Lambda gets them) and redo only the checks that
  // depend on the clock. An RS256 verification costs more than the rest of the gateway's work.
  const verified = new Map<string, VerifiedToken>();

  return async (headers) => {
    const token = headers[config.header]?.replace(/^bearer(\s+|$)/i, '').trim();
    if (!token) return { authorized: false, challenge: 'Bearer', reason: 'no token' };

    const now = Math.floor(Date.now() / 1000);
    let known = verified.get(token);
    if (known) {
      const { payload } = known;
      if (typeof payload.exp === 'number' && payload.exp <= now) return refused('the token has expired');
      if (typeof payload.nbf === 'number' && payload.nbf > now) return refused('the token is not valid yet');
    } else {
      let payload: JWTPayload;
      try {
        // jose would pick the one key of a single-key JWKS for a token without kid; API Gateway does not.
        const header = protectedHeaderOf(token);
        if (header && !header.kid) return refused('the token has no kid naming a key of the issuer');
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          issuer: config.issuer,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        return refused(descriptionOf(error));
      }
      if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value as string);
      known = { payload, claims: stringifyClaims(payload), scopes: scopesOf(payload) };
      verified.set(token, known);
    }
    const { payload } = known;

    if (typeof payload.iat === 'number' && payload.iat > now)
      return refused('the token was issued in the future');
    if (!hasValidAudience(payload, config.audience))
      return refused('the token does not have a valid audience');
    // Copies: each event gets its own, as each Lambda invocation parses its own.
    return { authorized: true, claims: { ...known.claims }, scopes: known.scopes && [...known.scopes] };
  };
}

/** The token's protected header; undefined for a token that is not a JWS (jwtVerify then says why). */
function protectedHeaderOf(token: string): ReturnType<typeof decodeProtectedHeader> | undefined {
  try {
    return decodeProtectedHeader(token);
  } catch {
    return undefined;
  }
}

/**
 * API Gateway's scope check: a route with authorizationScopes lets a token through when its `scope`
 * (or `scp`) holds at least one of them; a route without any lets every verified token through.
 */
export function hasRequiredScope(scopes: readonly string[] | null, required: readonly string[]): boolean {
  return required.length === 0 || (scopes ?? []).some((scope) => required.includes(scope));
}

/** RFC 6750's challenge for a token without the scope, in the form of API Gateway's 401 challenge. */
export function insufficientScopeChallenge(required: readonly string[]): string {
  return `Bearer scope="${required.join(' ')}" error="insufficient_scope" error_description="the token does not have a scope the route requires"`;
}

function hasValidAudience(payload: JWTPayload, audiences: readonly string[]): boolean {
  if (payload.aud !== undefined) {
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return aud.some((value) => audiences.includes(value));
  }
  return typeof payload.client_id === 'string' && audiences.includes(payload.client_id);
}

function descriptionOf(error: unknown): string {
  if (error instanceof errors.JOSEAlgNotAllowed) return 'signing method is invalid: only RS256 is accepted';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token kid does not match any key of the issuer';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token does not have a valid issuer';
    if (error.claim === 'nbf') return 'the token is not valid yet';
    if (error.claim === 'exp') return 'the token has no expiry';
    return `the token claim ${error.claim} is invalid`;
  }
  // Not the token's fault: the JWKS could not be fetched or read. API Gateway refuses then too.
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError)
  ) {
    return 'the signing keys of the issuer could not be fetched';
  }
  return 'the token is malformed';
}
