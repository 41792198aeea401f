import type { Middleware } from 'openapi-fetch';

/** Where the bearer token comes from: asked for on every request, so a refreshed token is picked up. */
export type TokenProvider = () => string | undefined | Promise<string | undefined>;

/**
 * Adds `Authorization: Bearer <token>`. Without a token the header is left out: `GET /health` is public,
 * and every other route then answers API Gateway's 401.
 */
export function bearerToken(getToken: TokenProvider): Middleware {
  return {
    async onRequest({ request }) {
      const token = await getToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  };
}
