/**
 * The app client as the local OIDC provider registers it: infra/template.yaml's UserPoolClient
 * (AllowedOAuthFlows, AllowedOAuthScopes, CallbackURLs, LogoutURLs), resolved with the local values,
 * so the web app signs in locally with exactly the settings Cognito will hold for it.
 */
import { type LocalValues, resolveIntrinsics } from '../gateway/intrinsics';
import type { Template } from '../stack/local-template';

export interface AppClient {
  clientId: string;
  /** Registered `redirect_uri`s; a request's must equal one exactly. */
  callbackUrls: string[];
  /** Registered sign-out redirects (`logout_uri`, `post_logout_redirect_uri`). */
  logoutUrls: string[];
  /** What the client may ask for in `scope`. */
  allowedScopes: string[];
}

export function appClientOf(template: Template, values: LocalValues): AppClient {
  const entry = Object.entries(template.Resources ?? {}).find(
    ([, resource]) => resource.Type === 'AWS::Cognito::UserPoolClient',
  );
  if (!entry) throw new Error('infra/template.yaml has no AWS::Cognito::UserPoolClient to sign in with.');
  const [logicalId, resource] = entry;
  const properties = resource.Properties ?? {};
  const list = (name: string): string[] => {
    const value = properties[name];
    if (value === undefined) return [];
    const resolved = resolveIntrinsics(value, values, `${logicalId}.Properties.${name}`);
    return (Array.isArray(resolved) ? resolved : [resolved]).map(String);
  };
  if (!list('AllowedOAuthFlows').includes('code')) {
    throw new Error(
      `${logicalId} does not allow the code flow (AllowedOAuthFlows), which the web app signs in with.`,
    );
  }
  const clientId = values[logicalId];
  if (typeof clientId !== 'string') throw new Error(`No local value for Ref: ${logicalId}.`);
  return {
    clientId,
    callbackUrls: list('CallbackURLs'),
    logoutUrls: list('LogoutURLs'),
    allowedScopes: list('AllowedOAuthScopes'),
  };
}
