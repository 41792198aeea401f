/**
 * The browser origins a stage lets in: CORS on the API and the attachments bucket (AllowedOrigins)
 * and sign-in redirects of the app client (AppUrls). By default, exactly the web app's own origin
 * (AppUrl); `--allowed-origins` adds more (a local dev server, another host of the app), and a deploy
 * without it keeps those the stack has.
 *
 * Why the deploy passes these, not the template: the app's response-headers policy names the API
 * and the attachments bucket in its Content-Security-Policy, so the distribution waits for them; the
 * API and the bucket (CORS) and the app client (whose id the API's authorizer names) cannot also wait
 * for the distribution. CloudFront gives a new distribution its name (d….cloudfront.net) when it creates
 * it, so the first deploy of a stage without --app-domain runs a second change set with that origin.
 */
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { DeployArgs } from './args';
import { outputsOf } from './stack-state';

/**
 * An origin no browser has (`.invalid` never resolves, RFC 6761): what a new stage allows until its
 * app's own URL is known, one change set later. A later deploy drops it.
 */
export const PENDING_APP_ORIGIN = 'https://app-url-pending.invalid';

export interface AppOrigins {
  /** AllowedOrigins: CORS on the API and the attachments bucket. */
  allowedOrigins: string[];
  /** AppUrls: where the app client may send a browser back after sign-in and sign-out. */
  appUrls: string[];
}

/** The web app's URL as far as it is known before the stack operation. */
export function knownAppUrl(args: DeployArgs, stack: Stack | undefined): string | undefined {
  const outputs = outputsOf(stack);
  if (args.appDomain) return `https://${args.appDomain}`;
  if (args.appDomain === '')
    return outputs.AppDistributionDomainName ? `https://${outputs.AppDistributionDomainName}` : undefined;
  return outputs.AppUrl;
}

export function appOriginsFor(
  args: DeployArgs,
  stack: Stack | undefined,
  appUrl: string | undefined,
): AppOrigins {
  const kept = parameterOf(stack, 'AllowedOrigins')?.split(',') ?? [];
  const more = (args.allowedOrigins ?? kept)
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '' && origin !== PENDING_APP_ORIGIN);
  const own = appUrl ? [new URL(appUrl).origin] : [];
  const origins = [...new Set([...own, ...more])];
  const allowedOrigins = origins.includes('*') ? ['*'] : origins;
  // Cognito takes https callback URLs, and plain http for localhost only.
  const appUrls = origins.filter((origin) => /^https:\/\/|^http:\/\/localhost(:\d+)?$/.test(origin));
  return {
    allowedOrigins: allowedOrigins.length > 0 ? allowedOrigins : [PENDING_APP_ORIGIN],
    appUrls: appUrls.length > 0 ? appUrls : [PENDING_APP_ORIGIN],
  };
}

export function sameOrigins(a: AppOrigins, b: AppOrigins): boolean {
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((item, i) => item === y[i]);
  return same(a.allowedOrigins, b.allowedOrigins) && same(a.appUrls, b.appUrls);
}

function parameterOf(stack: Stack | undefined, key: string): string | undefined {
  return stack?.Parameters?.find((p) => p.ParameterKey === key)?.ParameterValue;
}
