/**
 * What the local OIDC provider's endpoints answer, as plain values the server writes
 * (./oidc-provider.ts), so each endpoint is a function from a request to a response.
 */
export interface ProviderResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Answers that carry tokens or codes are never cached (RFC 6749 section 5.1). */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ProviderResponse {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** An OAuth error of the token endpoint (RFC 6749 section 5.2). */
export function oauthError(error: string, description: string, status = 400): ProviderResponse {
  return jsonResponse(status, { error, error_description: description }, NO_STORE);
}

export function tokenResponse(body: Record<string, unknown>): ProviderResponse {
  return jsonResponse(200, body, NO_STORE);
}

export function htmlResponse(status: number, html: string): ProviderResponse {
  return {
    status,
    headers: {
      'content-type': 'text/html;charset=UTF-8',
      // No script at all, and no framing (clickjacking of the sign-in form).
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      ...NO_STORE,
    },
    body: html,
  };
}

/** 302 to `url` with `params` added to its query (a registered redirect may carry its own). */
export function redirectTo(url: string, params: Record<string, string | undefined> = {}): ProviderResponse {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) target.searchParams.set(name, value);
  return { status: 302, headers: { location: target.toString(), ...NO_STORE }, body: '' };
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );
}
