/**
 * What the app needs to know about where it runs, read from `/config.json` when it starts: the
 * same build serves the local stack (`npm start` writes the file), a deployed stage (deploy writes
 * it) and the Prism mock (written by whoever starts the mock).
 */
export interface AppConfig {
  /** The API's base URL, without a trailing slash. */
  apiUrl: string;
  /** The OpenID Connect issuer: its discovery document is `<authority>/.well-known/openid-configuration`. */
  authority: string;
  /** The app client's id at the provider. */
  clientId: string;
  /** The scopes to ask for, space-separated; the API takes access tokens carrying its scope. */
  scope: string;
  /**
   * Optional: the provider's sign-out endpoint, for a provider whose discovery document names none.
   * Cognito's does not; its managed login signs out at `<login domain>/logout`.
   */
  signOutUrl?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const FIELDS = ['apiUrl', 'authority', 'clientId', 'scope'] as const;

export async function loadConfig(url = '/config.json'): Promise<AppConfig> {
  const response = await fetch(url, { cache: 'no-store' }).catch((cause: unknown) => {
    throw new ConfigError(`Could not load ${url}: the server that serves the app did not answer.`, { cause });
  });
  if (!response.ok) {
    throw new ConfigError(
      `Could not load ${url} (HTTP ${response.status}). npm start writes it for the local stack and ` +
        'npm run deploy for a stage; a static server needs one next to index.html.',
    );
  }
  const body: unknown = await response.json().catch(() => undefined);
  return configOf(body, url);
}

export function configOf(body: unknown, source: string): AppConfig {
  if (typeof body !== 'object' || body === null) throw new ConfigError(`${source} is not a JSON object.`);
  const record = body as Record<string, unknown>;
  const missing = FIELDS.filter((field) => typeof record[field] !== 'string' || record[field] === '');
  if (missing.length) {
    throw new ConfigError(
      `${source} lacks ${missing.join(', ')}: it needs ${FIELDS.join(', ')}, each a non-empty string.`,
    );
  }
  const config = Object.fromEntries(FIELDS.map((field) => [field, record[field]])) as unknown as AppConfig;
  for (const field of ['apiUrl', 'authority'] as const) {
    if (!URL.canParse(config[field])) throw new ConfigError(`${source}: ${field} is not a URL.`);
  }
  const signOutUrl = record.signOutUrl;
  if (signOutUrl !== undefined && (typeof signOutUrl !== 'string' || !URL.canParse(signOutUrl))) {
    throw new ConfigError(`${source}: signOutUrl, when given, must be a URL.`);
  }
  return { ...config, apiUrl: config.apiUrl.replace(/\/+$/, ''), ...(signOutUrl ? { signOutUrl } : {}) };
}
