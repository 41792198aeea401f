import type { Middleware } from 'openapi-fetch';

/**
 * Every PATCH in the contract takes a JSON Merge Patch (RFC 7396), and the functions answer 415 to a
 * PATCH sent as plain JSON. openapi-fetch labels every JSON body `application/json`, so PATCH bodies
 * are relabelled here; a content type the caller chose on purpose is left alone.
 */
export const mergePatchBodies: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'PATCH' || request.body === null) return request;
    if (request.headers.get('Content-Type') === 'application/json') {
      request.headers.set('Content-Type', 'application/merge-patch+json');
    }
    return request;
  },
};
