/**
 * The typed client on the wire: a recording `fetch` answers each request and keeps it, so the tests
 * see exactly what the client sends (nothing mocked inside the client).
 */
import { describe, expect, it } from 'vitest';
import { createSwiftyClient, type SwiftyClientOptions } from '../../src/client';

const baseUrl = 'https://api.swiftyplanner.test';
const todoId = '01JD8X3QZ7EV5GS0PMH9R2A4XT';

interface Recorded {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** A `fetch` that records each request and answers with `answer(request)` (a 200 `{}` by default). */
function recordingFetch(answer: (request: Request) => Response = () => Response.json({})) {
  const requests: Recorded[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push({
      method: request.method,
      url: request.url,
      headers: new Headers(request.headers),
      body: await request.clone().text(),
    });
    return answer(request);
  };
  return { fetch, requests };
}

function clientWith(
  options: Omit<SwiftyClientOptions, 'baseUrl' | 'fetch'>,
  answer?: (r: Request) => Response,
) {
  const recorder = recordingFetch(answer);
  const client = createSwiftyClient({ baseUrl, fetch: recorder.fetch, ...options } as SwiftyClientOptions);
  return { client, requests: recorder.requests };
}

describe('createSwiftyClient', () => {
  describe('authorization', () => {
    it('sends a fixed token as a bearer token', async () => {
      // Prepare
      const { client, requests } = clientWith({ token: 'fixed-token' });

      // Act
      await client.GET('/users/me');

      // Assess
      expect(requests[0]?.headers.get('authorization')).toBe('Bearer fixed-token');
    });

    it('asks getToken on every request, so a refreshed token is used', async () => {
      // Prepare
      const tokens = ['first', 'second'];
      const { client, requests } = clientWith({ getToken: async () => tokens.shift() });

      // Act
      await client.GET('/users/me');
      await client.GET('/todos');

      // Assess
      expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer first', 'Bearer second']);
    });

    it('accepts a synchronous getToken', async () => {
      const { client, requests } = clientWith({ getToken: () => 'sync-token' });

      await client.GET('/todos');

      expect(requests[0]?.headers.get('authorization')).toBe('Bearer sync-token');
    });

    it('sends no Authorization header when there is no token', async () => {
      const { client, requests } = clientWith({ getToken: () => undefined });

      await client.GET('/health');

      expect(requests[0]?.headers.has('authorization')).toBe(false);
    });
  });

  describe('request bodies', () => {
    it('sends PATCH bodies as JSON Merge Patch', async () => {
      // Prepare
      const { client, requests } = clientWith({ token: 't' });

      // Act
      await client.PATCH('/todos/{todoId}', {
        params: { path: { todoId }, header: { 'If-Match': '"3"' } },
        body: { completed: true, notes: null },
      });

      // Assess
      const [patch] = requests;
      expect(patch?.method).toBe('PATCH');
      expect(patch?.url).toBe(`${baseUrl}/todos/${todoId}`);
      expect(patch?.headers.get('content-type')).toBe('application/merge-patch+json');
      expect(patch?.headers.get('if-match')).toBe('"3"');
      expect(JSON.parse(patch?.body ?? '')).toEqual({ completed: true, notes: null });
    });

    it('sends POST bodies as plain JSON', async () => {
      const { client, requests } = clientWith({ token: 't' });

      await client.POST('/todos', {
        params: { header: { 'Idempotency-Key': 'key-12345678' } },
        body: { title: 'Buy milk' },
      });

      expect(requests[0]?.headers.get('content-type')).toBe('application/json');
      expect(requests[0]?.headers.get('idempotency-key')).toBe('key-12345678');
      expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ title: 'Buy milk' });
    });

    it('sends no Content-Type without a body', async () => {
      const { client, requests } = clientWith({ token: 't' });

      await client.DELETE('/todos/{todoId}', { params: { path: { todoId } } });

      expect(requests[0]?.method).toBe('DELETE');
      expect(requests[0]?.headers.has('content-type')).toBe(false);
    });

    it('serialises query parameters', async () => {
      const { client, requests } = clientWith({ token: 't' });

      await client.GET('/todos', { params: { query: { limit: 5, completed: false, tag: 'home' } } });

      const url = new URL(requests[0]?.url ?? '');
      expect(url.pathname).toBe('/todos');
      expect(Object.fromEntries(url.searchParams)).toEqual({ limit: '5', completed: 'false', tag: 'home' });
    });
  });

  describe('responses', () => {
    it('gives the parsed problem as `error` for a problem+json answer', async () => {
      // Prepare
      const problem = {
        type: 'https://swiftyplanner.dev/problems/not-found',
        title: 'Not found',
        status: 404,
        detail: `No todo ${todoId}.`,
      };
      const { client } = clientWith({ token: 't' }, () =>
        Response.json(problem, { status: 404, headers: { 'content-type': 'application/problem+json' } }),
      );

      // Act
      const { data, error, response } = await client.GET('/todos/{todoId}', { params: { path: { todoId } } });

      // Assess
      expect(response.status).toBe(404);
      expect(data).toBeUndefined();
      expect(error).toEqual(problem);
    });

    it('gives no data and no error for 204', async () => {
      const { client } = clientWith({ token: 't' }, () => new Response(null, { status: 204 }));

      const result = await client.DELETE('/users/me');

      expect(result.response.status).toBe(204);
      expect(result.data).toBeUndefined();
      expect(result.error).toBeUndefined();
    });
  });
});
