/**
 * What a browser app needs to sign in and call the API: the values of the web app's `/config.json`.
 * The local stack derives them from its gateway and OIDC provider; a deployed stage from its
 * outputs (ApiUrl, AuthAuthority, UserPoolClientId).
 *
 * The app signs in with oidc-client-ts: `authority` is the issuer (discovery is read from
 * `<authority>/.well-known/openid-configuration`), `client_id` the app client, `scope` what it asks
 * for (`openid` for the ID token, the API's scope for access tokens the API accepts), and its
 * redirect URI `<app origin>/auth/callback`, its sign-out redirect `<app origin>/`.
 */
export interface WebAppConfig {
  apiUrl: string;
  authority: string;
  clientId: string;
  scope: string;
}

export function webAppConfigOf(options: {
  apiUrl: string;
  issuer: string;
  clientId: string;
  apiScopes: string[];
}): WebAppConfig {
  return {
    apiUrl: options.apiUrl,
    authority: options.issuer,
    clientId: options.clientId,
    scope: ['openid', ...options.apiScopes].join(' '),
  };
}
