/**
 * The app's one way to the API: the project's typed client (src/client, openapi-fetch over the
 * generated `paths`) under openapi-react-query, so every request, response and error the screens
 * handle has its type from the contract. A 401 ends the session: the sign-in screen follows. Each
 * answer's ETag is kept for the If-Match of a later write (./etag.ts).
 */
import { QueryClient } from '@tanstack/react-query';
import createQueryHooks from 'openapi-react-query';
import { createContext, useContext } from 'react';
import { createSwiftyClient, type SwiftyClient } from '../../../src/client';
import type { Session } from '../auth/session';
import { recordEtag } from './etag';
import { isRetryable } from './problem';

export function createApi(apiUrl: string, session: Session) {
  const client: SwiftyClient = createSwiftyClient({ baseUrl: apiUrl, getToken: () => session.accessToken() });
  client.use({
    async onResponse({ response }) {
      if (response.status === 401) {
        void session.end('The API no longer accepts your sign-in (401). Sign in again.');
      }
      // The representation's ETag, for the If-Match of a later write (./etag.ts).
      const etag = response.headers.get('ETag');
      if (etag && response.headers.get('Content-Type')?.startsWith('application/json'))
        recordEtag(await response.clone().json(), etag);
      return undefined;
    },
  });
  return createQueryHooks(client);
}

export type Api = ReturnType<typeof createApi>;

export function createAppQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // A 4xx answer will not change on its own: show it at once; retry what might (network, 5xx, 429).
      queries: { retry: (failures, error) => failures < 2 && isRetryable(error), staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}

export const ApiContext = createContext<Api | undefined>(undefined);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiContext.Provider>');
  return api;
}
