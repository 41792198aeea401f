/**
 * Property tests: whatever a client sends to a users operation, the answer is declared by the
 * contract (checked by `invoke`), bad input gets a 4xx problem+json, and nothing ever answers 5xx.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handler } from '../../src/functions/users';
import { type ContractResponse, fitsContract, invoke } from '../support/contract-response';
import { event } from '../support/events';
import { newSub, userCreate } from '../support/users';

const RUNS = { numRuns: 40 };

function expectProblem(res: ContractResponse): void {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers['content-type']).toBe('application/problem+json');
}

/** A response in a few words: its status, and for a problem its type (`409 username-taken`). */
function answerOf(res: ContractResponse): string {
  if (res.status < 400) return String(res.status);
  const type = String(res.body.type).replace('https://swiftyplanner.dev/problems/', '');
  const media = res.headers['content-type'] === 'application/problem+json' ? '' : ' (not problem+json)';
  return `${res.status} ${type}${media}`;
}

/** A username another profile may hold already (one can repeat across runs); emails are never taken. */
const TAKEN = ['409 username-taken'];

/** Any JSON value at all, nested objects included. */
const anyJson = fc.jsonValue({ maxDepth: 3 });
/** Text that is mostly not JSON, including lone surrogates and control characters. */
const anyText = fc.string({ unit: 'binary', minLength: 1, maxLength: 200 });
const anyHeaderValue = fc.string({ unit: 'binary', maxLength: 300 });
const anyQuery = fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 }), {
  maxKeys: 4,
});
const contentTypes = fc.constantFrom(
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonp',
  'json',
);

/** A valid profile with any member possibly replaced by anything, and possibly extra members. */
const damagedUserCreate = fc
  .record({
    replace: fc.dictionary(
      fc.constantFrom(
        'username',
        'firstName',
        'lastName',
        'email',
        'phoneNumber',
        'bio',
        'isAdmin',
        '__proto__',
      ),
      // Strings as often as anything else: a name or a bio replaced by one still fits the contract.
      fc.oneof(anyJson, fc.string({ maxLength: 40 })),
      { minKeys: 1 },
    ),
    drop: fc.oneof(fc.constant([]), fc.subarray(['username', 'firstName', 'lastName', 'email'])),
  })
  .map(({ replace, drop }) => {
    const body: Record<string, unknown> = { ...userCreate(), ...replace };
    for (const key of drop) delete body[key];
    return body;
  });

describe('POST /users with arbitrary input', () => {
  it('any JSON that is not a profile → 400 validation-error', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (body) => {
        const res = await invoke(
          handler,
          event('POST /users', { sub: newSub(), body: JSON.stringify(body) }),
        );
        expectProblem(res);
        expect(res.body.type).toBe('https://swiftyplanner.dev/problems/validation-error');
      }),
      RUNS,
    );
  });

  it('any text → 400 (malformed JSON or not a profile)', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (body) => {
        const res = await invoke(handler, event('POST /users', { sub: newSub(), body }));
        expect(res.status).toBe(400);
        expectProblem(res);
      }),
      RUNS,
    );
  });

  it('a damaged profile → 201 when it still fits the contract, else 400 validation-error, never 5xx', async () => {
    const tried = { fitting: 0, unfit: 0 };
    await fc.assert(
      fc.asyncProperty(damagedUserCreate, anyQuery, async (body, query) => {
        // The contract, not the function's own validator, says which answer is right.
        const fits = fitsContract('#/components/schemas/UserCreate', body);
        tried[fits ? 'fitting' : 'unfit']++;
        const res = await invoke(handler, event('POST /users', { sub: newSub(), body, query }));
        expect(fits ? ['201', ...TAKEN] : ['400 validation-error']).toContain(answerOf(res));
      }),
      {
        ...RUNS,
        examples: [
          [userCreate({ bio: 'still a profile' }), {}],
          [{ ...userCreate(), isAdmin: true }, {}],
        ],
      },
    );
    // Both halves of the property were tried.
    expect(tried.fitting).toBeGreaterThan(0);
    expect(tried.unfit).toBeGreaterThan(0);
  });

  it('a body in another media type → 415', async () => {
    await fc.assert(
      fc.asyncProperty(contentTypes, anyText, async (contentType, body) => {
        const res = await invoke(handler, event('POST /users', { sub: newSub(), body, contentType }));
        expect(res.status).toBe(415);
        expectProblem(res);
      }),
      RUNS,
    );
  });
});

