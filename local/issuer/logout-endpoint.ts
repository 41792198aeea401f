/**
 * `GET /logout`, Cognito's sign-out endpoint, also the discovery document's `end_session_endpoint`.
 * It takes Cognito's parameters (`client_id` and `logout_uri`) and OpenID Connect RP-initiated
 * logout's (`post_logout_redirect_uri`, `state`): oidc-client-ts sends the latter, and Cognito needs
 * the former, so an app that sends both signs out the same way locally and on AWS.
 *
 * The redirect must equal one of the app client's LogoutURLs exactly; otherwise an error page,
 * never a redirect. The provider keeps no sign-in session, so there is nothing else to end:
 * refresh tokens stay valid, as they do after Cognito's /logout.
 */
import type { AppClient } from './app-client';
import { htmlResponse, type ProviderResponse, redirectTo } from './provider-http';
import { errorPage, signedOutPage } from './sign-in-page';

export function logout(params: URLSearchParams, client: AppClient): ProviderResponse {
  const clientId = params.get('client_id');
  if (clientId !== client.clientId) {
    return htmlResponse(
      400,
      errorPage(
        'Unknown app client',
        clientId
          ? `client_id ${clientId} is not an app client of this user pool.`
          : `Sign-out needs client_id (as Cognito's /logout does): ${client.clientId}.`,
      ),
    );
  }
  const logoutUri = params.get('logout_uri') ?? undefined;
  const postLogout = params.get('post_logout_redirect_uri') ?? undefined;
  if (logoutUri && postLogout && logoutUri !== postLogout) {
    return htmlResponse(
      400,
      errorPage(
        'Conflicting sign-out redirects',
        'logout_uri and post_logout_redirect_uri differ; send one URL.',
      ),
    );
  }
  const target = logoutUri ?? postLogout;
  if (target === undefined) return htmlResponse(200, signedOutPage());
  if (!client.logoutUrls.includes(target)) {
    const registered = client.logoutUrls.join(', ') || 'none';
    return htmlResponse(
      400,
      errorPage(
        'Sign-out redirect not allowed',
        `${target} is not one of the app client's sign-out URLs: ${registered}.`,
      ),
    );
  }
  return redirectTo(target, { state: params.get('state') ?? undefined });
}
