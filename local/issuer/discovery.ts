/**
 * The OpenID Connect discovery document, at `<issuer>/.well-known/openid-configuration` as Cognito
 * serves a user pool's. Its endpoints sit where Cognito's managed login domain has them
 * (`/oauth2/authorize`, `/oauth2/token`, `/logout`), here on the provider's own origin.
 */
export interface DiscoveryUrls {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `<origin>/<user pool id>` */
  issuer: string;
  jwksUri: string;
}

export function discoveryDocument(urls: DiscoveryUrls, scopes: string[]): Record<string, unknown> {
  return {
    issuer: urls.issuer,
    authorization_endpoint: `${urls.origin}/oauth2/authorize`,
    token_endpoint: `${urls.origin}/oauth2/token`,
    end_session_endpoint: `${urls.origin}/logout`,
    jwks_uri: urls.jwksUri,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: scopes,
    claims_supported: ['sub', 'iss', 'aud', 'auth_time', 'nonce', 'cognito:username', 'preferred_username'],
  };
}