describe('PATCH /users/me with arbitrary input', () => {
  it('any body, If-Match and query for a caller without a profile → a 4xx problem', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson.map((v) => JSON.stringify(v)),
          anyText,
        ),
        fc.option(anyHeaderValue, { nil: undefined }),
        anyQuery,
        async (body, ifMatch, query) => {
          const headers: Record<string, string> = ifMatch === undefined ? {} : { 'If-Match': ifMatch };
          const res = await invoke(
            handler,
            event('PATCH /users/me', { sub: newSub(), body, headers, query }),
          );
          expectProblem(res);
        },
      ),
      RUNS,
    );
  });

  it('any patch of an existing profile → 200 (or 412, 409) when it fits the contract, else 400, never 5xx', async () => {
    const tried = { fitting: 0, unfit: 0 };
    const sub = newSub();
    expect((await invoke(handler, event('POST /users', { sub, body: userCreate() }))).status).toBe(201);
    await fc.assert(
      fc.asyncProperty(
        damagedUserCreate,
        fc.option(
          fc.oneof(
            anyHeaderValue,
            fc.nat(20).map((n) => `"${n}"`),
          ),
          { nil: undefined },
        ),
        async (body, ifMatch) => {
          const headers: Record<string, string> = ifMatch === undefined ? {} : { 'If-Match': ifMatch };
          const fits =
            fitsContract('#/components/schemas/UserPatch', body) &&
            (ifMatch === undefined || fitsContract('#/components/parameters/IfMatch/schema', ifMatch));
          tried[fits ? 'fitting' : 'unfit']++;
          const res = await invoke(handler, event('PATCH /users/me', { sub, body, headers }));
          // An If-Match that fits may still be stale (412); the test does not follow the version.
          const stale = ifMatch === undefined ? [] : ['412 precondition-failed'];
          expect(fits ? ['200', ...stale, ...TAKEN] : ['400 validation-error']).toContain(answerOf(res));
        },
      ),
      {
        ...RUNS,
        examples: [
          [{ bio: 'still a patch' }, undefined],
          [{ isAdmin: true }, undefined],
        ],
      },
    );
    expect(tried.fitting).toBeGreaterThan(0);
    expect(tried.unfit).toBeGreaterThan(0);
  });
});

describe('GET /users/me, DELETE /users/me and GET /health with arbitrary input', () => {
  it('a body where none is taken → 400 problem', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET /users/me', 'DELETE /users/me', 'GET /health'),
        anyText,
        async (routeKey, body) => {
          const res = await invoke(handler, event(routeKey, { sub: newSub(), body }));
          expect(res.status).toBe(400);
          expectProblem(res);
        },
      ),
      RUNS,
    );
  });

  it('any If-Match and query on DELETE without a profile → 412 when the If-Match fits the contract, else 400, never 5xx', async () => {
    const tried = { fitting: 0, unfit: 0 };
    await fc.assert(
      fc.asyncProperty(anyHeaderValue, anyQuery, async (ifMatch, query) => {
        // A caller without a profile: any If-Match is false there (RFC 9110 §13.1.1), nothing is erased.
        const fits = fitsContract('#/components/parameters/IfMatch/schema', ifMatch);
        tried[fits ? 'fitting' : 'unfit']++;
        const res = await invoke(
          handler,
          event('DELETE /users/me', { sub: newSub(), headers: { 'If-Match': ifMatch }, query }),
        );
        expect(answerOf(res)).toBe(fits ? '412 precondition-failed' : '400 validation-error');
      }),
      {
        ...RUNS,
        examples: [
          ['"1"', {}],
          ['x'.repeat(201), {}],
        ],
      },
    );
    expect(tried.fitting).toBeGreaterThan(0);
    expect(tried.unfit).toBeGreaterThan(0);
  });

  it('any query and headers on GET /users/me → 404 problem for a caller without a profile', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyQuery,
        fc.dictionary(fc.constantFrom('if-match', 'x-any', 'accept'), anyHeaderValue),
        async (query, headers) => {
          const res = await invoke(handler, event('GET /users/me', { sub: newSub(), query, headers }));
          expect(res.status).toBe(404);
          expectProblem(res);
        },
      ),
      RUNS,
    );
  });
});
