/**
 * After a deploy, ask the API itself whether it is what was deployed: `GET /health` answers 200 with
 * this contract's `info.version`, and `GET /todos` without a token is refused by API Gateway's JWT
 * authorizer (401 `{"message":"Unauthorized"}`). A stack can settle with routes that lack the
 * authorizer (an import that did not read the security scheme) and CloudFormation calls it a success.
 * The functions then refuse every request themselves, with a 401 problem (defence in depth), and
 * every signed-in user is locked out: the body of that 401 tells the two apart.
 */
import { DeployError } from './errors';
import type { Output } from './output';

export class ApiCheckError extends DeployError {
  override name = 'ApiCheckError';
}

export interface ApiCheckOptions {
  /** The stack's ApiUrl output: the default endpoint, or `https://<domain>/v1`. */
  apiUrl: string;
  expectedVersion: string;
  /** A custom domain's DNS record is added by hand, and may not exist yet on a first deploy. */
  customDomain: boolean;
  out: Output;
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  sleep?: (ms: number) => Promise<void>;
  /** Tries per request while the API is not answering yet (a new stage, a 5xx): 10, 3 s apart. */
  attempts?: number;
  retryMs?: number;
}

interface Answer {
  status: number;
  body: string;
}

/** Resolves when the API answers as the contract says; throws ApiCheckError saying what is wrong otherwise. */
export async function checkDeployedApi(options: ApiCheckOptions): Promise<'checked' | 'skipped'> {
  const { apiUrl, expectedVersion, out } = options;
  const base = apiUrl.replace(/\/+$/, '');
  out.line(`Checking the API at ${base}`);

  const health = await answerOf(`${base}/health`, options);
  if (health === 'unresolved') {
    out.line(
      `  Not checked: ${new URL(base).hostname} does not resolve yet. Add its DNS record (the ApiDomainTarget ` +
        `output; infra/README.md, custom domain), then: curl ${base}/health`,
    );
    return 'skipped';
  }
  const version = versionIn(health.body);
  if (health.status !== 200 || version === undefined)
    throw new ApiCheckError(
      `GET ${base}/health answered ${health.status} ${preview(health.body)}, not 200 with the API's version. ` +
        "Look at the users function's log group (/aws/lambda/swiftyplanner-<stage>-users) and the API's access log.",
    );
  if (version !== expectedVersion)
    throw new ApiCheckError(
      `${base} serves contract version ${version}, but this deploy's openapi/openapi.yaml is ${expectedVersion}. ` +
        'Run npm run generate (the functions carry the version from generated/), then deploy again.',
    );
  out.line(`  GET /health: 200, contract version ${version}`);

  const anonymous = await answerOf(`${base}/todos`, options);
  if (anonymous === 'unresolved') throw new ApiCheckError(`${base} stopped resolving between two requests.`);
  if (anonymous.status !== 401 || !isGatewayUnauthorized(anonymous.body))
    throw new ApiCheckError(
      `GET ${base}/todos without a token answered ${anonymous.status} ${preview(anonymous.body)}: ` +
        (anonymous.status === 401
          ? 'the function refused it, not the JWT authorizer, so the routes carry no authorizer and every signed-in request will be refused too. '
          : "API Gateway's JWT authorizer should have refused it with 401. ") +
        'infra/README.md, Troubleshooting: "Every authorized request answers 401".',
    );
  out.line('  GET /todos without a token: 401 from the JWT authorizer');
  return 'checked';
}

/**
 * One request, tried again while the API is not there yet: a network error, or 5xx / 404 / 403 while a
 * new stage comes up. 'unresolved' when the host has no DNS record (only for a custom domain).
 */
async function answerOf(url: string, options: ApiCheckOptions): Promise<Answer | 'unresolved'> {
  const fetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const attempts = options.attempts ?? 10;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const answer = { status: response.status, body: await response.text() };
      if (!isNotReady(answer.status) || attempt === attempts) return answer;
      last = `${answer.status} ${preview(answer.body)}`;
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (options.customDomain && (code === 'ENOTFOUND' || code === 'EAI_AGAIN')) return 'unresolved';
      last = `${(error as Error).message}${code ? ` (${code})` : ''}`;
      if (attempt === attempts)
        throw new ApiCheckError(`GET ${url} failed after ${attempts} tries: ${last}`, { cause: error });
    }
    options.out.line(`  GET ${new URL(url).pathname}: ${last}; trying again`);
    await sleep(options.retryMs ?? 3000);
  }
  throw new ApiCheckError(`GET ${url}: ${last}`);
}

/** API Gateway's own refusal; the functions answer a problem+json instead. */
function isGatewayUnauthorized(body: string): boolean {
  try {
    return (JSON.parse(body) as { message?: unknown }).message === 'Unauthorized';
  } catch {
    return false;
  }
}

function isNotReady(status: number): boolean {
  return status >= 500 || status === 404 || status === 403;
}

function versionIn(body: string): string | undefined {
  try {
    const version = (JSON.parse(body) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function preview(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
