/**
 * The stage's `/config.json` for the web app, from the stack's outputs: the same fields the local
 * stack serves (local/issuer/web-app-config.ts), and the sign-out endpoint, which Cognito's discovery
 * document does not name (managed login signs out at `<domain>/logout`).
 */
import { DeployError } from './errors';

export interface StageAppConfig {
  apiUrl: string;
  /** The user pool's issuer: oidc-client-ts reads `<authority>/.well-known/openid-configuration`. */
  authority: string;
  clientId: string;
  scope: string;
  signOutUrl: string;
}

const NEEDED = ['ApiUrl', 'AuthAuthority', 'UserPoolClientId', 'ApiScope', 'AuthDomainUrl'] as const;

export function appConfigOf(outputs: Record<string, string>): StageAppConfig {
  const missing = NEEDED.filter((name) => !outputs[name]);
  if (missing.length > 0)
    throw new DeployError(
      `The stack has no ${missing.join(', ')} output${missing.length > 1 ? 's' : ''}, which the web app's ` +
        'config.json is made of: it was deployed from an older template. Deploy this one (npm run deploy) first.',
    );
  const output = (name: (typeof NEEDED)[number]) => outputs[name] as string;
  return {
    apiUrl: output('ApiUrl').replace(/\/+$/, ''),
    authority: output('AuthAuthority'),
    clientId: output('UserPoolClientId'),
    // An ID token (openid) for the app, an access token carrying the API's scope for the API.
    scope: ['openid', ...output('ApiScope').split(/\s+/)].join(' '),
    signOutUrl: `${output('AuthDomainUrl').replace(/\/+$/, '')}/logout`,
  };
}
